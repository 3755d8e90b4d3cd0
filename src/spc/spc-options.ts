import { SpcInputError } from './spc-input-error.ts';

/** Which way is better for a measure: `neutral` means neither (MDC's "neither", drawn purple). */
export type ImprovementDirection = 'increase' | 'decrease' | 'neutral';

/** The four special-cause rules. */
export type SpcRule = 'outside_limits' | 'shift' | 'trend' | 'two_of_three';

/** What a point's variation means once the improvement direction is applied. */
export type SpcSignal = 'common_cause' | 'improvement' | 'concern' | 'neutral';

/** Named option sets that reproduce one reference implementation each. */
export type SpcPresetName = 'mdc' | 'nhsr' | 'pbi';

/** Moving-range screening: `strict` drops MR >= 3.267·MR̄ (R, PBI); `inclusive` keeps MR <= 3.267·MR̄ (MDC SQL). */
export type MovingRangeScreening = 'off' | 'strict' | 'inclusive';

/** The 2-of-3 rule as each reference reads it (SPC-RULES §2). */
export type TwoOfThreeVariant =
  'close_only_same_side' | 'beyond_two_sigma_same_side' | 'net_beyond_two_sigma';

/** How one point flagged both ways gets one signal. */
export type ConflictRule = 'improvement' | 'concern' | 'precedence';

/** Whether a target exactly on a process limit gives pass/fail (`inclusive`) or inconsistent (`strict`). */
export type AssuranceBoundary = 'strict' | 'inclusive';

/** Which run rules carry on across a rebase: none (R, PBI), the trend only (MDC SQL), or all (MDC Excel). */
export type RulesAcrossRebases = 'none' | 'trend' | 'all';

/** With both a baseline and rebases: a baseline in each segment (R), or the baseline alone (MDC). */
export type BaselineWithRebase = 'each_segment' | 'ignore_rebases';

/** Where a neutral variation icon takes high/low from: the signal's rule (R, PBI) or the side of the mean (MDC). */
export type NeutralIconSide = 'signal' | 'mean';

/** Options of `analyseSeries`; every difference between the references is one of these. */
export interface SpcOptions {
  /** Named base set of options; the other options override it. Default `mdc`. */
  preset?: SpcPresetName;
  /** Which way is better. Default `increase`. */
  direction?: ImprovementDirection;
  /** Target for the assurance icon, or null for none. */
  target?: number | null;
  /** 0-based indices of the first point of each new segment (recalculated limits). */
  rebase?: readonly number[];
  /** Take the mean and moving range from the first N points (of each segment, see `baselineWithRebase`). */
  baseline?: number | null;
  /** Moving-range screening before the limits are set. */
  screening?: MovingRangeScreening;
  /** Process limits are mean ± limitFactor·MR̄: 2.66 (MDC, R) or 3/1.128 (PBI). */
  limitFactor?: number;
  /** Points in a row on one side of the mean that make a shift. */
  shiftPoints?: number;
  /** Points (including both ends) rising or falling in a row that make a trend. */
  trendPoints?: number;
  /** Which reading of the 2-of-3 rule. */
  twoOfThree?: TwoOfThreeVariant;
  /** Rules switched on. */
  rules?: readonly SpcRule[];
  /** How a point flagged as both improvement and concern is classified. */
  conflictRule?: ConflictRule;
  /** Rule order for `precedence` (and for high/low of neutral points). */
  rulePrecedence?: readonly SpcRule[];
  /** Conflict rule for the variation icon when it differs from the point colour (PBI); null = same. */
  variationConflictRule?: ConflictRule | null;
  /** Target on a limit: strict (R, PBI) or inclusive (MDC). */
  assuranceBoundary?: AssuranceBoundary;
  /** Fewest points with values needed for process limits, rules and icons. */
  minimumPoints?: number;
  /** Which run rules cross a rebase. */
  rulesAcrossRebases?: RulesAcrossRebases;
  /** How a baseline combines with rebases. */
  baselineWithRebase?: BaselineWithRebase;
  /** Where a neutral variation icon takes high/low from. */
  neutralIconSide?: NeutralIconSide;
  /** Warn about a segment with limits but fewer points than this; 0 never warns. */
  shortSegmentWarning?: number;
  /** Relative epsilon: |a − b| <= tolerance·max(|a|, |b|) counts as equal (on the line). */
  tolerance?: number;
}

/** Every option decided: what `analyseSeries` actually ran with. */
export interface ResolvedSpcOptions {
  readonly preset: SpcPresetName;
  readonly direction: ImprovementDirection;
  readonly target: number | null;
  readonly rebase: readonly number[];
  readonly baseline: number | null;
  readonly screening: MovingRangeScreening;
  readonly limitFactor: number;
  readonly shiftPoints: number;
  readonly trendPoints: number;
  readonly twoOfThree: TwoOfThreeVariant;
  readonly rules: readonly SpcRule[];
  readonly conflictRule: ConflictRule;
  readonly rulePrecedence: readonly SpcRule[];
  readonly variationConflictRule: ConflictRule | null;
  readonly assuranceBoundary: AssuranceBoundary;
  readonly minimumPoints: number;
  readonly rulesAcrossRebases: RulesAcrossRebases;
  readonly baselineWithRebase: BaselineWithRebase;
  readonly neutralIconSide: NeutralIconSide;
  readonly shortSegmentWarning: number;
  readonly tolerance: number;
}

/** Every rule, in R's order of precedence. */
export const SPC_RULES: readonly SpcRule[] = ['outside_limits', 'trend', 'two_of_three', 'shift'];

type PresetValues = Omit<
  ResolvedSpcOptions,
  'preset' | 'direction' | 'target' | 'rebase' | 'baseline'
>;

/** The presets: only named sets of options (docs/decisions/0002-spc-presets.md says where each comes from). */
export const SPC_PRESETS: Readonly<Record<SpcPresetName, PresetValues>> = {
  // NHS England MDC: SQL v2.6 and the Single Chart Tool v5.0; where they differ this follows the
  // Excel v5 testing document (the oracle): 2-of-3 ignores points beyond 3σ, every rule crosses a rebase.
  mdc: {
    screening: 'off',
    limitFactor: 2.66,
    shiftPoints: 6,
    trendPoints: 6,
    twoOfThree: 'close_only_same_side',
    rules: SPC_RULES,
    conflictRule: 'improvement',
    rulePrecedence: SPC_RULES,
    variationConflictRule: null,
    assuranceBoundary: 'inclusive',
    minimumPoints: 13,
    rulesAcrossRebases: 'all',
    baselineWithRebase: 'ignore_rebases',
    neutralIconSide: 'mean',
    shortSegmentWarning: 12,
    tolerance: 1e-12,
  },
  // NHSRplotthedots 0.2.2.
  nhsr: {
    screening: 'strict',
    limitFactor: 2.66,
    shiftPoints: 7,
    trendPoints: 7,
    twoOfThree: 'close_only_same_side',
    rules: SPC_RULES,
    conflictRule: 'precedence',
    rulePrecedence: SPC_RULES,
    variationConflictRule: null,
    assuranceBoundary: 'strict',
    minimumPoints: 2,
    rulesAcrossRebases: 'none',
    baselineWithRebase: 'each_segment',
    neutralIconSide: 'signal',
    shortSegmentWarning: 13,
    tolerance: 1e-12,
  },
  // PowerBI-SPC defaults, with all four rules switched on.
  pbi: {
    screening: 'strict',
    // 3/d2 with d2 = 1.128 for moving ranges of two: limits at 2.6596·MR̄.
    limitFactor: 3 / 1.128,
    shiftPoints: 7,
    trendPoints: 5,
    twoOfThree: 'net_beyond_two_sigma',
    rules: SPC_RULES,
    conflictRule: 'precedence',
    // PBI colours a point in its draw order.
    rulePrecedence: ['outside_limits', 'two_of_three', 'trend', 'shift'],
    // PBI's summary shows the first of several icons, and improvement comes first.
    variationConflictRule: 'improvement',
    assuranceBoundary: 'strict',
    minimumPoints: 2,
    rulesAcrossRebases: 'none',
    baselineWithRebase: 'each_segment',
    neutralIconSide: 'signal',
    shortSegmentWarning: 0,
    tolerance: 1e-12,
  },
};

/** The names of every option `SpcOptions` accepts. */
export const SPC_OPTION_NAMES: readonly (keyof SpcOptions)[] = [
  'preset',
  'direction',
  'target',
  'rebase',
  'baseline',
  'screening',
  'limitFactor',
  'shiftPoints',
  'trendPoints',
  'twoOfThree',
  'rules',
  'conflictRule',
  'rulePrecedence',
  'variationConflictRule',
  'assuranceBoundary',
  'minimumPoints',
  'rulesAcrossRebases',
  'baselineWithRebase',
  'neutralIconSide',
  'shortSegmentWarning',
  'tolerance',
];

const CHOICES = {
  preset: ['mdc', 'nhsr', 'pbi'],
  direction: ['increase', 'decrease', 'neutral'],
  screening: ['off', 'strict', 'inclusive'],
  twoOfThree: ['close_only_same_side', 'beyond_two_sigma_same_side', 'net_beyond_two_sigma'],
  conflictRule: ['improvement', 'concern', 'precedence'],
  assuranceBoundary: ['strict', 'inclusive'],
  rulesAcrossRebases: ['none', 'trend', 'all'],
  baselineWithRebase: ['each_segment', 'ignore_rebases'],
  neutralIconSide: ['signal', 'mean'],
} as const;

const resolved = new WeakSet<object>();

/** True when `options` came from `resolveSpcOptions` (so it need not be checked again). */
export function isResolvedSpcOptions(options: unknown): options is ResolvedSpcOptions {
  return typeof options === 'object' && options !== null && resolved.has(options);
}

/**
 * Checks options (typed or straight from JSON) and fills the gaps from the preset.
 * Throws SpcInputError naming each bad field as `options.<name>`.
 */
export function resolveSpcOptions(
  options: SpcOptions | Readonly<Record<string, unknown>> = {},
): ResolvedSpcOptions {
  if (isResolvedSpcOptions(options)) return options;
  const raw = options as Readonly<Record<string, unknown>>;
  const fields: Record<string, string> = {};
  const known = new Set<string>(SPC_OPTION_NAMES);
  for (const name of Object.keys(raw)) {
    if (!known.has(name) && raw[name] !== undefined)
      fields[`options.${name}`] = 'is not an SPC option';
  }

  const preset = readChoice(raw, 'preset', CHOICES.preset, fields) ?? 'mdc';
  const base = SPC_PRESETS[preset];
  const result: ResolvedSpcOptions = {
    preset,
    direction: readChoice(raw, 'direction', CHOICES.direction, fields) ?? 'increase',
    target: readNumber(raw, 'target', fields, { nullable: true }) ?? null,
    rebase: readIndexList(raw, 'rebase', fields) ?? [],
    baseline: readInteger(raw, 'baseline', fields, 1, Number.MAX_SAFE_INTEGER, true) ?? null,
    screening: readChoice(raw, 'screening', CHOICES.screening, fields) ?? base.screening,
    limitFactor: readNumber(raw, 'limitFactor', fields, { positive: true }) ?? base.limitFactor,
    // Runs longer than 32 points are not supported: the detector works 32 points to a word.
    shiftPoints: readInteger(raw, 'shiftPoints', fields, 2, 32) ?? base.shiftPoints,
    trendPoints: readInteger(raw, 'trendPoints', fields, 3, 32) ?? base.trendPoints,
    twoOfThree: readChoice(raw, 'twoOfThree', CHOICES.twoOfThree, fields) ?? base.twoOfThree,
    rules: readRuleList(raw, 'rules', fields, false) ?? base.rules,
    conflictRule:
      readChoice(raw, 'conflictRule', CHOICES.conflictRule, fields) ?? base.conflictRule,
    rulePrecedence: readRuleList(raw, 'rulePrecedence', fields, true) ?? base.rulePrecedence,
    variationConflictRule:
      raw.variationConflictRule === null
        ? null
        : (readChoice(raw, 'variationConflictRule', CHOICES.conflictRule, fields) ??
          base.variationConflictRule),
    assuranceBoundary:
      readChoice(raw, 'assuranceBoundary', CHOICES.assuranceBoundary, fields) ??
      base.assuranceBoundary,
    minimumPoints: readInteger(raw, 'minimumPoints', fields, 2, 10_000) ?? base.minimumPoints,
    rulesAcrossRebases:
      readChoice(raw, 'rulesAcrossRebases', CHOICES.rulesAcrossRebases, fields) ??
      base.rulesAcrossRebases,
    baselineWithRebase:
      readChoice(raw, 'baselineWithRebase', CHOICES.baselineWithRebase, fields) ??
      base.baselineWithRebase,
    neutralIconSide:
      readChoice(raw, 'neutralIconSide', CHOICES.neutralIconSide, fields) ?? base.neutralIconSide,
    shortSegmentWarning:
      readInteger(raw, 'shortSegmentWarning', fields, 0, 10_000) ?? base.shortSegmentWarning,
    tolerance: readTolerance(raw, fields) ?? base.tolerance,
  };
  const bad = Object.keys(fields);
  if (bad.length > 0) {
    throw new SpcInputError(
      `Check the SPC options: ${bad.map((f) => `${f} ${fields[f]}`).join('; ')}`,
      fields,
    );
  }
  Object.freeze(result);
  resolved.add(result);
  return result;
}

function readChoice<T extends string>(
  raw: Readonly<Record<string, unknown>>,
  name: string,
  choices: readonly T[],
  fields: Record<string, string>,
): T | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value))
    return value as T;
  fields[`options.${name}`] = `must be one of ${choices.join(', ')}`;
  return undefined;
}

function readNumber(
  raw: Readonly<Record<string, unknown>>,
  name: string,
  fields: Record<string, string>,
  rule: { nullable?: boolean; positive?: boolean },
): number | null | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (value === null && rule.nullable === true) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fields[`options.${name}`] = 'must be a finite number';
    return undefined;
  }
  if (rule.positive === true && !(value > 0)) {
    fields[`options.${name}`] = 'must be greater than 0';
    return undefined;
  }
  return value;
}

function readInteger(
  raw: Readonly<Record<string, unknown>>,
  name: string,
  fields: Record<string, string>,
  min: number,
  max: number,
  nullable = false,
): number | null | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (value === null && nullable) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fields[`options.${name}`] = `must be a whole number from ${min} to ${max}`;
    return undefined;
  }
  return value;
}

function readIndexList(
  raw: Readonly<Record<string, unknown>>,
  name: string,
  fields: Record<string, string>,
): number[] | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    fields[`options.${name}`] = 'must be a list of 0-based point numbers';
    return undefined;
  }
  const items = value as unknown[];
  for (const item of items) {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0) {
      fields[`options.${name}`] =
        'must be a list of 0-based point numbers (whole numbers, 0 or more)';
      return undefined;
    }
  }
  return [...new Set(items as number[])].sort((a, b) => a - b);
}

function readRuleList(
  raw: Readonly<Record<string, unknown>>,
  name: string,
  fields: Record<string, string>,
  wholeOrder: boolean,
): SpcRule[] | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? (value as unknown[]) : null;
  const valid =
    items !== null &&
    items.every((r) => typeof r === 'string' && (SPC_RULES as readonly string[]).includes(r)) &&
    new Set(items).size === items.length &&
    (!wholeOrder || items.length === SPC_RULES.length);
  if (!valid) {
    fields[`options.${name}`] = wholeOrder
      ? `must list each of ${SPC_RULES.join(', ')} once, in order`
      : `must be a list drawn from ${SPC_RULES.join(', ')}`;
    return undefined;
  }
  return items as SpcRule[];
}

function readTolerance(
  raw: Readonly<Record<string, unknown>>,
  fields: Record<string, string>,
): number | undefined {
  const value = raw.tolerance;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e-3) {
    fields['options.tolerance'] = 'must be a number from 0 to 0.001';
    return undefined;
  }
  return value;
}
