#!/usr/bin/env node
// Starts the Throughline web server. It runs from one bundled file, `dist/server.cjs`, built by
// `npm install` and rebuilt here when the source is newer, and compiled with V8's code cache
// (decision 0017); if it cannot be built, the TypeScript source runs through tsx as it is.
import { setTimeout } from 'node:timers';
import { setFlagsFromString } from 'node:v8';
import { ensureServerBuilt, loadServerBundle } from '../scripts/build-server.js';

// The embedded database is WebAssembly. Compiled in the background (V8's default), its first
// query after opening waits about 0.2 s for those threads; compiled at once, it does not, and its
// queries are no slower (decision 0017).
setFlagsFromString('--no-wasm-async-compilation');

let bundle = null;
try {
  if (await ensureServerBuilt()) console.log(`Built the server (its source had changed) at ${process.uptime().toFixed(1)} s.`);
  bundle = loadServerBundle();
} catch (e) {
  console.error(`The server could not be built, so it runs from its TypeScript source: ${e instanceof Error ? e.message : String(e)}`);
}
if (bundle) {
  await bundle.exports.startServer();
  // Once the server has started (and compiled its route schemas), keep what V8 compiled for the
  // next start. A failure to write it costs only speed.
  setTimeout(() => {
    try {
      bundle.saveCodeCache();
    } catch {
      // A read-only install: every start compiles.
    }
  }, 3000).unref();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main/server.ts', import.meta.url).href);
}
