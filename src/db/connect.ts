/** Open the database: embedded PGlite by default, PostgreSQL when a URL is given; migrate on open. */
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate as nextTurnOfTheLoop } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from './schema.ts';
import { copyDatabaseTemplate, DATABASE_TEMPLATE } from './database-template.ts';

/** A Drizzle database or transaction on either engine. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The advisory lock key that serialises migrations on PostgreSQL ("TL" and a version). */
const MIGRATION_LOCK = 0x544c0001;

/** The newest migration the journal in a migrations folder lists (drizzle's `when`, in ms), or 0. */
export function newestMigration(folder = MIGRATIONS_FOLDER): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return journal.entries.reduce((newest, entry) => Math.max(newest, entry.when), 0);
}

/**
 * Whether a database has applied every migration of the journal: drizzle's migrations table is
 * read once, without reading or hashing the migration files. Drizzle applies a migration when it
 * is newer than the newest applied (its `created_at`), so the same test says there is nothing to do.
 */
export async function migrationsUpToDate(db: Db, folder = MIGRATIONS_FOLDER): Promise<boolean> {
  const newest = newestMigration(folder);
  const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => {
    const result: unknown = await db.execute(query);
    return (result as { rows: T[] }).rows;
  };
  const [table] = await rows<{ name: string | null }>(sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table?.name) return false;
  const [applied] = await rows<{ newest: string | null }>(sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`);
  const appliedNewest = applied?.newest;
  return appliedNewest != null && Number(appliedNewest) >= newest;
}

/** An open database connection and how to close it. */
export interface Connection {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** The PGlite instance, for bulk COPY and data-directory dumps; null on PostgreSQL. */
  pglite: PGlite | null;
  /** The pg pool, for COPY streams; null on PGlite. */
  pool: pg.Pool | null;
  /** Whether opening applied migrations (false when the database had them all, or `migrate: false`). */
  migrated: boolean;
  /** Whether a new embedded data directory was copied from the database template (decision 0018). */
  fromTemplate: boolean;
  close(): Promise<void>;
}

/** The embedded database is already open in another process. */
export class DatabaseInUse extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Throughline process (pid ${pid}), ` +
        'probably the server. Stop it and try again, or set DATABASE_URL to use PostgreSQL, ' +
        'which the server and the command line can share.',
    );
    this.name = 'DatabaseInUse';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat), or null where
 * there is no /proc. A pid is reused after a process ends; its start time is not.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[22 - 3] ?? null;
  } catch {
    return null;
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /node|throughline/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

/** What a lock file holds: "pid start-time", or only the pid where there is no /proc. */
function lockContent(pid: number): string {
  const started = processStartTime(pid);
  return started ? `${pid} ${started}` : String(pid);
}

/** The pid of the Throughline process that holds a lock, or null when the lock is stale. */
function lockHolder(content: string): number | null {
  const [pidText, started] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return null;
  const now = processStartTime(pid);
  // A live pid whose start time differs is another process that reused the number after a crash.
  if (started !== undefined && now !== null) return started === now ? pid : null;
  // A lock without a start time (an older version, or no /proc) is trusted only while its pid
  // is a Node process, so that an older server still running keeps its lock.
  if (started === undefined && now !== null) return isNodeProcess(pid) ? pid : null;
  return pid;
}

// PGlite is single-process: two processes on one data directory would corrupt it, so the first
// takes a lock file holding its pid and start time, and a later one is refused with a clear
// message. A lock whose process has gone, or whose pid now belongs to another process, is stale.
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'throughline.lock');
  const mine = lockContent(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, mine);
      closeSync(fd);
      return () => {
        if (existsSync(lockPath) && readFileSync(lockPath, 'utf8') === mine) {
          unlinkSync(lockPath);
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(readFileSync(lockPath, 'utf8'));
      if (holder !== null) throw new DatabaseInUse(dataDir, holder);
      unlinkSync(lockPath); // left by a process that has gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/** The longest the embedded database's queries may hold the event loop before it polls for I/O. */
const YIELD_AFTER_MS = 10;

/**
 * PGlite runs in this thread and its queries settle as microtasks, never as I/O, so a request's
 * queries would hold the event loop from its first to its answer: no other socket read, no 503
 * written. A query outside a transaction first lets the loop poll for I/O when queries have held
 * it for `YIELD_AFTER_MS` since it last did: not before every query, because each poll under
 * load means a turn of the loop behind every waiting socket, and a request of twenty quick queries
 * would wait twenty turns for its answer.
 */
function yieldBeforeQueries(client: PGlite): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let polledAt = performance.now();
  (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args) => {
    if (performance.now() - polledAt >= YIELD_AFTER_MS) {
      await nextTurnOfTheLoop();
      polledAt = performance.now();
    }
    return query(...args);
  };
}

/**
 * Run bulk work whose transactions may be lost in a crash part-way without harm (the demo, which
 * a crash interrupts part-way anyway) without waiting for each commit's write-ahead log to be
 * written: the embedded database writes its log through the file system call by call, and waiting
 * for it is half the time of loading the demo. Nothing is ever half-committed, and everything is
 * on disk when this returns. PostgreSQL keeps its own settings.
 */
export async function withRelaxedCommits<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  if (!connection.pglite) return work();
  await connection.pglite.exec('set synchronous_commit = off');
  try {
    return await work();
  } finally {
    await connection.pglite.exec('reset synchronous_commit');
    // The embedded database has no background writer to flush the log of those commits later:
    // a checkpoint writes it all now, so a crash after this point loses none of the work.
    await connection.pglite.exec('checkpoint');
  }
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; "memory://" keeps it in memory. */
  dataDir?: string | undefined;
  /** A PGlite data-directory dump to start from (tests). */
  loadDataDir?: Blob | undefined;
  /** Apply migrations (default true); skipped when the database has them all already. */
  migrate?: boolean;
  /** The migrations folder (tests); the app's own by default. */
  migrationsFolder?: string;
  /** The database template a new PGlite data directory copies (decision 0018); false for none. */
  template?: string | false;
}

/** Open and migrate the database. */
export async function openDatabase(options: OpenOptions): Promise<Connection> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server drops (a restart, a failover) is reported here; without a
    // listener it would end the process. The pool opens a new connection on next use.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema });
    const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
    const migrated = options.migrate !== false && !(await migrationsUpToDate(db, migrationsFolder));
    if (migrated) {
      // Several web instances may start at once on one database: they take turns to migrate.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    }
    return {
      db: db as unknown as Db,
      engine: 'postgres',
      pglite: null,
      pool,
      migrated,
      fromTemplate: false,
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    // A new directory copies the template, made once at install, instead of running initdb.
    const template = options.template ?? DATABASE_TEMPLATE;
    const fromTemplate = !inMemory && !options.loadDataDir && template !== false && copyDatabaseTemplate(dataDir, template);
    client = new PGlite(inMemory ? dataDir : dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    await client.waitReady;
    yieldBeforeQueries(client);
    const db = drizzlePglite(client, { schema });
    const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
    const migrated = options.migrate !== false && !(await migrationsUpToDate(db, migrationsFolder));
    if (migrated) await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      engine: 'pglite',
      pglite: client,
      pool: null,
      migrated,
      fromTemplate,
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
