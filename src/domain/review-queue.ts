/** The review queue's items, raised from plain data: measures and their statistics, goals, problems, initiatives. */
import type { SpcAnalysis } from '../spc/index.ts';
import { CHECK_IN_FREQUENCY, timelinessOf } from './check-in.ts';
import { addPeriods, describePeriod, periodStartOf, periodsBetween, type Frequency } from './period.ts';
import { buildItem, currentSegmentStart, findConcern, improvementsSince, type ReviewItem, type ReviewSettings, type ReviewSubject } from './review.ts';

/** A measure as the queue sees it. */
export interface MeasureForReview {
  id: string;
  name: string;
  frequency: Frequency;
  target: number | null;
  latestPeriod: string | null;
  /** Null when the measure has no values. */
  analysis: SpcAnalysis | null;
}

/** A goal as the queue sees it. */
export interface GoalForReview {
  id: string;
  statement: string;
  latestCheckIn: string | null;
}

/** A problem as the queue sees it. */
export interface ProblemForReview {
  id: string;
  title: string;
  severity: number;
  reach: number;
  resolved: boolean;
}

/** An initiative as the queue sees it. */
export interface InitiativeForReview {
  id: string;
  name: string;
  /** Only initiatives under way are reviewed (committed or in progress). */
  active: boolean;
  startDate: string | null;
  expectedEnd: string | null;
  /** "We expect special-cause improvement in this measure by this date." */
  hypotheses: { measureId: string; byDate: string }[];
  /** Quarters and skills where the initiative falls below the capacity line. */
  overCapacity: { quarter: string; skill: string; shortBy: number }[];
}

const subject = (type: ReviewSubject['type'], id: string, title: string): ReviewSubject => ({ type, id, title });
const lastComplete = (now: Date, f: Frequency) => addPeriods(periodStartOf(now, f), f, -1);
const unitOf = (f: Frequency) => (f === 'weekly' ? 'week' : 'month');

/** Concern on the latest points, a consistent miss of the target, stale values. */
export function raiseMeasureItems(measures: readonly MeasureForReview[], settings: Pick<ReviewSettings, 'staleAfterPeriods'>, now: Date): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const m of measures) {
    const s = subject('measure', m.id, m.name);
    const a = m.analysis;
    if (a) {
      const concern = findConcern(a);
      if (concern) {
        items.push(
          buildItem('measure_concern', s, {
            summary: `${m.name} shows special-cause concern since the ${describePeriod(concern.onset, m.frequency)}.`,
            facts: [`${concern.points} ${concern.points === 1 ? 'point' : 'points'} of concern, the latest in the ${describePeriod(concern.latest, m.frequency)}`],
            fingerprint: `concern@${concern.onset}`,
            related: [],
          }),
        );
      }
      if (a.assurance === 'fail') {
        const from = currentSegmentStart(a);
        items.push(
          buildItem('measure_will_miss', s, {
            summary: `${m.name} will miss its target consistently: the target lies outside the process limits.`,
            facts: [`Target ${m.target ?? ''}; process limits calculated from the ${from ? describePeriod(from, m.frequency) : 'start'}`],
            fingerprint: `fail@${from ?? ''}:${m.target ?? ''}`,
            related: [],
          }),
        );
      }
    }
    const due = lastComplete(now, m.frequency);
    const behind = m.latestPeriod ? periodsBetween(m.latestPeriod, due, m.frequency) : Infinity;
    if (behind > settings.staleAfterPeriods) {
      items.push(
        buildItem('measure_stale', s, {
          summary: m.latestPeriod
            ? `${m.name} has had no value for ${behind} ${unitOf(m.frequency)}s: the latest is for the ${describePeriod(m.latestPeriod, m.frequency)}.`
            : `${m.name} has no values yet.`,
          facts: [`Values are stale after ${settings.staleAfterPeriods} ${unitOf(m.frequency)}s without one`],
          fingerprint: `stale@${m.latestPeriod ?? 'never'}`,
          related: [],
        }),
      );
    }
  }
  return items;
}

/** Goals whose weekly check-in is overdue (two weeks or more missing). */
export function raiseGoalItems(goals: readonly GoalForReview[], now: Date): ReviewItem[] {
  const due = lastComplete(now, CHECK_IN_FREQUENCY);
  const items: ReviewItem[] = [];
  for (const g of goals) {
    const t = timelinessOf(g.latestCheckIn, due, CHECK_IN_FREQUENCY);
    if (t !== 'overdue' && t !== 'stale') continue;
    items.push(
      buildItem('check_in_overdue', subject('goal', g.id, g.statement), {
        summary: g.latestCheckIn
          ? `The weekly check-in is overdue: the latest is for the ${describePeriod(g.latestCheckIn, CHECK_IN_FREQUENCY)}.`
          : 'No check-in has been written for this goal.',
        facts: [`${g.latestCheckIn ? periodsBetween(g.latestCheckIn, due, CHECK_IN_FREQUENCY) : 'All'} weeks without a check-in`],
        fingerprint: `check-in@${g.latestCheckIn ?? 'never'}`,
        related: [],
      }),
    );
  }
  return items;
}

/** Problems of high severity × reach that no goal or initiative addresses. */
export function raiseProblemItems(problems: readonly ProblemForReview[], addressed: ReadonlySet<string>, settings: Pick<ReviewSettings, 'problemPriorityThreshold'>): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const p of problems) {
    const priority = p.severity * p.reach;
    if (p.resolved || addressed.has(p.id) || priority < settings.problemPriorityThreshold) continue;
    items.push(
      buildItem('problem_unaddressed', subject('problem', p.id, p.title), {
        summary: `Severity ${p.severity} × reach ${p.reach.toLocaleString('en-GB')} = ${priority.toLocaleString('en-GB')}, and no goal or initiative addresses it.`,
        facts: [`Problems of ${settings.problemPriorityThreshold.toLocaleString('en-GB')} or more are raised`],
        fingerprint: `priority@${p.severity}x${p.reach}`,
        related: [],
      }),
    );
  }
  return items;
}

/**
 * Initiatives under way: past a hypothesis date with no special-cause improvement in that
 * measure since the initiative started, or with a concern on it; below the capacity line;
 * past the expected end.
 */
export function raiseInitiativeItems(initiatives: readonly InitiativeForReview[], measures: ReadonlyMap<string, MeasureForReview>, today: string): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const i of initiatives) {
    if (!i.active) continue;
    const s = subject('initiative', i.id, i.name);
    const missed: { m: MeasureForReview; byDate: string }[] = [];
    const concerns: { m: MeasureForReview; onset: string }[] = [];
    for (const h of i.hypotheses) {
      const m = measures.get(h.measureId);
      if (!m) continue;
      const concern = m.analysis ? findConcern(m.analysis) : null;
      if (concern && (!i.startDate || concern.latest >= i.startDate)) concerns.push({ m, onset: concern.onset });
      if (h.byDate <= today) {
        const improved = m.analysis ? improvementsSince(m.analysis, i.startDate ?? '0000-01-01') : [];
        if (improved.length === 0) missed.push({ m, byDate: h.byDate });
      }
    }
    if (missed.length) {
      items.push(
        buildItem('initiative_no_improvement', s, {
          summary: `Past its hypothesis date with no special-cause improvement in ${missed.map((x) => x.m.name).join(', ')} since it started.`,
          facts: missed.map((x) => `Expected improvement in ${x.m.name} by ${x.byDate}${i.startDate ? `; started ${i.startDate}` : ''}`),
          fingerprint: `no-improvement@${missed.map((x) => `${x.m.id}:${x.byDate}`).sort().join(',')}`,
          related: missed.map((x) => subject('measure', x.m.id, x.m.name)),
        }),
      );
    }
    if (concerns.length) {
      items.push(
        buildItem('initiative_concern', s, {
          summary: `A measure it should move shows special-cause concern: ${concerns.map((x) => x.m.name).join(', ')}.`,
          facts: concerns.map((x) => `${x.m.name}: concern since the ${describePeriod(x.onset, x.m.frequency)}`),
          fingerprint: `concern@${concerns.map((x) => `${x.m.id}:${x.onset}`).sort().join(',')}`,
          related: concerns.map((x) => subject('measure', x.m.id, x.m.name)),
        }),
      );
    }
    if (i.overCapacity.length) {
      items.push(
        buildItem('initiative_over_capacity', s, {
          summary: `Committed, but its demand does not fit the capacity in ${[...new Set(i.overCapacity.map((o) => o.quarter))].join(', ')}.`,
          facts: i.overCapacity.map((o) => `${o.quarter}, ${o.skill}: ${o.shortBy.toLocaleString('en-GB')} person-weeks short`),
          fingerprint: `capacity@${i.overCapacity.map((o) => `${o.quarter}:${o.skill}`).sort().join(',')}`,
          related: [],
        }),
      );
    }
    if (i.expectedEnd && i.expectedEnd < today) {
      items.push(
        buildItem('initiative_past_end', s, {
          summary: `Past its expected end on ${i.expectedEnd} and not done.`,
          facts: [`Expected end ${i.expectedEnd}`],
          fingerprint: `end@${i.expectedEnd}`,
          related: [],
        }),
      );
    }
  }
  return items;
}
