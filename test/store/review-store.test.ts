import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const NOW = new Date('2025-03-12T10:00:00Z');
const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`reviews on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let editor: Actor;
    let measureId: string;

    beforeAll(async () => {
      world = await openTestWorld(engine, () => NOW);
      org = await addOrganisation(world.services);
      editor = (await addPerson(world.services, org, 'editor', 'Edna Editor')).actor;
      const problem = await world.services.problems.create(editor, org.id, buildProblem());
      const goal = await world.services.goals.create(editor, org.id, { statement: 'Fewer missed appointments', problemIds: [problem.id] });
      measureId = (await addWeeklyMeasure(world.services, editor, goal.id, { name: 'Missed', improvementDirection: 'decrease' }, [...steady, 30], '2025-03-03')).id;
    });
    afterAll(() => world?.close());

    it('stores settings, a review, its outcomes with dates as strings, and the latest outcome per item', async () => {
      const s = world.services;
      await s.reviews.updateSettings(editor, org.id, { frequency: 'monthly', buzzwords: ['AI', 'Web3'] });
      expect(await s.reviews.settings(editor, org.id)).toMatchObject({ frequency: 'monthly', maxPrioritiesNow: 7, buzzwords: ['AI', 'Web3'] });
      const review = await s.reviews.open(editor, org.id, { heldOn: '2025-03-12', present: [{ name: 'Pat Rep', discipline: 'patients_representative' }] });
      expect(review).toMatchObject({ heldOn: '2025-03-12', closedAt: null, present: [{ kind: 'guest', name: 'Pat Rep', discipline: 'patients_representative' }] });
      const { outcome } = await s.reviews.decide(editor, review.id, { itemKey: `measure_concern:${measureId}`, outcome: 'pivot', rationale: 'Send reminders by text' });
      expect(outcome).toMatchObject({ decidedOn: '2025-03-12', nextReviewDate: null, fingerprint: 'concern@2025-03-03', outcome: 'pivot' });
      const latest = await world.storage.stores.reviews.latestOutcomes(org.id);
      expect(latest.get(`measure_concern:${measureId}`)).toMatchObject({ decisionId: outcome.decisionId, rationale: expect.stringContaining('Send reminders by text') });
      expect(await world.storage.stores.reviews.outcomesSince(org.id, '2025-03-01')).toHaveLength(1);
      expect(await world.storage.stores.reviews.outcomesSince(org.id, '2025-03-13')).toHaveLength(0);
      const closed = await s.reviews.close(editor, review.id);
      expect(closed.review.closedAt).toBeInstanceOf(Date);
      expect(Array.isArray(closed.review.leftOpen)).toBe(true);
      expect((await s.reviews.list(editor, org.id)).total).toBe(1);
    });

    it('stores nothing when the decision is refused', async () => {
      const s = world.services;
      const review = await s.reviews.open(editor, org.id, { heldOn: '2025-03-12', present: [{ name: 'Pat Rep', discipline: 'patients_representative' }] });
      const before = (await s.decisions.list(editor, org.id)).total;
      await expect(s.reviews.decide(editor, review.id, { itemKey: `measure_concern:${measureId}`, outcome: 'continue', rationale: 'x', nextReviewDate: '2025-04-01' })).rejects.toThrow(/already been decided/);
      expect((await s.decisions.list(editor, org.id)).total).toBe(before);
    });
  });
}
