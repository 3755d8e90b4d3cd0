/**
 * The embedded database's template (decision 0018): a new data directory copies it instead of
 * running PGlite's set-up; newer migrations are applied on open; a template made by another
 * version of PGlite, or a directory that already holds something, is left alone.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, newestMigration, openDatabase } from '../../src/db/connect.ts';
import { buildDatabaseTemplate, isNewDataDir, pgliteVersion, usableTemplate } from '../../src/db/database-template.ts';

const scratch = mkdtempSync(join(tmpdir(), 'throughline-template-'));
const template = join(scratch, 'template');
const olderMigrations = join(scratch, 'older-migrations');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

async function appliedMigrations(dataDir: string, templateDir: string | false = template) {
  const connection = await openDatabase({ dataDir, template: templateDir });
  try {
    const result = await connection.pglite!.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    return { fromTemplate: connection.fromTemplate, migrated: connection.migrated, applied: result.rows[0]!.n };
  } finally {
    await connection.close();
  }
}

describe('the database template', () => {
  let journal: Journal;

  beforeAll(async () => {
    // A template made before the newest migration, as one made by an older install would be.
    cpSync(MIGRATIONS_FOLDER, olderMigrations, { recursive: true });
    journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
    const older: Journal = { ...journal, entries: journal.entries.slice(0, -1) };
    writeFileSync(join(olderMigrations, 'meta', '_journal.json'), JSON.stringify(older));
    rmSync(join(olderMigrations, `${journal.entries.at(-1)!.tag}.sql`));
    await buildDatabaseTemplate({ dir: template, migrationsFolder: olderMigrations });
  }, 120_000);

  it('is stamped with the version of PGlite that made it, and usable by it', () => {
    expect(JSON.parse(readFileSync(join(template, 'throughline-template.json'), 'utf8'))).toEqual({ pglite: pgliteVersion() });
    expect(pgliteVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(usableTemplate(template)).toBe(true);
    expect(usableTemplate(join(scratch, 'no-such-template'))).toBe(false);
  });

  it('is copied into a new data directory, which then gets the migrations newer than it, and keeps its data', async () => {
    const dataDir = join(scratch, 'copied');
    expect(await appliedMigrations(dataDir)).toEqual({ fromTemplate: true, migrated: true, applied: journal.entries.length });
    expect(existsSync(join(dataDir, 'throughline-template.json'))).toBe(false);

    const connection = await openDatabase({ dataDir, template });
    expect(connection.fromTemplate).toBe(false);
    expect(connection.migrated).toBe(false);
    await connection.pglite!.query(`insert into organisations (id, code, name, type) values (gen_random_uuid(), 'XTP01', 'Template Test Trust', 'trust')`);
    await connection.close();
    const again = await openDatabase({ dataDir, template });
    const rows = await again.pglite!.query<{ code: string }>('select code from organisations');
    await again.close();
    expect(rows.rows).toEqual([{ code: 'XTP01' }]);
  }, 60_000);

  it('is copied, never opened itself: a second new directory gets the same template, and its own migrations', async () => {
    const first = join(scratch, 'first');
    const second = join(scratch, 'second');
    await appliedMigrations(first);
    expect(await appliedMigrations(second)).toEqual({ fromTemplate: true, migrated: true, applied: journal.entries.length });
    // The template still lacks the newest migration: opening a copy did not change it.
    expect(newestMigration(olderMigrations)).toBeLessThan(newestMigration(MIGRATIONS_FOLDER));
    const stillOlder = join(scratch, 'still-older');
    const connection = await openDatabase({ dataDir: stillOlder, template, migrationsFolder: olderMigrations });
    const result = await connection.pglite!.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    await connection.close();
    expect(connection.migrated).toBe(false);
    expect(result.rows[0]!.n).toBe(journal.entries.length - 1);
  }, 60_000);

  it('is not used when another version of PGlite made it: PGlite sets the new directory up itself', async () => {
    const other = join(scratch, 'other-version');
    cpSync(template, other, { recursive: true });
    writeFileSync(join(other, 'throughline-template.json'), JSON.stringify({ pglite: '0.0.1' }));
    expect(usableTemplate(other)).toBe(false);
    expect(await appliedMigrations(join(scratch, 'set-up-by-pglite'), other)).toEqual({
      fromTemplate: false,
      migrated: true,
      applied: journal.entries.length,
    });
  }, 120_000);

  it('is copied only into a directory that holds nothing but its lock', () => {
    const empty = join(scratch, 'empty');
    expect(isNewDataDir(join(scratch, 'not-made-yet'))).toBe(true);
    mkdirSync(empty);
    expect(isNewDataDir(empty)).toBe(true);
    writeFileSync(join(empty, 'throughline.lock'), '1 1');
    expect(isNewDataDir(empty)).toBe(true);
    writeFileSync(join(empty, 'PG_VERSION'), '18');
    expect(isNewDataDir(empty)).toBe(false);
  });
});
