/**
 * Values streamed into measure_values with COPY FROM STDIN while a file is still being read
 * (PostgreSQL): the client checks rows on one core while the server writes them on the other.
 */
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { MeasureValue } from '../domain/measure.ts';
import { ValuesCopyFailed, type ValuesCopy } from '../services/stores.ts';

/** COPY's own CSV: every note quoted, so commas, quotes, line breaks and `\.` in a note are data. */
const COPY_SQL = 'copy measure_values (measure_id, period, value, note) from stdin with (format csv)';
/** Text gathered before it is handed to the stream: a few thousand rows per CopyData message. */
const CHUNK_CHARS = 64 * 1024;
/**
 * Rows per COPY statement. The server checks each row's foreign key when the statement ends; while
 * it does, the client reads and checks the next statement's rows.
 */
const ROWS_PER_STATEMENT = 50_000;
/** How much a statement's stream holds before the reader is asked to wait: about one statement's rows. */
const HIGH_WATER_MARK = 4 * 1024 * 1024;

type CopyStream = ReturnType<typeof copyStreams.from>;

/**
 * The pool client a Drizzle transaction on node-postgres runs on, or null: PGlite, the pool itself
 * (outside a transaction), or a Drizzle whose internals have changed (the values are then written
 * with statements instead; test/store/values-copy.test.ts says which path was taken).
 */
export function transactionClient(db: unknown): pg.ClientBase | null {
  const client = (db as { session?: { client?: unknown } } | null)?.session?.client;
  return client instanceof pg.Client ? client : null;
}

/** A CSV cell in double quotes, with each double quote doubled. */
function quoted(text: string): string {
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/**
 * Stream the values of the measures in `fresh` (locked, with no stored values) into the table with
 * COPY on `client`; values of other measures are not taken. The rows go in statements of
 * ROWS_PER_STATEMENT, one at a time on the connection: while the server ends one (its foreign key
 * checks), the next one's rows wait here, up to HIGH_WATER_MARK, and then the reader waits. The
 * client must stay in the transaction until finish or abort.
 */
export function openValuesCopy(client: pg.ClientBase, fresh: ReadonlySet<string>, bumpVersions: (ids: string[]) => Promise<void>): ValuesCopy {
  const counts = new Map<string, number>();
  let pending = '';
  /** Rows taken into the statement being filled (the open one, or the one queued). */
  let filling = 0;
  let taken = 0;
  let stored = 0;
  /** The statement on the connection, until the server has answered it. */
  let active: { stream: CopyStream; ended: boolean; settled: Promise<void> } | null = null;
  /** The next statement's rows, while the active one ends. */
  let queue: Buffer[] = [];
  let queuedBytes = 0;
  let finishing = false;
  let closed = false;
  let failure: Error | null = null;
  // Woken on every drain, answer and error, for whoever waits on the streams.
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const progress = () => new Promise<void>((resolve) => (wake = resolve));

  function reason(e: Error): string {
    const where = (e as { where?: string }).where;
    return where ? `${e.message} (${where})` : e.message;
  }

  function start(chunks: Buffer[]): void {
    const stream = client.query(copyStreams.from(COPY_SQL, { highWaterMark: HIGH_WATER_MARK }));
    const settled = new Promise<void>((resolve) => {
      // The server has answered: confirmed ('finish', once it is ready for the next query), refused
      // ('error', which this stream emits without closing), or ended after a CopyFail ('close').
      const done = () => {
        stream.off('finish', done);
        stream.off('error', done);
        stream.off('close', done);
        if (!failure) stored += stream.rowCount;
        active = null;
        resolve();
        if (!failure && (queue.length || finishing) && !closed) next();
        signal();
      };
      stream.once('finish', done);
      stream.once('error', done);
      stream.once('close', done);
    });
    // The error is kept and reported by backlog or finish; without a listener it would end the process.
    stream.on('error', (e: Error) => {
      failure ??= e;
    });
    stream.on('drain', signal);
    active = { stream, ended: false, settled };
    for (const chunk of chunks) stream.write(chunk);
  }

  function next(): void {
    if (!queue.length) return;
    const chunks = queue;
    queue = [];
    queuedBytes = 0;
    start(chunks);
    if (filling >= ROWS_PER_STATEMENT || finishing) endActive();
  }

  function endActive(): void {
    if (!active || active.ended) return;
    active.ended = true;
    active.stream.end();
    filling = 0;
  }

  function flush(): void {
    if (!pending || failure) return;
    const chunk = Buffer.from(pending, 'utf8');
    pending = '';
    if (active && !active.ended) active.stream.write(chunk);
    else if (!active) start([chunk]);
    else {
      queue.push(chunk);
      queuedBytes += chunk.length;
      return;
    }
    // The server checks each row's measure (the foreign key) at the end of the statement: a
    // statement per some thousands of rows has it check them while the client reads the next ones.
    if (filling >= ROWS_PER_STATEMENT) endActive();
  }

  function mustWait(): boolean {
    if (failure) return false;
    return queuedBytes >= HIGH_WATER_MARK || (active !== null && !active.ended && active.stream.writableNeedDrain);
  }

  return {
    take(measureId, value: MeasureValue) {
      if (!fresh.has(measureId)) return false;
      counts.set(measureId, (counts.get(measureId) ?? 0) + 1);
      taken++;
      filling++;
      pending += `${measureId},${value.period},${value.value},${value.note ? quoted(value.note) : '""'}\n`;
      if (pending.length >= CHUNK_CHARS) flush();
      return true;
    },

    backlog() {
      if (failure) return Promise.reject(new ValuesCopyFailed(reason(failure)));
      if (!mustWait()) return null;
      return (async () => {
        while (mustWait()) await progress();
        if (failure) throw new ValuesCopyFailed(reason(failure));
      })();
    },

    async finish() {
      if (closed) throw new Error('The stream of values is already closed');
      flush();
      finishing = true;
      if (!queue.length) endActive();
      while (!failure && (active || queue.length)) await progress();
      closed = true;
      if (failure) throw new ValuesCopyFailed(reason(failure));
      if (stored !== taken) throw new ValuesCopyFailed(`${taken.toLocaleString('en-GB')} values were sent but ${stored.toLocaleString('en-GB')} were stored`);
      const written = [...counts.keys()].sort();
      if (written.length) await bumpVersions(written);
      return counts;
    },

    async abort() {
      if (closed) return;
      closed = true;
      pending = '';
      queue = [];
      queuedBytes = 0;
      const last = active;
      if (!last) return;
      // CopyFail: the server ends the COPY with an error. A statement already ended is left to
      // finish; its rows go with the rollback.
      if (!last.ended && !failure) last.stream.destroy(new Error('The import was stopped: a row of the file is not valid'));
      await last.settled;
    },
  };
}
