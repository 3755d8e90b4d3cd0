#!/usr/bin/env node
// The `throughline` command: TypeScript source runs through tsx's loader (the web server alone
// runs from a bundle, decision 0017).
import { URL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// As in bin/server.js: the embedded database's WebAssembly compiled at once, not in the background.
setFlagsFromString('--no-wasm-async-compilation');
register();
await import(new URL('../src/main/cli.ts', import.meta.url).href);
