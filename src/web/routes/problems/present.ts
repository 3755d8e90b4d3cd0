/** Presenters: exactly which fields of a problem leave the server, and how history reads. */
import { priorityOf, type Problem, AFFECTED_LABELS, PROBLEM_STATUS_LABELS, EVIDENCE_KIND_LABELS } from '../../../domain/problem.ts';
import type { AuditEvent } from '../../../domain/audit.ts';

/** A problem as JSON. */
export function presentProblem(problem: Problem, organisationCode: string) {
  return {
    id: problem.id,
    organisationCode,
    title: problem.title,
    description: problem.description,
    affected: problem.affected,
    affectedGroup: problem.affectedGroup,
    severity: problem.severity,
    reach: problem.reach,
    themes: problem.themes,
    status: problem.status,
    priority: priorityOf(problem),
    raisedBy: problem.raisedBy,
    createdAt: problem.createdAt.toISOString(),
    updatedAt: problem.updatedAt.toISOString(),
    evidence: problem.evidence.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary, link: e.link, count: e.count })),
  };
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  affected: 'Who feels it',
  affectedGroup: 'Group',
  severity: 'Severity',
  reach: 'Reach per month',
  themes: 'Themes',
  status: 'Status',
  evidence: 'Evidence',
  role: 'Role',
  discipline: 'Discipline',
  email: 'Email',
  name: 'Name',
  code: 'Code',
  type: 'Type',
};

function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (field === 'status' && typeof value === 'string') return PROBLEM_STATUS_LABELS[value as keyof typeof PROBLEM_STATUS_LABELS] ?? value;
  if (field === 'affected' && typeof value === 'string') return AFFECTED_LABELS[value as keyof typeof AFFECTED_LABELS] ?? value;
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (field === 'evidence' && typeof value === 'object') {
    const e = value as { kind?: string; summary?: string };
    const kind = EVIDENCE_KIND_LABELS[e.kind as keyof typeof EVIDENCE_KIND_LABELS] ?? e.kind ?? '';
    return `${kind}: ${e.summary ?? ''}`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** History events as rows for the page: who, when, what, before → after. */
export function presentHistory(events: AuditEvent[]) {
  return events.map((e) => {
    const changes = Object.entries(e.changes).map(([field, { before, after }]) => ({
      field: FIELD_LABELS[field] ?? field,
      before: before === null || before === undefined ? null : describeValue(field, before),
      after: after === null || after === undefined ? null : describeValue(field, after),
    }));
    let summary: string;
    if (e.action === 'created') summary = 'Created';
    else if (e.action === 'deleted') summary = 'Deleted';
    else if (changes.length === 1 && changes[0]?.field === 'Evidence') {
      summary = changes[0].before === null ? 'Added evidence' : 'Removed evidence';
    } else summary = 'Changed';
    return { at: e.at, who: e.actorLabel, summary, action: e.action, changes: e.action === 'created' ? [] : changes };
  });
}
