/** Stop items (what the organisation will stop, and the capacity and money that frees) and the do-differently list. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { parseIsoDate } from './period.ts';
import { readTextField as text } from './text-field.ts';
import { MAX_PERSON_WEEKS, SKILLS, SKILL_LABELS, isSkill, readNumber, type Skill } from './initiative.ts';
import { quarterStart, type Quarter } from './quarter.ts';

export const STOP_ITEM_KINDS = ['system', 'report', 'meeting', 'project', 'contract', 'other'] as const;
export type StopItemKind = (typeof STOP_ITEM_KINDS)[number];
export const STOP_ITEM_KIND_LABELS: Record<StopItemKind, string> = {
  system: 'A system to decommission',
  report: 'A report',
  meeting: 'A meeting',
  project: 'A project',
  contract: 'A contract',
  other: 'Something else',
};

export const STOP_ITEM_STATUSES = ['planned', 'stopped', 'reversed'] as const;
export type StopItemStatus = (typeof STOP_ITEM_STATUSES)[number];
export const STOP_ITEM_STATUS_LABELS: Record<StopItemStatus, string> = {
  planned: 'Planned',
  stopped: 'Stopped',
  reversed: 'Reversed',
};

/** Person-weeks of one skill freed in every quarter after the stop date. */
export interface FreedCapacity {
  skill: Skill;
  personWeeks: number;
}

export interface StopItem {
  id: string;
  organisationId: string;
  title: string;
  kind: StopItemKind;
  reason: string;
  ownerUserId: string | null;
  ownerName: string | null;
  /** The day it stops (planned) or stopped. */
  stopOn: string;
  /** Person-weeks per quarter, by skill, freed in the quarters after `stopOn`. */
  freed: FreedCapacity[];
  /** Pounds a year. */
  moneyFreed: number | null;
  status: StopItemStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type StopItemFields = Pick<StopItem, 'title' | 'kind' | 'reason' | 'stopOn' | 'freed' | 'moneyFreed' | 'status'> & {
  ownerId: string | null;
};

export type RawStopItem = { [K in keyof StopItemFields]?: unknown };

/** Freed capacity given as a list of {skill, personWeeks} or as a map skill → person-weeks (a form). */
function validateFreed(value: unknown, fields: FieldErrors): FreedCapacity[] {
  if (value === undefined || value === null || value === '') return [];
  const entries: [unknown, unknown, string][] = Array.isArray(value)
    ? value.map((e, i) => {
        const item = e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
        return [item.skill, item.personWeeks, `freed[${i}]`];
      })
    : typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v, `freed.${k}`])
      : [];
  if (!Array.isArray(value) && typeof value !== 'object') {
    fields.freed = 'Freed capacity must be a list of skill and person-weeks';
    return [];
  }
  const out: FreedCapacity[] = [];
  const seen = new Set<string>();
  for (const [skill, raw, at] of entries) {
    if (raw === '' || raw === null || raw === undefined) continue;
    if (!isSkill(skill)) {
      fields[`${at}.skill`] = `Choose a skill: ${SKILLS.map((s) => SKILL_LABELS[s].toLowerCase()).join(', ')}`;
      continue;
    }
    const pw = readNumber(raw);
    const where = Array.isArray(value) ? `${at}.personWeeks` : at;
    if (pw === null) fields[where] = 'Person-weeks freed must be a number, like 2 or 0.5';
    else if (pw < 0) fields[where] = 'Person-weeks freed cannot be negative';
    else if (pw > MAX_PERSON_WEEKS) fields[where] = `Person-weeks freed must be ${MAX_PERSON_WEEKS.toLocaleString('en-GB')} or fewer`;
    else if (seen.has(skill)) fields[where] = `${SKILL_LABELS[skill]} is given more than once`;
    else if (pw > 0) out.push({ skill, personWeeks: Math.round(pw * 100) / 100 });
    seen.add(skill);
  }
  return out.sort((a, b) => SKILLS.indexOf(a.skill) - SKILLS.indexOf(b.skill));
}

/** Validate every field of a stop item, collecting all errors. */
export function validateStopItem(raw: RawStopItem): StopItemFields {
  const fields: FieldErrors = {};
  const title = text(raw.title, 'title', 'What will stop', 200, fields);
  const kind = raw.kind === undefined || raw.kind === '' ? 'other' : raw.kind;
  if (!(STOP_ITEM_KINDS as readonly unknown[]).includes(kind)) {
    fields.kind = 'Choose what it is: a system, a report, a meeting, a project, a contract or something else';
  }
  const reason = text(raw.reason, 'reason', 'The reason', 2000, fields);
  const stopOn = typeof raw.stopOn === 'string' ? raw.stopOn.trim() : '';
  if (!stopOn) fields.stopOn = 'Enter the date it stops, like 2027-03-31';
  else if (!parseIsoDate(stopOn)) fields.stopOn = 'Enter a real date it stops, like 2027-03-31';
  const freed = validateFreed(raw.freed, fields);
  let moneyFreed: number | null = null;
  if (raw.moneyFreed !== undefined && raw.moneyFreed !== null && raw.moneyFreed !== '') {
    moneyFreed = readNumber(raw.moneyFreed);
    if (moneyFreed === null) fields.moneyFreed = 'Money freed must be a number of pounds a year, like 12000';
    else if (moneyFreed < 0) fields.moneyFreed = 'Money freed cannot be negative';
    else if (moneyFreed > 1_000_000_000) fields.moneyFreed = 'Money freed must be £1,000,000,000 or less';
  }
  const status = raw.status === undefined || raw.status === '' ? 'planned' : raw.status;
  if (!(STOP_ITEM_STATUSES as readonly unknown[]).includes(status)) fields.status = 'Choose a status: planned, stopped or reversed';
  let ownerId: string | null = null;
  if (typeof raw.ownerId === 'string' && raw.ownerId.trim()) ownerId = raw.ownerId.trim();
  else if (raw.ownerId != null && raw.ownerId !== '') fields.ownerId = 'Choose an owner from the members';
  if (Object.keys(fields).length) throw new InvalidInput('The stop item is not valid', fields);
  return { title, kind: kind as StopItemKind, reason, stopOn, freed, moneyFreed, status: status as StopItemStatus, ownerId };
}

/** The fields of a stored stop item, as input for a partial update. */
export function stopItemFieldsOf(s: StopItem): StopItemFields {
  return {
    title: s.title,
    kind: s.kind,
    reason: s.reason,
    stopOn: s.stopOn,
    freed: s.freed,
    moneyFreed: s.moneyFreed,
    status: s.status,
    ownerId: s.ownerUserId,
  };
}

/** Validate a partial update: fields left out keep their values. */
export function validateStopItemPatch(current: StopItem, raw: RawStopItem): StopItemFields {
  const merged: RawStopItem = { ...stopItemFieldsOf(current) };
  for (const key of Object.keys(raw) as (keyof RawStopItem)[]) if (raw[key] !== undefined) merged[key] = raw[key];
  return validateStopItem(merged);
}

/**
 * Whether a stop item's freed capacity counts in a quarter: it must be stopped, and the quarter
 * must start on or after its stop date (the quarters after its date).
 */
export function freesCapacityIn(item: Pick<StopItem, 'status' | 'stopOn'>, quarter: Quarter): boolean {
  return item.status === 'stopped' && quarterStart(quarter) >= item.stopOn;
}

/** A change in how work is done, linked to the problems it answers. */
export interface DoDifferently {
  id: string;
  organisationId: string;
  title: string;
  description: string;
  problemIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type DoDifferentlyFields = Pick<DoDifferently, 'title' | 'description' | 'problemIds'>;
export type RawDoDifferently = { [K in keyof DoDifferentlyFields]?: unknown };

/** Validate a do-differently item. */
export function validateDoDifferently(raw: RawDoDifferently): DoDifferentlyFields {
  const fields: FieldErrors = {};
  const title = text(raw.title, 'title', 'What you will do differently', 200, fields);
  const description = text(raw.description, 'description', 'How work will change', 5000, fields);
  const l = raw.problemIds === undefined || raw.problemIds === null || raw.problemIds === '' ? [] : typeof raw.problemIds === 'string' ? [raw.problemIds] : raw.problemIds;
  let problemIds: string[] = [];
  if (!Array.isArray(l) || l.some((v) => typeof v !== 'string')) fields.problemIds = 'Problems must be a list of problem ids';
  else problemIds = [...new Set((l as string[]).map((s) => s.trim()).filter(Boolean))];
  if (Object.keys(fields).length) throw new InvalidInput('The change is not valid', fields);
  return { title, description, problemIds };
}
