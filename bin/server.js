#!/usr/bin/env node
// Starts the Throughline web server (TypeScript run through tsx, no build step).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main/server.ts', import.meta.url).href);
