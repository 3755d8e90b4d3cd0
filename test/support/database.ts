/** Test databases: a migrated PGlite copied per test file, or a fresh PostgreSQL database. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Connection } from '../../src/db/connect.ts';
import { createStorage } from '../../src/db/storage.ts';
import { loadReferenceOrganisations } from '../../src/db/reference-organisations.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Clock, Storage } from '../../src/services/stores.ts';
import { postgresUrl } from './suites.ts';

let template: Promise<Blob> | null = null;

// Migrating a new PGlite takes seconds; a dump of a migrated one loads in a fraction of that.
async function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const c = await openDatabase({ dataDir: 'memory://' });
    const dump = await c.pglite!.dumpDataDir('none');
    await c.close();
    return dump;
  })();
  return template;
}

/** The engines store tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const engines = ['pglite', 'postgres'] as const;
export type Engine = (typeof engines)[number];

/** Open a fresh, migrated, empty database on an engine. */
export async function openTestDatabase(engine: Engine = 'pglite'): Promise<Connection> {
  if (engine === 'pglite') {
    return openDatabase({ dataDir: 'memory://', loadDataDir: await migratedTemplate() });
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `tl_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const c = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...c,
    async close() {
      await c.close();
      await dropDatabase(name);
    },
  };
}

/**
 * Drop a test database once its connections have gone: dropping with force while a closed pool's
 * connection is still ending makes the server kill it, which the client reports as an error.
 */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl ?? undefined });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (!rows[0]?.n) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

const reference = loadReferenceOrganisations();

/** A test world: a connection, its storage and the services on it. */
export interface TestWorld {
  connection: Connection;
  storage: Storage;
  services: Services;
  close(): Promise<void>;
}

/** Open a database and build the services on it. */
export async function openTestWorld(engine: Engine = 'pglite', clock?: Clock): Promise<TestWorld> {
  const connection = await openTestDatabase(engine);
  const storage = createStorage(connection);
  const services = createServices(storage, reference, clock);
  return { connection, storage, services, close: () => connection.close() };
}
