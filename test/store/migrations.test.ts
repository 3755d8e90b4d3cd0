import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/connect.ts';
import { postgresUrl } from '../support/suites.ts';
import { dropDatabase } from '../support/database.ts';

describe.skipIf(!postgresUrl)('migrations on PostgreSQL', () => {
  it('lets several instances start at once on a new database', async () => {
    const name = `tl_migrate_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl ?? undefined });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    try {
      const url = new URL(postgresUrl!);
      url.pathname = `/${name}`;
      const connections = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString() })));
      const result = await connections[0]!.pool!.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name = 'measure_values'");
      expect(result.rows[0]?.n).toBe(1);
      await Promise.all(connections.map((c) => c.close()));
    } finally {
      await dropDatabase(name);
    }
  });
});
