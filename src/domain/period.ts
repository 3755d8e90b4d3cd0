/** Periods: weekly periods start on a Monday, monthly periods on the 1st. Dates are ISO strings. */
import { InvalidInput } from './errors.ts';

export const FREQUENCIES = ['weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse an ISO date (YYYY-MM-DD) to a UTC Date, or null if it is not a real date. */
export function parseIsoDate(value: string): Date | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value ? d : null;
}

/** A UTC date as YYYY-MM-DD. */
export function formatIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The start of the period that contains a date. */
export function periodStartOf(date: Date, frequency: Frequency): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (frequency === 'monthly') d.setUTCDate(1);
  else d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // Monday = 0
  return formatIsoDate(d);
}

/** Whether an ISO date is the first day of a period. */
export function isPeriodStart(value: string, frequency: Frequency): boolean {
  const d = parseIsoDate(value);
  return d !== null && periodStartOf(d, frequency) === value;
}

/** The period n periods after (or before, for negative n) a period start. */
export function addPeriods(period: string, frequency: Frequency, n: number): string {
  const d = parseIsoDate(period);
  if (!d) throw new Error(`not a date: ${period}`);
  if (frequency === 'monthly') d.setUTCMonth(d.getUTCMonth() + n);
  else d.setUTCDate(d.getUTCDate() + 7 * n);
  return formatIsoDate(d);
}

/** How many whole periods lie from `from` to `to` (both period starts). */
export function periodsBetween(from: string, to: string, frequency: Frequency): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) throw new Error('not a date');
  if (frequency === 'monthly') {
    return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  }
  return Math.round((b.getTime() - a.getTime()) / (7 * 86_400_000));
}

const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date (or the date of a timestamp, in UTC) as people write it: "31 March 2026"; anything else as it is. */
export function describeDate(iso: string): string {
  const d = parseIsoDate(iso.slice(0, 10));
  return d ? day.format(d) : iso;
}

/** A period as people say it: "week of 3 Mar 2025" or "March 2025". */
export function describePeriod(period: string, frequency: Frequency): string {
  const d = parseIsoDate(period);
  if (!d) return period;
  return frequency === 'monthly' ? month.format(d) : `week of ${long.format(d)}`;
}

/** The earliest period anything may be recorded for. */
export const EARLIEST_PERIOD = '1900-01-01';

/** The last period that has finished by `now`: last week (Monday start) or last month. */
export function lastCompletedPeriod(now: Date, frequency: Frequency): string {
  return addPeriods(periodStartOf(now, frequency), frequency, -1);
}

/** How late a period may be: up to the current period (check-ins), or only finished periods (values). */
export type PeriodLimit = 'current' | 'completed';

/**
 * Check that a period is a period start, not before 1900, and not after the current period (or,
 * with `limit` 'completed', not after the last finished period).
 * Returns an error message, or null when it is fine.
 */
export function checkPeriod(value: string, frequency: Frequency, now: Date, limit: PeriodLimit = 'current'): string | null {
  const d = parseIsoDate(value);
  if (!d) return `“${value}” is not a date: use YYYY-MM-DD, like 2025-03-03`;
  if (value < EARLIEST_PERIOD) return `${value} is before 1900: enter a period from ${EARLIEST_PERIOD} onwards, written YYYY-MM-DD`;
  if (!isPeriodStart(value, frequency)) {
    return frequency === 'weekly'
      ? `${value} is not the start of a week: weekly periods start on a Monday (${periodStartOf(d, 'weekly')})`
      : `${value} is not the start of a month: monthly periods start on the 1st (${periodStartOf(d, 'monthly')})`;
  }
  if (limit === 'completed') {
    const last = lastCompletedPeriod(now, frequency);
    if (value > last) {
      const what = value > periodStartOf(now, frequency) ? 'is in the future' : `has not finished yet`;
      return `${value} ${what}: the last period that may be entered is ${last} (${describePeriod(last, frequency)})`;
    }
    return null;
  }
  if (value > periodStartOf(now, frequency)) return `${value} is in the future: enter values up to the current period`;
  return null;
}

/** Parse a frequency or throw InvalidInput. */
export function parseFrequency(value: unknown, field = 'frequency'): Frequency {
  if (value === 'weekly' || value === 'monthly') return value;
  throw new InvalidInput('Choose weekly or monthly', { [field]: 'Select how often the measure gets a value: weekly or monthly' });
}
