import type { SpcAnalysis, SpcSegment } from './analyse-series.ts';
import { RULE_BITS, decodeRules, decodeSignal } from './classify-signal.ts';
import { compareWithTolerance } from './compare-with-tolerance.ts';
import type { SpcRule, SpcSignal } from './spc-options.ts';

/** How to word a reading: the period word ("weeks", "months") and how to show a value ("95%"). */
export interface ReadingOptions {
  /** Plural word for the periods; default "points". */
  periodWord?: string;
  /** Singular; default the plural without its final "s". */
  periodWordSingular?: string;
  /** Formats a value for a sentence; default four significant figures. */
  formatValue?: (value: number) => string;
}

/** A plain-English reading of one series. */
export interface SpcReading {
  /** What the variation of the latest point means. */
  readonly variation: string;
  /** What the process means for the target, or null without one. */
  readonly assurance: string | null;
  /** Both sentences as one paragraph. */
  readonly text: string;
}

/** Words for one point's signal, e.g. "Improvement: run above the average", for tables and tooltips. */
export function describePointSignal(signal: SpcSignal | null, ruleMask: number): string {
  if (signal === null) return 'No value';
  if (signal === 'common_cause' || ruleMask === 0) return 'Common cause';
  const kind =
    signal === 'improvement'
      ? 'Improvement'
      : signal === 'concern'
        ? 'Concern'
        : 'Special cause (neither direction is better)';
  const reasons: string[] = [];
  const words: Record<SpcRule, [string, string]> = {
    outside_limits: ['above the upper process limit', 'below the lower process limit'],
    shift: ['run above the average', 'run below the average'],
    trend: ['rising trend', 'falling trend'],
    two_of_three: ['two of three near the upper limit', 'two of three near the lower limit'],
  };
  for (const rule of ['outside_limits', 'shift', 'trend', 'two_of_three'] as const) {
    if ((ruleMask & RULE_BITS[rule].high) !== 0) reasons.push(words[rule][0]);
    if ((ruleMask & RULE_BITS[rule].low) !== 0) reasons.push(words[rule][1]);
  }
  return `${kind}: ${reasons.join('; ')}`;
}

/** Reads an analysis in plain English for a board: what the latest variation means and whether the target will be met. */
export function describeSeries(analysis: SpcAnalysis, options: ReadingOptions = {}): SpcReading {
  const plural = options.periodWord ?? 'points';
  const singular = options.periodWordSingular ?? plural.replace(/s$/, '');
  const format = options.formatValue ?? formatDefault;
  const words = { plural, singular, format };
  const variation = describeVariation(analysis, words);
  const assurance = describeAssurance(analysis, words);
  return {
    variation,
    assurance,
    text: assurance === null ? variation : `${variation} ${assurance}`,
  };
}

interface Words {
  plural: string;
  singular: string;
  format: (value: number) => string;
}

function describeVariation(analysis: SpcAnalysis, w: Words): string {
  const last = analysis.lastIndex;
  if (last < 0) return 'There are no values yet, so there is nothing to read.';
  const segment = segmentOf(analysis, last);
  if (!segment.assessed) {
    const needed = Math.max(2, analysis.options.minimumPoints);
    return `There ${segment.limitPointCount === 1 ? 'is' : 'are'} only ${count(segment.limitPointCount, w)} with values to set process limits from, and at least ${needed} are needed: it is too early to tell chance from a real change.`;
  }
  const value = analysis.values[last] as number;
  const { signal, side } = decodeSignal(analysis.signalCodes[last] as number);
  const limits = `${w.format(segment.lowerProcessLimit as number)} to ${w.format(segment.upperProcessLimit as number)}`;
  if (signal === 'common_cause' || signal === null || side === null) {
    return `The latest ${w.singular} (${w.format(value)}) is within the process limits of ${limits} and no run or trend stands out: this is common cause variation, what the process normally produces.`;
  }
  const rule = chooseRule(analysis, last, side);
  const outcome = describeOutcome(signal);
  const high = side === 'high';
  switch (rule) {
    case 'outside_limits': {
      const limit = high ? segment.upperProcessLimit : segment.lowerProcessLimit;
      return `The latest ${w.singular} (${w.format(value)}) was ${high ? 'above the upper' : 'below the lower'} process limit of ${w.format(limit as number)}: this is unlikely to be chance — ${outcome}.`;
    }
    case 'shift': {
      const k = countRun(analysis, last, high ? RULE_BITS.shift.high : RULE_BITS.shift.low);
      return `The last ${count(k, w)} were all ${high ? 'above' : 'below'} the average: this is unlikely to be chance — ${outcome}.`;
    }
    case 'trend': {
      const k = countRun(analysis, last, high ? RULE_BITS.trend.high : RULE_BITS.trend.low);
      return `The last ${count(k, w)} each ${high ? 'rose' : 'fell'} from the one before: this is unlikely to be chance — ${outcome}.`;
    }
    default:
      return `Two of the last three ${w.plural} were close to the ${high ? 'upper' : 'lower'} process limit: this is unlikely to be chance — ${outcome}.`;
  }
}

function describeAssurance(analysis: SpcAnalysis, w: Words): string | null {
  const { target, direction } = analysis.options;
  if (target === null) return null;
  const t = w.format(target);
  if (direction === 'neutral') {
    return `A target of ${t} is set, but neither direction is marked as better, so there is no judgement on meeting it.`;
  }
  const last = analysis.lastIndex;
  if (last < 0 || analysis.assurance === null) {
    return `There are too few points to say whether the target of ${t} will be met.`;
  }
  const segment = segmentOf(analysis, last);
  const lower = segment.lowerProcessLimit as number;
  const upper = segment.upperProcessLimit as number;
  const every = `every ${w.singular}`;
  if (analysis.assurance === 'inconsistent') {
    return `The target of ${t} is within the process limits: it will be met in some ${w.plural} and missed in others unless the process changes.`;
  }
  // pass/fail: the limit beyond which the target lies.
  const beyondUpper =
    analysis.assurance === 'pass' ? direction === 'decrease' : direction === 'increase';
  const limit = beyondUpper ? upper : lower;
  const where =
    compareWithTolerance(target, limit, analysis.options.tolerance) === 0
      ? 'on'
      : beyondUpper
        ? 'above'
        : 'below';
  const which = beyondUpper ? 'upper' : 'lower';
  return analysis.assurance === 'pass'
    ? `The target of ${t} is ${where} the ${which} process limit of ${w.format(limit)}: it will be met ${every} unless the process changes.`
    : `The target of ${t} is ${where} the ${which} process limit of ${w.format(limit)}: it will be missed ${every} unless the process changes.`;
}

/** The rule to explain: the first, in precedence order, that fired on the signal's side. */
function chooseRule(analysis: SpcAnalysis, index: number, side: 'high' | 'low'): SpcRule {
  const mask = analysis.ruleFlags[index] as number;
  const fired = new Set(decodeRules(mask));
  for (const rule of analysis.options.rulePrecedence) {
    if (fired.has(rule) && (mask & RULE_BITS[rule][side]) !== 0) return rule;
  }
  return decodeRules(mask)[0] ?? 'outside_limits';
}

/** How many points with values, ending at `index`, carry `bit` without a break. */
function countRun(analysis: SpcAnalysis, index: number, bit: number): number {
  let k = 0;
  for (let i = index; i >= 0; i--) {
    const v = analysis.values[i] as number;
    if (v !== v) continue;
    if (((analysis.ruleFlags[i] as number) & bit) === 0) break;
    k++;
  }
  return k;
}

function describeOutcome(signal: SpcSignal): string {
  if (signal === 'improvement') return 'an improvement';
  if (signal === 'concern') return 'a concern';
  return 'a real change, though neither direction is marked as better';
}

function segmentOf(analysis: SpcAnalysis, index: number): SpcSegment {
  const found = analysis.segments.find((s) => index >= s.start && index < s.end);
  return found ?? (analysis.segments[analysis.segments.length - 1] as SpcSegment);
}

function count(n: number, w: Words): string {
  return `${n} ${n === 1 ? w.singular : w.plural}`;
}

function formatDefault(value: number): string {
  return String(Number(value.toPrecision(4)));
}
