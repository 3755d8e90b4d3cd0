/**
 * Crash test: `throughline import` of a large file, killed with SIGKILL while it stores the values,
 * stores all of that file or none of it, on PGlite and (with TEST_DATABASE_URL) PostgreSQL; and the
 * next start opens the embedded database, whose lock the killed process left behind.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connect.ts';
import { addPeriods, periodStartOf } from '../../src/domain/period.ts';
import { dropDatabase } from '../support/database.ts';
import { postgresUrl, requireAllSuites } from '../support/suites.ts';

const BIN = fileURLToPath(new URL('../../bin/throughline.js', import.meta.url));
const MEASURES = 25;
const WEEKS = 2_000; // back to the 1980s: every period is a finished week after 1900
const VALUES = MEASURES * WEEKS;
const CODE = 'CRASH1';
const parent = mkdtempSync(join(tmpdir(), 'throughline-crash-'));

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** An organisation, a goal and MEASURES weekly measures, and the CSV file of their values. */
async function prepare(connection: Connection, csvPath: string): Promise<void> {
  const [org] = rowsOf<{ id: string }>(
    await connection.db.execute(sql`insert into organisations (code, name, type) values (${CODE}, 'Crash Test Trust', 'trust') returning id`),
  );
  const [goal] = rowsOf<{ id: string }>(
    await connection.db.execute(sql`insert into goals (organisation_id, statement) values (${org!.id}, 'Values survive a crash') returning id`),
  );
  const measures = rowsOf<{ id: string }>(await connection.db.execute(sql`
    insert into measures (goal_id, organisation_id, name, definition, unit, improvement_direction, frequency)
    select ${goal!.id}, ${org!.id}, 'Crash measure ' || i, 'Synthetic values', 'count', 'increase', 'weekly'
    from generate_series(1, ${MEASURES}) i returning id`));
  const lastWeek = addPeriods(periodStartOf(new Date(), 'weekly'), 'weekly', -1);
  const periods = Array.from({ length: WEEKS }, (_, i) => addPeriods(lastWeek, 'weekly', i - (WEEKS - 1)));
  const out = createWriteStream(csvPath);
  out.write('measure,period,value\n');
  for (const [m, { id }] of measures.entries()) {
    let chunk = '';
    for (let w = 0; w < WEEKS; w++) chunk += `${id},${periods[w]},${(m * 7 + w) % 500}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function countValues(connection: Connection): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await connection.db.execute(sql`select count(*)::int as n from measure_values`));
  return Number(row?.n ?? 0);
}

interface Ended {
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `throughline import`; with `killOn`, send SIGKILL as soon as its output matches (the line it
 * writes when it has read the whole file and begins the transaction that stores it).
 */
function importFile(csvPath: string, env: Record<string, string>, killOn?: RegExp): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'import', csvPath, '--organisation', CODE], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watch = () => {
      if (killOn && child.exitCode === null && killOn.test(stdout + stderr)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), watch()));
    child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), watch()));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ signal, exitCode, stdout, stderr }));
  });
}

const STORING = /Storing [\d,]+ values/;
const STORED_ALL = new RegExp(`added ${VALUES.toLocaleString('en-GB')}, changed 0, unchanged 0`);
const NOTHING_CHANGED = /Nothing changed/;

describe('throughline import killed with SIGKILL', () => {
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('on the embedded database stores all or nothing, and the next start opens the database', { timeout: 240_000 }, async () => {
    const dataDir = join(parent, 'data');
    const csvPath = join(parent, 'pglite.csv');
    const seeded = await openDatabase({ dataDir });
    await prepare(seeded, csvPath);
    await seeded.close();
    const env = { THROUGHLINE_DATA_DIR: dataDir, DATABASE_URL: '' };

    const killed = await importFile(csvPath, env, STORING);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toMatch(STORING);
    expect(killed.stdout).not.toMatch(/Stored values/);
    // The killed process could not remove its lock: the next start must see that it is stale.
    const lock = join(dataDir, 'throughline.lock');
    expect(existsSync(lock)).toBe(true);
    expect(readFileSync(lock, 'utf8')).toMatch(/^\d+( \d+)?$/);

    const reopened = await openDatabase({ dataDir });
    const afterKill = await countValues(reopened);
    await reopened.close();
    expect([0, VALUES]).toContain(afterKill);

    // The command line starts again on the same directory and finishes what the killed run began.
    const again = await importFile(csvPath, env);
    expect(again.stderr).not.toMatch(/in use|locked/i);
    expect(again.exitCode).toBe(0);
    // Its summary counts what is stored now: the whole file, either added now or already there.
    expect(again.stdout).toMatch(afterKill === 0 ? STORED_ALL : NOTHING_CHANGED);
  });

  it.skipIf(!postgresUrl && !requireAllSuites)('on PostgreSQL stores all or nothing', { timeout: 240_000 }, async () => {
    const name = `tl_crash_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(postgresUrl!);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const csvPath = join(parent, 'postgres.csv');
    try {
      const seeded = await openDatabase({ databaseUrl });
      await prepare(seeded, csvPath);
      await seeded.close();
      const env = { DATABASE_URL: databaseUrl };

      const killed = await importFile(csvPath, env, STORING);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stdout).not.toMatch(/Stored values/);

      const after = await openDatabase({ databaseUrl });
      // The server ends the killed client's transaction when its connection drops; wait for that.
      let afterKill = await countValues(after);
      for (let i = 0; i < 100; i++) {
        const [row] = rowsOf<{ n: number }>(await after.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`));
        if (!row?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      afterKill = await countValues(after);
      expect([0, VALUES]).toContain(afterKill);

      const again = await importFile(csvPath, env);
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toMatch(afterKill === 0 ? STORED_ALL : NOTHING_CHANGED);
      expect(await countValues(after)).toBe(VALUES);
      await after.close();
    } finally {
      await dropDatabase(name);
    }
  });
});
