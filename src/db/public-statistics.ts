/** Public NHS statistics by provider, read once from reference/: A&E 4-hour performance and the trusts of each ICB. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { ReferenceSeries } from '../domain/reference-series.ts';
import type { PublicStatistics } from '../services/peers.ts';

const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'reference');
/** The monthly A&E file, copied unchanged from NHS England's statistics. */
export const AE_MONTHLY_FILE = 'nhse_ae_monthly_by_provider_2015-2024.csv';
const ODS_TRUSTS_FILE = 'ods-etr-trusts-2025Q1.csv';
const LICENCE = 'Contains public sector information licensed under the Open Government Licence v3.0.';

function titleCase(name: string): string {
  return name.toLowerCase().replace(/\b([a-z])/g, (c) => c.toUpperCase()).replace(/\bNhs\b/g, 'NHS').replace(/\bAnd\b/g, 'and').replace(/\bOf\b/g, 'of');
}

/**
 * Public statistics from reference/: 4-hour performance = (1 − attendances over 4 hours ÷ all
 * attendances) × 100 per provider and month, all A&E types; a month without attendances or
 * 4-hour figures is left out. Read on first use, so start-up does not pay for it.
 */
export function loadPublicStatistics(dir = REFERENCE_DIR): PublicStatistics {
  let loaded: { series: Map<string, ReferenceSeries>; icbOf: Map<string, string>; byIcb: Map<string, string[]>; names: Map<string, string> } | null = null;
  const load = () => {
    if (loaded) return loaded;
    const series = new Map<string, ReferenceSeries>();
    const rows = parse<Record<string, string>>(readFileSync(join(dir, AE_MONTHLY_FILE), 'utf8'), { columns: true, skip_empty_lines: true });
    for (const row of rows) {
      const code = row.org_code ?? '';
      const attendances = Number(row.att_total);
      const over = Number(row.over4h_total);
      if (!code || !row.period || !Number.isFinite(attendances) || !Number.isFinite(over) || row.over4h_total === '' || attendances <= 0) continue;
      let s = series.get(code);
      if (!s) {
        s = {
          organisationCode: code,
          organisationName: row.org_name ?? code,
          source: `NHS England, A&E Attendances and Emergency Admissions monthly statistics by provider, via reference/${AE_MONTHLY_FILE}`,
          licence: LICENCE,
          values: [],
        };
        series.set(code, s);
      }
      s.organisationName = row.org_name || s.organisationName;
      s.values.push({ period: row.period, value: (1 - over / attendances) * 100 });
    }
    for (const s of series.values()) s.values.sort((a, b) => a.period.localeCompare(b.period));
    const icbOf = new Map<string, string>();
    const byIcb = new Map<string, string[]>();
    const names = new Map<string, string>();
    const trusts: string[][] = parse(readFileSync(join(dir, ODS_TRUSTS_FILE), 'utf8'), { relax_column_count: true, skip_empty_lines: true });
    for (const t of trusts) {
      const [code, name, , icb] = t;
      const closed = t[11];
      if (!code || !icb || closed) continue;
      icbOf.set(code, icb);
      names.set(code, titleCase(name ?? code));
      byIcb.set(icb, [...(byIcb.get(icb) ?? []), code]);
    }
    loaded = { series, icbOf, byIcb, names };
    return loaded;
  };
  return {
    source: `NHS England, A&E Attendances and Emergency Admissions monthly statistics by provider, July 2015 to June 2024 (reference/${AE_MONTHLY_FILE})`,
    licence: LICENCE,
    fourHour(code) {
      return load().series.get(code) ?? null;
    },
    sameIcb(code) {
      const l = load();
      const icb = l.icbOf.get(code);
      return icb ? { icb, codes: l.byIcb.get(icb) ?? [] } : null;
    },
    nameOf(code) {
      const l = load();
      return l.names.get(code) ?? l.series.get(code)?.organisationName ?? null;
    },
  };
}
