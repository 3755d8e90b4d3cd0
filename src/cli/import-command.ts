/** `throughline import FILE`: load measure values from a CSV file of any size, all or nothing, in one transaction. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InvalidInput } from '../domain/errors.ts';
import { hasRole, type Actor } from '../domain/person.ts';
import type { Services } from '../services/index.ts';
import { ValuesFileInvalid } from '../services/value-import.ts';
import { CliError, type CliIo } from './io.ts';

/** The name the history shows for values loaded from the command line. */
export const IMPORT_ACTOR_NAME = 'command line import';
// The command line acts like an API token that no one holds: the nil UUID marks it as the system's.
const COMMAND_LINE_TOKEN_ID = '00000000-0000-0000-0000-000000000000';
const ERRORS_SHOWN = 50;

/** Where the command reads files and draws its progress bar; tests pass their own. */
export interface ImportCommandEnvironment {
  /** A terminal to draw the progress bar on, or null for a final line through io.err instead. */
  progressStream?: (NodeJS.WritableStream & { isTTY?: boolean }) | null;
  /** Open FILE ("-" is standard input) as a stream of chunks. */
  open?: (path: string) => AsyncIterable<Uint8Array>;
}

interface ImportOptions {
  organisation: string;
  measure?: string;
  as?: string;
}

const number = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

function describeSize(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function sizeOf(path: string): Promise<number | null> {
  if (path === '-') return null;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new CliError(`${path} is not a file`);
    return s.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `There is no file ${path}` : `Cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Register `import FILE --organisation CODE [--measure ID] [--as EMAIL]`. */
export function registerImportCommand(program: Command, services: Services, io: CliIo, environment: ImportCommandEnvironment = {}): void {
  const progressStream = environment.progressStream !== undefined ? environment.progressStream : process.stderr.isTTY ? process.stderr : null;
  const open = environment.open ?? ((path: string) => (path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 256 * 1024 })));

  program
    .command('import')
    .description(
      'Load measure values from a CSV file with the columns measure,period,value (and note), or period,value with --measure. ' +
        'Every value is stored in one transaction; if any row has a problem, nothing is stored.',
    )
    .argument('<file>', 'the CSV file, or - to read standard input')
    .requiredOption('--organisation <code>', 'ODS code of the organisation the measures belong to')
    .option('--measure <id>', 'the id of the measure, for a file with only period and value columns')
    .option('--as <email>', 'an editor of the organisation to name in the history as the person importing')
    .action(async (file: string, options: ImportOptions) => {
      const organisation = await services.organisations.getByCode(options.organisation);
      let actor: Actor = { kind: 'token', tokenId: COMMAND_LINE_TOKEN_ID, name: IMPORT_ACTOR_NAME, organisationId: organisation.id, role: 'editor' };
      if (options.as) {
        const email = options.as.trim().toLowerCase();
        const member = (await services.people.listMembers(actor, organisation.id)).find((m) => m.email.toLowerCase() === email);
        if (!member) throw new CliError(`${options.as} is not a member of ${organisation.code} ${organisation.name}`);
        if (!hasRole(member.role, 'editor')) {
          throw new CliError(`${member.name} is a ${member.role} of ${organisation.code}: only editors and admins can import values`);
        }
        actor = { ...actor, name: `${IMPORT_ACTOR_NAME} for ${member.name} (${member.email})` };
      }
      const size = await sizeOf(file);

      const started = Date.now();
      let read = { rows: 0, bytes: 0 };
      const bar = progressStream
        ? new cliProgress.SingleBar(
            {
              stream: progressStream,
              format: size ? 'Reading {bar} {percentage}% | {rows} rows | {eta_formatted} left' : 'Reading {rows} rows | {size}',
              hideCursor: true,
              etaBuffer: 40,
              fps: 5,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
      bar?.start(size ?? 1, 0, { rows: '0', size: describeSize(0) });
      try {
        const imported = await services.valueImport.importFile(actor, organisation.id, open(file), {
          measureId: options.measure,
          onProgress: (rows, bytes) => {
            read = { rows, bytes };
            bar?.update(size ? bytes : 0, { rows: number(rows), size: describeSize(bytes) });
          },
          onStoring: (values) => {
            bar?.update(size ?? 0, { rows: number(read.rows), size: describeSize(read.bytes) });
            bar?.stop();
            io.err(`Read ${plural(read.rows, 'row')} (${describeSize(read.bytes)}) in ${((Date.now() - started) / 1000).toFixed(1)} s. Storing ${plural(values, 'value')}…\n`);
          },
        });
        const { added, changed, unchanged } = imported.summary;
        const measures = plural(imported.perMeasure.length, 'measure');
        io.out(
          added + changed === 0
            ? `Nothing changed: every value was already stored (${plural(unchanged, 'value')} for ${measures} of ${organisation.code}).\n`
            : `Stored values for ${measures} of ${organisation.code} ${organisation.name}: added ${number(added)}, changed ${number(changed)}, unchanged ${number(unchanged)}.\n`,
        );
      } catch (e) {
        bar?.stop();
        if (e instanceof InvalidInput && e.fields.measureId) {
          throw new CliError(`${options.measure} is not the id of a measure of ${organisation.code}: the upload page lists each measure with its id`);
        }
        if (!(e instanceof ValuesFileInvalid)) throw e;
        const lines = [`The file has ${plural(e.errorCount, 'problem')}, so nothing was stored:`];
        for (const error of e.rowErrors.slice(0, ERRORS_SHOWN)) lines.push(`  row ${error.row}${error.column ? `, ${error.column}` : ''}: ${error.reason}`);
        const hidden = e.errorCount - Math.min(e.rowErrors.length, ERRORS_SHOWN);
        if (hidden > 0) lines.push(`  …and ${plural(hidden, 'more problem')}.`);
        lines.push('Rows are numbered as in a spreadsheet: the header row is row 1. Fix the file and import it again.');
        throw new CliError(lines.join('\n'));
      }
    });
}
