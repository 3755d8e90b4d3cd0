/** Writing and reading the audit trail. */
import { diffRecords, type AuditAction, type AuditEvent } from '../domain/audit.ts';
import { describeActor, type Actor } from '../domain/person.ts';
import type { Stores } from './stores.ts';

/** A change to a record: what was, what is. */
interface Change {
  organisationId: string | null;
  entityType: string;
  entityId: string;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The audit record of one change, or null for an update that changed nothing. */
function auditRecordOf(actor: Actor | null, change: Change) {
  const changes = diffRecords(change.before, change.after);
  if (change.action === 'updated' && Object.keys(changes).length === 0) return null;
  return {
    organisationId: change.organisationId,
    entityType: change.entityType,
    entityId: change.entityId,
    action: change.action,
    actorUserId: actor?.kind === 'user' ? actor.userId : null,
    actorTokenId: actor?.kind === 'token' ? actor.tokenId : null,
    actorLabel: actor ? describeActor(actor) : 'Throughline (system)',
    changes,
  };
}

/** Record a change to a record in the same transaction as the change. */
export async function recordChange(stores: Stores, actor: Actor | null, change: Change): Promise<void> {
  const record = auditRecordOf(actor, change);
  if (record) await stores.audit.record(record);
}

/** Record many changes in a few statements, in the order given (a bulk import's one record per measure). */
export async function recordChanges(stores: Stores, actor: Actor | null, changes: readonly Change[]): Promise<void> {
  const records = changes.map((change) => auditRecordOf(actor, change)).filter((record) => record !== null);
  if (records.length) await stores.audit.recordMany(records);
}

export type { AuditEvent };

/** Record an event that is not a change of fields (a sign-in, a lockout, a revocation), with its details. */
export async function recordEvent(
  stores: Stores,
  actor: Actor | null,
  event: {
    organisationId: string | null;
    entityType: string;
    entityId: string;
    action: AuditAction;
    details: Record<string, unknown>;
    /** Who, when there is no actor yet (a failed sign-in): for example the email address typed. */
    actorLabel?: string;
  },
): Promise<void> {
  await stores.audit.record({
    organisationId: event.organisationId,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    actorUserId: actor?.kind === 'user' ? actor.userId : null,
    actorTokenId: actor?.kind === 'token' ? actor.tokenId : null,
    actorLabel: actor ? describeActor(actor) : (event.actorLabel ?? 'Throughline (system)'),
    changes: diffRecords(null, event.details),
  });
}
