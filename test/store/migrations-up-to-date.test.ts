import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER, migrationsUpToDate, newestMigration, openDatabase, type Connection } from '../../src/db/connect.ts';

// A copy of the migrations that each test may change, and a dump of a database migrated with
// them: opening that dump again is a restart.
let folder: string;
let migrated: Blob;

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

function journal(): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

async function appliedCount(c: Connection): Promise<number> {
  const r = await c.pglite!.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  return r.rows[0]!.n;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tl-migrations-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const c = await openDatabase({ dataDir: 'memory://', migrationsFolder: folder });
  migrated = await c.pglite!.dumpDataDir('none');
  await c.close();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('migrations on open', () => {
  it('says a new database is not up to date and a migrated one is', async () => {
    const fresh = await openDatabase({ dataDir: 'memory://', migrate: false });
    expect(await migrationsUpToDate(fresh.db, folder)).toBe(false);
    await fresh.close();
    const again = await openDatabase({ dataDir: 'memory://', loadDataDir: migrated, migrate: false });
    expect(await migrationsUpToDate(again.db, folder)).toBe(true);
    expect(await appliedCount(again)).toBe(journal().entries.length);
    await again.close();
  });

  it('reads the newest migration from the journal', () => {
    expect(newestMigration(folder)).toBe(Math.max(...journal().entries.map((e) => e.when)));
  });

  it('skips the migration run when every migration is applied, without reading the migration files', async () => {
    // With a listed file gone, a migration run would fail to read it: opening proves no run.
    const first = journal().entries[0]!;
    const path = join(folder, `${first.tag}.sql`);
    const sqlText = readFileSync(path, 'utf8');
    unlinkSync(path);
    try {
      const c = await openDatabase({ dataDir: 'memory://', loadDataDir: migrated, migrationsFolder: folder });
      expect(c.migrated).toBe(false);
      expect(await appliedCount(c)).toBe(journal().entries.length);
      await c.close();
      await expect(openDatabase({ dataDir: 'memory://', migrationsFolder: folder })).rejects.toThrow();
    } finally {
      writeFileSync(path, sqlText);
    }
  });

  it('still applies a migration that is new since the database was last opened', async () => {
    const before = journal();
    const last = before.entries[before.entries.length - 1]!;
    const tag = `${String(last.idx + 1).padStart(4, '0')}_test_new_table`;
    const added: Journal = { ...before, entries: [...before.entries, { ...last, idx: last.idx + 1, when: last.when + 1000, tag }] };
    writeFileSync(join(folder, `${tag}.sql`), 'CREATE TABLE "test_new_table" ("id" integer PRIMARY KEY);');
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(added));
    try {
      const c = await openDatabase({ dataDir: 'memory://', loadDataDir: migrated, migrationsFolder: folder });
      expect(c.migrated).toBe(true);
      expect(await appliedCount(c)).toBe(before.entries.length + 1);
      const table = await c.pglite!.query<{ name: string | null }>("select to_regclass('public.test_new_table')::text as name");
      expect(table.rows[0]!.name).toBe('test_new_table');
      expect(await migrationsUpToDate(c.db, folder)).toBe(true);
      await c.close();
    } finally {
      writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(before));
      unlinkSync(join(folder, `${tag}.sql`));
    }
  });
});
