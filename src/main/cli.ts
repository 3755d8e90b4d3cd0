/** The `throughline` command: wires the database and services to the command line and runs it with process IO. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { DatabaseInUse, openDatabase, type Connection } from '../db/connect.ts';
import { createStorage } from '../db/storage.ts';
import { loadReferenceOrganisations } from '../db/reference-organisations.ts';
import { createServices } from '../services/index.ts';
import type { Storage } from '../services/stores.ts';
import { createProgram, describeFailure, runProgram } from '../cli/program.ts';
import { CliError, type CliIo } from '../cli/io.ts';

// These commands work on files alone, so they run even while the server holds the embedded database.
const COMMANDS_WITHOUT_DATABASE = new Set(['spc']);

async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY)
    process.stderr.write('Reading standard input: type it, then press Ctrl-D.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readText: (pathOrDash) =>
    pathOrDash === '-' ? readStandardInput() : readFile(pathOrDash, 'utf8'),
};

function topLevelCommandOf(command: Command): Command {
  let top = command;
  while (top.parent?.parent) top = top.parent;
  return top;
}

async function openForCli(config: Config): Promise<Connection> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DatabaseInUse) throw new CliError(error.message);
    throw error;
  }
}

/** Run `throughline` with the given arguments; resolves to the exit code. */
async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const opened: { connection: Connection | null } = { connection: null };
  try {
    const config = loadConfig();
    let storage: Storage | null = null;
    // The services are built before the command is known, so --help and `spc` never open the database:
    // it is opened just before an action that needs it runs.
    const deferred: Storage = {
      engine: config.databaseUrl ? 'postgres' : 'pglite',
      get stores() {
        if (!storage) throw new Error('The database has not been opened');
        return storage.stores;
      },
      transaction(work) {
        if (!storage) throw new Error('The database has not been opened');
        return storage.transaction(work);
      },
    };
    const program = createProgram(createServices(deferred, loadReferenceOrganisations()), io);
    program.hook('preAction', async (_program, action) => {
      if (COMMANDS_WITHOUT_DATABASE.has(topLevelCommandOf(action).name())) return;
      opened.connection ??= await openForCli(config);
      storage = createStorage(opened.connection);
    });
    return await runProgram(program, args, io);
  } catch (error) {
    const failure = describeFailure(error);
    io.err(`${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await opened.connection?.close();
  }
}

process.exitCode = await runCli(process.argv.slice(2), processIo);
