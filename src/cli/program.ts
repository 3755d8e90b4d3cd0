/** The `throughline` command line: its commands, and how a failure becomes a message and an exit code. */
import { Command, CommanderError } from 'commander';
import { DomainError, InvalidInput, Conflict } from '../domain/errors.ts';
import type { Services } from '../services/index.ts';
import { CliError, type CliIo } from './io.ts';
import { registerOrganisationCommand } from './organisation-command.ts';
import { registerUserCommand } from './user-command.ts';
import { registerTokenCommand } from './token-command.ts';
import { registerSpcCommand } from './spc.ts';
import { registerImportCommand } from './import-command.ts';
import { registerPortfolioCommand } from './portfolio-command.ts';

/** Build the `throughline` program; its output goes through `io`, and it never exits the process. */
export function createProgram(services: Services, io: CliIo): Command {
  const program = new Command('throughline')
    .description(
      'Throughline: an outcome-led digital strategy for NHS trust boards and integrated care systems.',
    )
    // Settings made before the commands are added are inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError('(add --help to see how to use it)');
  registerOrganisationCommand(program, services, io);
  registerUserCommand(program, services, io);
  registerTokenCommand(program, services, io);
  registerSpcCommand(program, io);
  registerImportCommand(program, services, io);
  registerPortfolioCommand(program, services, io);
  return program;
}

/** The message and exit code for a failure: domain and CLI errors in plain English, never a stack trace. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof DomainError) {
    const fields = error instanceof InvalidInput || error instanceof Conflict ? error.fields : {};
    const lines = [
      error.message,
      ...Object.entries(fields).map(([field, message]) => `  - ${field}: ${message}`),
    ];
    return { message: lines.join('\n'), exitCode: 1 };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Something went wrong: ${message}`, exitCode: 1 };
}

/** Run the program on the arguments after the command name; resolves to the process exit code. */
export async function runProgram(
  program: Command,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already written its own message (or the help) through io.
    if (error instanceof CommanderError) return error.exitCode;
    const failure = describeFailure(error);
    io.err(`${failure.message}\n`);
    return failure.exitCode;
  }
}
