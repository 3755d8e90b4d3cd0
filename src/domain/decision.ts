/**
 * Decisions: what was decided, the options, the rationale, who was in the room and the items it
 * concerns. A recorded decision is never changed: a later decision supersedes it.
 */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { parseIsoDate, formatIsoDate } from './period.ts';
import { DISCIPLINES, DISCIPLINE_LABELS, isDiscipline, type Discipline } from './person.ts';
import { readTextField as text } from './text-field.ts';

export const DECISION_KINDS = ['prioritisation', 'stop', 'pivot', 'wont_do', 'review', 'system_or_local', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  prioritisation: 'Prioritisation',
  stop: 'Stop',
  pivot: 'Pivot',
  wont_do: 'Won’t do',
  review: 'Review',
  system_or_local: 'System or local',
  other: 'Other',
};

/** Whether a value is a decision kind. */
export function isDecisionKind(value: unknown): value is DecisionKind {
  return typeof value === 'string' && (DECISION_KINDS as readonly string[]).includes(value);
}

/**
 * The kinds of record a decision can concern. Open: another area adds its own type here and a
 * resolver for it in services/decisions.ts.
 */
export type DecisionItemType =
  | 'initiative'
  | 'stop_item'
  | 'do_differently'
  | 'problem'
  | 'goal'
  | 'measure'
  | 'capability'
  | 'principle'
  | 'review'
  | (string & {});

/** A typed reference to a record the decision concerns. */
export interface DecisionItem {
  type: DecisionItemType;
  id: string;
}

/** A record the decision concerns, with its label as it was when the decision was read. */
export interface DecisionItemRef extends DecisionItem {
  /** The record's title or name now, or null when it has since been deleted. */
  label: string | null;
}

/** Someone in the room: a member of the organisation, or a named guest, each with a discipline. */
export type Attendee =
  | { kind: 'member'; userId: string; name: string; discipline: Discipline }
  | { kind: 'guest'; name: string; discipline: Discipline };

export interface Decision {
  id: string;
  organisationId: string;
  kind: DecisionKind;
  /** The day it was decided (ISO date). */
  decidedOn: string;
  /** What was decided. */
  what: string;
  /** The options considered. */
  options: string[];
  rationale: string;
  present: Attendee[];
  items: DecisionItem[];
  /** The earlier decision this one replaces. */
  supersedesId: string | null;
  /** The later decision that replaced this one (derived, never stored on this row). */
  supersededById: string | null;
  recordedBy: string;
  recordedByUserId: string | null;
  recordedAt: Date;
}

/** A person in the room as entered: a member by user id, or a guest by name and discipline. */
export type RawAttendee = { userId?: unknown; name?: unknown; discipline?: unknown };

/** A decision once its shape is checked, before members are looked up. */
export interface DecisionDraft {
  kind: DecisionKind;
  decidedOn: string;
  what: string;
  options: string[];
  rationale: string;
  /** Members by user id (their discipline comes from their membership), guests by name. */
  present: ({ kind: 'member'; userId: string } | { kind: 'guest'; name: string; discipline: Discipline })[];
  items: DecisionItem[];
  supersedesId: string | null;
}

export interface RawDecision {
  kind?: unknown;
  decidedOn?: unknown;
  what?: unknown;
  options?: unknown;
  rationale?: unknown;
  present?: unknown;
  items?: unknown;
  supersedesId?: unknown;
}

const MAX_OPTIONS = 20;
const MAX_PRESENT = 100;
const MAX_ITEMS = 100;

function readOptions(value: unknown, fields: FieldErrors): string[] {
  if (value === undefined || value === null || value === '') return [];
  const l = typeof value === 'string' ? value.split(/\r?\n/) : Array.isArray(value) ? value : null;
  if (l === null || l.some((o) => typeof o !== 'string')) {
    fields.options = 'Options must be a list of text, one option a line';
    return [];
  }
  const out = (l as string[]).map((o) => o.trim()).filter(Boolean);
  if (out.length > MAX_OPTIONS) fields.options = `Give ${MAX_OPTIONS} options or fewer`;
  else if (out.some((o) => o.length > 500)) fields.options = 'Each option must be 500 characters or fewer';
  return out;
}

function readPresent(value: unknown, fields: FieldErrors): DecisionDraft['present'] {
  const l = value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : null;
  if (l === null) {
    fields.present = 'Say who was present: a list of members or named guests';
    return [];
  }
  if (l.length > MAX_PRESENT) fields.present = `List ${MAX_PRESENT} people or fewer`;
  const out: DecisionDraft['present'] = [];
  const members = new Set<string>();
  l.forEach((item, i) => {
    const at = `present[${i}]`;
    const a = item && typeof item === 'object' ? (item as RawAttendee) : null;
    if (!a) {
      fields[at] = 'Give a member, or a guest’s name and discipline';
      return;
    }
    if (typeof a.userId === 'string' && a.userId.trim()) {
      const userId = a.userId.trim();
      if (!members.has(userId)) out.push({ kind: 'member', userId });
      members.add(userId);
      return;
    }
    const name = text(a.name, `${at}.name`, 'The guest’s name', 200, fields);
    if (typeof a.discipline !== 'string' || !isDiscipline(a.discipline)) {
      fields[`${at}.discipline`] = `Choose the guest’s discipline: ${DISCIPLINES.map((d) => DISCIPLINE_LABELS[d].toLowerCase()).join(', ')}`;
    } else if (name) out.push({ kind: 'guest', name, discipline: a.discipline });
  });
  if (!fields.present && l.length === 0) fields.present = 'Say who was present: a decision needs at least one person in the room';
  return out;
}

function readItems(value: unknown, fields: FieldErrors): DecisionItem[] {
  const l = value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : null;
  if (l === null) {
    fields.items = 'Items must be a list of {type, id}';
    return [];
  }
  if (l.length > MAX_ITEMS) fields.items = `Link ${MAX_ITEMS} items or fewer`;
  const out: DecisionItem[] = [];
  const seen = new Set<string>();
  l.forEach((item, i) => {
    const r = item && typeof item === 'object' ? (item as Record<string, unknown>) : null;
    const type = typeof r?.type === 'string' ? r.type.trim() : '';
    const id = typeof r?.id === 'string' ? r.id.trim() : '';
    if (!type || !/^[a-z_]{1,40}$/.test(type)) fields[`items[${i}].type`] = 'Say what kind of record this is, like initiative';
    else if (!id) fields[`items[${i}].id`] = 'Give the id of the record';
    else if (!seen.has(`${type}|${id}`)) {
      seen.add(`${type}|${id}`);
      out.push({ type, id });
    }
  });
  return out;
}

/**
 * Check a decision's shape, collecting every error. `today` bounds the date: a decision is
 * recorded once it is made, so it cannot be dated in the future.
 */
export function validateDecision(raw: RawDecision, today: Date): DecisionDraft {
  const fields: FieldErrors = {};
  const kind = raw.kind === undefined || raw.kind === '' ? 'other' : raw.kind;
  if (!isDecisionKind(kind)) fields.kind = `Choose the kind of decision: ${DECISION_KINDS.map((k) => DECISION_KIND_LABELS[k].toLowerCase()).join(', ')}`;
  const decidedOn = typeof raw.decidedOn === 'string' ? raw.decidedOn.trim() : '';
  if (!decidedOn) fields.decidedOn = 'Enter the date of the decision, like 2027-01-14';
  else if (!parseIsoDate(decidedOn)) fields.decidedOn = 'Enter a real date for the decision, like 2027-01-14';
  else if (decidedOn > formatIsoDate(today)) fields.decidedOn = 'The date of the decision cannot be in the future';
  const what = text(raw.what, 'what', 'What was decided', 2000, fields);
  const options = readOptions(raw.options, fields);
  const rationale = text(raw.rationale, 'rationale', 'The rationale', 5000, fields);
  const present = readPresent(raw.present, fields);
  const items = readItems(raw.items, fields);
  let supersedesId: string | null = null;
  if (typeof raw.supersedesId === 'string' && raw.supersedesId.trim()) supersedesId = raw.supersedesId.trim();
  else if (raw.supersedesId != null && raw.supersedesId !== '') fields.supersedesId = 'Choose the decision this one supersedes';
  if (Object.keys(fields).length) throw new InvalidInput('The decision is not valid', fields);
  return { kind: kind as DecisionKind, decidedOn, what, options, rationale, present, items, supersedesId };
}

/** Who was in the room, by the disciplines collective leadership asks for. */
export interface Presence {
  clinical: boolean;
  operational: boolean;
  patients: boolean;
  board: boolean;
  /** Nobody but the digital team was present. */
  digitalOnly: boolean;
  /** Clinicians and operational leads were both present. */
  collective: boolean;
}

/** Whether clinicians, operational leads and patients' representatives were present, or only the digital team. */
export function presenceOf(present: readonly Pick<Attendee, 'discipline'>[]): Presence {
  const has = (d: Discipline) => present.some((a) => a.discipline === d);
  const clinical = has('clinical');
  const operational = has('operational');
  return {
    clinical,
    operational,
    patients: has('patients_representative'),
    board: has('board'),
    digitalOnly: present.length > 0 && present.every((a) => a.discipline === 'digital'),
    collective: clinical && operational,
  };
}
