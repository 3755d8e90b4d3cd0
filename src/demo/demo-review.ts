/** Loading the demo trust's review: after the people, problems and measures, through the services. */
import type { Actor } from '../domain/person.ts';
import { addPeriods, formatIsoDate, periodStartOf } from '../domain/period.ts';
import { addQuarters, quarterOf } from '../domain/quarter.ts';
import { itemKey } from '../domain/review.ts';
import type { Services } from '../services/index.ts';
import { DEMO_ADMIN, DEMO_TRUST_MEMBERS } from './demo-content.ts';
import { DEMO_FLAT_MEASURE, DEMO_PAST_REVIEW, DEMO_REVIEW_INITIATIVES, DEMO_STALE_MEASURE } from './demo-review-content.ts';
import { createRandom } from './seeded-random.ts';

/**
 * Add what the demo's review needs: an initiative past its hypothesis date whose measure shows
 * no improvement, a measure gone stale, an initiative planted for the health checks, and last
 * week's review meeting with a decision in the log.
 */
export async function loadDemoReview(services: Services, options: { organisationId: string; actor: Actor }): Promise<void> {
  const { organisationId, actor } = options;
  const now = services.clock();
  const lastWeek = addPeriods(periodStartOf(now, 'weekly'), 'weekly', -1);
  const members = await services.people.listMembers(actor, organisationId);
  const emails = new Map([DEMO_ADMIN, ...DEMO_TRUST_MEMBERS].map((m) => [m.key, m.email]));
  const memberId = (key: string) => {
    const m = members.find((x) => x.email === emails.get(key));
    if (!m) throw new Error(`The demo review names an unknown member “${key}”`);
    return m.userId;
  };
  const [goals, measures, problems] = await Promise.all([
    services.goals.list(actor, organisationId),
    services.measures.listForOrganisation(actor, organisationId),
    services.problems.list(actor, organisationId, {}, { limit: 100, offset: 0 }),
  ]);
  const goalId = (statement: string) => {
    const g = goals.find((x) => x.statement === statement);
    if (!g) throw new Error(`The demo review names an unknown goal “${statement}”`);
    return g.id;
  };
  const flat = await services.measures.create(actor, goalId(DEMO_FLAT_MEASURE.goal), {
    name: DEMO_FLAT_MEASURE.name,
    definition: DEMO_FLAT_MEASURE.definition,
    unit: 'percentage',
    improvementDirection: 'decrease',
    frequency: 'weekly',
    dataSource: 'Synthetic demo data: generated for the demonstration, not real figures',
    ownerUserId: memberId(DEMO_FLAT_MEASURE.owner),
  });
  const zigzag = createRandom(4343);
  // Alternately above and below the level, by up to one noise step: no run, trend or point beyond the limits.
  await services.measures.recordValues(
    actor,
    flat.id,
    Array.from({ length: DEMO_FLAT_MEASURE.weeks }, (_, i) => ({
      period: addPeriods(lastWeek, 'weekly', i - (DEMO_FLAT_MEASURE.weeks - 1)),
      value: Math.round((DEMO_FLAT_MEASURE.level + (i % 2 ? 1 : -1) * DEMO_FLAT_MEASURE.noise * (0.5 + 0.5 * zigzag())) * 100) / 100,
    })),
  );
  measures.push(flat);
  const measureId = (name: string) => {
    const m = measures.find((x) => x.name === name);
    if (!m) throw new Error(`The demo review names an unknown measure “${name}”`);
    return m.id;
  };

  const stale = await services.measures.create(actor, goalId(DEMO_STALE_MEASURE.goal), {
    name: DEMO_STALE_MEASURE.name,
    definition: DEMO_STALE_MEASURE.definition,
    unit: 'percentage',
    improvementDirection: 'increase',
    frequency: 'weekly',
    dataSource: 'Synthetic demo data: generated for the demonstration, not real figures',
    ownerUserId: memberId(DEMO_STALE_MEASURE.owner),
  });
  const random = createRandom(4242);
  const latest = addPeriods(lastWeek, 'weekly', -DEMO_STALE_MEASURE.weeksBehind);
  await services.measures.recordValues(
    actor,
    stale.id,
    Array.from({ length: DEMO_STALE_MEASURE.weeks }, (_, i) => ({
      period: addPeriods(latest, 'weekly', i - (DEMO_STALE_MEASURE.weeks - 1)),
      value: Math.round((DEMO_STALE_MEASURE.level + DEMO_STALE_MEASURE.noise * (random() * 2 - 1)) * 10) / 10,
    })),
  );

  const current = quarterOf(now);
  for (const i of DEMO_REVIEW_INITIATIVES) {
    await services.initiatives.create(actor, organisationId, {
      name: i.name,
      change: i.change,
      status: i.status,
      problemIds: i.problems.map((title) => {
        const p = problems.problems.find((x) => x.title === title);
        if (!p) throw new Error(`The demo initiative “${i.name}” names an unknown problem “${title}”`);
        return p.id;
      }),
      goalIds: i.goal ? [goalId(i.goal)] : [],
      hypotheses: i.hypothesis
        ? [{ measureId: measureId(i.hypothesis.measure), expectation: i.hypothesis.expectation, byDate: addPeriods(lastWeek, 'weekly', -i.hypothesis.weeksAgo) }]
        : [],
      demand: i.engineering.map((personWeeks, q) => ({ quarter: addQuarters(current, q), skill: 'engineering', personWeeks })),
      startQuarter: addQuarters(current, -i.startQuartersAgo),
      endQuarter: addQuarters(current, i.endQuartersAhead),
      ownerId: memberId(i.owner),
      sponsorId: i.sponsor ? memberId(i.sponsor) : null,
    });
  }

  const past = DEMO_PAST_REVIEW;
  const heldOn = formatIsoDate(new Date(now.getTime() - past.daysAgo * 86_400_000));
  const review = await services.reviews.open(actor, organisationId, {
    heldOn,
    present: [...past.members.map((key) => ({ userId: memberId(key) })), ...past.guests],
  });
  await services.reviews.decide(actor, review.id, {
    itemKey: itemKey('measure_concern', measureId(past.decide.measure)),
    outcome: 'continue',
    rationale: past.decide.rationale,
    nextReviewDate: addPeriods(periodStartOf(now, 'weekly'), 'weekly', past.decide.nextReviewWeeks),
  });
  await services.reviews.close(actor, review.id);
}
