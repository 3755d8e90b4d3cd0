import { describe, expect, it } from 'vitest';
import { analyseSeries } from '../../src/spc/index.ts';
import { addPeriods } from '../../src/domain/period.ts';
import { InvalidInput } from '../../src/domain/errors.ts';
import {
  defaultReviewSettings,
  findConcern,
  improvementsSince,
  isQuiet,
  openItems,
  parseItemKey,
  reviewPeriodOf,
  validateOutcome,
  validateReviewSettings,
  type ItemDecision,
} from '../../src/domain/review.ts';
import { raiseGoalItems, raiseInitiativeItems, raiseMeasureItems, raiseProblemItems, type MeasureForReview } from '../../src/domain/review-queue.ts';
import { findBuzzwords, isTechOnly, runHealthChecks, type HealthCheckInput } from '../../src/domain/health-checks.ts';

// Wednesday 12 March 2025: the last complete week starts on Monday 3 March.
const NOW = new Date('2025-03-12T10:00:00Z');
const TODAY = '2025-03-12';
const LAST_WEEK = '2025-03-03';

const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

function measure(values: number[], options: { direction?: 'increase' | 'decrease'; target?: number | null; last?: string; id?: string } = {}): MeasureForReview {
  const last = options.last ?? LAST_WEEK;
  const periods = values.map((_, i) => addPeriods(last, 'weekly', i - (values.length - 1)));
  const analysis = analyseSeries({ values, periods }, { preset: 'mdc', direction: options.direction ?? 'decrease', target: options.target ?? null });
  return { id: options.id ?? 'm1', name: 'Waiting days', frequency: 'weekly', target: options.target ?? null, latestPeriod: periods.at(-1) ?? null, analysis };
}

describe('signals for the review', () => {
  it('finds a concern on the latest points with the onset of its run', () => {
    // Lower is better; 30 is outside the upper limit (a concern), two weeks before the end.
    const m = measure([...steady, 30, 11, 10]);
    const concern = findConcern(m.analysis!);
    expect(concern).toEqual({ onset: addPeriods(LAST_WEEK, 'weekly', -2), latest: addPeriods(LAST_WEEK, 'weekly', -2), points: 1 });
  });

  it('ignores a concern older than the latest points', () => {
    const m = measure([...steady, 30, 11, 10, 12, 11]);
    expect(findConcern(m.analysis!)).toBeNull();
  });

  it('lists special-cause improvements since a date only', () => {
    const m = measure([...steady, 2, 11], { direction: 'decrease' });
    const point = addPeriods(LAST_WEEK, 'weekly', -1);
    expect(improvementsSince(m.analysis!, point)).toEqual([point]);
    expect(improvementsSince(m.analysis!, LAST_WEEK)).toEqual([]);
  });
});

describe('raising items', () => {
  it('raises a concern, a consistent miss and stale values, each with a fingerprint', () => {
    const concern = raiseMeasureItems([measure([...steady, 30])], { staleAfterPeriods: 2 }, NOW);
    expect(concern.map((i) => i.kind)).toEqual(['measure_concern']);
    expect(concern[0]!.evidence.fingerprint).toBe(`concern@${LAST_WEEK}`);
    // Limits 5.68 to 16.32 and lower is better: a target of 4 is always missed.
    const miss = raiseMeasureItems([measure(steady, { target: 4 })], { staleAfterPeriods: 2 }, NOW);
    expect(miss.map((i) => i.kind)).toEqual(['measure_will_miss']);
    const stale = raiseMeasureItems([measure(steady, { last: addPeriods(LAST_WEEK, 'weekly', -3) })], { staleAfterPeriods: 2 }, NOW);
    expect(stale.map((i) => i.kind)).toEqual(['measure_stale']);
    expect(raiseMeasureItems([measure(steady, { last: addPeriods(LAST_WEEK, 'weekly', -3) })], { staleAfterPeriods: 3 }, NOW)).toEqual([]);
  });

  it('raises an overdue check-in and an unaddressed serious problem', () => {
    expect(raiseGoalItems([{ id: 'g', statement: 'Fewer waits', latestCheckIn: addPeriods(LAST_WEEK, 'weekly', -2) }], NOW)).toHaveLength(1);
    expect(raiseGoalItems([{ id: 'g', statement: 'Fewer waits', latestCheckIn: addPeriods(LAST_WEEK, 'weekly', -1) }], NOW)).toHaveLength(0);
    const problems = [
      { id: 'p1', title: 'Letters late', severity: 4, reach: 3000, resolved: false },
      { id: 'p2', title: 'Minor', severity: 1, reach: 100, resolved: false },
      { id: 'p3', title: 'Addressed', severity: 5, reach: 5000, resolved: false },
    ];
    expect(raiseProblemItems(problems, new Set(['p3']), { problemPriorityThreshold: 8000 }).map((i) => i.subject.id)).toEqual(['p1']);
  });

  it('raises an initiative past its hypothesis date without improvement, and not one that improved', () => {
    const flat = measure(steady, { id: 'flat' });
    const improved = measure([...steady, 2], { id: 'better' });
    const measures = new Map([flat, improved].map((m) => [m.id, m]));
    const base = { active: true, startDate: '2024-11-01', expectedEnd: '2025-12-31', overCapacity: [] };
    const items = raiseInitiativeItems(
      [
        { ...base, id: 'i1', name: 'Flat', hypotheses: [{ measureId: 'flat', byDate: '2025-03-01' }] },
        { ...base, id: 'i2', name: 'Better', hypotheses: [{ measureId: 'better', byDate: '2025-03-01' }] },
        { ...base, id: 'i3', name: 'Not yet', hypotheses: [{ measureId: 'flat', byDate: '2025-06-01' }] },
        { ...base, id: 'i4', name: 'Stopped', active: false, hypotheses: [{ measureId: 'flat', byDate: '2025-03-01' }] },
      ],
      measures,
      TODAY,
    );
    expect(items.map((i) => `${i.kind}:${i.subject.id}`)).toEqual(['initiative_no_improvement:i1']);
    expect(items[0]!.evidence.related).toEqual([{ type: 'measure', id: 'flat', title: 'Waiting days' }]);
  });

  it('raises an initiative over capacity or past its expected end', () => {
    const items = raiseInitiativeItems(
      [{ id: 'i', name: 'Late', active: true, startDate: null, expectedEnd: '2025-01-31', hypotheses: [], overCapacity: [{ quarter: '2025-Q1', skill: 'engineering', shortBy: 4 }] }],
      new Map(),
      TODAY,
    );
    expect(items.map((i) => i.kind)).toEqual(['initiative_over_capacity', 'initiative_past_end']);
  });
});

describe('decided items stay quiet', () => {
  const [item] = raiseMeasureItems([measure([...steady, 30])], { staleAfterPeriods: 2 }, NOW);
  const decision = (over: Partial<ItemDecision> = {}): ItemDecision => ({ itemKey: item!.key, fingerprint: item!.evidence.fingerprint, nextReviewDate: '2025-04-01', decidedOn: TODAY, ...over });

  it('until the next review date', () => {
    expect(isQuiet(item!, decision(), TODAY)).toBe(true);
    expect(isQuiet(item!, decision(), '2025-04-01')).toBe(false);
  });

  it('until the evidence changes: a new signal reopens the item', () => {
    // The same measure a few weeks on: back to normal, then a new concern with a later onset.
    const later = raiseMeasureItems([measure([...steady, 30, 11, 10, 11, 12, 31], { last: '2025-04-07' })], { staleAfterPeriods: 2 }, new Date('2025-04-09T10:00:00Z'));
    expect(later[0]!.key).toBe(item!.key);
    expect(later[0]!.evidence.fingerprint).not.toBe(item!.evidence.fingerprint);
    expect(openItems(later, new Map([[item!.key, decision({ nextReviewDate: '2025-06-01' })]]), '2025-04-09')).toHaveLength(1);
  });

  it('keeps the same fingerprint while the same signal runs on', () => {
    const next = raiseMeasureItems([measure([...steady, 30, 31], { last: '2025-03-10' })], { staleAfterPeriods: 2 }, new Date('2025-03-19T10:00:00Z'));
    expect(next[0]!.evidence.fingerprint).toBe(item!.evidence.fingerprint);
  });

  it('without a next review date, until the evidence changes only', () => {
    expect(isQuiet(item!, decision({ nextReviewDate: null }), '2030-01-01')).toBe(true);
  });
});

describe('settings and outcomes', () => {
  const defaults = defaultReviewSettings('org');

  it('refuses a threshold that is not a positive whole number', () => {
    for (const bad of [0, -1, 2.5, 'seven', '']) {
      expect(() => validateReviewSettings({ maxPrioritiesNow: bad }, defaults)).toThrow(InvalidInput);
    }
    expect(validateReviewSettings({ maxPrioritiesNow: '5' }, defaults).maxPrioritiesNow).toBe(5);
  });

  it('reads buzzwords one a line, without duplicates', () => {
    expect(validateReviewSettings({ buzzwords: 'AI\nBlockchain, ai\n\n quantum ' }, defaults).buzzwords).toEqual(['AI', 'Blockchain', 'quantum']);
  });

  it('gives the period under review, weekly or monthly', () => {
    expect(reviewPeriodOf(NOW, 'weekly')).toEqual({ start: '2025-03-10', end: '2025-03-16' });
    expect(reviewPeriodOf(NOW, 'monthly')).toEqual({ start: '2025-03-01', end: '2025-03-31' });
  });

  it('asks for a reason and a future next review date to continue, and a description to pivot', () => {
    const fields = (raw: Parameters<typeof validateOutcome>[0], type: 'initiative' | 'measure' = 'initiative') => {
      try {
        validateOutcome(raw, type, TODAY);
        return {};
      } catch (e) {
        return (e as InvalidInput).fields;
      }
    };
    expect(fields({ outcome: 'continue', rationale: 'Early days' })).toHaveProperty('nextReviewDate');
    expect(fields({ outcome: 'continue', rationale: 'Early days', nextReviewDate: '2025-03-01' }).nextReviewDate).toMatch(/future/);
    expect(fields({ outcome: 'pivot', rationale: ' ' }).rationale).toMatch(/what changes/);
    expect(fields({ outcome: 'stop', rationale: 'No' }, 'measure')).toHaveProperty('outcome');
    expect(validateOutcome({ outcome: 'stop', rationale: 'No effect' }, 'initiative', TODAY)).toEqual({ outcome: 'stop', rationale: 'No effect', nextReviewDate: null });
  });

  it('parses item keys', () => {
    expect(parseItemKey('measure_concern:abc')).toEqual({ kind: 'measure_concern', subjectId: 'abc' });
    expect(parseItemKey('nonsense:abc')).toBeNull();
  });
});

describe('health checks', () => {
  const input = (over: Partial<HealthCheckInput> = {}): HealthCheckInput => ({
    settings: { maxPrioritiesNow: 2, staleAfterPeriods: 2, buzzwords: ['AI', 'digital twin'] },
    capacity: [{ quarter: '2025-Q2', skill: 'engineering', demand: 10, capacity: 8 }],
    prioritiesNow: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }],
    goals: [
      { id: 'g1', statement: 'Use AI to cut waits', measureCount: 0, ownerDisciplines: ['digital'], problemIds: ['p1'] },
      { id: 'g2', statement: 'Fewer missed appointments', measureCount: 1, ownerDisciplines: ['clinical'], problemIds: ['p2'] },
    ],
    measures: [{ id: 'm1', name: 'DNA rate', periodsBehind: 5 }],
    initiatives: [
      { id: 'i1', name: 'Digital twin of the hospital', waysOfWorking: 'Implement a new platform', problemIds: [], contributorDisciplines: ['digital'] },
      { id: 'i2', name: 'AI triage', waysOfWorking: 'Nurses triage the referrals the model flags as urgent first, every morning', problemIds: ['p1'], contributorDisciplines: ['clinical', 'digital'] },
    ],
    problems: [
      { id: 'p1', title: 'Referrals wait', text: 'Referrals wait for weeks; an AI model could flag urgent ones', raisedByDiscipline: 'clinical' },
      { id: 'p2', title: 'Missed appointments', text: 'Letters arrive late', raisedByDiscipline: 'digital' },
    ],
    decisions: [{ id: 'd1', title: 'Buy a platform', presentDisciplines: ['digital', 'digital'] }, { id: 'd2', title: 'Stop the fax', presentDisciplines: ['digital', 'clinical'] }],
    stopItemCount: 0,
    ...over,
  });

  it('flags each planted problem with the items concerned', () => {
    const checks = new Map(runHealthChecks(input()).map((c) => [c.id, c]));
    const ids = (id: string) => checks.get(id as never)!.items.map((i) => i.id);
    expect(ids('over_capacity')).toEqual(['2025-Q2']);
    expect(ids('too_many_priorities')).toEqual(['a', 'b', 'c']);
    expect(ids('goals_without_measures')).toEqual(['g1']);
    expect(ids('measures_without_recent_values')).toEqual(['m1']);
    expect(ids('goals_without_clinical_or_operational_owner')).toEqual(['g1']);
    expect(ids('solution_first_initiatives')).toEqual(['i1']);
    expect(ids('tech_only_initiatives')).toEqual(['i1']);
    // g1 names AI and its problem p1 mentions AI; i1 names a digital twin that no problem does.
    expect(ids('buzzwords')).toEqual(['i1']);
    expect(ids('digital_only_contributions')).toEqual(['p2', 'g1', 'i1']);
    expect(ids('digital_only_decisions')).toEqual(['d1']);
    expect(ids('empty_stop_list')).toHaveLength(1);
    for (const c of checks.values()) {
      expect(c.passed).toBe(false);
      expect(c.why.length).toBeGreaterThan(20);
      expect(c.threshold.length).toBeGreaterThan(5);
    }
  });

  it('passes a healthy strategy', () => {
    const checks = runHealthChecks(
      input({
        capacity: [{ quarter: '2025-Q2', skill: 'engineering', demand: 8, capacity: 8 }],
        prioritiesNow: [{ id: 'a', name: 'A' }],
        goals: [{ id: 'g2', statement: 'Fewer missed appointments', measureCount: 1, ownerDisciplines: ['operational'], problemIds: ['p2'] }],
        measures: [{ id: 'm1', name: 'DNA rate', periodsBehind: 1 }],
        initiatives: [{ id: 'i2', name: 'Reminders', waysOfWorking: 'Clinics call patients who have not confirmed two days ahead', problemIds: ['p2'], contributorDisciplines: ['operational'] }],
        problems: [{ id: 'p2', title: 'Missed appointments', text: 'Letters arrive late', raisedByDiscipline: 'clinical' }],
        decisions: [{ id: 'd2', title: 'Stop the fax', presentDisciplines: ['digital', 'clinical'] }],
        stopItemCount: 1,
      }),
    );
    expect(checks.filter((c) => !c.passed).map((c) => c.id)).toEqual([]);
  });

  it('tells a change in ways of working from a technology', () => {
    expect(isTechOnly('')).toBe(true);
    expect(isTechOnly('Roll out the new EPR system')).toBe(true);
    expect(isTechOnly('Ward clerks book transport when the discharge is planned')).toBe(false);
  });

  it('finds buzzwords as whole words only', () => {
    expect(findBuzzwords('Said the AI lead', ['AI'])).toEqual(['AI']);
    expect(findBuzzwords('Maintain the paint', ['AI'])).toEqual([]);
    expect(findBuzzwords('A digital-twin pilot', ['digital twin'])).toEqual(['digital twin']);
  });
});
