/** Real monthly series copied into reference/, read for the demo's measure on real data. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { ReferenceSeries } from '../domain/reference-series.ts';

const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'reference');

/** The trust whose A&E figures the demo shows: Barts Health, a large acute trust with every month's 4-hour figures. */
export const FOUR_HOUR_TRUST = 'R1H';

/**
 * Read a trust's monthly A&E 4-hour performance from `reference/ae-4-hour-<code>.csv`:
 * (1 − attendances over 4 hours ÷ all attendances) × 100 per month. A month without attendances
 * is left out rather than shown as 100%.
 */
export function readFourHourSeries(code = FOUR_HOUR_TRUST, dir = REFERENCE_DIR): ReferenceSeries {
  const file = `ae-4-hour-${code}.csv`;
  const rows = parse<Record<string, string>>(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });
  const values: ReferenceSeries['values'] = [];
  let name = code;
  for (const row of rows) {
    const attendances = Number(row.att_total);
    const over = Number(row.over4h_total);
    if (!row.period || !Number.isFinite(attendances) || !Number.isFinite(over) || attendances <= 0) continue;
    name = row.org_name || name;
    values.push({ period: row.period, value: (1 - over / attendances) * 100 });
  }
  values.sort((a, b) => a.period.localeCompare(b.period));
  return {
    organisationCode: code,
    organisationName: name,
    source: `NHS England, A&E Attendances and Emergency Admissions monthly statistics by provider (${code}), via reference/${file}`,
    licence: 'Contains public sector information licensed under the Open Government Licence v3.0.',
    values,
  };
}
