/**
 * Values stored in bulk (CSV upload, command line import) in a few set-based statements, on both engines.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addEmptyWeeklyMeasures, addOrganisation, addPerson, buildProblem, streamInChunks } from '../support/builders.ts';
import { addPeriods, describePeriod } from '../../src/domain/period.ts';
import { ValuesFileInvalid } from '../../src/services/value-import.ts';
import { NotFound } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Measure } from '../../src/domain/measure.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const NOW = new Date('2025-06-25T12:00:00Z'); // the last finished week starts on 2025-06-16
const LAST_WEEK = '2025-06-16';
// More rows than one statement carries (20,000), so that the values are written in several batches.
const WEEKS = 2_500;
const MEASURES = 12;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const weeks = (n: number) => Array.from({ length: n }, (_, i) => addPeriods(LAST_WEEK, 'weekly', i - (n - 1)));

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`values in bulk on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let editor: Actor;

    beforeAll(async () => {
      world = await openTestWorld(engine, () => NOW);
      org = await addOrganisation(world.services, 'Bulk Trust');
      editor = (await addPerson(world.services, org, 'editor')).actor;
    });
    afterAll(() => world?.close());

    const makeMeasures = (prefix: string, n: number) => addEmptyWeeklyMeasures(world.services, editor, org.id, prefix, n);

    function csvOf(measures: readonly Measure[], periods: readonly string[], valueOf: (m: number, w: number) => string): string {
      const lines = ['measure,period,value,note'];
      measures.forEach((m, i) => periods.forEach((p, w) => lines.push(`${m.id},${p},${valueOf(i, w)},`)));
      return `${lines.join('\n')}\n`;
    }
    async function storedCount(measures: readonly Measure[]): Promise<number> {
      const ids = `{${measures.map((m) => m.id).join(',')}}`;
      const [row] = rowsOf<{ n: number }>(await world.connection.db.execute(sql`select count(*)::int as n from measure_values where measure_id = any(${ids}::uuid[])`));
      return Number(row!.n);
    }
    const valuesOf = async (m: Measure) => (await world.services.measures.getWithValues(editor, m.id)).values;

    it('imports a large stream, then the same file again, then a file that changes some values and adds others', async () => {
      const measures = await makeMeasures('Large', MEASURES);
      const periods = weeks(WEEKS);
      const csv = csvOf(measures, periods, (m, w) => String((m * 31 + w) % 997));
      const first = await world.services.valueImport.importFile(editor, org.id, streamInChunks(csv));
      expect(first.summary).toEqual({ added: MEASURES * WEEKS, changed: 0, unchanged: 0 });
      expect(await storedCount(measures)).toBe(MEASURES * WEEKS);
      expect((await valuesOf(measures[3]!)).slice(0, 2)).toEqual([
        { period: periods[0], value: (3 * 31) % 997, note: '' },
        { period: periods[1], value: (3 * 31 + 1) % 997, note: '' },
      ]);
      const versions = new Map(measures.map((m) => [m.id, m.version]));
      const again = await world.services.valueImport.importFile(editor, org.id, streamInChunks(csv));
      expect(again.summary).toEqual({ added: 0, changed: 0, unchanged: MEASURES * WEEKS });
      // Nothing changed: no measure's version moves (its cached statistics stay) and no history is written.
      for (const m of await world.storage.stores.measures.findByIds(measures.map((x) => x.id))) expect(m.version).toBe(versions.get(m.id)! + 1);
      expect(await world.services.measures.history(editor, measures[0]!.id)).toHaveLength(2);

      // The first measure gets a new week (a file can hold weeks not stored yet) and two changes; a new measure gets its first values.
      const [added] = await makeMeasures('Added later', 1);
      const changed = csvOf([measures[0]!], periods.slice(-2), () => '5000') + csvOf([added!], periods.slice(-3), () => '7').replace(/^measure,period,value,note\n/, '');
      const third = await world.services.valueImport.importFile(editor, org.id, streamInChunks(changed));
      expect(third.summary).toEqual({ added: 3, changed: 2, unchanged: 0 });
      expect((await valuesOf(measures[0]!)).slice(-2).map((v) => v.value)).toEqual([5000, 5000]);
      const history = await world.services.measures.history(editor, measures[0]!.id);
      expect(history[0]!.changes).toEqual({
        [describePeriod(periods.at(-2)!, 'weekly')]: {
          before: String((periods.length - 2) % 997),
          after: '5,000',
        },
        [describePeriod(periods.at(-1)!, 'weekly')]: {
          before: String((periods.length - 1) % 997),
          after: '5,000',
        },
      });
      expect((await world.services.measures.history(editor, added!.id))[0]!.changes).toMatchObject({ [describePeriod(periods.at(-1)!, 'weekly')]: { before: null, after: '7' } });
    });

    it('stores nothing when a row in the middle of a large stream is bad, of several batches', async () => {
      const measures = await makeMeasures('Bad middle', MEASURES);
      const periods = weeks(WEEKS);
      const lines = csvOf(measures, periods, (m, w) => String(m + w)).split('\n');
      const badRow = Math.floor((MEASURES * WEEKS) * 0.8); // row numbers count the header as row 1
      lines[badRow - 1] = lines[badRow - 1]!.replace(/,\d+,$/, ',lots,');
      const error = await world.services.valueImport.importFile(editor, org.id, streamInChunks(lines.join('\n'))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValuesFileInvalid);
      expect((error as ValuesFileInvalid).rowErrors).toEqual([{ row: badRow, column: 'value', reason: '“lots” is not a number: write digits with a full stop for decimals, like 33.5' }]);
      expect(await storedCount(measures)).toBe(0);
      for (const m of measures.slice(0, 2)) expect(await world.services.measures.history(editor, m.id)).toHaveLength(1); // only "created"
    });

    it('refuses values for a measure of another organisation in bulk, storing nothing', async () => {
      const [mine] = await makeMeasures('Mine', 1);
      const other = await addOrganisation(world.services, 'Elsewhere Bulk Trust');
      const otherEditor = (await addPerson(world.services, other, 'editor')).actor;
      const problem = await world.services.problems.create(otherEditor, other.id, buildProblem());
      const goal = await world.services.goals.create(otherEditor, other.id, { statement: 'Theirs', problemIds: [problem.id] });
      const theirs = await world.services.measures.create(otherEditor, goal.id, { name: 'Theirs', definition: 'Counted', unit: 'count', improvementDirection: 'increase', frequency: 'weekly' });
      const byMeasure = new Map([[mine!.id, [{ period: LAST_WEEK, value: 1, note: '' }]], [theirs.id, [{ period: LAST_WEEK, value: 2, note: '' }]]]);
      await expect(world.services.measures.recordValuesForMeasures(editor, byMeasure)).rejects.toBeInstanceOf(NotFound);
      expect(await storedCount([mine!, theirs])).toBe(0);
    });
  });
}
