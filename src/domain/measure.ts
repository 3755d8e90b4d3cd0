/** Measures: what is counted, which way is better, the target, and their values per period. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { readTextField as text } from './text-field.ts';
import { checkPeriod, parseIsoDate, type Frequency, FREQUENCIES } from './period.ts';

export const UNITS = ['count', 'percentage', 'rate', 'minutes', 'days', 'pounds', 'other'] as const;
export type Unit = (typeof UNITS)[number];
export const UNIT_LABELS: Record<Unit, string> = {
  count: 'Count',
  percentage: 'Percentage',
  rate: 'Rate',
  minutes: 'Minutes',
  days: 'Days',
  pounds: 'Pounds (£)',
  other: 'Other',
};

export const DIRECTIONS = ['increase', 'decrease', 'neutral'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<Direction, string> = {
  increase: 'Higher is better',
  decrease: 'Lower is better',
  neutral: 'Neither: watch for change',
};

export const PRESETS = ['mdc', 'nhsr', 'pbi'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Rebase {
  period: string;
  reason: string;
}

export interface Annotation {
  id: string;
  period: string;
  label: string;
}

export interface Measure {
  id: string;
  goalId: string;
  organisationId: string;
  name: string;
  definition: string;
  unit: Unit;
  improvementDirection: Direction;
  target: number | null;
  targetFrom: string | null;
  frequency: Frequency;
  dataSource: string;
  ownerUserId: string | null;
  ownerName: string | null;
  spcPreset: Preset;
  baseline: number | null;
  rebases: Rebase[];
  annotations: Annotation[];
  createdAt: Date;
  updatedAt: Date;
  /** Goes up with every change to the measure or its values: the key of cached statistics. */
  version: number;
}

export type MeasureFields = Pick<
  Measure,
  | 'name'
  | 'definition'
  | 'unit'
  | 'improvementDirection'
  | 'target'
  | 'targetFrom'
  | 'frequency'
  | 'dataSource'
  | 'ownerUserId'
  | 'spcPreset'
  | 'baseline'
  | 'rebases'
>;

export type RawMeasure = { [K in keyof MeasureFields]?: unknown };

/** One value of a measure for one period. */
export interface MeasureValue {
  period: string;
  value: number;
  note: string;
}

/** A value as submitted, before it is checked. */
export interface RawValue {
  period?: unknown;
  value?: unknown;
  note?: unknown;
}

/** What a submission of values did. */
export interface ValuesSummary {
  added: number;
  changed: number;
  unchanged: number;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const DECIMAL_COMMA = /^[-+]?\d*,\d+$/;

function numberText(value: string): string {
  return value.trim().replace(/%$/, '').replace(/^£/, '').trim();
}

/**
 * Parse a number in the one format Throughline reads: digits with a full stop for decimals
 * (" 95 ", "97.2%", "£12", "1e3"). A comma is never read, neither as a decimal mark nor as a
 * thousands separator, so "33,5" is not silently stored as 335.
 */
export function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const s = numberText(value);
  if (!NUMBER.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Why a value is not a number Throughline reads, in words that say how to write it. */
export function describeNotANumber(value: unknown): string {
  if (value === undefined || value === null) return 'Enter a value';
  if (typeof value === 'number') return `${value} is not a number that can be stored`;
  if (typeof value !== 'string') return `“${JSON.stringify(value)}” is not a number`;
  const shown = value.trim();
  if (!shown) return 'Enter a value';
  const s = numberText(value);
  if (THOUSANDS.test(s)) return `“${shown}” has a thousands separator: write the number without commas, like ${s.replace(/,/g, '')} (a full stop marks decimals)`;
  if (DECIMAL_COMMA.test(s)) return `“${shown}” uses a comma for decimals: use a full stop, like ${s.replace(',', '.')}`;
  if (/^[-+]?\d{1,3}([ \u00a0\u202f']\d{3})+(\.\d*)?$/.test(s)) return `“${shown}” has spaces or marks between the digits: write the number without them, like ${s.replace(/[ \u00a0\u202f']/g, '')}`;
  return `“${shown}” is not a number: write digits with a full stop for decimals, like 33.5`;
}

/** The range a value of a unit may take, and whether it must be whole; null bounds are open. */
export const UNIT_BOUNDS: Record<Unit, { min: number | null; max: number | null; whole: boolean }> = {
  count: { min: 0, max: null, whole: true },
  percentage: { min: 0, max: 100, whole: false },
  rate: { min: 0, max: null, whole: false },
  minutes: { min: 0, max: null, whole: false },
  days: { min: 0, max: null, whole: false },
  pounds: { min: null, max: null, whole: false },
  other: { min: null, max: null, whole: false },
};

/** Why a number is out of bounds for a unit, or null when it is fine. */
export function checkBounds(value: number, unit: Unit): string | null {
  const b = UNIT_BOUNDS[unit];
  if (unit === 'percentage' && (value < 0 || value > 100)) return `${value} is not a percentage: enter a number from 0 to 100`;
  if (b.whole && !Number.isInteger(value)) return `${value} is not a whole number: a count must be a whole number, like 12`;
  if (b.min !== null && value < b.min) {
    const what = unit === 'count' ? 'a count' : unit === 'rate' ? 'a rate' : `a number of ${unit}`;
    return `${value} is negative: ${what} cannot be less than ${b.min}`;
  }
  if (b.max !== null && value > b.max) return `${value} is more than ${b.max}`;
  return null;
}

/** Read one value of a measure of a unit: the number, or the message to show next to it. */
export function readValue(raw: unknown, unit: Unit): { value: number; error: null } | { value: null; error: string } {
  const value = parseNumber(raw);
  if (value === null) return { value: null, error: describeNotANumber(raw) };
  const error = checkBounds(value, unit);
  return error ? { value: null, error } : { value, error: null };
}

/** Validate a measure's fields, collecting every error. */
export function validateMeasure(raw: RawMeasure): MeasureFields {
  const fields: FieldErrors = {};
  const name = text(raw.name, 'name', 'A name', 200, fields, true);
  const definition = text(raw.definition, 'definition', 'A definition', 2000, fields, true);
  const unit = (UNITS as readonly unknown[]).includes(raw.unit) ? (raw.unit as Unit) : null;
  if (!unit) fields.unit = 'Select a unit';
  const improvementDirection = (DIRECTIONS as readonly unknown[]).includes(raw.improvementDirection)
    ? (raw.improvementDirection as Direction)
    : null;
  if (!improvementDirection) fields.improvementDirection = 'Select which way is better: higher, lower, or neither';
  let target: number | null = null;
  if (raw.target !== undefined && raw.target !== null && raw.target !== '') {
    target = parseNumber(raw.target);
    if (target === null) fields.target = `The target must be a number. ${describeNotANumber(raw.target)}`;
    else if (unit && checkBounds(target, unit)) fields.target = `The target does not fit the unit: ${checkBounds(target, unit)!}`;
  }
  let targetFrom: string | null = null;
  if (typeof raw.targetFrom === 'string' && raw.targetFrom.trim()) {
    targetFrom = raw.targetFrom.trim();
    if (!parseIsoDate(targetFrom)) fields.targetFrom = 'Enter a real date the target applies from, like 2025-04-01';
  }
  if (targetFrom && target === null && !fields.target) fields.target = 'Enter the target that applies from this date';
  const frequency = (FREQUENCIES as readonly unknown[]).includes(raw.frequency) ? (raw.frequency as Frequency) : null;
  if (!frequency) fields.frequency = 'Select how often the measure gets a value: weekly or monthly';
  const dataSource = text(raw.dataSource, 'dataSource', 'The data source', 500, fields, false);
  const ownerUserId = typeof raw.ownerUserId === 'string' && raw.ownerUserId.trim() ? raw.ownerUserId.trim() : null;
  const spcPreset = raw.spcPreset === undefined || raw.spcPreset === '' || raw.spcPreset === null ? 'mdc' : raw.spcPreset;
  if (!(PRESETS as readonly unknown[]).includes(spcPreset)) fields.spcPreset = 'Select mdc, nhsr or pbi';
  let baseline: number | null = null;
  if (raw.baseline !== undefined && raw.baseline !== null && raw.baseline !== '') {
    baseline = parseNumber(raw.baseline);
    if (baseline === null || !Number.isInteger(baseline) || baseline < 2 || baseline > 10_000) {
      fields.baseline = 'The baseline must be a whole number of points, 2 or more';
      baseline = null;
    }
  }
  const rebases: Rebase[] = [];
  if (raw.rebases !== undefined && raw.rebases !== null) {
    if (!Array.isArray(raw.rebases)) fields.rebases = 'Rebases must be a list of {period, reason}';
    else
      (raw.rebases as unknown[]).forEach((r, i) => {
        const o = (r ?? {}) as { period?: unknown; reason?: unknown };
        const period = typeof o.period === 'string' ? o.period.trim() : '';
        const reason = typeof o.reason === 'string' ? o.reason.trim() : '';
        if (!parseIsoDate(period)) fields[`rebases[${i}].period`] = 'Enter the first period of the new limits as YYYY-MM-DD';
        if (!reason) fields[`rebases[${i}].reason`] = 'Say why the limits are recalculated here, like “new triage process went live”';
        rebases.push({ period, reason });
      });
  }
  if (Object.keys(fields).length) throw new InvalidInput('The measure is not valid', fields);
  return {
    name,
    definition,
    unit: unit!,
    improvementDirection: improvementDirection!,
    target,
    targetFrom,
    frequency: frequency!,
    dataSource,
    ownerUserId,
    spcPreset: spcPreset as Preset,
    baseline,
    rebases: rebases.sort((a, b) => a.period.localeCompare(b.period)),
  };
}

/** Most values one submission may carry. */
export const MAX_VALUES_PER_SUBMISSION = 100_000;

/**
 * Check a list of values for one measure: numbers in the one format, within the unit's bounds,
 * period starts from 1900 to the last finished period, no period twice. Errors are keyed
 * "values[i].field" so the caller can say which row.
 */
export function validateValues(raw: readonly RawValue[], measure: Pick<Measure, 'frequency' | 'unit'>, now: Date): MeasureValue[] {
  const fields: FieldErrors = {};
  if (raw.length > MAX_VALUES_PER_SUBMISSION) {
    throw new InvalidInput(`Send ${MAX_VALUES_PER_SUBMISSION.toLocaleString('en-GB')} values or fewer at once`, { values: 'Too many values' });
  }
  const seen = new Map<string, number>();
  const out: MeasureValue[] = [];
  raw.forEach((r, i) => {
    const period = typeof r.period === 'string' ? r.period.trim() : '';
    const periodError = checkPeriod(period, measure.frequency, now, 'completed');
    if (periodError) fields[`values[${i}].period`] = periodError;
    else if (seen.has(period)) fields[`values[${i}].period`] = `${period} appears twice (also at item ${seen.get(period)! + 1})`;
    else seen.set(period, i);
    const read = readValue(r.value, measure.unit);
    if (read.error !== null) fields[`values[${i}].value`] = read.error;
    const note = typeof r.note === 'string' ? r.note.trim() : '';
    if (note.length > 500) fields[`values[${i}].note`] = 'A note must be 500 characters or fewer';
    out.push({ period, value: read.value ?? 0, note });
  });
  if (Object.keys(fields).length) throw new InvalidInput('Some values are not valid: nothing was stored', fields);
  return out;
}
