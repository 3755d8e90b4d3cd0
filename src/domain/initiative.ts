/** Initiatives: changes in ways of working, with the digital capacity they need per quarter and skill. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { parseIsoDate } from './period.ts';
import { readTextField as text } from './text-field.ts';
import { compareQuarters, parseQuarter, quarterMessage, type Quarter } from './quarter.ts';

export {
  addQuarters,
  compareQuarters,
  describeQuarter,
  isQuarter,
  parseQuarter,
  quarterEnd,
  quarterOf,
  quarterOfIsoDate,
  quarterRange,
  quarterStart,
  quartersBetween,
  type Quarter,
} from './quarter.ts';

/** The digital skills capacity is counted in. */
export const SKILLS = [
  'product',
  'delivery',
  'design',
  'user_research',
  'engineering',
  'data',
  'clinical_safety',
  'other',
] as const;
export type Skill = (typeof SKILLS)[number];
export const SKILL_LABELS: Record<Skill, string> = {
  product: 'Product',
  delivery: 'Delivery',
  design: 'Design',
  user_research: 'User research',
  engineering: 'Engineering',
  data: 'Data',
  clinical_safety: 'Clinical safety',
  other: 'Other',
};

/** Whether a value is a skill. */
export function isSkill(value: unknown): value is Skill {
  return typeof value === 'string' && (SKILLS as readonly string[]).includes(value);
}

export const INITIATIVE_STATUSES = ['idea', 'proposed', 'committed', 'in_progress', 'paused', 'stopped', 'done'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];
export const INITIATIVE_STATUS_LABELS: Record<InitiativeStatus, string> = {
  idea: 'Idea',
  proposed: 'Proposed',
  committed: 'Committed',
  in_progress: 'In progress',
  paused: 'Paused',
  stopped: 'Stopped',
  done: 'Done',
};

/** Statuses that take part in the ranking: stopped and done initiatives need no more capacity. */
export const RANKED_STATUSES: readonly InitiativeStatus[] = ['idea', 'proposed', 'committed', 'in_progress', 'paused'];

/** Whether an initiative with this status is ranked in the portfolio. */
export function isRanked(status: InitiativeStatus): boolean {
  return RANKED_STATUSES.includes(status);
}

/** System initiatives are done once for the integrated care system; local ones by one organisation. */
export const LEVELS = ['system', 'local'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { system: 'System', local: 'Local' };

/** Person-weeks of one skill needed (or available, or freed) in one quarter. */
export interface SkillDemand {
  quarter: Quarter;
  skill: Skill;
  personWeeks: number;
}

/** The most person-weeks a single quarter and skill may hold: 50 people for 13 weeks, times 10. */
export const MAX_PERSON_WEEKS = 6500;

/** "We expect special-cause improvement in X by DATE", for one linked measure. */
export interface Hypothesis {
  measureId: string;
  expectation: string;
  byDate: string | null;
}

/** The owner or sponsor of an initiative: a member of the organisation, with their discipline. */
export interface InitiativePerson {
  userId: string;
  name: string;
  discipline: string;
}

export interface Initiative {
  id: string;
  organisationId: string;
  name: string;
  /** What will change in ways of working or the operating model. Required: technology alone is not an initiative. */
  change: string;
  level: Level;
  status: InitiativeStatus;
  problemIds: string[];
  goalIds: string[];
  hypotheses: Hypothesis[];
  owner: InitiativePerson | null;
  sponsor: InitiativePerson | null;
  /** Person-weeks per quarter and skill. */
  demand: SkillDemand[];
  /** Cost in pounds, when known. */
  cost: number | null;
  startQuarter: Quarter | null;
  endQuarter: Quarter | null;
  /** Position in the organisation's ranking, 1 = first. */
  rank: number;
  /** Set when the organisation has decided it will not do this initiative. */
  wontDoReason: string | null;
  /** Scores per criterion key of the organisation's scoring model, 1 to 5. */
  scores: Record<string, number>;
  /** The day it was stopped: it needs no capacity in the quarters after. */
  stoppedOn: string | null;
  /** The day it was paused: it needs no capacity in the quarters from then until it resumes. */
  pausedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the portfolio needs of an initiative: no links, so 500 of them read in one light query. */
export type InitiativeSummary = Pick<
  Initiative,
  'id' | 'organisationId' | 'name' | 'level' | 'status' | 'demand' | 'rank' | 'wontDoReason' | 'scores' | 'stoppedOn' | 'pausedOn'
>;

/** The fields a person sets on an initiative. */
export type InitiativeFields = Pick<
  Initiative,
  | 'name'
  | 'change'
  | 'level'
  | 'status'
  | 'problemIds'
  | 'goalIds'
  | 'hypotheses'
  | 'demand'
  | 'cost'
  | 'startQuarter'
  | 'endQuarter'
  | 'wontDoReason'
  | 'scores'
> & { ownerId: string | null; sponsorId: string | null };

/** Unvalidated input: from a form (strings) or JSON (typed but unchecked). */
export type RawInitiative = { [K in keyof InitiativeFields]?: unknown };

/** Read a number from JSON or a form ("1,200.5"); null when it is not one. */
export function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const s = value.trim().replace(/,/g, '');
    if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
    return Number(s);
  }
  return null;
}

function list(value: unknown): unknown[] | null {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : null;
}

function idList(value: unknown, field: string, message: string, fields: FieldErrors): string[] {
  const l = list(value);
  if (l === null || l.some((v) => typeof v !== 'string')) {
    fields[field] = message;
    return [];
  }
  return [...new Set((l as string[]).map((s) => s.trim()).filter(Boolean))];
}

function optionalId(value: unknown, field: string, message: string, fields: FieldErrors): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    fields[field] = message;
    return null;
  }
  return value.trim() || null;
}

function optionalQuarter(value: unknown, field: string, fields: FieldErrors): Quarter | null {
  if (value === undefined || value === null || value === '') return null;
  const q = parseQuarter(value);
  if (!q) fields[field] = quarterMessage(value);
  return q;
}

/**
 * Validate person-weeks per quarter and skill: each a number from 0 to MAX_PERSON_WEEKS, each
 * (quarter, skill) once. Zero entries are dropped. `field` names the list ("demand").
 */
export function validateSkillDemand(value: unknown, field: string, fields: FieldErrors): SkillDemand[] {
  const l = list(value);
  if (l === null) {
    fields[field] = 'Capacity must be a list of quarter, skill and person-weeks';
    return [];
  }
  const out: SkillDemand[] = [];
  const seen = new Set<string>();
  l.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (!item || typeof item !== 'object') {
      fields[at] = 'Give a quarter, a skill and person-weeks';
      return;
    }
    const e = item as Record<string, unknown>;
    const quarter = parseQuarter(e.quarter);
    if (!quarter) fields[`${at}.quarter`] = quarterMessage(e.quarter);
    if (!isSkill(e.skill)) fields[`${at}.skill`] = `Choose a skill: ${SKILLS.map((s) => SKILL_LABELS[s].toLowerCase()).join(', ')}`;
    const pw = readNumber(e.personWeeks);
    if (pw === null) fields[`${at}.personWeeks`] = 'Person-weeks must be a number, like 4 or 2.5';
    else if (pw < 0) fields[`${at}.personWeeks`] = 'Person-weeks must be 0 or more';
    else if (pw > MAX_PERSON_WEEKS) fields[`${at}.personWeeks`] = `Person-weeks must be ${MAX_PERSON_WEEKS.toLocaleString('en-GB')} or fewer`;
    if (!quarter || !isSkill(e.skill) || pw === null) return;
    const key = `${quarter}|${e.skill}`;
    if (seen.has(key)) fields[`${at}.skill`] = `${SKILL_LABELS[e.skill]} in ${quarter} is given more than once`;
    seen.add(key);
    if (pw > 0) out.push({ quarter, skill: e.skill, personWeeks: Math.round(pw * 100) / 100 });
  });
  return out.sort((a, b) => compareQuarters(a.quarter, b.quarter) || SKILLS.indexOf(a.skill) - SKILLS.indexOf(b.skill));
}

function validateHypotheses(value: unknown, fields: FieldErrors): Hypothesis[] {
  const l = list(value);
  if (l === null) {
    fields.hypotheses = 'Hypotheses must be a list';
    return [];
  }
  if (l.length > 20) fields.hypotheses = 'Give 20 hypotheses or fewer';
  const out: Hypothesis[] = [];
  const seen = new Set<string>();
  l.forEach((item, i) => {
    const at = `hypotheses[${i}]`;
    if (!item || typeof item !== 'object') {
      fields[at] = 'Give a measure and what you expect';
      return;
    }
    const h = item as Record<string, unknown>;
    const measureId = typeof h.measureId === 'string' ? h.measureId.trim() : '';
    if (!measureId) fields[`${at}.measureId`] = 'Choose the measure you expect to move';
    else if (seen.has(measureId)) fields[`${at}.measureId`] = 'Give one hypothesis per measure';
    seen.add(measureId);
    const expectation = text(h.expectation, `${at}.expectation`, 'The expected change', 1000, fields);
    let byDate: string | null = null;
    if (typeof h.byDate === 'string' && h.byDate.trim()) {
      byDate = h.byDate.trim();
      if (!parseIsoDate(byDate)) fields[`${at}.byDate`] = 'Enter a real date, like 2027-03-31';
    } else if (h.byDate != null && h.byDate !== '') fields[`${at}.byDate`] = 'Enter a date, like 2027-03-31';
    out.push({ measureId, expectation, byDate });
  });
  return out;
}

/** Validate scores: each a whole number from 1 to 5, keyed by a criterion of the scoring model. */
export function validateScores(value: unknown, criterionKeys: readonly string[] | null, fields: FieldErrors): Record<string, number> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    fields.scores = 'Scores must be criterion and score pairs, like {"patient_value": 4}';
    return {};
  }
  const out: Record<string, number> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === '' || raw === null || raw === undefined) continue;
    if (criterionKeys && !criterionKeys.includes(key)) {
      fields[`scores.${key}`] = `“${key}” is not a criterion of the scoring model`;
      continue;
    }
    const n = readNumber(raw);
    if (n === null || !Number.isInteger(n) || n < 1 || n > 5) fields[`scores.${key}`] = 'A score must be a whole number from 1 to 5';
    else out[key] = n;
  }
  return out;
}

const MAX_COST = 1_000_000_000;

/**
 * Validate every field of an initiative, collecting all errors. Ids are checked for shape only;
 * the service checks that they belong to the organisation. `criterionKeys` limits the score keys.
 */
export function validateInitiative(raw: RawInitiative, criterionKeys: readonly string[] | null = null): InitiativeFields {
  const fields: FieldErrors = {};
  const name = text(raw.name, 'name', 'A name', 200, fields);
  const change =
    typeof raw.change === 'string' && !raw.change.trim()
      ? ((fields.change = 'Say what will change in ways of working or the operating model: technology alone is not an initiative'), '')
      : text(raw.change, 'change', 'What will change in ways of working', 5000, fields);
  if (!fields.change && !change) {
    fields.change = 'Say what will change in ways of working or the operating model: technology alone is not an initiative';
  }
  const level = raw.level === undefined || raw.level === '' ? 'local' : raw.level;
  if (!(LEVELS as readonly unknown[]).includes(level)) fields.level = 'Choose system or local';
  const status = raw.status === undefined || raw.status === '' ? 'idea' : raw.status;
  if (!(INITIATIVE_STATUSES as readonly unknown[]).includes(status)) {
    fields.status = 'Choose a status: idea, proposed, committed, in progress, paused, stopped or done';
  }
  const problemIds = idList(raw.problemIds, 'problemIds', 'Problems must be a list of problem ids', fields);
  const goalIds = idList(raw.goalIds, 'goalIds', 'Goals must be a list of goal ids', fields);
  const hypotheses = validateHypotheses(raw.hypotheses, fields);
  const demand = validateSkillDemand(raw.demand, 'demand', fields);
  let cost: number | null = null;
  if (raw.cost !== undefined && raw.cost !== null && raw.cost !== '') {
    cost = readNumber(raw.cost);
    if (cost === null) fields.cost = 'Cost must be a number of pounds, like 25000';
    else if (cost < 0) fields.cost = 'Cost must be 0 or more';
    else if (cost > MAX_COST) fields.cost = 'Cost must be £1,000,000,000 or less';
  }
  const startQuarter = optionalQuarter(raw.startQuarter, 'startQuarter', fields);
  const endQuarter = optionalQuarter(raw.endQuarter, 'endQuarter', fields);
  if (startQuarter && endQuarter && compareQuarters(endQuarter, startQuarter) < 0) {
    fields.endQuarter = 'The expected end must be the same as or after the start';
  }
  let wontDoReason: string | null = null;
  if (raw.wontDoReason !== undefined && raw.wontDoReason !== null && raw.wontDoReason !== '') {
    wontDoReason = text(raw.wontDoReason, 'wontDoReason', 'The reason', 2000, fields) || null;
  }
  const scores = validateScores(raw.scores, criterionKeys, fields);
  const ownerId = optionalId(raw.ownerId, 'ownerId', 'Choose an owner from the members', fields);
  const sponsorId = optionalId(raw.sponsorId, 'sponsorId', 'Choose a sponsor from the members', fields);
  if (Object.keys(fields).length) throw new InvalidInput('The initiative is not valid', fields);
  return {
    name,
    change,
    level: level as Level,
    status: status as InitiativeStatus,
    problemIds,
    goalIds,
    hypotheses,
    demand,
    cost,
    startQuarter,
    endQuarter,
    wontDoReason,
    scores,
    ownerId,
    sponsorId,
  };
}

/** The fields of a stored initiative, as input for a partial update. */
export function initiativeFieldsOf(i: Initiative): InitiativeFields {
  return {
    name: i.name,
    change: i.change,
    level: i.level,
    status: i.status,
    problemIds: i.problemIds,
    goalIds: i.goalIds,
    hypotheses: i.hypotheses,
    demand: i.demand,
    cost: i.cost,
    startQuarter: i.startQuarter,
    endQuarter: i.endQuarter,
    wontDoReason: i.wontDoReason,
    scores: i.scores,
    ownerId: i.owner?.userId ?? null,
    sponsorId: i.sponsor?.userId ?? null,
  };
}

/** Validate a partial update: fields left out keep their values. */
export function validateInitiativePatch(
  current: Initiative,
  raw: RawInitiative,
  criterionKeys: readonly string[] | null = null,
): InitiativeFields {
  const merged: RawInitiative = { ...initiativeFieldsOf(current) };
  for (const key of Object.keys(raw) as (keyof RawInitiative)[]) {
    if (raw[key] !== undefined) merged[key] = raw[key];
  }
  return validateInitiative(merged, criterionKeys);
}

/** The person-weeks of each skill an initiative needs in one quarter. */
export function demandIn(demand: readonly SkillDemand[], quarter: Quarter): Map<Skill, number> {
  const out = new Map<Skill, number>();
  for (const d of demand) if (d.quarter === quarter) out.set(d.skill, (out.get(d.skill) ?? 0) + d.personWeeks);
  return out;
}
