/** The scoring model and the capacity line that splits a ranked portfolio into now, not now and won't do. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { SKILLS, readNumber, type Initiative, type Skill, type SkillDemand } from './initiative.ts';
import { quarterStart, type Quarter } from './quarter.ts';
import { freesCapacityIn, type StopItem } from './stop-item.ts';

export const CRITERION_DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type CriterionDirection = (typeof CRITERION_DIRECTIONS)[number];

/** One criterion of an organisation's scoring model; initiatives score 1 to 5 on it. */
export interface ScoringCriterion {
  key: string;
  label: string;
  /** 0 to 10: how much the criterion counts. */
  weight: number;
  /** Effort is scored high for a lot of effort, so lower is better. */
  direction: CriterionDirection;
}

export const MAX_WEIGHT = 10;

/** The model an organisation starts with. */
export const DEFAULT_CRITERIA: readonly ScoringCriterion[] = [
  { key: 'patient_value', label: 'Value to patients', weight: 5, direction: 'higher_is_better' },
  { key: 'staff_value', label: 'Value to staff', weight: 4, direction: 'higher_is_better' },
  { key: 'strategic_fit', label: 'Fit with the strategic objectives', weight: 3, direction: 'higher_is_better' },
  { key: 'evidence', label: 'Strength of evidence from the linked problems', weight: 3, direction: 'higher_is_better' },
  { key: 'effort', label: 'Effort', weight: 2, direction: 'lower_is_better' },
];

/** Validate a scoring model: 1 to 12 criteria, each with a label, a weight from 0 to 10 and a direction. */
export function validateScoringModel(value: unknown): ScoringCriterion[] {
  const fields: FieldErrors = {};
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidInput('The scoring model is not valid', { criteria: 'Give at least one criterion' });
  }
  if (value.length > 12) throw new InvalidInput('The scoring model is not valid', { criteria: 'Use 12 criteria or fewer' });
  const out: ScoringCriterion[] = [];
  const keys = new Set<string>();
  value.forEach((item, i) => {
    const at = `criteria[${i}]`;
    const c = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const label = typeof c.label === 'string' ? c.label.trim() : '';
    if (!label) fields[`${at}.label`] = 'Enter the criterion’s name';
    else if (label.length > 100) fields[`${at}.label`] = 'The name must be 100 characters or fewer';
    const key =
      typeof c.key === 'string' && c.key.trim()
        ? c.key.trim()
        : label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40);
    if (!/^[a-z0-9_]{1,40}$/.test(key)) fields[`${at}.key`] = 'A key is lower-case letters, digits and underscores';
    else if (keys.has(key)) fields[`${at}.key`] = `Two criteria share the key “${key}”`;
    keys.add(key);
    const weight = readNumber(c.weight);
    if (weight === null) fields[`${at}.weight`] = 'A weight must be a number from 0 to 10';
    else if (weight < 0 || weight > MAX_WEIGHT) fields[`${at}.weight`] = 'A weight must be from 0 to 10';
    const direction = c.direction === undefined || c.direction === '' ? 'higher_is_better' : c.direction;
    if (!(CRITERION_DIRECTIONS as readonly unknown[]).includes(direction)) {
      fields[`${at}.direction`] = 'Choose whether a higher or a lower score is better';
    }
    out.push({ key, label, weight: weight ?? 0, direction: direction as CriterionDirection });
  });
  if (!fields.criteria && out.every((c) => c.weight === 0)) fields.criteria = 'At least one criterion needs a weight above 0';
  if (Object.keys(fields).length) throw new InvalidInput('The scoring model is not valid', fields);
  return out;
}

/**
 * The weighted score of an initiative, from 0 to 5: the weighted mean of its scores, with
 * lower-is-better criteria turned round (6 − score). Null when it has no score on any weighted criterion.
 */
export function weightedScore(scores: Readonly<Record<string, number>>, criteria: readonly ScoringCriterion[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (s === undefined || c.weight === 0) continue;
    sum += c.weight * (c.direction === 'lower_is_better' ? 6 - s : s);
    weights += c.weight;
  }
  return weights === 0 ? null : Math.round((sum / weights) * 100) / 100;
}

export const PLACEMENTS = ['now', 'not-now', 'wont-do'] as const;
export type Placement = (typeof PLACEMENTS)[number];
export const PLACEMENT_LABELS: Record<Placement, string> = { now: 'Now', 'not-now': 'Not now', 'wont-do': 'Won’t do' };

/** One initiative's place in a quarter's portfolio. */
export interface PlacedInitiative {
  initiativeId: string;
  rank: number;
  placement: Placement;
  /** Person-weeks per skill it needs in the quarter. */
  demand: Partial<Record<Skill, number>>;
  /** The skills it would overrun: why it is below the line. */
  overrunSkills: Skill[];
  /** Whether it is paused in this quarter, and so below the line asking nothing. */
  paused: boolean;
  score: number | null;
}

/** Per skill, in one quarter: what is available and what is asked. */
export interface SkillLine {
  skill: Skill;
  /** Available capacity: the organisation's own plus what stopped items free. */
  capacity: number;
  /** Of which freed by stopped items. */
  freed: number;
  /** Demand of the initiatives placed now. */
  committed: number;
  /** Demand of every ranked initiative that is not won't do. */
  demand: number;
}

/** A quarter's portfolio: the ranking split by the capacity line. */
export interface QuarterPortfolio {
  quarter: Quarter;
  items: PlacedInitiative[];
  skills: SkillLine[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Which statuses take capacity, in a quarter:
 * - idea, proposed, committed and in progress: yes, in rank order against the capacity line (an
 *   idea competes with the rest: ranking it above the line is choosing to take it up);
 * - paused: only in quarters that start before the day it was paused; from then on it keeps its
 *   rank but sits below the line, so what it would have used is free for the others;
 * - stopped: only in quarters that start before the day it was stopped; after, it is not listed;
 * - done and won't do: never (won't do is listed apart, with its reason).
 */
function needsCapacityIn(i: Pick<Initiative, 'status' | 'stoppedOn'>, quarter: Quarter): boolean {
  if (i.status === 'done') return false;
  if (i.status === 'stopped') return i.stoppedOn !== null && !freesCapacityIn({ status: 'stopped', stopOn: i.stoppedOn }, quarter);
  return true;
}

/** Whether a paused initiative's pause covers a quarter (a pause with no day covers every quarter). */
export function isPausedIn(i: Pick<Initiative, 'status' | 'pausedOn'>, quarter: Quarter): boolean {
  return i.status === 'paused' && (i.pausedOn === null || quarterStart(quarter) >= i.pausedOn);
}

type Rankable = Pick<Initiative, 'id' | 'rank' | 'status' | 'stoppedOn' | 'pausedOn' | 'demand' | 'wontDoReason' | 'scores'>;

/** A quarter's sums per skill and how many initiatives are now and not now, for the chart. */
export interface QuarterSums {
  quarter: Quarter;
  skills: SkillLine[];
  now: number;
  notNow: number;
}

const SKILL_INDEX = new Map<Skill, number>(SKILLS.map((s, k) => [s, k]));

/**
 * Ready a ranking to be placed in many quarters: the rank order and the scores are worked out
 * once, and each quarter's demand per initiative and skill once, on its first use, into flat
 * typed arrays (a portfolio page places the eight planning quarters of up to hundreds of
 * initiatives, with thousands of demand entries, on every change).
 */
export function preparePortfolio(
  ranked: readonly Rankable[],
  capacity: readonly SkillDemand[],
  stopItems: readonly Pick<StopItem, 'status' | 'stopOn' | 'freed'>[],
  criteria: readonly ScoringCriterion[],
) {
  const ordered = [...ranked].sort((a, b) => a.rank - b.rank);
  const scores = ordered.map((i) => weightedScore(i.scores, criteria));
  const S = SKILLS.length;
  // Every demand entry once, filed by quarter: which initiative, which skill, how many person-weeks.
  const entriesByQuarter = new Map<Quarter, { n: number[]; k: number[]; weeks: number[] }>();
  for (let n = 0; n < ordered.length; n++) {
    for (const d of ordered[n]!.demand) {
      let entries = entriesByQuarter.get(d.quarter);
      if (!entries) entriesByQuarter.set(d.quarter, (entries = { n: [], k: [], weeks: [] }));
      entries.n.push(n);
      entries.k.push(SKILL_INDEX.get(d.skill)!);
      entries.weeks.push(d.personWeeks);
    }
  }
  // Per quarter: initiative n's person-weeks of skill k at [n * S + k], and the place (from 1) in
  // which that skill first appears in its demand, 0 when it needs none, so that each initiative's
  // demand lists its skills in the order they were entered.
  type Needs = { weeks: Float64Array; order: Uint8Array };
  const byQuarter = new Map<Quarter, Needs>();
  function needsIn(quarter: Quarter): Needs {
    const found = byQuarter.get(quarter);
    if (found) return found;
    const weeks = new Float64Array(ordered.length * S);
    const order = new Uint8Array(ordered.length * S);
    const seen = new Uint8Array(ordered.length);
    const entries = entriesByQuarter.get(quarter);
    if (entries) {
      for (let e = 0; e < entries.n.length; e++) {
        const n = entries.n[e]!;
        const at = n * S + entries.k[e]!;
        if (order[at] === 0) order[at] = seen[n] = seen[n]! + 1;
        weeks[at] = weeks[at]! + entries.weeks[e]!;
      }
    }
    const needs = { weeks, order };
    byQuarter.set(quarter, needs);
    return needs;
  }

  function line(quarter: Quarter, detailed: boolean) {
    const available = new Array<number>(SKILLS.length).fill(0);
    const freed = new Array<number>(SKILLS.length).fill(0);
    const add = (sums: number[], k: number, n: number) => {
      sums[k] = sums[k]! + n;
    };
    for (const c of capacity) if (c.quarter === quarter) add(available, SKILL_INDEX.get(c.skill)!, c.personWeeks);
    for (const item of stopItems) {
      if (!freesCapacityIn(item, quarter)) continue;
      for (const f of item.freed) add(freed, SKILL_INDEX.get(f.skill)!, f.personWeeks);
    }
    const limit = available.map((a, k) => a + freed[k]! + 1e-9);
    const used = new Array<number>(SKILLS.length).fill(0);
    const asked = new Array<number>(SKILLS.length).fill(0);
    const items: PlacedInitiative[] = [];
    const wontDo: PlacedInitiative[] = [];
    let now = 0;
    let notNow = 0;
    const { weeks, order } = needsIn(quarter);
    // Initiative n's demand, its skills in the order they were entered.
    const demandOf = (n: number) => {
      const present: number[] = [];
      for (let k = 0; k < S; k++) if (order[n * S + k]) present.push(k);
      if (present.length > 1) present.sort((a, b) => order[n * S + a]! - order[n * S + b]!);
      const demand: Partial<Record<Skill, number>> = {};
      for (const k of present) demand[SKILLS[k]!] = round(weeks[n * S + k]!);
      return demand;
    };
    for (let n = 0; n < ordered.length; n++) {
      const i = ordered[n]!;
      if (!needsCapacityIn(i, quarter)) continue;
      if (i.wontDoReason) {
        if (detailed) wontDo.push({ initiativeId: i.id, rank: i.rank, placement: 'wont-do', demand: demandOf(n), overrunSkills: [], paused: false, score: scores[n]! });
        continue;
      }
      if (isPausedIn(i, quarter)) {
        // Paused: below the line, asking nothing, so its capacity goes to the initiatives below it.
        notNow++;
        if (detailed) items.push({ initiativeId: i.id, rank: i.rank, placement: 'not-now', demand: demandOf(n), overrunSkills: [], paused: true, score: scores[n]! });
        continue;
      }
      // Each skill once, in skill order: the overrun skills come out in the order they are shown.
      let overrun: Skill[] | null = null;
      const base = n * S;
      for (let k = 0; k < S; k++) {
        if (!order[base + k]) continue;
        const pw = weeks[base + k]!;
        asked[k] = asked[k]! + pw;
        if (used[k]! + pw > limit[k]!) (overrun ??= []).push(SKILLS[k]!);
      }
      if (overrun === null) {
        for (let k = 0; k < S; k++) if (order[base + k]) used[k] = used[k]! + weeks[base + k]!;
        now++;
      } else notNow++;
      if (!detailed) continue;
      items.push({
        initiativeId: i.id,
        rank: i.rank,
        placement: overrun ? 'not-now' : 'now',
        demand: demandOf(n),
        overrunSkills: overrun ?? [],
        paused: false,
        score: scores[n]!,
      });
    }
    const skills = SKILLS.map((skill, k) => ({
      skill,
      capacity: round(available[k]! + freed[k]!),
      freed: round(freed[k]!),
      committed: round(used[k]!),
      demand: round(asked[k]!),
    }));
    return { items: [...items, ...wontDo], skills, now, notNow };
  }

  return {
    /** The quarter's portfolio, every initiative placed. */
    place(quarter: Quarter): QuarterPortfolio {
      const { items, skills } = line(quarter, true);
      return { quarter, items, skills };
    },
    /** Only the quarter's sums and counts: what the chart of the planning quarters needs. */
    sums(quarter: Quarter): QuarterSums {
      const { skills, now, notNow } = line(quarter, false);
      return { quarter, skills, now, notNow };
    },
  };
}

/**
 * Place ranked initiatives against a quarter's capacity. In rank order, an initiative is "now"
 * when every skill it needs still fits under that skill's capacity once the initiatives above it
 * that are now are counted; otherwise it is "not now", with the skills it overruns, and it takes
 * no capacity, so a smaller one below it may still fit. A paused one is not now and takes no
 * capacity in the quarters its pause covers. Won't-do initiatives are listed apart.
 */
export function placePortfolio(
  quarter: Quarter,
  ranked: readonly Rankable[],
  capacity: readonly SkillDemand[],
  stopItems: readonly Pick<StopItem, 'status' | 'stopOn' | 'freed'>[],
  criteria: readonly ScoringCriterion[],
): QuarterPortfolio {
  return preparePortfolio(ranked, capacity, stopItems, criteria).place(quarter);
}
