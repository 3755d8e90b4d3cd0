import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson } from '../support/builders.ts';
import { createServices } from '../../src/services/index.ts';
import { loadReferenceOrganisations } from '../../src/db/reference-organisations.ts';
import { addQuarters, quarterOf, quarterStart, type Quarter } from '../../src/domain/quarter.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Portfolio } from '../../src/services/portfolio.ts';

// The portfolio is kept per organisation and quarter until the organisation's change mark moves
// or the day changes. Each write that can change what it shows must give the next reader a new
// portfolio, equal to one worked out from the database by services that have kept nothing.
// (A review's stop and pause of an initiative are proven in test/api/review-api.test.ts, which
// reads the portfolio before and after each.)
for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`the kept portfolio on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let other: Organisation;
    let editor: Actor;
    let otherEditor: Actor;
    // Wednesday 12 March 2025, in 2025-Q1; a test moves it.
    let now = new Date('2025-03-12T10:00:00Z');
    const clock = () => now;
    const reference = loadReferenceOrganisations();
    const q = (): Quarter => quarterOf(now);
    const ids: Record<string, string> = {};

    const look = (quarter: Quarter | undefined = q()) => world.services.portfolio.portfolio(editor, org.id, quarter);
    /** The same portfolio from services with nothing kept. */
    const fresh = (quarter: Quarter | undefined = q()) => createServices(world.storage, reference, clock).portfolio.portfolio(editor, org.id, quarter);

    /** A write moves the portfolio: before it the same one is given again; after it, a new one that shows the write. */
    async function expectMoved(write: () => Promise<unknown>, quarter: Quarter | undefined = q()): Promise<Portfolio> {
      const before = await look(quarter);
      expect(await look(quarter)).toBe(before);
      await write();
      const after = await look(quarter);
      expect(after).not.toBe(before);
      expect(after).not.toEqual(before);
      expect(after).toEqual(await fresh(quarter));
      return after;
    }

    const placementOf = (p: Portfolio, id: string) => p.items.find((i) => i.initiativeId === id)?.placement;

    beforeAll(async () => {
      world = await openTestWorld(engine, clock);
      org = await addOrganisation(world.services);
      other = await addOrganisation(world.services, 'Other Trust');
      editor = (await addPerson(world.services, org, 'editor')).actor;
      otherEditor = (await addPerson(world.services, other, 'editor')).actor;
      await world.services.portfolio.setCapacity(editor, org.id, [
        { quarter: q(), skill: 'engineering', personWeeks: 10 },
        { quarter: addQuarters(q(), 1), skill: 'engineering', personWeeks: 10 },
      ]);
      for (const [key, weeks, score] of [['alpha', 6, 2], ['bravo', 6, 5], ['charlie', 3, 3]] as const) {
        const created = await world.services.initiatives.create(editor, org.id, {
          name: `Initiative ${key}`,
          change: 'Clinic clerks phone every patient who has not confirmed two days ahead',
          demand: [{ quarter: q(), skill: 'engineering', personWeeks: weeks }],
          scores: { patient_value: score },
        });
        ids[key] = created.id;
      }
    });
    afterAll(() => world?.close());

    it('gives the same frozen portfolio while nothing changes, and another organisation’s writes do not move it', async () => {
      const p = await look();
      expect(await look()).toBe(p);
      await world.services.initiatives.create(otherEditor, other.id, { name: 'Elsewhere', change: 'Another trust changes its clinics' });
      await world.services.portfolio.setCapacity(otherEditor, other.id, [{ quarter: q(), skill: 'design', personWeeks: 3 }]);
      expect(await look()).toBe(p);
      expect(Object.isFrozen(p.items)).toBe(true);
      expect(Object.isFrozen(p.items[0])).toBe(true);
      expect(Object.isFrozen(p.initiatives.get(ids.alpha!))).toBe(true);
      expect(() => (p.items as unknown[]).push(null)).toThrow(TypeError);
      // Each quarter is its own portfolio.
      expect((await look(addQuarters(q(), 1))).quarter).toBe(addQuarters(q(), 1));
    });

    it('moves when an initiative is added, changed, marked won’t do, paused, resumed, stopped or deleted', async () => {
      let added = '';
      let p = await expectMoved(async () => {
        added = (await world.services.initiatives.create(editor, org.id, { name: 'Initiative delta', change: 'Porters log jobs on a shared board', demand: [{ quarter: q(), skill: 'engineering', personWeeks: 1 }] })).id;
      });
      expect(placementOf(p, added)).toBe('now');
      p = await expectMoved(() => world.services.initiatives.update(editor, added, { name: 'Initiative delta, renamed' }));
      expect(p.initiatives.get(added)?.name).toBe('Initiative delta, renamed');
      p = await expectMoved(() => world.services.initiatives.update(editor, added, { demand: [{ quarter: q(), skill: 'engineering', personWeeks: 30 }] }));
      expect(p.items.find((i) => i.initiativeId === added)).toMatchObject({ placement: 'not-now', overrunSkills: ['engineering'] });
      p = await expectMoved(() => world.services.initiatives.update(editor, added, { wontDoReason: 'Technology-led, with no problem behind it' }));
      expect(placementOf(p, added)).toBe('wont-do');
      // Paused today: from the next quarter it keeps its rank but takes no capacity; resumed, it takes it again.
      const next = addQuarters(q(), 1);
      await world.services.initiatives.update(editor, added, { wontDoReason: null, demand: [{ quarter: q(), skill: 'engineering', personWeeks: 1 }, { quarter: next, skill: 'engineering', personWeeks: 1 }] });
      p = await expectMoved(() => world.services.initiatives.update(editor, added, { status: 'paused' }), next);
      expect(p.items.find((i) => i.initiativeId === added)).toMatchObject({ placement: 'not-now', paused: true });
      p = await expectMoved(() => world.services.initiatives.update(editor, added, { status: 'committed' }), next);
      expect(p.items.find((i) => i.initiativeId === added)).toMatchObject({ placement: 'now', paused: false });
      // Stopped from the start of next quarter: it is no longer listed there.
      p = await expectMoved(() => world.services.initiatives.stop(editor, added, { on: quarterStart(next) }), next);
      expect(placementOf(p, added)).toBeUndefined();
      p = await expectMoved(() => world.services.initiatives.delete(editor, added));
      expect(p.initiatives.has(added)).toBe(false);
    });

    it('moves when the ranking changes: move up or down, set a rank, rank by score', async () => {
      let p = await expectMoved(() => world.services.initiatives.move(editor, ids.bravo!, 'up'));
      expect(p.items.slice(0, 2).map((i) => i.initiativeId)).toEqual([ids.bravo, ids.alpha]);
      p = await expectMoved(() => world.services.initiatives.move(editor, ids.bravo!, 'down'));
      expect(p.items[0]?.initiativeId).toBe(ids.alpha);
      p = await expectMoved(() => world.services.initiatives.setRank(editor, ids.charlie!, '1'));
      expect(p.items[0]?.initiativeId).toBe(ids.charlie);
      p = await expectMoved(() => world.services.initiatives.rankByScore(editor, org.id));
      expect(p.items.map((i) => i.initiativeId)).toEqual([ids.bravo, ids.charlie, ids.alpha]);
    });

    it('moves when the capacity changes', async () => {
      const p = await expectMoved(() => world.services.portfolio.setCapacity(editor, org.id, [{ quarter: q(), skill: 'engineering', personWeeks: 40 }]));
      expect(p.skills.find((s) => s.skill === 'engineering')?.capacity).toBe(40);
      expect(p.items.every((i) => i.placement === 'now')).toBe(true);
    });

    it('moves when the scoring model changes, a criterion’s key alone included', async () => {
      const criteria = await world.services.portfolio.scoringModel(editor, org.id);
      const heavier = criteria.map((c) => ({ ...c, weight: c.key === 'effort' ? 9 : c.weight }));
      let p = await expectMoved(() => world.services.portfolio.setScoringModel(editor, org.id, heavier));
      expect(p.criteria.find((c) => c.key === 'effort')?.weight).toBe(9);
      // The same labels and weights under a new key: the initiatives' scores on the old key no longer count.
      p = await expectMoved(() => world.services.portfolio.setScoringModel(editor, org.id, heavier.map((c) => ({ ...c, key: c.key === 'patient_value' ? 'patients' : c.key }))));
      expect(p.items.every((i) => i.score === null)).toBe(true);
      const [event] = await world.services.portfolio.planningHistory(editor, org.id, 1);
      expect(JSON.stringify(event?.changes)).toContain('patients');
    });

    it('moves when a stop item is added or its status changes', async () => {
      await world.services.portfolio.setCapacity(editor, org.id, [{ quarter: q(), skill: 'engineering', personWeeks: 10 }]);
      let stopId = '';
      let p = await expectMoved(async () => {
        stopId = (await world.services.stopItems.create(editor, org.id, { title: 'Weekly status meeting', reason: 'Nobody reads the minutes', stopOn: quarterStart(q()), status: 'stopped', freed: [{ skill: 'engineering', personWeeks: 5 }] })).id;
      });
      expect(p.skills.find((s) => s.skill === 'engineering')).toMatchObject({ capacity: 15, freed: 5 });
      p = await expectMoved(() => world.services.stopItems.update(editor, stopId, { status: 'reversed' }));
      expect(p.skills.find((s) => s.skill === 'engineering')).toMatchObject({ capacity: 10, freed: 0 });
    });

    it('moves when the day changes', async () => {
      const before = await look(undefined);
      now = new Date('2025-04-01T08:00:00Z');
      const after = await look(undefined);
      expect(after).not.toBe(before);
      expect(after.quarter).toBe('2025-Q2');
      expect(after).toEqual(await fresh(undefined));
    });
  });
}
