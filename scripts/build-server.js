// Builds the web server into one JavaScript file, `dist/server.cjs`, so that a start loads one
// file instead of several hundred TypeScript and package modules through tsx, and loads it with
// V8's code cache (decision 0017). `npm install` runs it (the `prepare` script); `bin/server.js`
// runs it again when a source file, the lock file or this script is newer than the bundle.
import { readFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'server.cjs');

/**
 * Packages left out of the bundle and loaded from node_modules as they are: those that read
 * files beside their own code (the embedded database's WASM, the API documentation's assets), a
 * native addon, and the PDF browser driver, which loads only with the first PDF.
 */
const EXTERNAL = ['@electric-sql/pglite', '@node-rs/argon2', '@fastify/swagger-ui', 'playwright-core', 'pg-native'];

/** Every file whose change should rebuild the bundle: the sources, the lock file and this script. */
function inputs(root) {
  const files = [join(root, 'package-lock.json'), join(root, 'package.json'), fileURLToPath(import.meta.url)];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(root, 'src'));
  return files;
}

const modified = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.NaN;
  }
};

/** Whether the bundle exists and is at least as new as everything it is built from. */
export function bundleIsFresh({ root = ROOT, bundle = BUNDLE } = {}) {
  const built = modified(bundle);
  if (Number.isNaN(built)) return false;
  return inputs(root).every((file) => !(modified(file) > built));
}

/**
 * Build the bundle of `entry` (the web server by default) into `bundle`. Files are written beside
 * it under temporary names and renamed into place, the map first, so a start never reads half a
 * bundle or an old map.
 */
export async function buildServer({ root = ROOT, bundle = BUNDLE, entry = join(root, 'src', 'main', 'start-server.ts') } = {}) {
  const { build } = await import('esbuild');
  const outdir = dirname(bundle);
  const result = await build({
    entryPoints: { [relative(outdir, bundle).replace(/\.cjs$/, '')]: entry },
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    // CommonJS, so that it can be compiled with a code cache (loadServerBundle); dynamic imports
    // become require() calls, which the cache keeps working.
    format: 'cjs',
    supported: { 'dynamic-import': false },
    target: 'node20',
    external: EXTERNAL,
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: 'linked',
    write: false,
    outdir,
    logLevel: 'silent',
    plugins: [
      {
        // Our modules find their views, assets, migrations and reference files beside their
        // source: each keeps the address of its own source file, not the bundle's.
        name: 'source-addresses',
        setup(b) {
          b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
            const text = await readFile(args.path, 'utf8');
            const other = /import\.meta\.(?!url\b)\w+/.exec(text);
            if (other) return { errors: [{ text: `${other[0]} is not supported in the server bundle; use import.meta.url` }] };
            const source = relative(outdir, args.path).split('\\').join('/');
            return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(source)}, __bundleUrl).href`), loader: 'ts' };
          });
        },
      },
    ],
  });
  mkdirSync(outdir, { recursive: true });
  const written = result.outputFiles
    .map((file) => {
      const temporary = `${file.path}.${process.pid}.tmp`;
      writeFileSync(temporary, file.contents);
      return [temporary, file.path];
    })
    .sort(([, a], [, b]) => Number(a.endsWith('.cjs')) - Number(b.endsWith('.cjs')));
  // A code cache belongs to one bundle: the old one goes before the new bundle is in place.
  rmSync(`${bundle}.cache`, { force: true });
  for (const [temporary, path] of written) renameSync(temporary, path);
}

/**
 * Load the bundle, compiled with V8's code cache when there is one for this very bundle (its size
 * and time of writing are in the cache's first line; V8 checks its own version and flags), and
 * give its exports. `saveCodeCache` writes the cache from what has been compiled so far, once the
 * server has started, unless the cache was used: a start then skips most of compiling. With
 * source maps on (`--enable-source-maps`) it is required as usual, so traces name the source.
 */
export function loadServerBundle({ bundle: given = BUNDLE } = {}) {
  const bundle = resolve(given);
  // Node maps stack traces through a source map only for modules it loads itself.
  if (process.sourceMapsEnabled) return { exports: createRequire(import.meta.url)(bundle), usedCache: false, saveCodeCache: () => false };
  const source = readFileSync(bundle, 'utf8');
  const { size, mtimeMs } = statSync(bundle);
  const stamp = `${size} ${mtimeMs}\n`;
  const cacheFile = `${bundle}.cache`;
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, stamp.length).toString() === stamp) cachedData = cache.subarray(stamp.length);
  } catch {
    // No cache yet.
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    usedCache,
    saveCodeCache() {
      if (usedCache) return false;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([Buffer.from(stamp), script.createCachedData()]));
      renameSync(temporary, cacheFile);
      return true;
    },
  };
}

/** Build the bundle unless it is fresh; says whether it built. */
export async function ensureServerBuilt(options = {}) {
  if (bundleIsFresh(options)) return false;
  await buildServer(options);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  try {
    await buildServer();
    console.log(`Built ${relative(ROOT, BUNDLE)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } catch (e) {
    rmSync(BUNDLE, { force: true });
    const message = e instanceof Error ? e.message : String(e);
    if (process.argv.includes('--strict')) {
      console.error(`The server bundle was not built: ${message}`);
      process.exit(1);
    }
    // An install never fails for it: the server then runs its TypeScript source through tsx.
    console.error(`The server bundle was not built, so npm start will run the TypeScript source: ${message}`);
  }
}
