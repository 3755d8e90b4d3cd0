import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../support/database.ts';
import { openDemoWorld } from '../support/demo-world.ts';
import { DEMO_PAST_REVIEW, DEMO_REVIEW_INITIATIVES, DEMO_STALE_MEASURE } from '../../src/demo/demo-review-content.ts';
import type { Actor } from '../../src/domain/person.ts';

describe('the demo review', () => {
  let world: TestWorld;
  let actor: Actor;
  let trustId: string;

  beforeAll(async () => {
    ({ world, actor, trustId } = await openDemoWorld());
  });
  afterAll(() => world?.close());

  it('raises a real queue: no improvement past a hypothesis date, a concern signal and a stale measure', async () => {
    const queue = await world.services.reviews.queue(actor, trustId);
    const open = queue.items.filter((i) => !i.decision);
    const titles = (kind: string) => open.filter((i) => i.kind === kind).map((i) => i.subject.title);
    expect(titles('initiative_no_improvement')).toContain(DEMO_REVIEW_INITIATIVES[0]!.name);
    expect(titles('measure_concern').length).toBeGreaterThan(0);
    expect(titles('measure_stale')).toContain(DEMO_STALE_MEASURE.name);
    // Decided at last week's review, and quiet until its next review date.
    expect(open.map((i) => i.subject.title)).not.toContain(DEMO_PAST_REVIEW.decide.measure);
  });

  it('has one past review meeting whose decision is in the log, with who was present', async () => {
    const { reviews } = await world.services.reviews.list(actor, trustId);
    expect(reviews).toHaveLength(1);
    const { review, outcomes } = await world.services.reviews.get(actor, reviews[0]!.id);
    expect(review.closedAt).not.toBeNull();
    expect(review.present.map((p) => p.discipline)).toEqual(expect.arrayContaining(['clinical', 'operational', 'patients_representative']));
    expect(outcomes).toHaveLength(1);
    const decision = await world.services.decisions.get(actor, outcomes[0]!.decisionId);
    expect(decision.what).toContain(DEMO_PAST_REVIEW.decide.measure);
  });

  it('flags the planted problems on the health checks', async () => {
    const checks = new Map((await world.services.healthChecks.run(actor, trustId)).map((c) => [c.id, c]));
    const planted = DEMO_REVIEW_INITIATIVES[1]!.name;
    for (const id of ['solution_first_initiatives', 'tech_only_initiatives', 'buzzwords', 'digital_only_contributions', 'measures_without_recent_values'] as const) {
      expect(checks.get(id)!.passed, id).toBe(false);
    }
    expect(checks.get('buzzwords')!.items.map((i) => i.title)).toContain(planted);
    expect(checks.get('measures_without_recent_values')!.items.map((i) => i.title)).toContain(DEMO_STALE_MEASURE.name);
  });
});
