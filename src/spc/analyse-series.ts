import type { AssuranceIcon } from './assurance.ts';
import { calculateAssurance } from './assurance.ts';
import {
  buildSignalTable,
  codeSignal,
  decodeRules,
  decodeSignal,
  SIGNAL_CODE,
  SIGNAL_NEEDS_STEP,
} from './classify-signal.ts';
import { detectSignals } from './detect-signals.ts';
import { allocateColumns } from './allocate-columns.ts';
import { calculateProcessLimits } from './process-limits.ts';
import { SpcInputError } from './spc-input-error.ts';
import type { ResolvedSpcOptions, SpcOptions, SpcRule, SpcSignal } from './spc-options.ts';
import { resolveSpcOptions } from './spc-options.ts';

/** The variation icon: the last point's signal and side (SPC-RULES §5). */
export type VariationIcon =
  | 'common_cause'
  | 'improvement_high'
  | 'improvement_low'
  | 'concern_high'
  | 'concern_low'
  | 'neutral_high'
  | 'neutral_low';

/** A series to analyse: values in time order (null = missing) and, optionally, a period label for each. */
export interface SpcSeries {
  readonly values: ArrayLike<number | null>;
  readonly periods?: readonly string[] | null;
}

/** One run of points sharing a mean and limits: the whole series, or the part between rebases. */
export interface SpcSegment {
  readonly index: number;
  /** First point (0-based, inclusive). */
  readonly start: number;
  /** One past the last point. */
  readonly end: number;
  /** One past the last point used for the limits (the baseline's end, or `end`). */
  readonly limitsEnd: number;
  /** Points with values in the segment. */
  readonly pointCount: number;
  /** Points with values used for the mean and limits. */
  readonly limitPointCount: number;
  /** False when there are too few points for limits: then no rule is applied to the segment. */
  readonly assessed: boolean;
  readonly mean: number | null;
  readonly movingRangeMean: number | null;
  readonly excludedMovingRanges: number;
  readonly sigma: number | null;
  readonly lowerProcessLimit: number | null;
  readonly upperProcessLimit: number | null;
  readonly lowerTwoSigma: number | null;
  readonly upperTwoSigma: number | null;
  readonly lowerOneSigma: number | null;
  readonly upperOneSigma: number | null;
  /** Why the segment has no limits, or null. */
  readonly reason: string | null;
}

/**
 * The analysis of one series, column by column so the engine makes no object per point.
 * `listSpcPoints` turns it into one object per point. The columns of small analyses share an
 * ArrayBuffer (allocate-columns.ts): copy them before transferring them to a worker.
 */
export interface SpcAnalysis {
  readonly options: ResolvedSpcOptions;
  readonly length: number;
  /** Values as analysed; NaN where the value is missing. A Float64Array passed in is this array, not a copy. */
  readonly values: Float64Array;
  readonly periods: readonly string[] | null;
  readonly segments: readonly SpcSegment[];
  /** Rule bits per point (see RULE_BITS). */
  readonly ruleFlags: Uint8Array;
  /** Signal code per point (see SIGNAL_CODE). */
  readonly signalCodes: Uint8Array;
  /** Index of the last point with a value, or −1. */
  readonly lastIndex: number;
  readonly variation: VariationIcon | null;
  readonly assurance: AssuranceIcon | null;
  /** Why limits or icons are missing, or null when everything was calculated. */
  readonly reason: string | null;
  readonly warnings: readonly string[];
}

/** One point of an analysis, with its segment's lines; a line not calculated is null. */
export interface SpcPoint {
  readonly index: number;
  readonly period: string | null;
  readonly value: number | null;
  readonly segment: number;
  readonly mean: number | null;
  readonly lowerProcessLimit: number | null;
  readonly upperProcessLimit: number | null;
  readonly lowerTwoSigma: number | null;
  readonly upperTwoSigma: number | null;
  readonly lowerOneSigma: number | null;
  readonly upperOneSigma: number | null;
  readonly rules: SpcRule[];
  /** The rules with their sides, as RULE_BITS. */
  readonly ruleMask: number;
  /** Null only for a missing value. */
  readonly signal: SpcSignal | null;
  /** Which way the winning rule points: above/rising (`high`) or below/falling (`low`). */
  readonly side: 'high' | 'low' | null;
}

const signalTables = new WeakMap<ResolvedSpcOptions, SignalTables>();

/**
 * Analyses a series with XmR statistical process control (docs/spc.md): per point the mean,
 * limits, rules fired and signal; for the series the variation and assurance icons.
 *
 * A Float64Array of values is used in place, not copied: do not change it while the analysis is
 * in use. Missing values (null) are skipped: they keep their place in the output, with no signal, but
 * the moving range and every run rule bridge the gap as if the period were not there
 * (docs/decisions/0003-spc-missing-values.md). NaN, ±Infinity and non-numbers are refused with an
 * SpcInputError naming each bad position. Too few points give no limits or icons and a `reason`.
 */
export function analyseSeries(
  series: SpcSeries,
  options?: SpcOptions | ResolvedSpcOptions,
): SpcAnalysis {
  const opts = resolveSpcOptions(options);
  const raw = series.values;
  const n = raw.length;
  // A Float64Array is analysed where it is, not copied (it cannot hold a null, so it has no
  // missing values); anything else is checked and copied into a column of its own.
  const typed = raw instanceof Float64Array;
  const columns = allocateColumns(n, !typed);
  const { ruleFlags, signalCodes } = columns;
  const values = typed ? raw : columns.values;
  const missing = typed ? 0 : copyValues(raw, values);
  const periods = checkPeriods(series.periods, n);
  const segments = buildSegments(values, missing, opts);
  // The limits pass checks a Float64Array itself: a NaN shows as a point short, an infinity as a
  // non-finite mean. Only when that pass did not cover every point is it read again.
  if (typed && !coversEveryPointFinitely(segments)) copyValues(raw, new Float64Array(n));

  const tables = selectSignalTables(opts);
  const table = tables.points;
  // Codes start at 0 (common cause); the detector writes the code of each flagged point.
  if (detectSignals(values, segments, opts, ruleFlags, table, signalCodes)) {
    for (let i = 0; i < n; i++) {
      if (signalCodes[i] === SIGNAL_NEEDS_STEP) signalCodes[i] = resolveByNextStep(values, i, opts);
    }
  }
  let lastIndex = n - 1;
  if (missing > 0) {
    lastIndex = -1;
    for (let i = 0; i < n; i++) {
      if (values[i] === values[i]) lastIndex = i;
      else signalCodes[i] = SIGNAL_CODE.missing;
    }
  }

  const lastSegment = lastIndex >= 0 ? findSegment(segments, lastIndex) : undefined;
  let variation: VariationIcon | null = null;
  let assurance: AssuranceIcon | null = null;
  let reason: string | null = null;
  if (lastSegment === undefined) {
    reason = 'There are no values, so there is nothing to analyse.';
  } else if (!lastSegment.assessed) {
    reason = `${lastSegment.reason ?? 'There are too few points'}, so there are no process limits or icons.`;
  } else {
    let code = signalCodes[lastIndex] as number;
    if (tables.variation !== table) {
      code = tables.variation[ruleFlags[lastIndex] as number] as number;
      if (code === SIGNAL_NEEDS_STEP) code = resolveByNextStep(values, lastIndex, opts);
    }
    variation = describeVariation(code, values[lastIndex] as number, lastSegment, opts);
    assurance = calculateAssurance(
      lastSegment.lowerProcessLimit,
      lastSegment.upperProcessLimit,
      opts.target,
      opts.direction,
      opts.assuranceBoundary,
      opts.tolerance,
    );
    for (const s of segments) {
      if (!s.assessed && s.pointCount > 0) {
        reason = `${s.reason ?? 'A segment has too few points'}, so it has no process limits.`;
        break;
      }
    }
  }

  return {
    options: opts,
    length: n,
    values,
    periods,
    segments,
    ruleFlags,
    signalCodes,
    lastIndex,
    variation,
    assurance,
    reason,
    warnings: collectWarnings(segments, opts),
  };
}

let lastOptions: ResolvedSpcOptions | null = null;
let lastTables: SignalTables | null = null;

interface SignalTables {
  readonly points: Uint8Array;
  readonly variation: Uint8Array;
}

/** The signal lookup tables for these options; a board report uses one set of options for many series. */
function selectSignalTables(opts: ResolvedSpcOptions): SignalTables {
  if (opts === lastOptions && lastTables !== null) return lastTables;
  let tables = signalTables.get(opts);
  if (tables === undefined) {
    const points = buildSignalTable(opts.direction, opts.conflictRule, opts.rulePrecedence);
    const variationRule = opts.variationConflictRule ?? opts.conflictRule;
    tables = {
      points,
      variation:
        variationRule === opts.conflictRule
          ? points
          : buildSignalTable(opts.direction, variationRule, opts.rulePrecedence),
    };
    signalTables.set(opts, tables);
  }
  lastOptions = opts;
  lastTables = tables;
  return tables;
}

function coversEveryPointFinitely(segments: readonly SpcSegment[]): boolean {
  for (const s of segments) {
    if (s.limitsEnd !== s.end || s.limitPointCount !== s.end - s.start) return false;
    if (s.mean !== null && !Number.isFinite(s.mean)) return false;
    if (s.movingRangeMean !== null && !Number.isFinite(s.movingRangeMean)) return false;
  }
  return true;
}

/** One object per point of an analysis (for presenters, charts and tables; not the hot path). */
export function listSpcPoints(analysis: SpcAnalysis): SpcPoint[] {
  const points: SpcPoint[] = [];
  for (const segment of analysis.segments) {
    for (let i = segment.start; i < segment.end; i++) {
      const v = analysis.values[i] as number;
      const { signal, side } = decodeSignal(analysis.signalCodes[i] as number);
      points.push({
        index: i,
        period: analysis.periods?.[i] ?? null,
        value: v === v ? v : null,
        segment: segment.index,
        mean: segment.mean,
        lowerProcessLimit: segment.lowerProcessLimit,
        upperProcessLimit: segment.upperProcessLimit,
        lowerTwoSigma: segment.lowerTwoSigma,
        upperTwoSigma: segment.upperTwoSigma,
        lowerOneSigma: segment.lowerOneSigma,
        upperOneSigma: segment.upperOneSigma,
        rules: decodeRules(analysis.ruleFlags[i] as number),
        ruleMask: analysis.ruleFlags[i] as number,
        signal,
        side,
      });
    }
  }
  return points;
}

/** Copies the values into `out` (NaN for null), refusing anything but finite numbers; returns how many are missing. */
function copyValues(raw: ArrayLike<number | null>, out: Float64Array): number {
  const n = raw.length;
  let missing = 0;
  let fields: Record<string, string> | null = null;
  let badCount = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i] as unknown;
    if (v === null) {
      out[i] = NaN;
      missing++;
      continue;
    }
    // v − v is 0 only for a finite number: NaN and ±Infinity give NaN.
    if (typeof v !== 'number' || v - v !== 0) {
      badCount++;
      fields ??= {};
      if (badCount <= 20)
        fields[`values[${i}]`] = `must be a finite number or null, not ${describeBadValue(v)}`;
      continue;
    }
    out[i] = v;
  }
  if (fields !== null) {
    const listed = Object.keys(fields);
    const more = badCount > listed.length ? ` and ${badCount - listed.length} more` : '';
    throw new SpcInputError(
      `${badCount === 1 ? 'A value is' : `${badCount} values are`} not a finite number: ${listed.join(', ')}${more}`,
      fields,
    );
  }
  return missing;
}

function describeBadValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string')
    return `the text ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (v === undefined) return 'undefined';
  if (typeof v === 'object') return Array.isArray(v) ? 'a list' : 'an object';
  return `a ${typeof v}`;
}

function checkPeriods(
  periods: readonly string[] | null | undefined,
  n: number,
): readonly string[] | null {
  if (periods === undefined || periods === null) return null;
  const count = Array.isArray(periods) ? periods.length : 0;
  if (!Array.isArray(periods) || count !== n) {
    throw new SpcInputError(
      `There must be one period per value: ${n} values but ${count} periods`,
      {
        periods: `must have one period per value (${n})`,
      },
    );
  }
  const bad = periods.findIndex((p) => typeof p !== 'string');
  if (bad >= 0) {
    throw new SpcInputError(`Period ${bad} is not text`, {
      [`periods[${bad}]`]: 'must be text, such as 2024-04-01',
    });
  }
  return periods as readonly string[];
}

function buildSegments(
  values: Float64Array,
  missing: number,
  opts: ResolvedSpcOptions,
): SpcSegment[] {
  const n = values.length;
  const starts = [0];
  const ignoreRebases = opts.baseline !== null && opts.baselineWithRebase === 'ignore_rebases';
  for (const r of opts.rebase) {
    if (r >= n) {
      throw new SpcInputError(`Rebase point ${r} is beyond the last point (${n - 1})`, {
        'options.rebase': `must be 0-based point numbers below ${n}`,
      });
    }
    if (r > 0 && !ignoreRebases) starts.push(r);
  }
  const segments: SpcSegment[] = [];
  const many = starts.length > 1;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k] as number;
    const end = k + 1 < starts.length ? (starts[k + 1] as number) : n;
    const pointCount = missing === 0 ? end - start : countValues(values, start, end);
    let limitsEnd = end;
    if (opts.baseline !== null) limitsEnd = findBaselineEnd(values, start, end, opts.baseline);
    const limits = calculateProcessLimits(
      values,
      start,
      limitsEnd,
      opts.screening,
      opts.limitFactor,
      opts.tolerance,
    );
    const needed = Math.max(2, opts.minimumPoints);
    const assessed = limits.pointCount >= needed && !Number.isNaN(limits.movingRangeMean);
    const label = many ? `Segment ${k + 1} (points ${start + 1}–${end})` : 'The series';
    let reason: string | null = null;
    if (!assessed) {
      const what =
        opts.baseline !== null && limitsEnd < end
          ? `The baseline of ${label.toLowerCase()}`
          : label;
      reason = `${what} has ${plural(limits.pointCount, 'point')} with values and process limits need at least ${needed}`;
    }
    const mean = limits.pointCount > 0 ? limits.mean : null;
    segments.push({
      index: k,
      start,
      end,
      limitsEnd,
      pointCount,
      limitPointCount: limits.pointCount,
      assessed,
      mean,
      movingRangeMean: assessed ? limits.movingRangeMean : null,
      excludedMovingRanges: limits.excludedMovingRanges,
      sigma: assessed ? limits.sigma : null,
      lowerProcessLimit: assessed ? limits.lowerProcessLimit : null,
      upperProcessLimit: assessed ? limits.upperProcessLimit : null,
      lowerTwoSigma: assessed ? limits.lowerTwoSigma : null,
      upperTwoSigma: assessed ? limits.upperTwoSigma : null,
      lowerOneSigma: assessed ? limits.lowerOneSigma : null,
      upperOneSigma: assessed ? limits.upperOneSigma : null,
      reason,
    });
  }
  return segments;
}

function countValues(values: Float64Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (values[i] === values[i]) count++;
  return count;
}

function findBaselineEnd(
  values: Float64Array,
  start: number,
  end: number,
  baseline: number,
): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    if (values[i] === values[i] && ++count === baseline) return i + 1;
  }
  return end;
}

function findSegment(segments: readonly SpcSegment[], index: number): SpcSegment | undefined {
  for (const s of segments) if (index >= s.start && index < s.end) return s;
  return undefined;
}

/** A point that ends one trend and starts the opposite one takes the later trend's way (R and PBI). */
function resolveByNextStep(values: Float64Array, i: number, opts: ResolvedSpcOptions): number {
  for (let j = i + 1; j < values.length; j++) {
    const v = values[j] as number;
    if (v === v) return codeSignal(v > (values[i] as number) ? 1 : -1, opts.direction);
  }
  return codeSignal(1, opts.direction);
}

function describeVariation(
  code: number,
  value: number,
  segment: SpcSegment,
  opts: ResolvedSpcOptions,
): VariationIcon {
  switch (code) {
    case SIGNAL_CODE.improvement_high:
      return 'improvement_high';
    case SIGNAL_CODE.improvement_low:
      return 'improvement_low';
    case SIGNAL_CODE.concern_high:
      return 'concern_high';
    case SIGNAL_CODE.concern_low:
      return 'concern_low';
    case SIGNAL_CODE.neutral_high:
    case SIGNAL_CODE.neutral_low: {
      if (opts.neutralIconSide === 'mean' && segment.mean !== null) {
        const d = value - segment.mean;
        const t = opts.tolerance * Math.max(Math.abs(value), Math.abs(segment.mean));
        if (d > t) return 'neutral_high';
        if (d < -t) return 'neutral_low';
      }
      return code === SIGNAL_CODE.neutral_high ? 'neutral_high' : 'neutral_low';
    }
    default:
      return 'common_cause';
  }
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

function collectWarnings(
  segments: readonly SpcSegment[],
  opts: ResolvedSpcOptions,
): readonly string[] {
  const ignoresRebase =
    opts.baseline !== null &&
    opts.baselineWithRebase === 'ignore_rebases' &&
    opts.rebase.some((r) => r > 0);
  const warnShort = opts.shortSegmentWarning;
  let short = false;
  for (const s of segments) short ||= s.assessed && warnShort > 0 && s.limitPointCount < warnShort;
  if (!ignoresRebase && !short) return NO_WARNINGS;
  const warnings: string[] = [];
  if (ignoresRebase) {
    warnings.push(
      'A baseline is set, so the rebase points are ignored: the baseline alone sets the limits.',
    );
  }
  for (const s of segments) {
    if (
      s.assessed &&
      opts.shortSegmentWarning > 0 &&
      s.limitPointCount < opts.shortSegmentWarning
    ) {
      const label =
        segments.length > 1
          ? `Segment ${s.index + 1} (points ${s.start + 1}–${s.end})`
          : 'The series';
      warnings.push(
        `${label} has ${plural(s.limitPointCount, 'point')} for its limits: limits from fewer than ${opts.shortSegmentWarning} points are unreliable.`,
      );
    }
  }
  return warnings;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
