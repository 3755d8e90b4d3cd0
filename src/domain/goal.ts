/** Goals: outcome statements tied to problems, with owners, What Good Looks Like tags and strategic objectives. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { parseIsoDate } from './period.ts';

/** NHS England's What Good Looks Like success measures. */
export const WGLL = [
  'well_led',
  'smart_foundations',
  'safe_practice',
  'support_people',
  'empower_citizens',
  'improve_care',
  'healthy_populations',
] as const;
export type Wgll = (typeof WGLL)[number];
export const WGLL_LABELS: Record<Wgll, string> = {
  well_led: 'Well led',
  smart_foundations: 'Smart foundations',
  safe_practice: 'Safe practice',
  support_people: 'Support people',
  empower_citizens: 'Empower citizens',
  improve_care: 'Improve care',
  healthy_populations: 'Healthy populations',
};

export interface StrategicObjective {
  id: string;
  organisationId: string;
  title: string;
  description: string;
}

export interface GoalOwner {
  userId: string;
  name: string;
  discipline: string;
}

export interface Goal {
  id: string;
  organisationId: string;
  /** What improves, for whom, by when, in one sentence. */
  statement: string;
  forWhom: string;
  byWhen: string | null;
  wgll: Wgll[];
  problemIds: string[];
  objectiveIds: string[];
  owners: GoalOwner[];
  createdAt: Date;
  updatedAt: Date;
}

export type GoalFields = Pick<Goal, 'statement' | 'forWhom' | 'byWhen' | 'wgll' | 'problemIds' | 'objectiveIds'> & {
  ownerIds: string[];
};

export type RawGoal = { [K in keyof GoalFields]?: unknown };

function list(value: unknown): unknown[] | null {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : null;
}

function stringList(value: unknown, field: string, message: string, fields: FieldErrors): string[] {
  const l = list(value);
  if (l === null || l.some((v) => typeof v !== 'string')) {
    fields[field] = message;
    return [];
  }
  return [...new Set((l as string[]).map((s) => s.trim()).filter(Boolean))];
}

/** A goal with no problem is solution-first: the strategy should start from a problem. */
export function isSolutionFirst(goal: Pick<Goal, 'problemIds'>): boolean {
  return goal.problemIds.length === 0;
}

/** Validate a goal's fields, collecting every error. Ids are checked for shape only here. */
export function validateGoal(raw: RawGoal): GoalFields {
  const fields: FieldErrors = {};
  const statement = typeof raw.statement === 'string' ? raw.statement.trim() : '';
  if (!statement) fields.statement = 'Enter the outcome: what improves, for whom, by when';
  else if (statement.length > 500) fields.statement = 'The outcome must be 500 characters or fewer';
  const forWhom = typeof raw.forWhom === 'string' ? raw.forWhom.trim() : '';
  if (forWhom.length > 200) fields.forWhom = 'For whom must be 200 characters or fewer';
  let byWhen: string | null = null;
  if (typeof raw.byWhen === 'string' && raw.byWhen.trim()) {
    byWhen = raw.byWhen.trim();
    if (!parseIsoDate(byWhen)) fields.byWhen = 'Enter a real date for “by when”, like 2026-03-31';
  } else if (raw.byWhen !== undefined && raw.byWhen !== null && raw.byWhen !== '') {
    fields.byWhen = 'Enter a date for “by when”, like 2026-03-31';
  }
  const wgll = stringList(raw.wgll, 'wgll', 'Choose What Good Looks Like measures from the list', fields);
  const unknown = wgll.filter((w) => !(WGLL as readonly string[]).includes(w));
  if (unknown.length) fields.wgll = `Not a What Good Looks Like success measure: ${unknown.join(', ')}`;
  const problemIds = stringList(raw.problemIds, 'problemIds', 'Problems must be a list of problem ids', fields);
  const objectiveIds = stringList(raw.objectiveIds, 'objectiveIds', 'Objectives must be a list of objective ids', fields);
  const ownerIds = stringList(raw.ownerIds, 'ownerIds', 'Owners must be a list of member ids', fields);
  if (Object.keys(fields).length) throw new InvalidInput('The goal is not valid', fields);
  return { statement, forWhom, byWhen, wgll: wgll as Wgll[], problemIds, objectiveIds, ownerIds };
}

/** Validate a strategic objective. */
export function validateObjective(raw: { title?: unknown; description?: unknown }): { title: string; description: string } {
  const fields: FieldErrors = {};
  const title = typeof raw.title === 'string' ? raw.title.trim() : '';
  if (!title) fields.title = 'Enter the objective';
  else if (title.length > 200) fields.title = 'The objective must be 200 characters or fewer';
  const description = typeof raw.description === 'string' ? raw.description.trim() : '';
  if (description.length > 2000) fields.description = 'The description must be 2000 characters or fewer';
  if (Object.keys(fields).length) throw new InvalidInput('The objective is not valid', fields);
  return { title, description };
}
