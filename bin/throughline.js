#!/usr/bin/env node
// The `throughline` command: TypeScript source runs through tsx's loader, so there is no build step.
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main/cli.ts', import.meta.url).href);
