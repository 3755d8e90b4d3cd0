import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const NOW = new Date('2025-06-25T12:00:00Z'); // a Wednesday: the last finished week starts on 2025-06-16

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`goals, measures and values on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let editor: Actor;

    beforeAll(async () => {
      world = await openTestWorld(engine, () => NOW);
      org = await addOrganisation(world.services);
      editor = (await addPerson(world.services, org, 'editor')).actor;
    });
    afterAll(() => world?.close());

    async function makeMeasure(overrides: Record<string, unknown> = {}) {
      const problem = await world.services.problems.create(editor, org.id, buildProblem());
      const goal = await world.services.goals.create(editor, org.id, { statement: 'Letters reach GPs within a day by March 2026', problemIds: [problem.id] });
      return world.services.measures.create(editor, goal.id, {
        name: 'Letters sent within 24 hours', definition: 'Letters sent within 24h / all letters', unit: 'percentage',
        improvementDirection: 'increase', target: 95, frequency: 'weekly', ...overrides,
      });
    }

    it('adds, changes and leaves values unchanged, idempotently', async () => {
      const m = await makeMeasure();
      const first = await world.services.measures.recordValues(editor, m.id, [
        { period: '2025-06-02', value: 80 },
        { period: '2025-06-09', value: '81.5', note: 'partial week, "bank holiday"' },
      ]);
      expect(first).toEqual({ added: 2, changed: 0, unchanged: 0 });
      const again = await world.services.measures.recordValues(editor, m.id, [
        { period: '2025-06-02', value: 80 },
        { period: '2025-06-09', value: 81.5, note: 'partial week, "bank holiday"' },
      ]);
      expect(again).toEqual({ added: 0, changed: 0, unchanged: 2 });
      const third = await world.services.measures.recordValues(editor, m.id, [
        { period: '2025-06-02', value: 79 },
        { period: '2025-06-16', value: 83 },
      ]);
      expect(third).toEqual({ added: 1, changed: 1, unchanged: 0 });
      const { values } = await world.services.measures.getWithValues(editor, m.id);
      expect(values).toEqual([
        { period: '2025-06-02', value: 79, note: '' },
        { period: '2025-06-09', value: 81.5, note: 'partial week, "bank holiday"' },
        { period: '2025-06-16', value: 83, note: '' },
      ]);
      const history = await world.services.measures.history(editor, m.id);
      expect(history[0]?.changes).toMatchObject({ 'week of 2 Jun 2025': { before: '80%', after: '79%' } });
    });

    it('refuses the whole submission when one value is bad', async () => {
      const m = await makeMeasure();
      await expect(
        world.services.measures.recordValues(editor, m.id, [
          { period: '2025-06-02', value: 1 },
          { period: '2025-06-03', value: 2 },
          { period: '2025-06-09', value: 'abc' },
          { period: '2025-06-23', value: 3 },
          { period: '2025-06-02', value: 4 },
        ]),
      ).rejects.toMatchObject({
        fields: {
          'values[1].period': expect.stringContaining('not the start of a week'),
          'values[2].value': expect.stringContaining('not a number'),
          'values[3].period': expect.stringContaining('has not finished yet'),
          'values[4].period': expect.stringContaining('appears twice'),
        },
      });
      expect((await world.services.measures.getWithValues(editor, m.id)).values).toEqual([]);
    });

    it('computes SPC on the stored values with the measure’s settings', async () => {
      const m = await makeMeasure({ target: 50, improvementDirection: 'decrease' });
      const weeks = Array.from({ length: 20 }, (_, i) => {
        const d = new Date(Date.UTC(2025, 0, 6 + 7 * i));
        return { period: d.toISOString().slice(0, 10), value: i < 12 ? 60 + (i % 3) : 40 + (i % 2) };
      });
      await world.services.measures.recordValues(editor, m.id, weeks);
      const { statistics } = await world.services.measures.getWithValues(editor, m.id);
      expect(statistics.spc.points).toHaveLength(20);
      expect(statistics.spc.points.at(-1)?.signal).toBe('improvement');
      expect(statistics.analysis.variation).toBe('improvement_low');
    });

    it('keeps annotations in date order with the measure', async () => {
      const m = await makeMeasure();
      await world.services.measures.addAnnotation(editor, m.id, { period: '2025-06-09', label: 'Second' });
      await world.services.measures.addAnnotation(editor, m.id, { period: '2025-05-05', label: 'First' });
      const read = await world.services.measures.get(editor, m.id);
      expect(read.annotations.map((a) => [a.period, a.label])).toEqual([['2025-05-05', 'First'], ['2025-06-09', 'Second']]);
      await world.services.measures.removeAnnotation(editor, m.id, read.annotations[0]!.id);
      expect((await world.services.measures.get(editor, m.id)).annotations.map((a) => a.label)).toEqual(['Second']);
    });

    it('recomputes cached statistics after a value is corrected', async () => {
      const m = await makeMeasure();
      await world.services.measures.recordValues(editor, m.id, [{ period: '2025-06-02', value: 10 }, { period: '2025-06-09', value: 20 }]);
      const before = await world.services.measures.getWithValues(editor, m.id);
      expect(before.statistics.spc.points.map((p) => p.value)).toEqual([10, 20]);
      await world.services.measures.recordValues(editor, m.id, [{ period: '2025-06-09', value: 30 }]);
      const after = await world.services.measures.getWithValues(editor, m.id);
      expect(after.statistics.spc.points.map((p) => p.value)).toEqual([10, 30]);
    });

    it('only lets editors write values, and hides other organisations’ measures', async () => {
      const m = await makeMeasure();
      const viewer = (await addPerson(world.services, org, 'viewer')).actor;
      await expect(world.services.measures.recordValues(viewer, m.id, [{ period: '2025-06-02', value: 1 }])).rejects.toMatchObject({ code: 'forbidden' });
      const other = await addOrganisation(world.services);
      const outsider = (await addPerson(world.services, other, 'admin')).actor;
      await expect(world.services.measures.getWithValues(outsider, m.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(world.services.measures.recordValues(outsider, m.id, [{ period: '2025-06-02', value: 1 }])).rejects.toMatchObject({ code: 'not_found' });
    });

    it('stores a goal’s problems, objectives and owners and reads them back', async () => {
      const problem = await world.services.problems.create(editor, org.id, buildProblem());
      const objective = await world.services.goals.addObjective(editor, org.id, { title: 'Care closer to home' });
      const owner = await addPerson(world.services, org, 'contributor', 'Olive Owner');
      const ownerId = owner.actor.kind === 'user' ? owner.actor.userId : '';
      const goal = await world.services.goals.create(editor, org.id, {
        statement: 'Fewer wasted outpatient trips by 2026', problemIds: [problem.id], objectiveIds: [objective.id], ownerIds: [ownerId], wgll: ['improve_care'],
      });
      const read = await world.services.goals.get(editor, goal.id);
      expect(read).toMatchObject({ problemIds: [problem.id], objectiveIds: [objective.id], wgll: ['improve_care'], owners: [{ userId: ownerId, name: 'Olive Owner', discipline: 'clinical' }] });
      expect((await world.services.goals.listForProblem(editor, problem.id)).map((g) => g.id)).toEqual([goal.id]);
      expect((await world.services.goals.list(editor, org.id)).find((g) => g.id === goal.id)?.owners).toHaveLength(1);
    });

    it('refuses links to another organisation’s problems', async () => {
      const other = await addOrganisation(world.services);
      const otherEditor = (await addPerson(world.services, other, 'editor')).actor;
      const p = await world.services.problems.create(otherEditor, other.id, buildProblem());
      await expect(world.services.goals.create(editor, org.id, { statement: 'x', problemIds: [p.id] })).rejects.toMatchObject({ fields: { problemIds: expect.any(String) } });
    });

    it('keeps one check-in per goal per period: a second edits the first, audited before → after, and the database refuses a duplicate', async () => {
      const m = await makeMeasure();
      const goalId = m.goalId;
      const first = await world.services.checkIns.record(editor, goalId, { period: '2025-06-16', whatHappened: 'Ward 7 went live', whatNext: 'Ward 8', confidence: 3 });
      expect(first.updated).toBe(false);
      const second = await world.services.checkIns.record(editor, goalId, { period: '2025-06-16', whatHappened: 'Wards 7 and 8 went live', whatNext: 'Ward 9', confidence: 4 });
      expect(second).toMatchObject({ updated: true, checkIn: { id: first.checkIn.id, whatHappened: 'Wards 7 and 8 went live', confidence: 4 } });
      const list = await world.services.checkIns.listForGoal(editor, goalId);
      expect(list.map((c) => [c.period, c.whatHappened])).toEqual([['2025-06-16', 'Wards 7 and 8 went live']]);
      const [latest] = await world.services.goals.history(editor, goalId);
      expect(latest).toMatchObject({
        action: 'updated',
        changes: {
          'check-in 2025-06-16: what happened': { before: 'Ward 7 went live', after: 'Wards 7 and 8 went live' },
          'check-in 2025-06-16: confidence': { before: '3 of 5', after: '4 of 5' },
        },
      });
      // Two at once still leave one.
      await Promise.all([1, 2].map((c) => world.services.checkIns.record(editor, goalId, { period: '2025-06-09', whatHappened: `at once ${c}`, whatNext: 'x', confidence: c })));
      expect((await world.services.checkIns.listForGoal(editor, goalId)).filter((c) => c.period === '2025-06-09')).toHaveLength(1);
      // The unique index holds even for a write that skips the service.
      await expect(world.storage.stores.checkIns.insert(goalId, { userId: null, name: 'x' }, { period: '2025-06-16', whatHappened: 'x', whatNext: 'x', confidence: 1 })).rejects.toThrow();
    });
  });
}
