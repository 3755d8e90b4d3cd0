#!/usr/bin/env node
// Starts the Throughline web server. It runs from one bundled file, `dist/server.js`, built by
// `npm install` and rebuilt here when the source is newer (decision 0017); if it cannot be built,
// the TypeScript source runs through tsx as it is.
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { BUNDLE, ensureServerBuilt } from '../scripts/build-server.js';

// The embedded database is WebAssembly. Compiled in the background (V8's default), its first
// query after opening waits about 0.2 s for those threads; compiled at once, it does not, and its
// queries are no slower (decision 0017).
setFlagsFromString('--no-wasm-async-compilation');

let entry = pathToFileURL(BUNDLE).href;
try {
  if (await ensureServerBuilt()) console.log(`Built the server (its source had changed) at ${process.uptime().toFixed(1)} s.`);
} catch (e) {
  console.error(`The server could not be built, so it runs from its TypeScript source: ${e instanceof Error ? e.message : String(e)}`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/main/server.ts', import.meta.url).href;
}
await import(entry);
