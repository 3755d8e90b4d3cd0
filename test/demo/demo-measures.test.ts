import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../support/database.ts';
import type { DemoSignIn } from '../../src/demo/demo.ts';
import { openDemoWorld } from '../support/demo-world.ts';
import { DEMO_PROBLEMS } from '../../src/demo/demo-content.ts';
import { DEMO_GOALS, DEMO_OBJECTIVES, FOUR_HOUR_MEASURE, SYNTHETIC_SOURCE } from '../../src/demo/demo-measures-content.ts';
import { createApp } from '../../src/web/app.ts';
import { Browser } from '../support/app.ts';
import { generateDemoSeries } from '../../src/demo/demo-measures.ts';
import { readFourHourSeries } from '../../src/db/reference-series.ts';
import { listSpcPoints } from '../../src/spc/index.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Goal } from '../../src/domain/goal.ts';
import type { Measure, MeasureValue } from '../../src/domain/measure.ts';
import type { MeasureStatistics } from '../../src/services/measures.ts';

// Thursday 19 June 2025: the last complete week starts on Monday 9 June.
const NOW = new Date('2025-06-19T09:00:00Z');
const LAST_WEEK = '2025-06-09';

describe('the demo’s goals and measures', () => {
  let world: TestWorld;
  let actor: Actor;
  let trustId: string;
  let goals: Goal[];
  let signIn: DemoSignIn;
  const measures = new Map<string, { measure: Measure; values: MeasureValue[]; statistics: MeasureStatistics }>();

  beforeAll(async () => {
    ({ world, signIn, actor, trustId } = await openDemoWorld({ fourHour: readFourHourSeries() }, () => NOW));
    goals = await world.services.goals.list(actor, trustId);
    for (const m of await world.services.measures.listForOrganisation(actor, trustId)) {
      measures.set(m.name, await world.services.measures.getWithValues(actor, m.id));
    }
  });
  afterAll(() => world?.close());

  it('sets 3 to 5 goals with owners, What Good Looks Like tags and strategic objectives, linked to the demo problems', async () => {
    expect(goals.length).toBeGreaterThanOrEqual(3);
    expect(goals.length).toBeLessThanOrEqual(5);
    const problems = (await world.services.problems.list(actor, trustId, {}, { limit: 100, offset: 0 })).problems;
    const titles = new Map(problems.map((p) => [p.id, p.title]));
    const linked = goals.filter((g) => g.problemIds.length > 0);
    expect(linked.length).toBeGreaterThanOrEqual(3);
    for (const g of linked) for (const id of g.problemIds) expect(DEMO_PROBLEMS.map((p) => p.title)).toContain(titles.get(id));
    for (const g of goals) {
      expect(g.owners.length).toBeGreaterThanOrEqual(1);
      expect(g.wgll.length).toBeGreaterThanOrEqual(1);
      expect(g.objectiveIds.length).toBeGreaterThanOrEqual(1);
      expect(g.byWhen! > LAST_WEEK).toBe(true);
    }
    const objectives = await world.services.goals.listObjectives(actor, trustId);
    expect(objectives.length).toBe(DEMO_OBJECTIVES.length);
    expect(objectives.length).toBeGreaterThanOrEqual(2);
    expect(objectives.length).toBeLessThanOrEqual(3);
  });

  it('gives every synthetic measure at least 104 weekly values ending with the last complete week, labelled as synthetic', () => {
    const goalMeasureNames = new Set(DEMO_GOALS.flatMap((g) => g.measures.map((m) => m.name)));
    const synthetic = [...measures.values()].filter((m) => m.measure.frequency === 'weekly' && goalMeasureNames.has(m.measure.name));
    expect(synthetic.length).toBe(DEMO_GOALS.flatMap((g) => g.measures).length);
    for (const { measure, values } of synthetic) {
      expect(values.length).toBeGreaterThanOrEqual(104);
      expect(values.at(-1)?.period).toBe(LAST_WEEK);
      expect(measure.dataSource).toContain('Synthetic demo data');
      expect(measure.dataSource).toBe(SYNTHETIC_SOURCE);
      expect(measure.ownerName).toBeTruthy();
    }
  });

  it('shows every signal its content promises, computed by the measure service', () => {
    for (const m of DEMO_GOALS.flatMap((g) => g.measures)) {
      const { statistics } = measures.get(m.name)!;
      expect({ name: m.name, variation: statistics.analysis.variation, assurance: statistics.analysis.assurance }).toEqual({ name: m.name, ...m.shows, rule: undefined });
      const last = listSpcPoints(statistics.analysis).at(-1)!;
      if (m.shows.rule) expect(last.rules).toContain(m.shows.rule);
      else expect(last.rules).toEqual([]);
    }
    const promised = DEMO_GOALS.flatMap((g) => g.measures).map((m) => m.shows);
    // An improvement shift, a concern trend, an astronomical point, a 2-of-3, common cause only and a neutral measure.
    expect(promised).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variation: expect.stringMatching(/^improvement_/), rule: 'shift' }),
        expect.objectContaining({ variation: expect.stringMatching(/^concern_/), rule: 'trend' }),
        expect.objectContaining({ rule: 'outside_limits' }),
        expect.objectContaining({ rule: 'two_of_three' }),
        expect.objectContaining({ variation: 'common_cause', rule: null }),
        expect.objectContaining({ variation: expect.stringMatching(/^neutral_/) }),
      ]),
    );
    expect(new Set(promised.map((s) => s.assurance))).toEqual(new Set(['pass', 'fail', 'inconsistent', null]));
  });

  it('marks events and a rebase with its reason', () => {
    const all = [...measures.values()].map((m) => m.measure);
    expect(all.flatMap((m) => m.annotations.map((a) => a.label))).toEqual(expect.arrayContaining(['e-discharge went live']));
    const rebased = all.filter((m) => m.rebases.length > 0);
    expect(rebased.length).toBeGreaterThanOrEqual(1);
    expect(rebased[0]!.rebases[0]!.reason.length).toBeGreaterThan(10);
    expect(measures.get(rebased[0]!.name)!.statistics.analysis.segments.length).toBe(2);
  });

  it('holds the real A&E 4-hour performance of Barts Health as in the NHS England file, missing months left missing', () => {
    const ae = [...measures.values()].find((m) => m.measure.frequency === 'monthly');
    expect(ae).toBeDefined();
    const { measure, values } = ae!;
    expect(measure).toMatchObject({ target: 95, improvementDirection: 'increase', unit: 'percentage' });
    expect(measure.name).toContain('Barts Health NHS Trust');
    expect(measure.definition).toContain('NHS Constitution');
    expect(measure.dataSource).toContain('NHS England');
    expect(measure.dataSource).toContain('Open Government Licence v3.0');
    expect(measure.dataSource).not.toMatch(/synthetic/i);
    // Read here without the demo's reader; the figures below are rows of the original NHS England file.
    const copy = readFileSync(new URL('../../reference/ae-4-hour-R1H.csv', import.meta.url), 'utf8');
    const rows = new Map(
      copy
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const f = line.split(',');
          return [f[0]!, (1 - Number(f[4]) / Number(f[3])) * 100] as const;
        }),
    );
    expect(rows.get('2015-07-01')).toBeCloseTo(100 * (1 - 4098 / 37534), 10);
    expect(rows.get('2020-04-01')).toBeCloseTo(100 * (1 - 2386 / 16246), 10);
    expect(rows.get('2024-06-01')).toBeCloseTo(100 * (1 - 13068 / 42665), 10);
    const stored = new Map(values.map((v) => [v.period, v.value]));
    for (const period of ['2015-07-01', '2020-04-01', '2022-09-01', '2024-06-01']) {
      expect(stored.get(period)).toBeCloseTo(rows.get(period)!, 10);
    }
    for (const missing of ['2022-08-01', '2022-10-01', '2022-12-01']) expect(stored.has(missing)).toBe(false);
    expect(values).toHaveLength(105);
  }, 10_000);

  it('starts new limits where the published A&E series changed level, each with its reason', () => {
    const { measure, values, statistics } = [...measures.values()].find((m) => m.measure.frequency === 'monthly')!;
    expect(measure.rebases.map((r) => r.period)).toEqual(FOUR_HOUR_MEASURE.rebases.map((r) => r.period));
    for (const r of measure.rebases) expect(r.reason.length).toBeGreaterThan(20);
    const { analysis } = statistics;
    expect(analysis.segments).toHaveLength(FOUR_HOUR_MEASURE.rebases.length + 1);
    // One set of limits over nine years makes nearly every point special cause; the rebased series far fewer.
    const special = (codes: Uint8Array) => [...codes].filter((code) => code !== 0).length / codes.length;
    const unrebased = world.services.measures.statisticsOf({ ...measure, id: `${measure.id}-unrebased`, rebases: [] }, values).analysis;
    expect(special(unrebased.signalCodes)).toBeGreaterThan(0.8);
    expect(special(analysis.signalCodes)).toBeLessThan(special(unrebased.signalCodes) - 0.2);
  });

  it('labels the A&E series as a real trust\'s published data with its last month, never as stale', async () => {
    const report = await world.services.boardReport.build(actor, trustId);
    const rows = report.flatMap((g) => g.measures);
    const ae = rows.find((r) => r.measure.frequency === 'monthly')!;
    expect(ae.latestPeriod).toBe('2024-06-01');
    expect(ae.timeliness).toBe('published_series');
    expect(rows.filter((r) => r.measure.frequency === 'weekly').every((r) => r.timeliness !== 'published_series')).toBe(true);
    const app = await createApp(world.services);
    try {
      const browser = new Browser(app);
      await browser.signIn(signIn.email, signIn.password);
      const page = (await browser.get(`/organisations/${signIn.organisationCode}/board-report`)).body;
      expect(page).toContain('data-testid="real-data">Real published data to June 2024, shown for illustration<');
      const row = page.slice(page.indexOf('data-testid="real-data"'), page.indexOf('</th>', page.indexOf('data-testid="real-data"')));
      expect(row).toContain('Published figures: no new values are expected');
      expect(row).not.toMatch(/stale|overdue/i);
    } finally {
      await app.close();
    }
  });

  it('writes weekly check-ins for most goals and leaves one overdue', async () => {
    const due = await world.services.checkIns.due(actor, trustId);
    const checkIns = due.filter((d) => d.kind === 'check_in');
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]!.timeliness).toBe('overdue');
    for (const g of goals) {
      const list = await world.services.checkIns.listForGoal(actor, g.id);
      expect(list.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('builds a board report with a concern that will miss its target first', async () => {
    const report = await world.services.boardReport.build(actor, trustId);
    expect(report).toHaveLength(goals.length);
    expect(report[0]!.measures[0]).toMatchObject({ variation: 'concern_high', assurance: 'fail' });
    expect(report.filter((g) => g.goal.problemIds.length === 0)).toHaveLength(1);
  });

  it('generates the same values from the same seed', () => {
    const shape = DEMO_GOALS[0]!.measures[0]!.shape;
    expect(generateDemoSeries(shape)).toEqual(generateDemoSeries(shape));
    expect(generateDemoSeries({ ...shape, seed: shape.seed + 1 })).not.toEqual(generateDemoSeries(shape));
  });
});
