/** Loading the demo trust's objectives, goals, measures, values and check-ins, after the demo people and problems. */
import type { Actor } from '../domain/person.ts';
import { addPeriods, describePeriod, formatIsoDate, periodStartOf } from '../domain/period.ts';
import { DEMO_ADMIN, DEMO_TRUST_MEMBERS } from './demo-content.ts';
import {
  DEMO_GOALS,
  DEMO_OBJECTIVES,
  DEMO_WEEKS,
  FOUR_HOUR_MEASURE,
  SYNTHETIC_SOURCE,
  type DemoMeasure,
  type DemoSeriesShape,
} from './demo-measures-content.ts';
import type { Services } from '../services/index.ts';
import { createRandom } from './seeded-random.ts';
import { PUBLISHED_SERIES_MARK, type ReferenceSeries } from '../domain/reference-series.ts';



// Box–Muller: two uniforms make one standard normal value.
function drawNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Generate a synthetic weekly series from its shape: the same shape always gives the same values, oldest first. */
export function generateDemoSeries(shape: DemoSeriesShape, weeks = DEMO_WEEKS): number[] {
  const random = createRandom(shape.seed);
  const values: number[] = [];
  for (let i = 0; i < weeks; i++) {
    const before = weeks - 1 - i;
    let level = shape.level;
    let noise = shape.noise;
    for (const step of shape.steps ?? []) {
      if (before <= step.fromWeeksBeforeEnd) {
        level += step.by;
        noise = step.noise ?? noise;
      }
    }
    // Always draw, so placing a point does not shift the random numbers of the points after it.
    const z = drawNormal(random);
    const placed = shape.points?.find((p) => p.weeksBeforeEnd === before);
    values.push(level + noise * (placed ? placed.sigmas : z));
  }
  if (shape.trend) {
    // Each week a full step on from the last, give or take a quarter step: always the same way.
    const { weeks: n, by } = shape.trend;
    const anchor = weeks - n - 1;
    const start = values[anchor] ?? shape.level;
    for (let k = 1; k <= n; k++) values[anchor + k] = start + by * k + (random() - 0.5) * (by / 2);
  }
  const scale = 10 ** shape.decimals;
  return values.map((v) => Math.max(0, Math.round(v * scale) / scale));
}

function endOfMonthAhead(now: Date, months: number): string {
  return formatIsoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months + 1, 0)));
}

/**
 * Add the demo trust's strategy in numbers: strategic objectives, goals linked to the demo
 * problems, measures with synthetic weekly values (labelled as such) that end with the last
 * complete week, annotations, a rebase, weekly check-ins (one goal's left overdue), and, when
 * given, one measure on real published A&E figures. Everything goes through the services.
 */
export async function loadDemoMeasures(
  services: Services,
  options: { organisationId: string; actor: Actor; fourHour?: ReferenceSeries | undefined },
): Promise<void> {
  const { organisationId, actor } = options;
  const now = services.clock();
  const lastWeek = addPeriods(periodStartOf(now, 'weekly'), 'weekly', -1);
  const weeksBefore = (n: number) => addPeriods(lastWeek, 'weekly', -n);

  const members = await services.people.listMembers(actor, organisationId);
  const emails = new Map([DEMO_ADMIN, ...DEMO_TRUST_MEMBERS].map((m) => [m.key, m.email]));
  const memberOf = (key: string) => {
    const member = members.find((m) => m.email === emails.get(key));
    if (!member) throw new Error(`The demo goals name an unknown member “${key}”`);
    return member;
  };
  const actorOf = (key: string): Actor => {
    const m = memberOf(key);
    return { kind: 'user', userId: m.userId, name: m.name, email: m.email, roles: new Map([[organisationId, m.role]]) };
  };

  const problems = (await services.problems.list(actor, organisationId, {}, { limit: 100, offset: 0 })).problems;
  const objectives = new Map<string, string>();
  for (const o of DEMO_OBJECTIVES) {
    objectives.set(o.key, (await services.goals.addObjective(actor, organisationId, { title: o.title, description: o.description })).id);
  }

  async function addSyntheticMeasure(goalId: string, m: DemoMeasure): Promise<void> {
    const measure = await services.measures.create(actor, goalId, {
      name: m.name,
      definition: m.definition,
      unit: m.unit,
      improvementDirection: m.improvementDirection,
      target: m.target,
      frequency: 'weekly',
      dataSource: SYNTHETIC_SOURCE,
      ownerUserId: memberOf(m.owner).userId,
      rebases: m.rebase ? [{ period: weeksBefore(m.rebase.weeksBeforeEnd), reason: m.rebase.reason }] : [],
    });
    const values = generateDemoSeries(m.shape);
    await services.measures.recordValues(actor, measure.id, values.map((value, i) => ({ period: weeksBefore(values.length - 1 - i), value })));
    for (const a of m.annotations ?? []) {
      await services.measures.addAnnotation(actor, measure.id, { period: weeksBefore(a.weeksBeforeEnd), label: a.label });
    }
  }

  async function addFourHourMeasure(goalId: string, series: ReferenceSeries): Promise<void> {
    const first = series.values[0]?.period;
    const last = series.values.at(-1)?.period;
    const span = first && last ? ` ${describePeriod(first, 'monthly')} to ${describePeriod(last, 'monthly')}` : '';
    const measure = await services.measures.create(actor, goalId, {
      name: FOUR_HOUR_MEASURE.name(series.organisationName),
      definition: FOUR_HOUR_MEASURE.definition(series.organisationName, series.organisationCode),
      unit: 'percentage',
      improvementDirection: 'increase',
      target: FOUR_HOUR_MEASURE.target,
      frequency: 'monthly',
      dataSource: `${PUBLISHED_SERIES_MARK} ${series.source},${span}. ${series.licence}`,
      ownerUserId: memberOf(FOUR_HOUR_MEASURE.owner).userId,
      // Only the rebases inside the series: a shorter copy of the figures keeps one set of limits.
      rebases: FOUR_HOUR_MEASURE.rebases.filter((r) => first && last && r.period > first && r.period <= last),
    });
    await services.measures.recordValues(actor, measure.id, series.values);
    for (const a of FOUR_HOUR_MEASURE.annotations) {
      if (first && last && a.period >= first && a.period <= last) await services.measures.addAnnotation(actor, measure.id, a);
    }
  }

  for (const g of DEMO_GOALS) {
    const problemIds = g.problems.map((title) => {
      const problem = problems.find((p) => p.title === title);
      if (!problem) throw new Error(`The demo goal “${g.statement}” names an unknown problem “${title}”`);
      return problem.id;
    });
    const goal = await services.goals.create(actor, organisationId, {
      statement: g.statement,
      forWhom: g.forWhom,
      byWhen: endOfMonthAhead(now, g.monthsToGo),
      wgll: g.wgll,
      problemIds,
      objectiveIds: g.objectives.map((key) => objectives.get(key)),
      ownerIds: g.owners.map((key) => memberOf(key).userId),
    });
    for (const m of g.measures) await addSyntheticMeasure(goal.id, m);
    if (g.realFourHourMeasure && options.fourHour) await addFourHourMeasure(goal.id, options.fourHour);

    const writer = actorOf(g.owners[0] ?? DEMO_ADMIN.key);
    const newest = weeksBefore(g.checkInWeeksBehind);
    for (const [i, c] of g.checkIns.entries()) {
      const period = addPeriods(newest, 'weekly', i - (g.checkIns.length - 1));
      await services.checkIns.create(writer, goal.id, { period, ...c });
    }
  }
}
