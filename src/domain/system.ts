/**
 * Systems (an ICB and its member organisations): dated memberships, sharing, principles,
 * the capability landscape, system-or-local assessments and roll-up measures. No I/O.
 */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { readTextField as text } from './text-field.ts';
import { formatIsoDate, parseIsoDate, type Frequency } from './period.ts';
import { READ_AREAS, type ReadArea } from './person.ts';
import type { Organisation } from './organisation.ts';
import type { Direction, Unit } from './measure.ts';

// ---------------------------------------------------------------------------------------------
// Memberships

/** An organisation's membership of a system, from its first day to its last (null: open). */
export interface SystemMembership {
  id: string;
  systemId: string;
  organisationId: string;
  from: string;
  to: string | null;
  createdAt: Date;
}

/** Whether a membership is current on a date (ISO, inclusive at both ends). */
export function isCurrentOn(m: Pick<SystemMembership, 'from' | 'to'>, on: string): boolean {
  return m.from <= on && (m.to === null || on <= m.to);
}

/** Whether two dated periods share a day. */
export function overlaps(a: { from: string; to: string | null }, b: { from: string; to: string | null }): boolean {
  return a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');
}

function readDate(value: unknown, field: string, label: string, fields: FieldErrors, required: boolean): string | null {
  const s = typeof value === 'string' ? value.trim() : value == null ? '' : null;
  if (s === null) {
    fields[field] = `${label} must be a date`;
    return null;
  }
  if (!s) {
    if (required) fields[field] = `Enter ${label.toLowerCase()}`;
    return null;
  }
  const d = parseIsoDate(s);
  if (!d) {
    fields[field] = `${label} must be a real date, like 2026-04-01`;
    return null;
  }
  return formatIsoDate(d);
}

/** Check a membership's dates: a first day, and a last day (if any) on or after it. */
export function validateMembershipDates(raw: { from?: unknown; to?: unknown }): { from: string; to: string | null } {
  const fields: FieldErrors = {};
  const from = readDate(raw.from, 'from', 'The first day', fields, true);
  const to = readDate(raw.to, 'to', 'The last day', fields, false);
  if (from && to && to < from) fields.to = 'The last day must be the same as or after the first day';
  if (Object.keys(fields).length || !from) throw new InvalidInput('The membership is not valid', fields);
  return { from, to };
}

/** Only an ICB is a system; an ICB cannot be a member of another. */
export function checkMembershipKinds(system: Organisation, member: Organisation): void {
  if (system.type !== 'icb') throw new InvalidInput('Only an integrated care board has memberships', { organisation: `${system.name} is not an ICB, so it cannot have member organisations` });
  if (member.id === system.id) throw new InvalidInput('A system cannot be its own member', { organisation: 'Choose another organisation than the system itself' });
  if (member.type === 'icb') throw new InvalidInput('An ICB cannot be a member of a system', { organisation: `${member.name} is an ICB: ICBs that merge end their own memberships instead` });
}

/**
 * Refuse a membership that shares a day with another of the same organisation: with the same
 * system (it overlaps itself) or another (a member of two systems at once).
 */
export function checkNoOverlap(
  candidate: { from: string; to: string | null },
  systemId: string,
  others: readonly (SystemMembership & { systemName: string })[],
): void {
  for (const o of others) {
    if (!overlaps(candidate, o)) continue;
    const span = `${o.from} to ${o.to ?? 'now'}`;
    if (o.systemId === systemId) {
      throw new InvalidInput('The membership overlaps one already recorded', { from: `It overlaps the membership of ${span}: end that one first, or choose other dates` });
    }
    throw new InvalidInput('The organisation belongs to another system on those dates', { from: `It is a member of ${o.systemName} from ${span}: an organisation belongs to one system at a time` });
  }
}

// ---------------------------------------------------------------------------------------------
// Sharing between members

/** Which areas of members' work the system shares with its other members. */
export interface SystemSettings {
  systemId: string;
  sharedAreas: ReadArea[];
}

/** Read the shared areas from a form or JSON list, refusing unknown ones. */
export function validateSharedAreas(raw: unknown): ReadArea[] {
  const list = raw == null ? [] : Array.isArray(raw) ? raw : [raw];
  const areas: ReadArea[] = [];
  for (const v of list) {
    if (typeof v !== 'string' || !(READ_AREAS as readonly string[]).includes(v)) {
      throw new InvalidInput('Choose areas from the list', { sharedAreas: `Areas must be some of: ${READ_AREAS.join(', ')}` });
    }
    if (!areas.includes(v as ReadArea)) areas.push(v as ReadArea);
  }
  return areas;
}

// ---------------------------------------------------------------------------------------------
// Principles and contributions

/** A guardrail: an ICB's for its system (teams act freely within it), or an organisation's own. */
export interface Principle {
  id: string;
  /** The organisation it belongs to: an ICB for the system's principles, any other for its own. */
  systemId: string;
  title: string;
  rationale: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Check a principle's statement and the reason for it. */
export function validatePrinciple(raw: { title?: unknown; rationale?: unknown }): { title: string; rationale: string } {
  const fields: FieldErrors = {};
  const title = text(raw.title, 'title', 'The principle', 200, fields);
  const rationale = text(raw.rationale, 'rationale', 'The rationale', 2000, fields);
  if (Object.keys(fields).length) throw new InvalidInput('The principle is not valid', fields);
  return { title, rationale };
}

export const STANCES = ['conforms', 'exception'] as const;
export type Stance = (typeof STANCES)[number];
export const STANCE_LABELS: Record<Stance, string> = {
  conforms: 'Conforms',
  exception: 'Asks for an exception',
};

/** An initiative's declaration against one principle of its system. */
export interface PrincipleDeclaration {
  initiativeId: string;
  principleId: string;
  stance: Stance;
  reason: string;
  updatedAt: Date;
}

/** Check a declaration: an exception needs its reason. */
export function validateDeclaration(raw: { stance?: unknown; reason?: unknown }, prefix = ''): { stance: Stance; reason: string } {
  const fields: FieldErrors = {};
  const stance = raw.stance;
  if (typeof stance !== 'string' || !(STANCES as readonly string[]).includes(stance)) fields[`${prefix}stance`] = 'Say whether it conforms or asks for an exception';
  const reason = text(raw.reason, `${prefix}reason`, 'The reason', 1000, fields, stance === 'exception');
  if (Object.keys(fields).length) throw new InvalidInput('The declaration is not valid', fields);
  return { stance: stance as Stance, reason };
}

// ---------------------------------------------------------------------------------------------
// Capabilities

/** Something the system's organisations need to be able to do, such as e-prescribing. */
export interface Capability {
  id: string;
  systemId: string;
  name: string;
  description: string;
  createdAt: Date;
  /** When, by whom and why it left the landscape; null while it is current. */
  retired: CapabilityRetirement | null;
}

/** A capability's retirement: it leaves the matrix, convergence, duplication and the story, but stays readable. */
export interface CapabilityRetirement {
  at: Date;
  by: string;
  reason: string;
}

/** Check the reason for retiring a capability. */
export function validateRetirement(raw: { reason?: unknown }, field = 'reason'): string {
  const fields: FieldErrors = {};
  const reason = text(raw.reason, field, 'The reason for retiring it', 1000, fields);
  if (Object.keys(fields).length) throw new InvalidInput('Say why the capability is retired', fields);
  return reason;
}

/** Check a capability's name and description. */
export function validateCapability(raw: { name?: unknown; description?: unknown }): { name: string; description: string } {
  const fields: FieldErrors = {};
  const name = text(raw.name, 'name', 'The name', 120, fields);
  const description = text(raw.description, 'description', 'The description', 1000, fields, false);
  if (Object.keys(fields).length) throw new InvalidInput('The capability is not valid', fields);
  return { name, description };
}

export const ENTRY_STATUSES = ['in_use', 'building', 'needed', 'not_needed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  in_use: 'In use',
  building: 'Building or buying locally',
  needed: 'Needed, nothing in place',
  not_needed: 'Not needed',
};

export const SERVES = ['well', 'partly', 'poorly'] as const;
export type Serves = (typeof SERVES)[number];
export const SERVES_LABELS: Record<Serves, string> = {
  well: 'Serves users well',
  partly: 'Serves users partly',
  poorly: 'Serves users poorly',
};

/** One member's position on a capability: what it uses, until when, and how well it serves. */
export interface CapabilityEntry {
  id: string;
  capabilityId: string;
  organisationId: string;
  status: EntryStatus;
  product: string;
  supplier: string;
  contractEnd: string | null;
  serves: Serves | null;
  servesReason: string;
  updatedAt: Date;
}

export type CapabilityEntryFields = Omit<CapabilityEntry, 'id' | 'capabilityId' | 'organisationId' | 'updatedAt'>;

/** Check a member's entry: a product in use needs how well it serves, with a reason. */
export function validateEntry(raw: { [K in keyof CapabilityEntryFields]?: unknown }): CapabilityEntryFields {
  const fields: FieldErrors = {};
  const status = raw.status;
  if (typeof status !== 'string' || !(ENTRY_STATUSES as readonly string[]).includes(status)) fields.status = 'Choose where the organisation stands on this capability';
  const product = text(raw.product, 'product', 'The product', 200, fields, false);
  const supplier = text(raw.supplier, 'supplier', 'The supplier', 200, fields, false);
  const contractEnd = readDate(raw.contractEnd, 'contractEnd', 'The contract end date', fields, false);
  let serves: Serves | null = null;
  if (raw.serves != null && raw.serves !== '') {
    if (typeof raw.serves !== 'string' || !(SERVES as readonly string[]).includes(raw.serves)) fields.serves = 'Choose how well it serves users';
    else serves = raw.serves as Serves;
  }
  const servesReason = text(raw.servesReason, 'servesReason', 'The reason', 1000, fields, serves !== null);
  if (status === 'in_use' && !product && !supplier) fields.product = 'Enter the product or the supplier in use';
  if ((status === 'needed' || status === 'not_needed') && serves !== null) fields.serves = 'Say how well it serves users only when something is in use or being built';
  if (Object.keys(fields).length) throw new InvalidInput('The entry is not valid', fields);
  return { status: status as EntryStatus, product, supplier, contractEnd, serves, servesReason };
}

/** Add months to an ISO date, keeping the day where the month has it. */
export function addMonths(isoDate: string, months: number): string {
  const d = parseIsoDate(isoDate);
  if (!d) throw new Error(`not a date: ${isoDate}`);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return formatIsoDate(target);
}

/** The window for convergence: contracts that end within this many months of today. */
export const CONVERGENCE_MONTHS = 24;

/** A chance to converge: two or more members' contracts for a capability end in the window. */
export interface ConvergenceOpportunity {
  capabilityId: string;
  entries: CapabilityEntry[];
  earliest: string;
  latest: string;
}

/** Capabilities where two or more members' contracts end between today and 24 months on. */
export function findConvergence(entries: readonly CapabilityEntry[], today: string): ConvergenceOpportunity[] {
  const until = addMonths(today, CONVERGENCE_MONTHS);
  const byCapability = new Map<string, CapabilityEntry[]>();
  for (const e of entries) {
    if (!e.contractEnd || e.contractEnd < today || e.contractEnd > until) continue;
    const list = byCapability.get(e.capabilityId) ?? [];
    list.push(e);
    byCapability.set(e.capabilityId, list);
  }
  const out: ConvergenceOpportunity[] = [];
  for (const [capabilityId, list] of byCapability) {
    const members = new Set(list.map((e) => e.organisationId));
    if (members.size < 2) continue;
    const sorted = [...list].sort((a, b) => (a.contractEnd! < b.contractEnd! ? -1 : 1));
    out.push({ capabilityId, entries: sorted, earliest: sorted[0]!.contractEnd!, latest: sorted.at(-1)!.contractEnd! });
  }
  return out.sort((a, b) => (a.earliest < b.earliest ? -1 : a.earliest > b.earliest ? 1 : 0));
}

/** Capabilities that two or more members are building locally: candidates for the system. */
export function findDuplication(entries: readonly CapabilityEntry[]): Map<string, CapabilityEntry[]> {
  const out = new Map<string, CapabilityEntry[]>();
  for (const e of entries) {
    if (e.status !== 'building') continue;
    out.set(e.capabilityId, [...(out.get(e.capabilityId) ?? []), e]);
  }
  for (const [k, v] of out) if (new Set(v.map((e) => e.organisationId)).size < 2) out.delete(k);
  return out;
}

// ---------------------------------------------------------------------------------------------
// System or local?

export const CRITERIA = ['commonality', 'standardisation', 'interoperability', 'localVariation'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const CRITERION_LABELS: Record<Criterion, { label: string; hint: string }> = {
  commonality: { label: 'Commonality of need', hint: 'How many members have or need it: 1 few, 5 nearly all' },
  standardisation: { label: 'Process standardisation', hint: 'How standard the work it supports is across members: 1 very different, 5 the same' },
  interoperability: { label: 'Interoperability criticality', hint: 'How much care depends on it joining up across organisations: 1 little, 5 critically' },
  localVariation: { label: 'Value of local variation', hint: 'How much members gain from doing it their own way: 1 little, 5 a great deal' },
};

export const RECOMMENDATIONS = ['system', 'hybrid', 'local'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  system: 'Run it once for the whole system',
  hybrid: 'Hybrid: a system standard or platform, with local choice on top',
  local: 'Leave it to each member',
};

/** The rule, in the words shown on screen next to the scores. */
export const RECOMMENDATION_RULE =
  'Add the scores for commonality, standardisation and interoperability, then take away the score for the value of local variation. ' +
  '9 or more: run it once for the whole system. 5 to 8: hybrid. 4 or less: leave it local.';

/** Apply the rule: the total, and what it recommends. */
export function recommend(scores: Record<Criterion, number>): { total: number; recommendation: Recommendation } {
  const total = scores.commonality + scores.standardisation + scores.interoperability - scores.localVariation;
  return { total, recommendation: total >= 9 ? 'system' : total >= 5 ? 'hybrid' : 'local' };
}

/** The commonality score suggested by how many members have or need a capability. */
export function suggestCommonality(entries: readonly Pick<CapabilityEntry, 'status' | 'organisationId'>[], memberCount: number): { score: number; reason: string } {
  const having = new Set(entries.filter((e) => e.status !== 'not_needed').map((e) => e.organisationId)).size;
  if (memberCount === 0) return { score: 1, reason: 'The system has no current members' };
  const share = having / memberCount;
  const score = share >= 0.8 ? 5 : share >= 0.6 ? 4 : share >= 0.4 ? 3 : share >= 0.2 ? 2 : 1;
  return { score, reason: `${having} of ${memberCount} members have it or need it` };
}

/** One criterion's score, 1 to 5, with the reason written down. */
export interface Score {
  score: number;
  reason: string;
}

/** The system-or-local assessment of a capability. */
export interface Assessment {
  capabilityId: string;
  scores: Record<Criterion, Score>;
  total: number;
  recommendation: Recommendation;
  assessedBy: string;
  assessedAt: Date;
  /** The decision recorded in the decision log, if the system has made it, and what it chose. */
  decisionId: string | null;
  decided: Recommendation | null;
}

/** Read the level the system chose for a capability. */
export function parseRecommendation(value: unknown, field = 'decided'): Recommendation {
  if (typeof value !== 'string' || !(RECOMMENDATIONS as readonly string[]).includes(value)) {
    throw new InvalidInput('Choose what the system decided', { [field]: 'Choose system, hybrid or local' });
  }
  return value as Recommendation;
}

/** Check four scores (whole numbers 1 to 5), each with a reason. */
export function validateAssessment(raw: Partial<Record<Criterion, unknown>>): Record<Criterion, Score> {
  const fields: FieldErrors = {};
  const out = {} as Record<Criterion, Score>;
  for (const c of CRITERIA) {
    const item = (raw[c] && typeof raw[c] === 'object' ? raw[c] : {}) as { score?: unknown; reason?: unknown };
    const n = typeof item.score === 'string' && item.score.trim() !== '' ? Number(item.score) : item.score;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 5) fields[`${c}.score`] = `Score ${CRITERION_LABELS[c].label.toLowerCase()} as a whole number from 1 to 5`;
    const reason = text(item.reason, `${c}.reason`, 'The reason', 1000, fields);
    out[c] = { score: n as number, reason };
  }
  if (Object.keys(fields).length) throw new InvalidInput('The assessment is not valid', fields);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Roll-up measures

export const ROLLUP_KINDS = ['sum', 'ratio'] as const;
export type RollupKind = (typeof ROLLUP_KINDS)[number];

/** A member's part of a roll-up: a count measure, or a numerator and a denominator measure. */
export interface RollupComponent {
  organisationId: string;
  measureId: string;
  denominatorMeasureId: string | null;
}

/** A system measure whose values come from members' measures of the same definition. */
export interface RollupMeasure {
  id: string;
  systemId: string;
  goalId: string | null;
  name: string;
  kind: RollupKind;
  unit: Unit;
  improvementDirection: Direction;
  frequency: Frequency;
  components: RollupComponent[];
  createdAt: Date;
}

/** What the roll-up needs to know of each member measure. */
export interface ComponentMeasure {
  id: string;
  organisationId: string;
  name: string;
  definition: string;
  unit: Unit;
  frequency: Frequency;
}

/** Definitions compare by their words, ignoring case, spacing and a final full stop. */
export function sameDefinition(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  return norm(a) === norm(b);
}

/**
 * Refuse a roll-up over measures that do not share one definition, unit and frequency (for a
 * ratio: the numerators one, the denominators another), naming the member that differs.
 */
export function checkRollupDefinitions(
  kind: RollupKind,
  parts: readonly { organisationName: string; measure: ComponentMeasure; denominator: ComponentMeasure | null }[],
): void {
  const fields: FieldErrors = {};
  if (parts.length < 2) fields.components = 'Choose the measures of two or more members';
  const first = parts[0];
  const members = new Set<string>();
  parts.forEach((p, i) => {
    if (members.has(p.measure.organisationId)) fields[`components[${i}]`] = `${p.organisationName} is in the roll-up twice`;
    members.add(p.measure.organisationId);
    // Rates and percentages cannot be added or averaged: they roll up as counts over counts.
    if (p.measure.unit !== 'count') fields[`components[${i}].measureId`] = `“${p.measure.name}” of ${p.organisationName} is not a count: sum counts, or roll up a rate as a numerator and a denominator count`;
    if (kind === 'ratio' && !p.denominator) fields[`components[${i}].denominatorMeasureId`] = `Choose the denominator measure of ${p.organisationName}`;
    if (kind === 'ratio' && p.denominator && p.denominator.unit !== 'count') fields[`components[${i}].denominatorMeasureId`] = `The denominator of ${p.organisationName} is not a count`;
    if (!first || i === 0) return;
    if (!sameDefinition(p.measure.definition, first.measure.definition)) {
      fields[`components[${i}].measureId`] = `The definition of “${p.measure.name}” of ${p.organisationName} differs from that of ${first.organisationName}: a roll-up needs one definition`;
    } else if (p.measure.frequency !== first.measure.frequency) {
      fields[`components[${i}].measureId`] = `“${p.measure.name}” of ${p.organisationName} is ${p.measure.frequency}, but that of ${first.organisationName} is ${first.measure.frequency}`;
    }
    if (kind === 'ratio' && p.denominator && first.denominator) {
      if (!sameDefinition(p.denominator.definition, first.denominator.definition)) {
        fields[`components[${i}].denominatorMeasureId`] = `The denominator of ${p.organisationName} differs in definition from that of ${first.organisationName}`;
      } else if (p.denominator.frequency !== first.measure.frequency) {
        fields[`components[${i}].denominatorMeasureId`] = `The denominator of ${p.organisationName} is not ${first.measure.frequency}`;
      }
    }
  });
  if (Object.keys(fields).length) throw new InvalidInput('These measures cannot be rolled up together', fields);
}

/** One period of a roll-up, with each member's contribution. */
export interface RollupPoint {
  period: string;
  value: number;
  numerator: number;
  denominator: number | null;
  contributions: { organisationId: string; numerator: number; denominator: number | null }[];
}

/**
 * Combine members' values: counts are summed; a ratio is the sum of numerators over the sum of
 * denominators (× 100 for a percentage), never an average of members' rates. A period is in the
 * roll-up only when every member has a value for it, so a missing return never looks like a fall.
 */
export function combineRollup(
  kind: RollupKind,
  unit: Unit,
  series: readonly { organisationId: string; numerator: ReadonlyMap<string, number>; denominator: ReadonlyMap<string, number> | null }[],
): { points: RollupPoint[]; incomplete: string[] } {
  const periods = new Set<string>();
  for (const s of series) for (const p of s.numerator.keys()) periods.add(p);
  const points: RollupPoint[] = [];
  const incomplete: string[] = [];
  for (const period of [...periods].sort()) {
    let num = 0;
    let den = 0;
    const contributions: RollupPoint['contributions'] = [];
    let complete = true;
    for (const s of series) {
      const n = s.numerator.get(period);
      const d = kind === 'ratio' ? s.denominator?.get(period) : null;
      if (n === undefined || (kind === 'ratio' && d === undefined)) {
        complete = false;
        break;
      }
      num += n;
      if (d != null) den += d;
      contributions.push({ organisationId: s.organisationId, numerator: n, denominator: kind === 'ratio' ? (d ?? null) : null });
    }
    if (!complete || (kind === 'ratio' && den === 0)) {
      incomplete.push(period);
      continue;
    }
    const value = kind === 'sum' ? num : (num / den) * (unit === 'percentage' ? 100 : 1);
    points.push({ period, value, numerator: num, denominator: kind === 'ratio' ? den : null, contributions });
  }
  return { points, incomplete };
}
