/** Wiring: open the database and build the services on it. The only place db meets services. */
import type { Config } from '../config.ts';
import { openDatabase, type Connection } from '../db/connect.ts';
import { createStorage } from '../db/storage.ts';
import { loadReferenceOrganisations } from '../db/reference-organisations.ts';
import { loadPublicStatistics } from '../db/public-statistics.ts';
import { createServices, type Services } from '../services/index.ts';

/** An open database with the services on it. */
export interface Composition {
  connection: Connection;
  services: Services;
  /** Whether migrations were applied on open (a new database, or a new migration). */
  migrated: boolean;
  close(): Promise<void>;
}

/** Open the configured database (migrating it) and build the services. */
export async function compose(config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'sessions'>>): Promise<Composition> {
  const connection = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const services = createServices(createStorage(connection), loadReferenceOrganisations(), undefined, {
    sessions: config.sessions,
    publicStatistics: loadPublicStatistics(),
  });
  return { connection, services, migrated: connection.migrated, close: () => connection.close() };
}
