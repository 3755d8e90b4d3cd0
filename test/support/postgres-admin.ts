/** Create and drop throwaway databases on the test PostgreSQL server. */
import pg from 'pg';
import { postgresUrl } from './suites.ts';

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Create database `name` (a copy of `template` when given) and answer its URL. */
export async function createDatabase(name: string, template?: string): Promise<string> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
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
