/** Loads the SPC oracle files (test/fixtures/spc-oracle) and says how precisely each value was printed. */
import { readFileSync } from 'node:fs';

/** One oracle case, as stored: only `expected` was asserted by the source. */
export interface OracleCase {
  name: string;
  function?: string;
  options: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  dates?: string[];
  values?: number[];
  expected: Record<string, unknown>;
  researcher_computed_not_asserted?: Record<string, unknown>;
  derived_not_asserted?: Record<string, unknown>;
  disputed?: { points_1based: number[]; why: string };
  precision?: string;
  kind?: string;
}

/** Reads one oracle file's cases. */
export function loadOracle(
  file: 'nhsrplotthedots.json' | 'mdc-xmr-testing-doc.json',
): OracleCase[] {
  const url = new URL(`../fixtures/spc-oracle/${file}`, import.meta.url);
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as { cases: OracleCase[] };
  return parsed.cases.map((c) => ({ ...c, options: c.options ?? {} }));
}

/**
 * Half a unit in the last printed place: "7 significant digits" of −3.01138 allows 5e−7,
 * "2 decimals" allows 0.005. Without a stated precision, a near-exact 1e−9 relative.
 */
export function printedTolerance(expected: number, precision: string | undefined): number {
  const significant = precision === undefined ? null : /(\d+) significant/.exec(precision);
  if (significant !== null) {
    const digits = Number(significant[1]);
    const exponent = expected === 0 ? 0 : Math.floor(Math.log10(Math.abs(expected)));
    return 0.5 * 10 ** (exponent - (digits - 1)) * (1 + 1e-9);
  }
  const decimals = precision === undefined ? null : /(\d+) decimals/.exec(precision);
  if (decimals !== null) return 0.5 * 10 ** -Number(decimals[1]) * (1 + 1e-9);
  return Math.max(Math.abs(expected), 1) * 1e-9;
}
