/** Values from CSV: parse and check a file row by row, preview what it would do, and store it in one transaction. */
import { parse, type Parser } from 'csv-parse';
import { InvalidInput, type FieldErrors } from '../domain/errors.ts';
import { readValue, type Measure, type MeasureValue, type ValuesSummary } from '../domain/measure.ts';
import { checkPeriod, type Frequency } from '../domain/period.ts';
import { requireRole, type Actor } from '../domain/person.ts';
import type { MeasureService } from './measures.ts';
import type { Clock, ValueSink } from './stores.ts';

/** One problem with one cell (or a whole row) of a file. `row` counts the header as row 1, as a spreadsheet does. */
export interface RowError {
  row: number;
  /** measure, period, value or note; empty when the problem is the whole row or file. */
  column: string;
  reason: string;
}

/** The two layouts: a measure column (many measures), or period and value for one chosen measure. */
export type ValuesLayout = 'measures' | 'one-measure';

/** What a file holds once parsed and checked. */
export interface ParsedValues {
  layout: ValuesLayout | null;
  /** Rows of values read, not counting the header or blank lines. */
  rows: number;
  /** The checked values of each measure, in file order; empty when there are errors. */
  byMeasure: Map<string, MeasureValue[]>;
  /** The first errors found (at most `maxErrors`). */
  errors: RowError[];
  /** How many errors there are in all. */
  errorCount: number;
}

/** A file, pasted text, or a stream of chunks (the CLI). */
export type CsvInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** What the parser needs to know. */
export interface ParseValuesOptions {
  /** The organisation's measures: the file may name any of them by id or exact name. */
  measures: readonly Measure[];
  /** Now, for "not in the future". */
  now: Date;
  /** The measure of a file in the one-measure layout (period,value[,note]). */
  measureId?: string | undefined;
  /** Called after each chunk is read. */
  onProgress?: ((rowsRead: number, bytesRead: number) => void) | undefined;
  /** How many errors to keep (default 500); the rest are only counted. */
  maxErrors?: number;
  /**
   * Where each checked value also goes while the file has no errors, as it is read: the reader
   * waits when the sink has a backlog. The values are still returned in `byMeasure`.
   */
  sink?: ValueSink | null | undefined;
}

/** The largest file the web upload accepts. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const COLUMNS = ['measure', 'period', 'value', 'note'] as const;
type Column = (typeof COLUMNS)[number];
const HEADER_HELP = 'The first row must name the columns: measure,period,value (and note, if you have notes), or period,value for one measure';
const NOTE_MAX = 500;
const CHUNK = 64 * 1024;
const CACHE_LIMIT = 100_000;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

// A text file has no NUL bytes and few control characters; images, PDFs and workbooks do.
function describeBinary(start: string): string | null {
  if (start.startsWith('PK\u0003\u0004')) {
    return 'This is not a CSV file: it looks like an Excel workbook or another zipped file. In Excel, choose File, then Save as, then “CSV UTF-8 (comma delimited)”, and use that file';
  }
  if (start.startsWith('%PDF')) return 'This is not a CSV file: it is a PDF. Export the values from the spreadsheet or system they came from as CSV';
  const sample = start.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return 'This is not a CSV file: it looks like an image or another binary file. Choose a CSV file (values separated by commas)';
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) {
    return 'This is not a CSV file: it looks like an image or another binary file. Choose a CSV file (values separated by commas)';
  }
  return null;
}

/** Decode a whole file: UTF-8, or Windows-1252 as older Excel saves “CSV (comma delimited)”. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

interface Bucket {
  measure: Measure;
  values: MeasureValue[];
  /** period → the row it was first seen on, to name the original of a duplicate. */
  rowOf: Map<string, number>;
}

type PeriodCheck = { period: string; error: string | null };

/**
 * Parse and check values from CSV, streaming: memory grows with the values, not the file. Finds every
 * problem it can (not just the first), so a person can fix a file in one go.
 */
export async function parseValuesCsv(input: CsvInput, options: ParseValuesOptions): Promise<ParsedValues> {
  const maxErrors = options.maxErrors ?? 500;
  const sink = options.sink ?? null;
  const errors: RowError[] = [];
  let errorCount = 0;
  let stopped = false;
  let rows = 0;
  let record = 0;
  let bytes = 0;
  let layout: ValuesLayout | null = null;
  let at: Partial<Record<Column, number>> = {};
  let width = 0;
  const buckets = new Map<string, Bucket>();
  let single: Bucket | null = null;

  function fail(row: number, column: string, reason: string): void {
    errorCount++;
    if (errors.length < maxErrors) errors.push({ row, column, reason });
  }
  function stop(row: number, column: string, reason: string): void {
    fail(row, column, reason);
    stopped = true;
  }

  // Cell text repeats row after row (the same measure, the same periods), so each distinct cell is
  // looked up or checked once.
  const byKey = new Map<string, Measure | 'ambiguous'>();
  for (const m of options.measures) {
    byKey.set(m.id.toLowerCase(), m);
    const name = m.name.trim().toLowerCase();
    const other = byKey.get(name);
    byKey.set(name, other && other !== m ? 'ambiguous' : m);
  }
  const measureCells = new Map<string, Measure | 'ambiguous' | null>();
  function measureOf(cell: string): Measure | 'ambiguous' | null {
    let found = measureCells.get(cell);
    if (found === undefined) {
      found = byKey.get(cell.trim().toLowerCase()) ?? null;
      if (measureCells.size < CACHE_LIMIT) measureCells.set(cell, found);
    }
    return found;
  }
  const periodCells: Record<Frequency, Map<string, PeriodCheck>> = { weekly: new Map(), monthly: new Map() };
  function periodOf(cell: string, frequency: Frequency): PeriodCheck {
    const cache = periodCells[frequency];
    let found = cache.get(cell);
    if (!found) {
      const text = cell.trim();
      const uk = UK_DATE.exec(text);
      if (!text) found = { period: '', error: 'Enter the period: the date it starts, like 2025-06-02' };
      else if (uk) {
        // Excel in the UK rewrites 2025-06-02 as 02/06/2025 when it saves a CSV.
        const period = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
        const error = checkPeriod(period, frequency, options.now, 'completed');
        found = { period, error: error && `${text} is read as day/month/year, ${period}. ${error}` };
      } else found = { period: text, error: checkPeriod(text, frequency, options.now, 'completed') };
      if (cache.size < CACHE_LIMIT) cache.set(cell, found);
    }
    return found;
  }

  function bucketFor(measure: Measure): Bucket {
    let b = buckets.get(measure.id);
    if (!b) {
      b = { measure, values: [], rowOf: new Map() };
      buckets.set(measure.id, b);
    }
    return b;
  }

  function readHeader(cells: string[]): void {
    const names = cells.map((c) => c.trim().toLowerCase());
    if (names.length === 1 && /[;\t]/.test(names[0]!)) {
      return stop(1, '', `The columns are separated by ${names[0]!.includes(';') ? 'semicolons' : 'tabs'}, not commas. ${HEADER_HELP}`);
    }
    const seen: Partial<Record<Column, number>> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (!name) continue;
      if (!(COLUMNS as readonly string[]).includes(name)) {
        const looksLikeData = /\d/.test(name);
        return stop(1, cells[i]!.trim(), looksLikeData ? `The first row is not a header row. ${HEADER_HELP}` : `“${cells[i]!.trim()}” is not a column Throughline reads: the columns are measure, period, value and note. ${HEADER_HELP}`);
      }
      if (seen[name as Column] !== undefined) return stop(1, name, `There are two “${name}” columns: keep one`);
      seen[name as Column] = i;
    }
    for (const required of ['period', 'value'] as const) {
      if (seen[required] === undefined) return stop(1, required, `The header row has no “${required}” column. ${HEADER_HELP}`);
    }
    if (seen.measure !== undefined) layout = 'measures';
    else {
      const measure = options.measures.find((m) => m.id === options.measureId);
      if (!measure) {
        return stop(1, 'measure', 'The file has no measure column: choose the measure these values are for, or add a measure column (measure,period,value)');
      }
      layout = 'one-measure';
      single = bucketFor(measure);
    }
    at = seen;
    width = cells.length;
  }

  function readRow(cells: string[], row: number): void {
    if (cells.every((c) => c.trim() === '')) return; // a blank line
    rows++;
    if (cells.length > width) {
      fail(row, '', `This row has ${cells.length} cells but the header has ${width} columns: put a note that contains commas in double quotes`);
      return;
    }
    let bucket = single;
    if (!bucket) {
      const cell = cells[at.measure!] ?? '';
      const measure = measureOf(cell);
      if (measure === null) {
        fail(row, 'measure', cell.trim() ? `Unknown measure “${cell.trim()}”: use the name or id of one of this organisation’s measures` : 'Enter the measure’s name or id');
      } else if (measure === 'ambiguous') {
        fail(row, 'measure', `More than one measure is called “${cell.trim()}”: use the measure’s id instead`);
      } else bucket = bucketFor(measure);
    }
    const periodCell = cells[at.period!] ?? '';
    let period: string | null = null;
    if (bucket) {
      const check = periodOf(periodCell, bucket.measure.frequency);
      if (check.error) fail(row, 'period', check.error);
      else {
        const first = bucket.rowOf.get(check.period);
        if (first !== undefined) fail(row, 'period', `Duplicate of row ${first}: ${bucket.measure.name} has ${check.period} twice. Keep one row for each measure and period`);
        else {
          bucket.rowOf.set(check.period, row);
          period = check.period;
        }
      }
    } else if (!periodCell.trim()) fail(row, 'period', 'Enter the period: the date it starts, like 2025-06-02');
    const valueCell = cells[at.value!] ?? '';
    // The unit's bounds need the measure; without one, only the number format is checked.
    const read = readValue(valueCell, bucket?.measure.unit ?? 'other');
    const value = read.value;
    if (read.error !== null) fail(row, 'value', valueCell.trim() ? read.error : 'Enter a value, or leave out the row');
    const note = at.note === undefined ? '' : (cells[at.note] ?? '').trim();
    if (note.length > NOTE_MAX) fail(row, 'note', `A note must be ${NOTE_MAX} characters or fewer: this one has ${note.length.toLocaleString('en-GB')}`);
    else if (note.includes('\u0000')) fail(row, 'note', 'A note cannot hold a NUL character (code 0): remove it');
    // Once anything is wrong nothing will be stored, so the values are not kept.
    if (errorCount === 0 && bucket && period !== null && value !== null) {
      const v = { period, value, note };
      bucket.values.push(v);
      sink?.take(bucket.measure.id, v);
    }
  }

  let parser = null as Parser | null;
  let ended: Promise<void> = Promise.resolve();
  let parseError = null as (Error & { code?: string }) | null;
  let head = '';

  // The parser is made once the first line is known: rows pasted from a spreadsheet are
  // separated by tabs, files by commas.
  function start(): Parser {
    const firstLine = head.slice(0, head.indexOf('\n') >>> 0);
    const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
    const p = parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true });
    p.on('data', (cells: string[]) => {
      record++;
      if (stopped) return;
      if (record === 1) readHeader(cells);
      else readRow(cells, record);
    });
    p.on('error', (e: Error) => {
      parseError ??= e;
    });
    ended = new Promise<void>((resolve) => {
      p.on('end', resolve);
      p.on('close', resolve);
    });
    return p;
  }

  async function write(text: string): Promise<void> {
    for (let i = 0; i < text.length && !stopped && !parseError; i += CHUNK) {
      if (!parser!.write(text.slice(i, i + CHUNK))) await new Promise<void>((resolve) => parser!.once('drain', resolve));
      // The rows of this chunk are with the sink: wait while it catches up.
      const backlog = sink?.backlog();
      if (backlog) await backlog;
    }
  }

  async function feed(text: string, last = false): Promise<void> {
    if (parser) return write(text);
    head += text;
    if (!last && !head.includes('\n') && head.length < CHUNK) return;
    if (!head) return;
    const binary = describeBinary(head);
    if (binary) return stop(1, '', binary);
    parser = start();
    const first = head;
    head = '';
    await write(first);
  }

  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : decodeCsvBytes(input);
    bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
    await feed(text, true);
  } else {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of input) {
      if (stopped || parseError) break;
      let text: string;
      if (typeof chunk === 'string') {
        text = chunk;
        bytes += Buffer.byteLength(chunk);
      } else {
        bytes += chunk.byteLength;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          const binary = record === 0 ? describeBinary(new TextDecoder('windows-1252').decode(chunk)) : null;
          stop(record + 1, '', binary ?? 'The file is not saved as UTF-8 text. In Excel, choose File, then Save as, then “CSV UTF-8 (comma delimited)”');
          break;
        }
      }
      await feed(text);
      options.onProgress?.(rows, bytes);
    }
    if (!stopped && !parseError) {
      try {
        await feed(decoder.decode(), true);
      } catch {
        stop(record + 1, '', 'The file ends part-way through a character: it is not saved as UTF-8 text');
      }
    }
  }
  if (parser && !stopped && !parseError) {
    parser.end();
    await ended;
  } else parser?.destroy();
  options.onProgress?.(rows, bytes);

  if (parseError && !stopped) {
    stop(record + 1, '', parseError.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'A double quote (") opens a cell that is never closed: close it, or remove it'
      : `This row cannot be read as CSV: ${parseError.message.replace(/^Invalid [^:]*: /, '')}`);
  }
  if (record === 0 && !stopped) stop(1, '', `The file is empty. ${HEADER_HELP}`);
  else if (layout && rows === 0 && errorCount === 0) fail(2, '', 'There are no values under the header row');

  const byMeasure = new Map<string, MeasureValue[]>();
  if (errorCount === 0) for (const [id, b] of buckets) if (b.values.length) byMeasure.set(id, b.values);
  return { layout, rows, byMeasure, errors, errorCount };
}

/** A file with errors was refused: nothing was stored. `rowErrors` are the first errors, row by row. */
export class ValuesFileInvalid extends InvalidInput {
  constructor(
    readonly rowErrors: RowError[],
    readonly errorCount: number,
  ) {
    const fields: FieldErrors = {};
    for (const e of rowErrors.slice(0, 50)) fields[`row ${e.row}${e.column ? `, ${e.column}` : ''}`] ??= e.reason;
    super(`The file has ${plural(errorCount, 'error')}, so nothing was stored. Fix the file and try again.`, fields);
    this.name = 'ValuesFileInvalid';
  }
}

/** How many values a file has for one measure, and what storing them would do or did. */
export interface MeasureCount {
  measure: Measure;
  count: number;
  summary: ValuesSummary;
}

/** What a file would do, without storing anything. */
export interface ValuesPreview {
  layout: ValuesLayout | null;
  rows: number;
  errors: RowError[];
  errorCount: number;
  perMeasure: MeasureCount[];
  summary: ValuesSummary;
}

/** What an import stored. */
export interface ValuesImported {
  rows: number;
  perMeasure: { measure: Measure; count: number }[];
  summary: ValuesSummary;
}

/** Options of a streamed import. */
export interface ImportFileOptions {
  measureId?: string | undefined;
  onProgress?: ((rowsRead: number, bytesRead: number) => void) | undefined;
  /**
   * Called once the file is read and checked, before the rest of the values are written (on
   * PostgreSQL those of measures with no stored values have been streamed in as they were read).
   */
  onStoring?: ((values: number) => void) | undefined;
}

const NONE: ValuesSummary = { added: 0, changed: 0, unchanged: 0 };

/** The use cases of loading values from CSV: preview, commit (web), and a streamed import (command line). */
export function createValueImportService(measures: MeasureService, clock: Clock) {
  async function measuresFor(actor: Actor, organisationId: string, measureId: string | undefined): Promise<Measure[]> {
    requireRole(actor, organisationId, 'editor');
    const list = await measures.listForOrganisation(actor, organisationId);
    if (measureId && !list.some((m) => m.id === measureId)) {
      throw new InvalidInput('Choose one of this organisation’s measures', { measureId: 'Choose one of this organisation’s measures' });
    }
    return list;
  }

  function imported(list: readonly Measure[], parsed: ParsedValues, summary: ValuesSummary): ValuesImported {
    const byId = new Map(list.map((m) => [m.id, m]));
    return {
      rows: parsed.rows,
      perMeasure: [...parsed.byMeasure].map(([id, values]) => ({ measure: byId.get(id)!, count: values.length })),
      summary,
    };
  }

  async function store(actor: Actor, organisationId: string, input: CsvInput, options: ImportFileOptions): Promise<ValuesImported> {
    const list = await measuresFor(actor, organisationId, options.measureId);
    const parsed = await parseValuesCsv(input, { measures: list, now: clock(), measureId: options.measureId, onProgress: options.onProgress });
    if (parsed.errorCount > 0) throw new ValuesFileInvalid(parsed.errors, parsed.errorCount);
    // Measures are written in id order, so two imports that share measures lock them in the same order.
    const ordered = new Map([...parsed.byMeasure].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    options.onStoring?.(parsed.rows);
    return imported(list, parsed, await measures.recordValuesForMeasures(actor, ordered));
  }

  // A streamed file is stored as it is read where the database can take it (PostgreSQL): the
  // organisation's measures are locked first, since any of them may come next in the file.
  async function storeAsRead(actor: Actor, organisationId: string, input: CsvInput, options: ImportFileOptions): Promise<ValuesImported> {
    const list = await measuresFor(actor, organisationId, options.measureId);
    let parsed: ParsedValues | null = null;
    const summary = await measures.recordValuesAsRead(actor, list.map((m) => m.id), async (sink) => {
      parsed = await parseValuesCsv(input, { measures: list, now: clock(), measureId: options.measureId, onProgress: options.onProgress, sink });
      if (parsed.errorCount > 0) throw new ValuesFileInvalid(parsed.errors, parsed.errorCount);
      options.onStoring?.(parsed.rows);
      return new Map([...parsed.byMeasure].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    });
    return imported(list, parsed!, summary);
  }

  return {
    /** Check a file and say what storing it would do: nothing is stored (editors). */
    async preview(actor: Actor, organisationId: string, csv: string | Uint8Array, measureId?: string): Promise<ValuesPreview> {
      const list = await measuresFor(actor, organisationId, measureId);
      const parsed = await parseValuesCsv(csv, { measures: list, now: clock(), measureId });
      const perMeasure: MeasureCount[] = [];
      const summary = { ...NONE };
      if (parsed.errorCount === 0) {
        const byId = new Map(list.map((m) => [m.id, m]));
        for (const [id, values] of parsed.byMeasure) {
          const s = await measures.previewValues(actor, new Map([[id, values]]));
          perMeasure.push({ measure: byId.get(id)!, count: values.length, summary: s });
          summary.added += s.added;
          summary.changed += s.changed;
          summary.unchanged += s.unchanged;
        }
      }
      return { layout: parsed.layout, rows: parsed.rows, errors: parsed.errors, errorCount: parsed.errorCount, perMeasure, summary };
    },

    /**
     * Check the file again (a preview proves nothing about what is posted back) and store every value
     * in one transaction; any error refuses the whole file with ValuesFileInvalid (editors).
     */
    commit(actor: Actor, organisationId: string, csv: string | Uint8Array, measureId?: string): Promise<ValuesImported> {
      return store(actor, organisationId, csv, { measureId });
    },

    /** Stream a file of any size and store it in one transaction, or nothing if any row is wrong (editors). */
    importFile(actor: Actor, organisationId: string, file: AsyncIterable<string | Uint8Array>, options: ImportFileOptions = {}): Promise<ValuesImported> {
      return storeAsRead(actor, organisationId, file, options);
    },
  };
}

export type ValueImportService = ReturnType<typeof createValueImportService>;
