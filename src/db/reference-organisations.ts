/** The reference list of NHS trusts and ICBs, read from the CSV files in reference/. */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type {
  ReferenceOrganisation,
  ReferenceOrganisations,
} from '../services/organisations.ts';

const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'reference');

function titleCase(name: string): string {
  const small = new Set(['and', 'of', 'the', 'for', 'in', 'on']);
  return name
    .toLowerCase()
    .split(' ')
    .map((w, i) => (i > 0 && small.has(w) ? w : w.replace(/(^|[-'(])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase())))
    .join(' ')
    .replace(/\bNhs\b/g, 'NHS');
}

/**
 * The reference organisations (open trusts and the ICBs), read from the files on first use, so a
 * start does not pay for it.
 */
export function loadReferenceOrganisations(dir = REFERENCE_DIR): ReferenceOrganisations {
  let loaded: { all: ReferenceOrganisation[]; byCode: Map<string, ReferenceOrganisation> } | null = null;
  const load = () => {
    if (loaded) return loaded;
    const trusts: string[][] = parse(readFileSync(join(dir, 'ods-etr-trusts-2025Q1.csv'), 'utf8'), {
      relax_column_count: true,
    });
    const icbs = parse<Record<string, string>>(readFileSync(join(dir, 'icb-2022-to-2026-03.csv'), 'utf8'), {
      columns: true,
    });
    const all: ReferenceOrganisation[] = [];
    for (const row of trusts) {
      const [code, name, region] = row;
      const closed = row[11];
      if (!code || !name || closed) continue;
      all.push({ code, name: titleCase(name), type: 'trust', region: region ?? '' });
    }
    for (const row of icbs) {
      if (!row.icb_ods_code || !row.icb_name) continue;
      all.push({ code: row.icb_ods_code, name: row.icb_name, type: 'icb', region: row.nhse_region_name ?? '' });
    }
    all.sort((a, b) => a.name.localeCompare(b.name));
    loaded = { all, byCode: new Map(all.map((o) => [o.code, o])) };
    return loaded;
  };
  return {
    attribution: 'Contains public sector information licensed under the Open Government Licence v3.0.',
    find: (code) => load().byCode.get(code.trim().toUpperCase()) ?? null,
    search(query, limit) {
      const { all } = load();
      const q = query.trim().toLowerCase();
      if (!q) return all.slice(0, limit);
      return all.filter((o) => o.code.toLowerCase() === q || o.name.toLowerCase().includes(q)).slice(0, limit);
    },
  };
}
