/** Calendar quarters ("2027-Q1" = January to March 2027): the period capacity is planned in. */
import { formatIsoDate, parseIsoDate } from './period.ts';

/** A quarter written as YYYY-Qn, like "2027-Q1". */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER = /^(\d{4})-Q([1-4])$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** Parse "2027-Q1" (also "2027-q1", with spaces trimmed) to a quarter, or null if there is no such quarter. */
export function parseQuarter(value: unknown): Quarter | null {
  if (typeof value !== 'string') return null;
  const m = QUARTER.exec(value.trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return `${year}-Q${Number(m[2]) as 1 | 2 | 3 | 4}`;
}

/** Whether a value is a quarter as written by `parseQuarter`. */
export function isQuarter(value: unknown): value is Quarter {
  return typeof value === 'string' && parseQuarter(value) === value;
}

/** The message for a value that is not a quarter. */
export function quarterMessage(value: unknown): string {
  return `“${String(value)}” is not a quarter: use YYYY-Qn, like 2027-Q1, with a year from ${MIN_YEAR} to ${MAX_YEAR}`;
}

function parts(q: Quarter): { year: number; n: number } {
  const m = QUARTER.exec(q);
  if (!m) throw new Error(`not a quarter: ${q}`);
  return { year: Number(m[1]), n: Number(m[2]) };
}

function fromIndex(index: number): Quarter {
  const year = Math.floor(index / 4);
  return `${year}-Q${((index % 4) + 1) as 1 | 2 | 3 | 4}`;
}

function indexOf(q: Quarter): number {
  const { year, n } = parts(q);
  return year * 4 + (n - 1);
}

/** The quarter that contains a date. */
export function quarterOf(date: Date): Quarter {
  return fromIndex(date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3));
}

/** The quarter that contains an ISO date (YYYY-MM-DD), or null when it is not a date. */
export function quarterOfIsoDate(value: string): Quarter | null {
  const d = parseIsoDate(value);
  return d ? quarterOf(d) : null;
}

/** The quarter n quarters after (or before, for negative n) another. */
export function addQuarters(q: Quarter, n: number): Quarter {
  return fromIndex(indexOf(q) + n);
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareQuarters(a: Quarter, b: Quarter): number {
  return indexOf(a) - indexOf(b);
}

/** How many quarters from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function quartersBetween(from: Quarter, to: Quarter): number {
  return indexOf(to) - indexOf(from);
}

/** Every quarter from `from` to `to`, both included (empty when `to` is before `from`). */
export function quarterRange(from: Quarter, to: Quarter): Quarter[] {
  const out: Quarter[] = [];
  for (let i = indexOf(from); i <= indexOf(to); i++) out.push(fromIndex(i));
  return out;
}

/** The first day of a quarter, as an ISO date. */
export function quarterStart(q: Quarter): string {
  const { year, n } = parts(q);
  return formatIsoDate(new Date(Date.UTC(year, (n - 1) * 3, 1)));
}

/** The last day of a quarter, as an ISO date. */
export function quarterEnd(q: Quarter): string {
  const { year, n } = parts(q);
  return formatIsoDate(new Date(Date.UTC(year, n * 3, 0)));
}

const MONTHS = ['January', 'April', 'July', 'October'];
const LAST = ['March', 'June', 'September', 'December'];

/** A quarter as people say it: "2027-Q1 (January to March 2027)". */
export function describeQuarter(q: Quarter): string {
  const { year, n } = parts(q);
  return `${q} (${MONTHS[n - 1]} to ${LAST[n - 1]} ${year})`;
}
