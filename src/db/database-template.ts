/**
 * A template of the embedded database: a data directory made once by PGlite's own set-up
 * (`initdb`, about 5 s here) with every migration applied, which a new data directory copies
 * instead of running `initdb` again (decision 0018). `npm install` makes it
 * (`scripts/build-database-template.ts`); a template made by another version of PGlite is never
 * used, and migrations newer than the template are applied on open as usual.
 */
import { constants, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/** Where `npm install` puts the template. */
export const DATABASE_TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'database-template');

/** The file in a template that says what made it; it is not copied. */
const STAMP = 'throughline-template.json';

/** The files a new data directory may already hold: the embedded database's lock. */
const ALLOWED_IN_NEW = new Set(['throughline.lock']);

interface Stamp {
  /** The version of PGlite that made the template: its data directory's format. */
  pglite: string;
}

/** The installed PGlite's version, from its package.json (which its exports do not list). */
export function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The version of PGlite could not be read');
    dir = parent;
  }
}

/**
 * Make a template in `dir`: a new PGlite data directory with the migrations of `migrationsFolder`.
 * It is made beside `dir` and renamed into place when complete, so a template is never half made.
 */
export async function buildDatabaseTemplate(options: { dir?: string; migrationsFolder: string }): Promise<void> {
  const dir = options.dir ?? DATABASE_TEMPLATE;
  const building = `${dir}.${process.pid}.building`;
  rmSync(building, { recursive: true, force: true });
  try {
    const db = new PGlite(building);
    await db.waitReady;
    await migrate(drizzle(db), { migrationsFolder: options.migrationsFolder });
    // A checkpoint on close leaves a clean directory, with nothing to recover on open.
    await db.close();
    const stamp: Stamp = { pglite: pgliteVersion() };
    writeFileSync(join(building, STAMP), `${JSON.stringify(stamp)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** Whether `dir` holds a template this PGlite can open. */
export function usableTemplate(dir: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as Partial<Stamp>;
    return stamp.pglite === pgliteVersion() && existsSync(join(dir, 'PG_VERSION'));
  } catch {
    return false;
  }
}

/** Whether a data directory is new: it holds no database yet, only (perhaps) its lock. */
export function isNewDataDir(dataDir: string): boolean {
  try {
    return readdirSync(dataDir).every((name) => ALLOWED_IN_NEW.has(name));
  } catch {
    return true;
  }
}

/**
 * Copy the template into a new data directory; says whether it did. Nothing is copied when the
 * directory already holds anything but its lock, or the template is missing or was made by
 * another version of PGlite: PGlite then sets the directory up itself.
 */
export function copyDatabaseTemplate(dataDir: string, template = DATABASE_TEMPLATE): boolean {
  if (!isNewDataDir(dataDir) || !usableTemplate(template)) return false;
  try {
    cpSync(template, dataDir, {
      recursive: true,
      // A copy-on-write clone where the file system has them; a plain copy elsewhere.
      mode: constants.COPYFILE_FICLONE,
      filter: (source) => source !== join(template, STAMP),
    });
    return true;
  } catch (e) {
    // Half a copy is no database: leave the directory as new, for PGlite to set up.
    for (const name of readdirSync(dataDir)) {
      if (!ALLOWED_IN_NEW.has(name)) rmSync(join(dataDir, name), { recursive: true, force: true });
    }
    throw e;
  }
}
