// Makes the embedded database's template, `dist/database-template`: PGlite's own set-up run once,
// with every migration applied, for new data directories to copy (decision 0018). `npm install`
// runs it after building the server; `npm run build` runs it with `--strict`.
import { relative } from 'node:path';
import { buildDatabaseTemplate, DATABASE_TEMPLATE } from '../src/db/database-template.ts';
import { MIGRATIONS_FOLDER } from '../src/db/connect.ts';

const started = performance.now();
try {
  await buildDatabaseTemplate({ dir: DATABASE_TEMPLATE, migrationsFolder: MIGRATIONS_FOLDER });
  console.log(`Made the database template ${relative(process.cwd(), DATABASE_TEMPLATE)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  if (process.argv.includes('--strict')) {
    console.error(`The database template was not made: ${message}`);
    process.exit(1);
  }
  // An install never fails for it: a new database is then set up by PGlite itself, more slowly.
  console.error(`The database template was not made, so a new embedded database will take longer to set up: ${message}`);
}
