/** Presenters: exactly which fields of a goal, objective and check-in leave the server, and how their history reads. */
import {
  isSolutionFirst,
  WGLL_LABELS,
  type Goal,
  type StrategicObjective,
  type Wgll,
} from '../../../domain/goal.ts';
import type { CheckIn } from '../../../domain/check-in.ts';
import type { AuditEvent } from '../../../domain/audit.ts';
import { DISCIPLINE_LABELS, type Discipline } from '../../../domain/person.ts';
import { presentHistory } from '../problems/present.ts';

/** A goal as JSON. */
export function presentGoal(goal: Goal, organisationCode: string) {
  return {
    id: goal.id,
    organisationCode,
    statement: goal.statement,
    forWhom: goal.forWhom,
    byWhen: goal.byWhen,
    wgll: goal.wgll,
    problemIds: goal.problemIds,
    objectiveIds: goal.objectiveIds,
    owners: goal.owners.map((o) => ({ userId: o.userId, name: o.name, discipline: o.discipline })),
    solutionFirst: isSolutionFirst(goal),
    createdAt: goal.createdAt.toISOString(),
    updatedAt: goal.updatedAt.toISOString(),
  };
}

/** A strategic objective as JSON. */
export function presentObjective(o: StrategicObjective) {
  return { id: o.id, title: o.title, description: o.description };
}

/** A check-in as JSON. */
export function presentCheckIn(c: CheckIn) {
  return {
    id: c.id,
    goalId: c.goalId,
    period: c.period,
    whatHappened: c.whatHappened,
    whatNext: c.whatNext,
    confidence: c.confidence,
    authorName: c.authorName,
    createdAt: c.createdAt.toISOString(),
  };
}

/** A discipline in words, whatever the store holds. */
export function describeDiscipline(discipline: string): string {
  return DISCIPLINE_LABELS[discipline as Discipline] ?? discipline;
}

/** What Good Looks Like tags in words. */
export function describeWgll(wgll: readonly string[]): string[] {
  return wgll.map((w) => WGLL_LABELS[w as Wgll] ?? w);
}

/** Confidence in words, for check-ins. */
export const CONFIDENCE_LABELS: Record<number, string> = {
  1: '1 – not confident',
  2: '2 – slightly confident',
  3: '3 – fairly confident',
  4: '4 – confident',
  5: '5 – very confident',
};

/** How to word one audited field: its label, and a rewrite of its stored value into words. */
export interface HistoryField {
  label: string;
  describe?: (value: unknown) => unknown;
}

/** One stored value of an audited field, in words. */
function describeHistoryValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value === '') return '(none)';
  if (Array.isArray(value))
    return value.length ? value.map((v) => describeHistoryValue(v) ?? '').join(', ') : '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/**
 * History rows (who, when, summary, changes: as presentHistory makes them) with this area's
 * fields in words: labels for field names, names for ids, labels for codes. The values are
 * worded here so that text, numbers and lists all read the same whatever the field.
 */
export function presentHistoryWith(
  events: AuditEvent[],
  fields: Record<string, HistoryField>,
  summaries: Record<string, [string, string]> = {},
) {
  return presentHistory(events).map((row, i) => {
    const event = events[i]!;
    const entries = Object.entries(event.changes);
    let summary = row.summary;
    // A single added or removed item (a check-in, an annotation) reads as what it is.
    const only = entries.length === 1 ? entries[0]! : null;
    const words = only ? summaries[only[0]] : undefined;
    if (event.action === 'updated' && only && words)
      summary = only[1].before === null ? words[0] : words[1];
    const changes = entries.map(([key, change]) => {
      const f = fields[key];
      const describe = (v: unknown) =>
        describeHistoryValue(v === null || v === undefined || !f?.describe ? v : f.describe(v));
      return {
        field: f?.label ?? key,
        before: describe(change.before),
        after: describe(change.after),
      };
    });
    return { ...row, summary, changes: event.action === 'created' ? [] : changes };
  });
}

/** Names to show in place of ids in a goal's history. */
export interface GoalNames {
  problems: ReadonlyMap<string, string>;
  objectives: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, string>;
}

function namesOf(map: ReadonlyMap<string, string>, gone: string) {
  return (value: unknown) =>
    Array.isArray(value) ? value.map((id) => map.get(String(id)) ?? gone) : value;
}

/** A goal's history in words. */
export function presentGoalHistory(events: AuditEvent[], names: GoalNames) {
  return presentHistoryWith(
    events,
    {
      statement: { label: 'Outcome' },
      forWhom: { label: 'For whom' },
      byWhen: { label: 'By when' },
      wgll: {
        label: 'What Good Looks Like',
        describe: (v) => (Array.isArray(v) ? describeWgll(v as string[]) : v),
      },
      problemIds: { label: 'Problems', describe: namesOf(names.problems, 'a deleted problem') },
      objectiveIds: {
        label: 'Strategic objectives',
        describe: namesOf(names.objectives, 'a deleted objective'),
      },
      ownerIds: { label: 'Owners', describe: namesOf(names.people, 'a former member') },
      checkIn: { label: 'Check-in' },
    },
    { checkIn: ['Wrote a check-in', 'Removed a check-in'] },
  );
}
