/**
 * Import benchmark: 1,000,000 values (1,000 weekly measures × 1,000 weeks) from one CSV file through
 * the streamed import of the command line (parse, check every row, store in one transaction),
 * against the database's own COPY of the same file into the empty measure_values table, in the same
 * run. PostgreSQL first when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a throwaway database
 * is created and dropped), then PGlite. Prints figures and ratios; it is not a timed test.
 * Run: npm run bench:import (BENCH_ENGINE=postgres or BENCH_ENGINE=pglite for one engine only)
 */
import { createReadStream, createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { openDatabase, type Connection } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { addPeriods } from '../src/domain/period.ts';
import type { Actor } from '../src/domain/person.ts';

const MEASURES = 1_000;
const WEEKS = 1_000;
const ROWS = MEASURES * WEEKS;
// The Monday after the last week in the file, so that every week in it is complete.
const NOW = new Date('2025-06-23T12:00:00Z');
const FIRST_WEEK = addPeriods('2025-06-16', 'weekly', -(WEEKS - 1));
const COPY_SQL = "COPY measure_values (measure_id, period, value, note) FROM %SOURCE% WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (note))";

const only = process.env.BENCH_ENGINE || null;
const postgresUrl = only === 'pglite' ? null : process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || null;
const dir = mkdtempSync(join(tmpdir(), 'throughline-bench-'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (ms: number) => `${Math.round(ROWS / (ms / 1000)).toLocaleString('en-GB')} rows/s`;

/** The highest resident set size seen while `work` runs, sampled every 50 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

/** One measure's values: a weekly series with noise, two decimals, as a trust's data looks. */
async function writeCsv(path: string, ids: readonly string[]): Promise<number> {
  const periods = Array.from({ length: WEEKS }, (_, i) => addPeriods(FIRST_WEEK, 'weekly', i));
  const out = createWriteStream(path);
  out.write('measure,period,value,note\n');
  for (let m = 0; m < ids.length; m++) {
    let chunk = '';
    for (let w = 0; w < WEEKS; w++) chunk += `${ids[m]},${periods[w]},${(50 + 30 * Math.sin(m + w / 7) + ((m * 7919 + w * 104729) % 1000) / 100).toFixed(2)},\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

async function copyFile(connection: Connection, path: string): Promise<void> {
  if (connection.pglite) {
    await connection.pglite.query(COPY_SQL.replace('%SOURCE%', "'/dev/blob'"), [], { blob: await openAsBlob(path) });
    return;
  }
  const client = await connection.pool!.connect();
  try {
    await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), client.query(copyStreams.from(COPY_SQL.replace('%SOURCE%', 'STDIN'))));
  } finally {
    client.release();
  }
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

async function countValues(connection: Connection): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await connection.db.execute(sql`select count(*)::int as n from measure_values`));
  return Number(row?.n ?? 0);
}

async function benchmark(engine: 'pglite' | 'postgres', connection: Connection): Promise<void> {
  console.log(`\n${engine === 'pglite' ? 'PGlite (embedded, in this process)' : 'PostgreSQL'}: ${ROWS.toLocaleString('en-GB')} values, ${MEASURES.toLocaleString('en-GB')} weekly measures × ${WEEKS.toLocaleString('en-GB')} weeks`);
  const services = createServices(createStorage(connection), loadReferenceOrganisations(), () => NOW);
  const organisation = await services.organisations.add({ code: 'BENCH1', name: 'Benchmark Trust', type: 'trust' });
  const actor: Actor = { kind: 'token', tokenId: '00000000-0000-0000-0000-000000000000', name: 'benchmark', organisationId: organisation.id, role: 'editor' };
  const goal = await services.goals.create(actor, organisation.id, { statement: 'Benchmark goal' });
  // A thousand measures through the service would time the service, not the import: one statement.
  // Their unit is 'other', so the file's values with two decimals are all valid for them.
  const inserted = rowsOf<{ id: string }>(await connection.db.execute(sql`
    insert into measures (goal_id, organisation_id, name, definition, unit, improvement_direction, frequency)
    select ${goal.id}, ${organisation.id}, 'Benchmark measure ' || lpad(i::text, 4, '0'), 'Synthetic values', 'other', 'increase', 'weekly'
    from generate_series(1, ${MEASURES}) i
    returning id`));
  const path = join(dir, `${engine}.csv`);
  const size = await writeCsv(path, inserted.map((r) => r.id));
  console.log(`  file: ${mb(size)} of CSV, measures named by id`);

  const copy = await withPeakRss(() => copyFile(connection, path));
  if ((await countValues(connection)) !== ROWS) throw new Error('COPY did not load every row');
  console.log(`  COPY into the empty table (primary key and foreign key as in use): ${seconds(copy.ms)}, ${rate(copy.ms)}`);
  await connection.db.execute(sql`truncate measure_values`);

  let startedAt = 0;
  let parsedAt = 0;
  const load = await withPeakRss(() => {
    startedAt = performance.now();
    return services.valueImport.importFile(actor, organisation.id, createReadStream(path, { highWaterMark: 256 * 1024 }), {
      onStoring: () => (parsedAt = performance.now()),
    });
  });
  if (load.result.summary.added !== ROWS || (await countValues(connection)) !== ROWS) throw new Error('the import did not store every row');
  const parseMs = parsedAt - startedAt;
  console.log(`  import into the empty table: ${seconds(load.ms)}, ${rate(load.ms)} (read and check ${seconds(parseMs)}, store ${seconds(load.ms - parseMs)})`);
  console.log(`  ratio import / COPY: ${(load.ms / copy.ms).toFixed(2)}×`);

  const again = await withPeakRss(() => services.valueImport.importFile(actor, organisation.id, createReadStream(path, { highWaterMark: 256 * 1024 })));
  if (again.result.summary.unchanged !== ROWS) throw new Error('the second import changed values');
  console.log(`  the same file again (every value unchanged): ${seconds(again.ms)}, ${rate(again.ms)}, ratio to COPY ${(again.ms / copy.ms).toFixed(2)}×`);
  console.log(`  peak RSS: COPY ${mb(copy.peakRss)}, import ${mb(load.peakRss)}, import again ${mb(again.peakRss)}; process so far ${mb(process.resourceUsage().maxRSS * 1024)}`);
  rmSync(path, { force: true });
}

const started = performance.now();
try {
  if (postgresUrl) {
    const name = `tl_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const connection = await openDatabase({ databaseUrl: url.toString() });
    try {
      await benchmark('postgres', connection);
    } finally {
      await connection.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else {
    console.log(only === 'pglite' ? 'PostgreSQL: skipped (BENCH_ENGINE=pglite)' : 'PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL to a throwaway server)');
  }
  if (only !== 'postgres') {
    const connection = await openDatabase({ dataDir: 'memory://' });
    try {
      await benchmark('pglite', connection);
    } finally {
      await connection.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nTotal ${seconds(performance.now() - started)}. The aim is an import within 1.5× of COPY (docs/decisions/0016-import-speed.md).`);
