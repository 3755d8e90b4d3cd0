/** `throughline spc FILE`: statistical process control of a CSV series, as a table, JSON or SVG. */
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { renderSpcChart } from '../charts/spc-chart.ts';
import { describeAssuranceIcon, describeVariationIcon } from '../charts/spc-icons.ts';
import type { SpcAnalysis, SpcOptions } from '../spc/index.ts';
import {
  SpcInputError,
  analyseSeries,
  describePointSignal,
  describeSeries,
  listSpcPoints,
  presentSpc,
} from '../spc/index.ts';
import { CliError, type CliIo } from './io.ts';

/** Most points one request may analyse (the API has the same cap). */
export const MAX_SPC_POINTS = 10_000;

const PRESETS = ['mdc', 'nhsr', 'pbi'] as const;
const DIRECTIONS = ['increase', 'decrease', 'neutral'] as const;
const FORMATS = ['table', 'json', 'svg'] as const;

interface SpcCommandOptions {
  preset?: string;
  direction?: string;
  target?: string;
  rebase?: string;
  baseline?: string;
  format?: string;
  title?: string;
  periodWord?: string;
}

/** Register `spc FILE [--preset --direction --target --rebase --baseline --format]`. */
export function registerSpcCommand(program: Command, io: CliIo): void {
  program
    .command('spc')
    .description(
      'Analyse a series with statistical process control (XmR charts, Making Data Count rules): limits, signals and icons',
    )
    .argument(
      '<file>',
      'CSV file with a value column and an optional period column; - reads standard input',
    )
    .option('--preset <preset>', `rules to follow: ${PRESETS.join(', ')} (default mdc)`)
    .option(
      '--direction <direction>',
      `which way is better: ${DIRECTIONS.join(', ')} (default increase)`,
    )
    .option('--target <number>', 'target for the assurance icon')
    .option(
      '--rebase <indices>',
      'comma-separated 0-based indices of the first point of each new segment',
    )
    .option('--baseline <n>', 'take the mean and limits from the first N points')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--title <text>', 'chart title for --format svg (default: the file name)')
    .option(
      '--period-word <word>',
      'plural word for the periods in the reading, like weeks or months',
      'points',
    )
    .action(async (file: string, options: SpcCommandOptions) => {
      const format = readChoice('--format', options.format ?? 'table', FORMATS);
      const spcOptions = readSpcOptions(options);
      const series = readSeries(await readInput(io, file));
      let analysis: SpcAnalysis;
      try {
        analysis = analyseSeries(series, spcOptions);
      } catch (error) {
        if (error instanceof SpcInputError) throw new CliError(describeInputError(error));
        throw error;
      }
      if (format === 'json') io.out(`${JSON.stringify(presentSpc(analysis), null, 2)}\n`);
      else if (format === 'svg') {
        const title = options.title ?? (file === '-' ? 'SPC chart' : `SPC chart of ${file}`);
        io.out(`${renderSpcChart(analysis, { title, periodWord: options.periodWord })}\n`);
      } else io.out(formatTable(analysis, options.periodWord ?? 'points'));
    });
}

async function readInput(io: CliIo, file: string): Promise<string> {
  try {
    return await io.readText(file);
  } catch (error) {
    const reason =
      error instanceof Error && 'code' in error && error.code === 'ENOENT'
        ? 'there is no such file'
        : 'it could not be read';
    throw new CliError(`Cannot read ${file === '-' ? 'standard input' : file}: ${reason}`);
  }
}

/** Parses the CSV: a `value` column (empty = missing) and an optional `period` column. */
function readSeries(text: string): { values: (number | null)[]; periods?: string[] } {
  let rows: Record<string, string>[];
  try {
    rows = parse<Record<string, string>>(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new CliError(
      `The CSV could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (rows.length === 0)
    throw new CliError('The CSV has no rows: it needs a header line and at least one value');
  if (!('value' in (rows[0] as object))) {
    throw new CliError(
      `The CSV needs a "value" column; it has ${Object.keys(rows[0] as object).join(', ') || 'none'}`,
    );
  }
  if (rows.length > MAX_SPC_POINTS) {
    throw new CliError(
      `The CSV has ${rows.length.toLocaleString('en-GB')} rows; at most ${MAX_SPC_POINTS.toLocaleString('en-GB')} points can be analysed at once`,
    );
  }
  const hasPeriods = 'period' in (rows[0] as object);
  const values: (number | null)[] = [];
  const periods: string[] = [];
  rows.forEach((row, k) => {
    const cell = row.value ?? '';
    // Row k is on line k + 2: the header is line 1.
    const where = `row ${k + 1} (line ${k + 2})`;
    if (cell === '') values.push(null);
    else if (!NUMBER.test(cell))
      throw new CliError(`The value in ${where} is not a number: ${JSON.stringify(cell)}`);
    else {
      const value = Number(cell);
      if (!Number.isFinite(value))
        throw new CliError(`The value in ${where} is too large: ${JSON.stringify(cell)}`);
      values.push(value);
    }
    if (hasPeriods) periods.push(row.period ?? '');
  });
  return hasPeriods ? { values, periods } : { values };
}

// A plain decimal number, optionally signed, with an optional exponent: no NaN, Infinity, 0x or %.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function readSpcOptions(options: SpcCommandOptions): SpcOptions {
  const result: SpcOptions = {};
  if (options.preset !== undefined) result.preset = readChoice('--preset', options.preset, PRESETS);
  if (options.direction !== undefined)
    result.direction = readChoice('--direction', options.direction, DIRECTIONS);
  if (options.target !== undefined) {
    if (!NUMBER.test(options.target.trim()))
      throw new CliError(`--target must be a number, not ${JSON.stringify(options.target)}`);
    result.target = Number(options.target);
  }
  if (options.rebase !== undefined) {
    const parts = options.rebase
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const bad = parts.find((p) => !/^\d+$/.test(p));
    if (bad !== undefined || parts.length === 0) {
      throw new CliError(
        `--rebase must be comma-separated 0-based point numbers, like 12,30; ${JSON.stringify(bad ?? options.rebase)} is not one`,
      );
    }
    result.rebase = parts.map(Number);
  }
  if (options.baseline !== undefined) {
    if (!/^\d+$/.test(options.baseline.trim()) || Number(options.baseline) < 1) {
      throw new CliError(
        `--baseline must be a whole number of points, 1 or more, not ${JSON.stringify(options.baseline)}`,
      );
    }
    result.baseline = Number(options.baseline);
  }
  return result;
}

function readChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${flag} must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}`);
}

function describeInputError(error: SpcInputError): string {
  const lines = [error.message];
  for (const [field, message] of Object.entries(error.fields)) {
    // Say where in the file, not where in an array: values[4] is row 5.
    const row = /^values\[(\d+)\]$/.exec(field);
    const flag = field.startsWith('options.') ? `--${field.slice('options.'.length)}` : field;
    lines.push(
      `  - ${row ? `row ${Number(row[1]) + 1} (line ${Number(row[1]) + 2})` : flag}: ${message}`,
    );
  }
  return lines.join('\n');
}

function formatTable(analysis: SpcAnalysis, periodWord: string): string {
  const show = (v: number | null) => (v === null ? '-' : String(Number(v.toPrecision(6))));
  // "#" is the 0-based index that --rebase takes.
  const header = ['#', 'period', 'value', 'mean', 'lower limit', 'upper limit', 'variation'];
  const rows = listSpcPoints(analysis).map((p) => [
    String(p.index),
    p.period ?? '',
    show(p.value),
    show(p.mean),
    show(p.lowerProcessLimit),
    show(p.upperProcessLimit),
    describePointSignal(p.signal, p.ruleMask),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) =>
        c === cells.length - 1
          ? cell
          : c <= 1
            ? cell.padEnd(widths[c] ?? 0)
            : cell.padStart(widths[c] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const reading = describeSeries(analysis, { periodWord });
  const out = [line(header), ...rows.map(line), ''];
  out.push(`Preset: ${analysis.options.preset}; direction: ${analysis.options.direction}`);
  out.push(
    `Variation icon: ${analysis.variation ?? 'none'} (${describeVariationIcon(analysis.variation)})`,
  );
  out.push(
    `Assurance icon: ${analysis.assurance ?? 'none'} (${describeAssuranceIcon(analysis.assurance)})`,
  );
  if (analysis.reason !== null) out.push(`Note: ${analysis.reason}`);
  for (const warning of analysis.warnings) out.push(`Warning: ${warning}`);
  out.push(`Reading: ${reading.text}`);
  return `${out.join('\n')}\n`;
}
