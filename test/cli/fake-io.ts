/** A CliIo that records output and serves standard input from a string. */
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../../src/cli/io.ts';

/** What a command wrote, and the io it wrote through. */
export interface FakeIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

/** A fake io whose standard input is `stdin`. */
export function createFakeIo(stdin = ''): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (text) => void out.push(text),
      err: (text) => void err.push(text),
      readText: (pathOrDash) =>
        pathOrDash === '-' ? Promise.resolve(stdin) : readFile(pathOrDash, 'utf8'),
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
