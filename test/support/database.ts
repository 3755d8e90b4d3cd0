/** Test databases: a migrated PGlite copied per test file, or a fresh PostgreSQL database. */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connect.ts';
import { createStorage } from '../../src/db/storage.ts';
import { loadReferenceOrganisations } from '../../src/db/reference-organisations.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Clock, Storage } from '../../src/services/stores.ts';
import { createDatabase, dropDatabase } from './postgres-admin.ts';

export { dropDatabase };

let template: Promise<Blob> | null = null;

// Migrating a new PGlite takes seconds; a dump of a migrated one loads in a fraction of that. The
// global set-up writes one dump for the whole run; a file run without it migrates its own.
async function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const path = inject('pgliteTemplate');
    if (path) return new Blob([await readFile(path)]);
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
  const name = `tl_test_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(name, inject('postgresTemplate') ?? undefined);
  const c = await openDatabase({ databaseUrl: url });
  return {
    ...c,
    async close() {
      await c.close();
      await dropDatabase(name);
    },
  };
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
