/**
 * A streamed import writes the values of measures with no stored values while the file is read
 * (COPY on PostgreSQL); the rest as before. Both engines must store exactly the same.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addEmptyWeeklyMeasures, addOrganisation, addPerson, streamInChunks } from '../support/builders.ts';
import { addPeriods, describePeriod } from '../../src/domain/period.ts';
import { ValuesFileInvalid } from '../../src/services/value-import.ts';
import { ValuesCopyFailed } from '../../src/services/stores.ts';
import { describeFailure } from '../../src/cli/program.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Measure, Unit } from '../../src/domain/measure.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const NOW = new Date('2025-06-25T12:00:00Z'); // the last finished week starts on 2025-06-16
const LAST_WEEK = '2025-06-16';
// More rows than one COPY statement carries (50,000), so that several have ended before the last row.
const MEASURES = 25;
const WEEKS = 2_600;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const weeks = (n: number) => Array.from({ length: n }, (_, i) => addPeriods(LAST_WEEK, 'weekly', i - (n - 1)));
const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`values written while a file is read, on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let editor: Actor;

    beforeAll(async () => {
      world = await openTestWorld(engine, () => NOW);
      org = await addOrganisation(world.services, 'Copy Trust');
      editor = (await addPerson(world.services, org, 'editor')).actor;
    });
    afterAll(() => world?.close());

    const makeMeasures = (prefix: string, n: number, unit: Unit = 'other') => addEmptyWeeklyMeasures(world.services, editor, org.id, prefix, n, unit);

    /** Every stored value of some measures, as "measure period" → [value, note]. */
    async function stored(measures: readonly Measure[]): Promise<Map<string, [number, string]>> {
      const ids = `{${measures.map((m) => m.id).join(',')}}`;
      const rows = rowsOf<{ measure_id: string; period: string; value: number; note: string }>(
        await world.connection.db.execute(sql`select measure_id::text, period::text, value, note from measure_values where measure_id = any(${ids}::uuid[])`),
      );
      return new Map(rows.map((r) => [`${r.measure_id} ${r.period}`, [Number(r.value), r.note]]));
    }

    it(engine === 'postgres' ? 'streams into the table only within a transaction' : 'has no stream: the values are written after the file is read', async () => {
      const [m] = await makeMeasures('Stream', 1);
      expect(await world.storage.stores.measures.copyValues([m!.id])).toBeNull();
      const inTransaction = await world.storage.transaction(async (stores) => {
        const copy = await stores.measures.copyValues([m!.id]);
        await copy?.abort();
        return copy !== null;
      });
      expect(inTransaction).toBe(engine === 'postgres');
    });

    it('stores every value of a fresh import exactly as the file has it', async () => {
      const measures = await makeMeasures('Exact', MEASURES);
      const periods = weeks(WEEKS);
      const expected = new Map<string, [number, string]>();
      const lines = ['measure,period,value,note'];
      // Values whose text a float must carry exactly: many digits, tiny, large, negative, zero.
      const samples = ['0.1', '-3.25', '1e-7', '123456789.123456', '0', '2.675', '-0.000001', '9007199254740993', '33.3333333333333'];
      measures.forEach((m, i) =>
        periods.forEach((p, w) => {
          const text = samples[(i + w) % samples.length]!;
          const value = (i * WEEKS + w) % 11 === 0 ? text : String(((i * 7919 + w * 104729) % 100_000) / 100);
          lines.push(`${m.id},${p},${value},`);
          expected.set(`${m.id} ${p}`, [Number(value), '']);
        }),
      );
      const versions = new Map(measures.map((m) => [m.id, m.version]));
      const result = await world.services.valueImport.importFile(editor, org.id, streamInChunks(`${lines.join('\n')}\n`));
      expect(result.summary).toEqual({ added: MEASURES * WEEKS, changed: 0, unchanged: 0 });
      expect(result.perMeasure.map((p) => p.count)).toEqual(measures.map(() => WEEKS));
      const got = await stored(measures);
      expect(got.size).toBe(expected.size);
      for (const [key, value] of expected) expect(got.get(key), key).toEqual(value);
      // Each measure's version moves once, and its history says how many values were added.
      for (const m of await world.storage.stores.measures.findByIds(measures.map((x) => x.id))) expect(m.version).toBe(versions.get(m.id)! + 1);
      const [latest] = await world.services.measures.history(editor, measures[0]!.id);
      expect(latest!.changes).toEqual({ values: { before: null, after: `${WEEKS} added, 0 changed, 0 unchanged` } });
    });

    it('keeps notes with commas, quotes, line breaks, backslashes and any script as they are', async () => {
      const [m] = await makeMeasures('Notes', 1);
      const notes = [
        'plain',
        'one, two, three',
        'she said "no", then "yes"',
        'line one\nline two\r\nline three',
        '\\.',
        'before\n\\.\nafter',
        'C:\\temp\\new \\N',
        'Ysbyty Gwynedd — Ŵ ŷ; 病院; مستشفى; 🏥 café',
        '"',
        ',',
        "it's",
        '\t tab inside',
      ];
      const periods = weeks(notes.length);
      const csv = ['measure,period,value,note', ...notes.map((n, i) => `${m!.id},${periods[i]},${i + 1},${csvCell(n)}`)].join('\n');
      const result = await world.services.valueImport.importFile(editor, org.id, streamInChunks(csv));
      expect(result.summary.added).toBe(notes.length);
      const values = (await world.services.measures.getWithValues(editor, m!.id)).values;
      // A note is trimmed at its ends, as every cell is; inside it, nothing changes.
      expect(values.map((v) => v.note)).toEqual(notes.map((n) => n.trim()));
      expect(values.map((v) => v.value)).toEqual(notes.map((_, i) => i + 1));
      // The history shows the notes as they were stored.
      const [latest] = await world.services.measures.history(editor, m!.id);
      expect(latest!.changes[describePeriod(periods[2]!, 'weekly')]).toEqual({ before: null, after: `3 (${notes[2]})` });
    });

    it('refuses a note holding a NUL character, naming its row, and stores nothing', async () => {
      const [m] = await makeMeasures('Nul', 1);
      // Past the first few kilobytes, which are looked at to tell a binary file.
      const periods = weeks(300);
      const lines = ['measure,period,value,note', ...periods.map((p, i) => `${m!.id},${p},${i},${i === 250 ? 'bad\u0000note' : 'fine'}`)];
      const error = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n'))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValuesFileInvalid);
      expect((error as ValuesFileInvalid).rowErrors).toEqual([{ row: 252, column: 'note', reason: 'A note cannot hold a NUL character (code 0): remove it' }]);
      expect((await stored([m!])).size).toBe(0);
    });

    it('stores nothing when the last row of a long file is bad, after many rows have gone to the database', async () => {
      const measures = await makeMeasures('Late bad', MEASURES);
      const periods = weeks(WEEKS);
      const lines = ['measure,period,value,note'];
      measures.forEach((m, i) => periods.forEach((p, w) => lines.push(`${m.id},${p},${i + w},`)));
      lines[lines.length - 1] = lines.at(-1)!.replace(/,\d+,$/, ',-,');
      const versions = new Map(measures.map((m) => [m.id, m.version]));
      const error = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n'))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValuesFileInvalid);
      expect((error as ValuesFileInvalid).rowErrors).toEqual([{ row: MEASURES * WEEKS + 1, column: 'value', reason: expect.any(String) as string }]);
      expect((await stored(measures)).size).toBe(0);
      for (const m of await world.storage.stores.measures.findByIds(measures.map((x) => x.id))) expect(m.version).toBe(versions.get(m.id));
      expect(await world.services.measures.history(editor, measures.at(-1)!.id)).toHaveLength(1); // only "created"
      // The connection is fine afterwards: the file without its bad row goes in.
      const good = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.slice(0, -1).join('\n')));
      expect(good.summary.added).toBe(MEASURES * WEEKS - 1);
    });

    it('refuses a duplicate measure and period late in a file, as before, and stores nothing', async () => {
      const measures = await makeMeasures('Duplicate', MEASURES);
      const periods = weeks(WEEKS);
      const lines = ['measure,period,value,note'];
      measures.forEach((m, i) => periods.forEach((p, w) => lines.push(`${m.id},${p},${i + w},`)));
      // The first row again at the end: the original is row 2.
      lines.push(lines[1]!.replace(/,\d+,$/, ',99,'));
      const error = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n'))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValuesFileInvalid);
      expect((error as ValuesFileInvalid).rowErrors).toEqual([
        { row: lines.length, column: 'period', reason: `Duplicate of row 2: ${measures[0]!.name} has ${periods[0]} twice. Keep one row for each measure and period` },
      ]);
      expect((await stored(measures)).size).toBe(0);
    });

    it('writes a file of fresh measures and measures with values in one go: added, changed and unchanged counted, history kept', async () => {
      const [kept, fresh, bigFresh] = await makeMeasures('Mixed', 3);
      const periods = weeks(300);
      // `kept` has values for the first four weeks.
      await world.services.measures.recordValues(editor, kept!.id, periods.slice(0, 4).map((period, i) => ({ period, value: i + 1, note: i === 0 ? 'first' : '' })));
      const versions = new Map((await world.storage.stores.measures.findByIds([kept!.id, fresh!.id, bigFresh!.id])).map((m) => [m.id, m.version]));
      const lines = ['measure,period,value,note'];
      // Interleaved as a real extract might be: row by row, measure after measure.
      for (let w = 0; w < periods.length; w++) {
        if (w < 6) lines.push(`${kept!.id},${periods[w]},${w < 2 ? w + 1 : w * 10},${w === 0 ? 'first' : ''}`);
        if (w < 3) lines.push(`${fresh!.id},${periods[w]},${w + 0.5},"fresh, ${w}"`);
        lines.push(`${bigFresh!.id},${periods[w]},${w},`);
      }
      const result = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n')));
      // kept: weeks 1–2 unchanged, 3–4 changed, 5–6 added; fresh: 3 added; bigFresh: 300 added.
      expect(result.summary).toEqual({ added: 2 + 3 + 300, changed: 2, unchanged: 2 });
      expect(new Map(result.perMeasure.map((p) => [p.measure.id, p.count]))).toEqual(new Map([[kept!.id, 6], [fresh!.id, 3], [bigFresh!.id, 300]]));
      expect((await world.services.measures.getWithValues(editor, kept!.id)).values).toEqual(
        periods.slice(0, 6).map((period, w) => ({ period, value: w < 2 ? w + 1 : w * 10, note: w === 0 ? 'first' : '' })),
      );
      expect((await world.services.measures.getWithValues(editor, fresh!.id)).values).toEqual(periods.slice(0, 3).map((period, w) => ({ period, value: w + 0.5, note: `fresh, ${w}` })));
      expect((await world.services.measures.getWithValues(editor, bigFresh!.id)).values).toHaveLength(300);
      for (const m of await world.storage.stores.measures.findByIds([kept!.id, fresh!.id, bigFresh!.id])) expect(m.version).toBe(versions.get(m.id)! + 1);
      const label = (i: number) => describePeriod(periods[i]!, 'weekly');
      expect((await world.services.measures.history(editor, kept!.id))[0]!.changes).toEqual({
        [label(2)]: { before: '3', after: '20' },
        [label(3)]: { before: '4', after: '30' },
        [label(4)]: { before: null, after: '40' },
        [label(5)]: { before: null, after: '50' },
      });
      expect((await world.services.measures.history(editor, fresh!.id))[0]!.changes).toEqual({
        [label(0)]: { before: null, after: '0.5 (fresh, 0)' },
        [label(1)]: { before: null, after: '1.5 (fresh, 1)' },
        [label(2)]: { before: null, after: '2.5 (fresh, 2)' },
      });
      expect((await world.services.measures.history(editor, bigFresh!.id))[0]!.changes).toEqual({ values: { before: null, after: '300 added, 0 changed, 0 unchanged' } });
    });

    // Only PostgreSQL streams rows while the file is read, so only there can the database refuse one part-way.
    if (engine === 'postgres') it('reports a value the database refuses part-way as a clear error, stores nothing, and leaves the connection usable', async () => {
      const measures = await makeMeasures('Refused', MEASURES);
      const periods = weeks(WEEKS);
      await world.connection.db.execute(sql.raw(`
        create function refuse_in_test() returns trigger language plpgsql as $$
        begin raise exception 'value % is refused by a test trigger', new.value; end $$;
        create trigger refuse_in_test before insert on measure_values for each row when (new.value = 424242) execute function refuse_in_test();`));
      try {
        const lines = ['measure,period,value,note'];
        measures.forEach((m, i) => periods.forEach((p, w) => lines.push(`${m.id},${p},${i === MEASURES - 2 && w === 10 ? 424242 : i + w},`)));
        const error = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n'))).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValuesCopyFailed);
        expect((error as Error).message).toMatch(/^The database refused the values, so nothing was stored: value 424242 is refused by a test trigger/);
        expect(describeFailure(error).message).toMatch(/nothing was stored: value 424242 is refused/);
        expect((await stored(measures)).size).toBe(0);
        // Every connection of the pool still works, and a file without the refused value goes in.
        await Promise.all(Array.from({ length: 10 }, () => world.connection.db.execute(sql`select 1`)));
        const good = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n').replace(',424242,', ',1,')));
        expect(good.summary.added).toBe(MEASURES * WEEKS);
      } finally {
        await world.connection.db.execute(sql.raw('drop trigger refuse_in_test on measure_values; drop function refuse_in_test();'));
      }
    });
  });
}
