/**
 * Before any test: say which optional suites are skipped and why (or fail in CI), and migrate one
 * template database per engine that every test file copies instead of migrating its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connect.ts';
import { createDatabase, dropDatabase } from './postgres-admin.ts';
import { optionalSuites, postgresUrl, requireAllSuites } from './suites.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump of a migrated PGlite data directory, to load instead of migrating. */
    pgliteTemplate: string | null;
    /** A migrated PostgreSQL database to create test databases from. */
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = optionalSuites.filter((s) => !s.available);
  if (missing.length && requireAllSuites) {
    throw new Error(
      `Every suite must run in CI, but these cannot: ${missing.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
    );
  }
  for (const s of missing) console.warn(`Skipping ${s.name}: ${s.reason}`);

  const dir = mkdtempSync(join(tmpdir(), 'throughline-test-'));
  const dumpPath = join(dir, 'pglite-migrated.tar');
  const c = await openDatabase({ dataDir: 'memory://' });
  const dump = await c.pglite!.dumpDataDir('none');
  await c.close();
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', dumpPath);

  let postgresTemplate: string | null = null;
  if (postgresUrl) {
    postgresTemplate = `tl_template_${randomBytes(6).toString('hex')}`;
    const url = await createDatabase(postgresTemplate);
    const pgc = await openDatabase({ databaseUrl: url });
    await pgc.close();
  }
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (postgresTemplate) await dropDatabase(postgresTemplate);
  };
}
