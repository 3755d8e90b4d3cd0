import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { InvalidInput } from '../../src/domain/errors.ts';
import { addQuarters, quarterOf, quarterStart } from '../../src/domain/quarter.ts';

async function fieldsOf(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InvalidInput) return e.fields;
    throw e;
  }
  throw new Error('expected InvalidInput');
}

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`initiatives and the portfolio on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let other: Organisation;
    let editor: Actor;
    let otherEditor: Actor;
    const q = () => quarterOf(world.services.clock());

    const initiative = (name: string, demand: { skill: string; personWeeks: number }[], extra: Record<string, unknown> = {}) => ({
      name,
      change: `Clinicians ${name.toLowerCase()} in a new way`,
      demand: demand.map((d) => ({ quarter: q(), ...d })),
      ...extra,
    });

    beforeAll(async () => {
      world = await openTestWorld(engine);
      org = await addOrganisation(world.services);
      other = await addOrganisation(world.services, 'Other Trust');
      editor = (await addPerson(world.services, org, 'editor')).actor;
      otherEditor = (await addPerson(world.services, other, 'editor')).actor;
    });
    afterAll(() => world?.close());

    it('refuses an initiative with no change to ways of working and stores nothing', async () => {
      const fields = await fieldsOf(world.services.initiatives.create(editor, org.id, { name: 'New patient portal', change: '   ' }));
      expect(fields.change).toMatch(/technology alone is not an initiative/);
      const bad = await fieldsOf(
        world.services.initiatives.create(editor, org.id, {
          name: 'x',
          change: 'y',
          demand: [{ quarter: '2027-Q5', skill: 'design', personWeeks: -1 }, { quarter: q(), skill: 'magic', personWeeks: 'lots' }],
          scores: { patient_value: 9, unknown_thing: 3 },
          cost: 'a lot',
        }),
      );
      expect(Object.keys(bad).sort()).toEqual(['cost', 'demand[0].personWeeks', 'demand[0].quarter', 'demand[1].personWeeks', 'demand[1].skill', 'scores.patient_value', 'scores.unknown_thing']);
      expect(await world.services.initiatives.list(editor, org.id)).toEqual([]);
    });

    it('refuses links to another organisation’s problem, goal or member', async () => {
      const problem = await world.services.problems.create(otherEditor, other.id, buildProblem());
      const otherId = otherEditor.kind === 'user' ? otherEditor.userId : '';
      const fields = await fieldsOf(world.services.initiatives.create(editor, org.id, initiative('Link', [], { problemIds: [problem.id], ownerId: otherId })));
      expect(Object.keys(fields).sort()).toEqual(['ownerId', 'problemIds']);
    });

    it('places the ranking against capacity per skill, names the skill overrun, and re-ranks with an audit record', async () => {
      await world.services.portfolio.setCapacity(editor, org.id, [
        { quarter: q(), skill: 'engineering', personWeeks: 20 },
        { quarter: q(), skill: 'design', personWeeks: 5 },
      ]);
      const a = await world.services.initiatives.create(editor, org.id, initiative('Alpha', [{ skill: 'engineering', personWeeks: 12 }]));
      const b = await world.services.initiatives.create(editor, org.id, initiative('Bravo', [{ skill: 'engineering', personWeeks: 6 }, { skill: 'design', personWeeks: 8 }]));
      const c = await world.services.initiatives.create(editor, org.id, initiative('Charlie', [{ skill: 'engineering', personWeeks: 8 }]));
      const d = await world.services.initiatives.create(editor, org.id, initiative('Delta', [{ skill: 'engineering', personWeeks: 1 }], { wontDoReason: 'Buys a tool without changing the process' }));
      let p = await world.services.portfolio.portfolio(editor, org.id, q());
      expect(p.items.map((i) => [i.initiativeId, i.placement, i.overrunSkills])).toEqual([
        [a.id, 'now', []],
        [b.id, 'not-now', ['design']],
        [c.id, 'now', []],
        [d.id, 'wont-do', []],
      ]);
      expect(p.skills.find((s) => s.skill === 'engineering')).toMatchObject({ capacity: 20, committed: 20, demand: 26 });

      await world.services.initiatives.move(editor, b.id, 'up');
      p = await world.services.portfolio.portfolio(editor, org.id, q());
      expect(p.items.slice(0, 3).map((i) => [i.initiativeId, i.placement])).toEqual([
        [b.id, 'not-now'],
        [a.id, 'now'],
        [c.id, 'now'],
      ]);
      await world.services.initiatives.setRank(editor, c.id, 1);
      expect((await world.services.initiatives.list(editor, org.id)).map((i) => i.name)).toEqual(['Charlie', 'Bravo', 'Alpha', 'Delta']);
      const history = await world.services.initiatives.rankingHistory(editor, org.id);
      expect(history[0]!.changes.Charlie).toEqual({ before: 3, after: 1 });
      expect(await fieldsOf(world.services.initiatives.setRank(editor, c.id, 9))).toHaveProperty('rank');
      expect(await fieldsOf(world.services.initiatives.setRank(editor, c.id, 'first'))).toHaveProperty('rank');
    });

    it('counts capacity freed by a stopped item from the quarter after its date, and a stopped initiative frees its own', async () => {
      const o = await addOrganisation(world.services);
      const e = (await addPerson(world.services, o, 'editor')).actor;
      const next = addQuarters(q(), 1);
      await world.services.portfolio.setCapacity(e, o.id, [q(), next].map((quarter) => ({ quarter, skill: 'data', personWeeks: 4 })));
      const big = await world.services.initiatives.create(e, o.id, {
        name: 'Big',
        change: 'Ward teams plan discharge from the day of admission',
        demand: [q(), next].map((quarter) => ({ quarter, skill: 'data', personWeeks: 4 })),
      });
      const waiting = await world.services.initiatives.create(e, o.id, {
        name: 'Waiting',
        change: 'Theatre lists are planned with the patient',
        demand: [q(), next].map((quarter) => ({ quarter, skill: 'data', personWeeks: 3 })),
      });
      const item = await world.services.stopItems.create(e, o.id, { title: 'Weekly paper bed report', reason: 'Nobody reads it', stopOn: quarterStart(next), freed: [{ skill: 'data', personWeeks: 3 }], status: 'planned' });
      const placement = async (quarter: string) => (await world.services.portfolio.portfolio(e, o.id, quarter)).items.find((i) => i.initiativeId === waiting.id)!.placement;
      expect(await placement(next)).toBe('not-now');
      await world.services.stopItems.update(e, item.id, { status: 'stopped' });
      expect(await placement(q())).toBe('not-now');
      expect(await placement(next)).toBe('now');
      await world.services.initiatives.stop(e, big.id, { on: quarterStart(q()) });
      expect(await placement(q())).toBe('now');
      expect(await fieldsOf(world.services.stopItems.create(e, o.id, { title: 'x', reason: 'y', stopOn: '2027-01-01', freed: [{ skill: 'data', personWeeks: -2 }] }))).toHaveProperty(['freed[0].personWeeks']);
    });

    it('frees a paused initiative’s capacity from the day of its pause; done, stopped and won’t do take none, ideas compete', async () => {
      const o = await addOrganisation(world.services);
      const e = (await addPerson(world.services, o, 'editor')).actor;
      const next = addQuarters(q(), 1);
      const quarters = [q(), next, addQuarters(q(), 2)];
      await world.services.portfolio.setCapacity(e, o.id, quarters.map((quarter) => ({ quarter, skill: 'data', personWeeks: 4 })));
      const add = (name: string, personWeeks: number, extra: Record<string, unknown> = {}) =>
        world.services.initiatives.create(e, o.id, { name, change: `Ward teams ${name.toLowerCase()} together`, demand: quarters.map((quarter) => ({ quarter, skill: 'data', personWeeks })), ...extra });
      const big = await add('Plan discharge', 4, { status: 'in_progress' });
      const idea = await add('Share rotas', 3, { status: 'idea' });
      const done = await add('Read results', 4, { status: 'done' });
      const declined = await add('Buy a chatbot', 4, { wontDoReason: 'No problem behind it' });
      const placed = async (quarter: string) => {
        const p = await world.services.portfolio.portfolio(e, o.id, quarter);
        return { items: new Map(p.items.map((i) => [i.initiativeId, i])), data: p.skills.find((s) => s.skill === 'data')! };
      };
      let p = await placed(next);
      expect(p.items.get(big.id)!.placement).toBe('now');
      expect(p.items.get(idea.id)).toMatchObject({ placement: 'not-now', overrunSkills: ['data'], paused: false });
      expect(p.items.has(done.id)).toBe(false);
      expect(p.items.get(declined.id)!.placement).toBe('wont-do');
      expect(p.data).toMatchObject({ capacity: 4, committed: 4, demand: 7 });

      const today = world.services.clock().toISOString().slice(0, 10);
      const paused = await world.services.initiatives.update(e, big.id, { status: 'paused' });
      expect(paused.pausedOn).toBe(today);
      p = await placed(next);
      expect(p.items.get(big.id)).toMatchObject({ placement: 'not-now', paused: true, overrunSkills: [], rank: 1 });
      expect(p.items.get(idea.id)!.placement).toBe('now');
      expect(p.data).toMatchObject({ committed: 3, demand: 3 });
      // The quarter it was paused in keeps what it already used, unless the pause came on its first day.
      const current = await placed(q());
      expect(current.items.get(big.id)!.paused).toBe(quarterStart(q()) >= today);

      // A second save keeps the day of the pause; resuming clears it and the capacity is taken again.
      expect((await world.services.initiatives.update(e, big.id, { status: 'paused', name: 'Plan discharge early' })).pausedOn).toBe(today);
      const resumed = await world.services.initiatives.update(e, big.id, { status: 'in_progress' });
      expect(resumed.pausedOn).toBeNull();
      expect((await placed(next)).items.get(big.id)!.placement).toBe('now');
      const history = await world.services.initiatives.history(e, big.id);
      expect(history.slice(0, 3).map((h) => h.changes.pausedOn ?? null)).toEqual([{ before: today, after: null }, null, { before: null, after: today }]);
    });

    it('refuses bad capacity, scoring weights and quarters, and lets only editors change them', async () => {
      expect(await fieldsOf(world.services.portfolio.setCapacity(editor, org.id, [{ quarter: q(), skill: 'data', personWeeks: 99999 }]))).toHaveProperty(['entries[0].personWeeks']);
      expect(await fieldsOf(world.services.portfolio.setScoringModel(editor, org.id, [{ label: 'Value', weight: 11 }]))).toHaveProperty(['criteria[0].weight']);
      expect(await fieldsOf(world.services.portfolio.portfolio(editor, org.id, '2027-Q7'))).toHaveProperty('quarter');
      const viewer = (await addPerson(world.services, org, 'viewer')).actor;
      await expect(world.services.portfolio.setCapacity(viewer, org.id, [])).rejects.toMatchObject({ code: 'forbidden' });
      await expect(world.services.initiatives.create(viewer, org.id, initiative('V', []))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(world.services.portfolio.portfolio(otherEditor, org.id)).rejects.toMatchObject({ code: 'forbidden' });
      const mine = (await world.services.initiatives.list(editor, org.id))[0]!;
      await expect(world.services.initiatives.get(otherEditor, mine.id)).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
