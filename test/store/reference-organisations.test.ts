/** The reference list of NHS trusts and ICBs in reference/, read on first use. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReferenceOrganisations } from '../../src/db/reference-organisations.ts';

const REFERENCE = fileURLToPath(new URL('../../reference', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'throughline-reference-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the reference organisations', () => {
  it('finds open trusts and ICBs by code, in any case and with spaces, and names them in title case', () => {
    const reference = loadReferenceOrganisations();
    expect(reference.find(' rff ')).toEqual({ code: 'RFF', name: 'Barnsley Hospital NHS Foundation Trust', type: 'trust', region: expect.any(String) });
    const icb = reference.search('integrated care board', 100).find((o) => o.type === 'icb');
    expect(icb).toBeDefined();
    expect(reference.find(icb!.code)).toEqual(icb);
    expect(reference.find('ZZZ99')).toBeNull();
    expect(reference.search('barnsley', 5).map((o) => o.code)).toContain('RFF');
  });

  it('reads its files on first use, not when it is made, so a start does not wait for them', () => {
    // A folder without the files: making the list does not read them, its first use does.
    const reference = loadReferenceOrganisations(join(scratch, 'missing'));
    expect(() => reference.find('RFF')).toThrow(/ENOENT/);
  });

  it('reads them once: a later change to the files is not seen', () => {
    const dir = mkdtempSync(join(scratch, 'once-'));
    for (const file of ['ods-etr-trusts-2025Q1.csv', 'icb-2022-to-2026-03.csv']) copyFileSync(join(REFERENCE, file), join(dir, file));
    const reference = loadReferenceOrganisations(dir);
    expect(reference.find('RFF')?.code).toBe('RFF');
    rmSync(join(dir, 'ods-etr-trusts-2025Q1.csv'));
    expect(reference.find('RFF')?.code).toBe('RFF');
  });
});
