/** The audit trail: what changed on a record, field by field. */

/** before → after for each field that changed. */
export type Changes = Record<string, { before: unknown; after: unknown }>;

export type AuditAction =
  | 'created'
  | 'updated'
  | 'deleted'
  // Accounts: sign-in events, password changes and token revocation.
  | 'signed_in'
  | 'signed_out'
  | 'sign_in_failed'
  | 'locked_out'
  | 'password_changed'
  | 'revoked';

export interface AuditEvent {
  id: string;
  organisationId: string | null;
  entityType: string;
  entityId: string;
  action: AuditAction;
  actorLabel: string;
  changes: Changes;
  at: Date;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields that differ between two versions of a record (null before = created). */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Changes {
  const changes: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (!same(a, b)) changes[key] = { before: b, after: a };
  }
  return changes;
}
