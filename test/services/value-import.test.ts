import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Measure } from '../../src/domain/measure.ts';
import { InvalidInput, Forbidden } from '../../src/domain/errors.ts';
import { parseValuesCsv, ValuesFileInvalid } from '../../src/services/value-import.ts';

const NOW = new Date('2025-06-25T12:00:00Z'); // a Wednesday: the current week starts on 2025-06-23, the last finished one on 2025-06-16

for (const engine of engines) describe.skipIf(engine === 'postgres' && !postgresUrl)(`importing values from CSV on ${engine}`, () => {
  let world: TestWorld;
  let org: Organisation;
  let editor: Actor;
  let viewer: Actor;
  let letters: Measure; // weekly
  let falls: Measure; // monthly

  beforeAll(async () => {
    world = await openTestWorld(engine, () => NOW);
    org = await addOrganisation(world.services, 'Import Trust');
    editor = (await addPerson(world.services, org, 'editor')).actor;
    viewer = (await addPerson(world.services, org, 'viewer')).actor;
    letters = await makeMeasure({ name: 'Letters sent within 24 hours' });
    falls = await makeMeasure({ name: 'Falls per 1,000 bed days', unit: 'rate', improvementDirection: 'decrease', frequency: 'monthly' });
  });
  afterAll(() => world?.close());

  async function makeMeasure(overrides: Record<string, unknown> = {}) {
    const problem = await world.services.problems.create(editor, org.id, buildProblem());
    const goal = await world.services.goals.create(editor, org.id, { statement: 'Letters reach GPs within a day by March 2026', problemIds: [problem.id] });
    return world.services.measures.create(editor, goal.id, {
      name: 'A measure', definition: 'What is counted', unit: 'percentage', improvementDirection: 'increase', frequency: 'weekly', ...overrides,
    });
  }

  const values = async (m: Measure) => (await world.services.measures.getWithValues(editor, m.id)).values;
  const parseFor = (csv: string | Uint8Array, measureId?: string, measures: Measure[] = [letters, falls]) =>
    parseValuesCsv(csv, { measures, now: NOW, measureId });

  describe('parsing', () => {
    it('reads the many-measure layout, naming measures by exact name (any case) or by id', async () => {
      const parsed = await parseFor(
        [
          'measure,period,value,note',
          'letters sent within 24 HOURS,2025-06-02,80,',
          `${falls.id},2025-05-01,"1234.5",new beds`,
          `  Letters sent within 24 hours ,2025-06-09,81.5%,"partial week, bank holiday"`,
        ].join('\n'),
      );
      expect(parsed.errors).toEqual([]);
      expect(parsed.layout).toBe('measures');
      expect(parsed.rows).toBe(3);
      expect(parsed.byMeasure.get(letters.id)).toEqual([
        { period: '2025-06-02', value: 80, note: '' },
        { period: '2025-06-09', value: 81.5, note: 'partial week, bank holiday' },
      ]);
      expect(parsed.byMeasure.get(falls.id)).toEqual([{ period: '2025-05-01', value: 1234.5, note: 'new beds' }]);
    });

    it('reads the one-measure layout for the chosen measure, headers in any order and case', async () => {
      const parsed = await parseFor('Value,Period\r\n80,2025-06-02\r\n79,2025-06-09\r\n', letters.id);
      expect(parsed.errors).toEqual([]);
      expect(parsed.layout).toBe('one-measure');
      expect(parsed.byMeasure.get(letters.id)).toEqual([
        { period: '2025-06-02', value: 80, note: '' },
        { period: '2025-06-09', value: 79, note: '' },
      ]);
    });

    it('reads a UTF-8 byte order mark, blank lines, and dates that Excel saved as day/month/year', async () => {
      const parsed = await parseFor('\uFEFFperiod,value\n\n02/06/2025,80\n   \n9/6/2025,81\n', letters.id);
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows).toBe(2);
      expect(parsed.byMeasure.get(letters.id)?.map((v) => v.period)).toEqual(['2025-06-02', '2025-06-09']);
    });

    it('reads rows pasted from a spreadsheet, which are separated by tabs', async () => {
      const parsed = await parseFor('measure\tperiod\tvalue\nLetters sent within 24 hours\t2025-06-02\t12.5\n');
      expect(parsed.errors).toEqual([]);
      expect(parsed.byMeasure.get(letters.id)).toEqual([{ period: '2025-06-02', value: 12.5, note: '' }]);
    });

    it('reads a file saved by older Excel in Windows-1252', async () => {
      const parsed = await parseFor(Buffer.from('period,value,note\n2025-06-02,80,Budget £5k spent\n', 'latin1'), letters.id);
      expect(parsed.errors).toEqual([]);
      expect(parsed.byMeasure.get(letters.id)?.[0]?.note).toBe('Budget £5k spent');
    });

    it('lists every bad row with its row number (header is row 1), column and a plain-English reason', async () => {
      const parsed = await parseFor(
        [
          'measure,period,value,note', // 1
          'Letters sent within 24 hours,2025-06-02,abc,', // 2: not a number
          'Letters sent within 24 hours,2025-06-03,80,', // 3: not a Monday
          'Letters sent within 24 hours,2025-06-23,80,', // 4: this week has not finished
          'Waiting list size,2025-06-02,80,', // 5: unknown measure
          '', // 6: blank, still counted
          'Letters sent within 24 hours,2025-06-09,80,', // 7
          'Letters sent within 24 hours,2025-06-09,81,', // 8: duplicate of 7
          'Falls per 1,000 bed days,2025-05-02,3,', // 9: unquoted comma in the name: too many cells
          '"Falls per 1,000 bed days",2025-05-02,3,', // 10: not the 1st of the month
          'Letters sent within 24 hours,June,80,', // 11: not a date
          'Letters sent within 24 hours,2025-06-16,,', // 12: empty value
          ',2025-06-16,1,', // 13: no measure
          `Letters sent within 24 hours,2025-05-26,1,${'x'.repeat(501)}`, // 14: long note
        ].join('\n'),
      );
      expect(parsed.errors).toEqual([
        { row: 2, column: 'value', reason: '“abc” is not a number: write digits with a full stop for decimals, like 33.5' },
        { row: 3, column: 'period', reason: '2025-06-03 is not the start of a week: weekly periods start on a Monday (2025-06-02)' },
        { row: 4, column: 'period', reason: '2025-06-23 has not finished yet: the last period that may be entered is 2025-06-16 (week of 16 Jun 2025)' },
        { row: 5, column: 'measure', reason: 'Unknown measure “Waiting list size”: use the name or id of one of this organisation’s measures' },
        { row: 8, column: 'period', reason: 'Duplicate of row 7: Letters sent within 24 hours has 2025-06-09 twice. Keep one row for each measure and period' },
        { row: 9, column: '', reason: 'This row has 5 cells but the header has 4 columns: put a note that contains commas in double quotes' },
        { row: 10, column: 'period', reason: '2025-05-02 is not the start of a month: monthly periods start on the 1st (2025-05-01)' },
        { row: 11, column: 'period', reason: '“June” is not a date: use YYYY-MM-DD, like 2025-03-03' },
        { row: 12, column: 'value', reason: 'Enter a value, or leave out the row' },
        { row: 13, column: 'measure', reason: 'Enter the measure’s name or id' },
        { row: 14, column: 'note', reason: 'A note must be 500 characters or fewer: this one has 501' },
      ]);
      expect(parsed.errorCount).toBe(11);
      expect(parsed.rows).toBe(12);
      expect(parsed.byMeasure.size).toBe(0);
    });

    it('says when the header row is missing a column, is not a header, or uses semicolons', async () => {
      expect((await parseFor('measure,period\nx,2025-06-02\n')).errors).toEqual([
        { row: 1, column: 'value', reason: expect.stringContaining('The header row has no “value” column') },
      ]);
      expect((await parseFor('2025-06-02,80\n', letters.id)).errors).toEqual([
        { row: 1, column: '2025-06-02', reason: expect.stringContaining('The first row is not a header row') },
      ]);
      expect((await parseFor('measure,period,value,unit\n')).errors[0]?.reason).toContain('“unit” is not a column Throughline reads');
      expect((await parseFor('period;value\n2025-06-02;80\n', letters.id)).errors[0]?.reason).toContain('separated by semicolons, not commas');
      expect((await parseFor('period,value\n2025-06-02,80\n')).errors).toEqual([
        { row: 1, column: 'measure', reason: expect.stringContaining('The file has no measure column: choose the measure') },
      ]);
    });

    it('says when the file is empty, has no values, is not CSV, or has a quote that is never closed', async () => {
      expect((await parseFor('')).errors).toEqual([{ row: 1, column: '', reason: expect.stringContaining('The file is empty') }]);
      expect((await parseFor('period,value\n', letters.id)).errors).toEqual([{ row: 2, column: '', reason: 'There are no values under the header row' }]);
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa0b5e2a30000000049454e44ae426082', 'hex');
      expect((await parseFor(png)).errors).toEqual([{ row: 1, column: '', reason: expect.stringContaining('This is not a CSV file: it looks like an image') }]);
      const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 1)]);
      expect((await parseFor(xlsx)).errors[0]?.reason).toContain('it looks like an Excel workbook');
      expect((await parseFor('period,value,note\n2025-06-02,80,"unfinished\n', letters.id)).errors).toEqual([
        { row: 2, column: '', reason: 'A double quote (") opens a cell that is never closed: close it, or remove it' },
      ]);
    });

    it('tells a measure name shared by two measures apart by id only', async () => {
      const twin = { ...letters, id: '00000000-0000-4000-8000-000000000001' };
      const parsed = await parseFor('measure,period,value\nLetters sent within 24 hours,2025-06-02,1\n', undefined, [letters, twin]);
      expect(parsed.errors[0]).toEqual({ row: 2, column: 'measure', reason: 'More than one measure is called “Letters sent within 24 hours”: use the measure’s id instead' });
    });

    it('keeps the first errors and counts the rest', async () => {
      const lines = ['period,value', ...Array.from({ length: 30 }, () => '2025-06-02,x')];
      const parsed = await parseValuesCsv(lines.join('\n'), { measures: [letters], now: NOW, measureId: letters.id, maxErrors: 10 });
      expect(parsed.errors).toHaveLength(10);
      expect(parsed.errorCount).toBe(30 + 29); // every value, and every period after the first is a duplicate
    });

    it('streams chunks, splitting rows and characters anywhere, and reports progress', async () => {
      const text = 'period,value,note\n2025-06-02,80,café\n2025-06-09,81,naïve\n';
      const bytes = Buffer.from(text);
      const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
      const progress: [number, number][] = [];
      const parsed = await parseValuesCsv(Readable.from(chunks), { measures: [letters], now: NOW, measureId: letters.id, onProgress: (r, b) => progress.push([r, b]) });
      expect(parsed.errors).toEqual([]);
      expect(parsed.byMeasure.get(letters.id)?.map((v) => v.note)).toEqual(['café', 'naïve']);
      expect(progress.at(-1)).toEqual([2, bytes.length]);
    });
  });

  describe('preview, commit and import', () => {
    it('previews what a file would do without storing anything', async () => {
      const m = await makeMeasure({ name: 'Preview measure' });
      await world.services.measures.recordValues(editor, m.id, [{ period: '2025-06-02', value: 1 }, { period: '2025-06-09', value: 2 }]);
      const preview = await world.services.valueImport.preview(editor, org.id, 'period,value\n2025-06-02,1\n2025-06-09,3\n2025-06-16,4\n', m.id);
      expect(preview.errors).toEqual([]);
      expect(preview.summary).toEqual({ added: 1, changed: 1, unchanged: 1 });
      expect(preview.perMeasure).toEqual([{ measure: expect.objectContaining({ id: m.id }), count: 3, summary: { added: 1, changed: 1, unchanged: 1 } }]);
      expect(await values(m)).toHaveLength(2);
    });

    it('stores every value in one go, and a second import of the same file changes nothing', async () => {
      const a = await makeMeasure({ name: 'Commit A' });
      const b = await makeMeasure({ name: 'Commit B', frequency: 'monthly' });
      const csv = `measure,period,value,note\nCommit A,2025-06-02,10,\nCommit B,2025-05-01,20,first\n${a.id},2025-06-09,11,\n`;
      const first = await world.services.valueImport.commit(editor, org.id, csv);
      expect(first.summary).toEqual({ added: 3, changed: 0, unchanged: 0 });
      expect(first.perMeasure.map((p) => [p.measure.name, p.count])).toEqual([['Commit A', 2], ['Commit B', 1]]);
      expect(await values(a)).toEqual([{ period: '2025-06-02', value: 10, note: '' }, { period: '2025-06-09', value: 11, note: '' }]);
      expect(await values(b)).toEqual([{ period: '2025-05-01', value: 20, note: 'first' }]);
      const again = await world.services.valueImport.commit(editor, org.id, csv);
      expect(again.summary).toEqual({ added: 0, changed: 0, unchanged: 3 });
      const history = await world.services.measures.history(editor, a.id);
      expect(history).toHaveLength(2); // created, then one change of values: the re-import wrote nothing
      const changed = await world.services.valueImport.commit(editor, org.id, csv.replace('Commit B,2025-05-01,20,first', 'Commit B,2025-05-01,20,revised'));
      expect(changed.summary).toEqual({ added: 0, changed: 1, unchanged: 2 });
    });

    it('counts exactly when two imports of the same values run at once', async () => {
      const m = await makeMeasure({ name: 'Raced' });
      const csv = ['period,value', ...Array.from({ length: 100 }, (_, i) => `${new Date(Date.UTC(2023, 0, 2 + 7 * i)).toISOString().slice(0, 10)},${i}`)].join('\n');
      const results = await Promise.all([world.services.valueImport.commit(editor, org.id, csv, m.id), world.services.valueImport.commit(editor, org.id, csv, m.id)]);
      expect(results.map((r) => r.summary).sort((a, b) => b.added - a.added)).toEqual([
        { added: 100, changed: 0, unchanged: 0 },
        { added: 0, changed: 0, unchanged: 100 },
      ]);
      expect(await values(m)).toHaveLength(100);
    });

    it('stores nothing when any row is wrong, and says which rows', async () => {
      const m = await makeMeasure({ name: 'All or nothing' });
      const csv = 'period,value\n2025-06-02,10\n2025-06-09,ten\n2025-06-16,12\n';
      const error = await world.services.valueImport.commit(editor, org.id, csv, m.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValuesFileInvalid);
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as ValuesFileInvalid).rowErrors).toEqual([{ row: 3, column: 'value', reason: '“ten” is not a number: write digits with a full stop for decimals, like 33.5' }]);
      expect((error as ValuesFileInvalid).message).toBe('The file has 1 error, so nothing was stored. Fix the file and try again.');
      expect((error as ValuesFileInvalid).fields).toEqual({ 'row 3, value': '“ten” is not a number: write digits with a full stop for decimals, like 33.5' });
      expect(await values(m)).toEqual([]);
    });

    it('lets only editors and editor tokens of the organisation preview or store values', async () => {
      const csv = 'period,value\n2025-06-02,1\n';
      await expect(world.services.valueImport.preview(viewer, org.id, csv, letters.id)).rejects.toBeInstanceOf(Forbidden);
      await expect(world.services.valueImport.commit(viewer, org.id, csv, letters.id)).rejects.toBeInstanceOf(Forbidden);
      const other = await addOrganisation(world.services, 'Elsewhere Trust');
      const outsider = (await addPerson(world.services, other, 'admin')).actor;
      await expect(world.services.valueImport.commit(outsider, org.id, csv, letters.id)).rejects.toBeInstanceOf(Forbidden);
      const viewerToken: Actor = { kind: 'token', tokenId: '00000000-0000-4000-8000-00000000000a', name: 'dashboard', organisationId: org.id, role: 'viewer' };
      await expect(world.services.valueImport.commit(viewerToken, org.id, csv, letters.id)).rejects.toBeInstanceOf(Forbidden);
      const m = await makeMeasure({ name: 'Token measure' });
      const token: Actor = { kind: 'token', tokenId: '00000000-0000-4000-8000-00000000000b', name: 'data warehouse', organisationId: org.id, role: 'editor' };
      expect((await world.services.valueImport.commit(token, org.id, csv, m.id)).summary).toEqual({ added: 1, changed: 0, unchanged: 0 });
      expect((await world.services.measures.history(editor, m.id))[0]?.actorLabel).toBe('API token “data warehouse”');
    });

    it('refuses a chosen measure of another organisation', async () => {
      const other = await addOrganisation(world.services, 'Other Trust');
      const otherEditor = (await addPerson(world.services, other, 'editor')).actor;
      const error = await world.services.valueImport.preview(otherEditor, other.id, 'period,value\n2025-06-02,1\n', letters.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).fields).toEqual({ measureId: 'Choose one of this organisation’s measures' });
    });

    it('imports a stream with progress, and stores nothing from a stream with a bad row', async () => {
      const m = await makeMeasure({ name: 'Streamed' });
      const lines = ['period,value'];
      for (let i = 0; i < 150; i++) lines.push(`${new Date(Date.UTC(2022, 0, 3 + 7 * i)).toISOString().slice(0, 10)},${i % 100}`);
      const progress: number[] = [];
      const result = await world.services.valueImport.importFile(editor, org.id, Readable.from([Buffer.from(lines.join('\n'))]), { measureId: m.id, onProgress: (rows) => progress.push(rows) });
      expect(result.summary).toEqual({ added: 150, changed: 0, unchanged: 0 });
      expect(progress.at(-1)).toBe(150);
      const bad = Readable.from([Buffer.from(`${lines.join('\n')}\n2025-06-10,1\n`)]);
      await expect(world.services.valueImport.importFile(editor, org.id, bad, { measureId: m.id })).rejects.toMatchObject({
        rowErrors: [{ row: 152, column: 'period', reason: expect.stringContaining('is not the start of a week') }],
      });
      expect(await values(m)).toHaveLength(150);
    });
  });
});
