/**
 * Every case of NHSRplotthedots 0.2.2's own tests (test/fixtures/spc-oracle/nhsrplotthedots.json)
 * under the `nhsr` preset. Unit-level cases check the rule helpers against the R helper they are
 * named after; end-to-end cases run analyseSeries. Values the source did not assert
 * (`researcher_computed_not_asserted`) are checked too, as hints, in separate tests.
 */
import { describe, expect, it } from 'vitest';
import type { SpcAnalysis, SpcOptions, SpcPoint } from '../../src/spc/index.ts';
import {
  RULE_BITS,
  SPC_PRESETS,
  analyseSeries,
  calculateAssurance,
  classifyRuleMask,
  decodeSignal,
  findShortSegments,
  keepClosePoints,
  listSpcPoints,
  locateRebaseIndices,
  markRunEnds,
  markTrendEnds,
  markTwoOfThreeWindows,
  selectWinningRule,
  spreadRunEnds,
} from '../../src/spc/index.ts';
import { loadOracle, printedTolerance } from './oracle-fixtures.ts';
import type { OracleCase } from './oracle-fixtures.ts';

const cases = loadOracle('nhsrplotthedots.json');
const unitCases = cases.filter((c) => c.function !== undefined);
const endToEndCases = cases.filter((c) => c.function === undefined);

type Direction = 'increase' | 'decrease' | 'neutral';

/** R's point_type for one of our points. */
function toRPointType(p: SpcPoint): string {
  if (p.signal === 'common_cause') return 'common_cause';
  if (p.signal === 'neutral') return `special_cause_neutral_${p.side ?? 'high'}`;
  return `special_cause_${p.signal ?? 'missing'}`;
}

/** R's assurance_type for our assurance icon. */
function toRAssurance(icon: string | null): string | null {
  return icon === 'pass' ? 'consistent_pass' : icon === 'fail' ? 'consistent_fail' : icon;
}

function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** The options an R test ran with, as our options under the nhsr preset. */
function toOptions(c: OracleCase): SpcOptions {
  const o = c.options;
  const options: SpcOptions = { preset: 'nhsr' };
  if (typeof o.improvement_direction === 'string')
    options.direction = o.improvement_direction as Direction;
  if (o.screen_outliers === false) options.screening = 'off';
  if (typeof o.target === 'number') options.target = o.target;
  if (typeof o.fix_after_n_points === 'number') options.baseline = o.fix_after_n_points;
  if (Array.isArray(o.rebase_flags)) {
    options.rebase = (o.rebase_flags as number[]).flatMap((flag, i) => (flag === 1 ? [i] : []));
  }
  if (Array.isArray(o.rebase))
    options.rebase = locateRebaseIndices(c.dates ?? [], o.rebase as string[]);
  return options;
}

function run(c: OracleCase, extra: SpcOptions = {}): { analysis: SpcAnalysis; points: SpcPoint[] } {
  const analysis = analyseSeries(
    { values: c.values ?? [], periods: c.dates },
    { ...toOptions(c), ...extra },
  );
  return { analysis, points: listSpcPoints(analysis) };
}

function lastSegment(analysis: SpcAnalysis) {
  const segment = analysis.segments[analysis.segments.length - 1];
  if (segment === undefined) throw new Error('no segment');
  return segment;
}

describe('NHSRplotthedots oracle: rule helpers against the R helpers they are named after', () => {
  it.each(unitCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const inputs = c.inputs ?? {};
    const e = c.expected;
    switch (c.function) {
      case 'ptd_seven_point_one_side_mean':
        expect([...markRunEnds(inputs.relative_to_mean as number[], 7)]).toEqual(e.run_end_flags);
        break;
      case 'ptd_part_of_seven_trend':
        expect([...spreadRunEnds(inputs.end_markers as number[], 7)]).toEqual(e.part_of_run);
        break;
      case 'ptd_seven_point_trend':
        expect([...markTrendEnds(inputs.y as number[], 7)]).toEqual(e.trend_end_flags);
        break;
      case 'ptd_two_in_three':
        expect([
          ...markTwoOfThreeWindows(
            inputs.close_to_limits as number[],
            inputs.relative_to_mean as number[],
          ),
        ]).toEqual(e.in_qualifying_window);
        break;
      case 'ptd_part_of_two_in_three(ptd_two_in_three(close, rtm), close)': {
        const close = inputs.close_to_limits as number[];
        const windows = markTwoOfThreeWindows(close, inputs.relative_to_mean as number[]);
        expect([...keepClosePoints(windows, close)]).toEqual(e.flagged_two_in_three);
        break;
      }
      case 'ptd_special_cause_type':
        expect(labelByRPrecedence(inputs)).toEqual(e.special_cause_type);
        break;
      case 'ptd_calculate_assurance_type':
        checkAssurance(c);
        break;
      case 'ptd_add_rebase_column':
        expect(rebaseFlags(inputs)).toEqual(e.rebase_flag);
        break;
      case 'ptd_add_short_group_warnings': {
        const short = findShortSegments(
          inputs.group_sizes as number[],
          inputs.warning_threshold as number,
        );
        expect(short).toEqual(e.short_group_warning ?? e.short_group_warning_by_group);
        expect(short.some(Boolean)).toBe(e.warning_emitted);
        break;
      }
      default:
        throw new Error(`no check for ${String(c.function)}`);
    }
  });
});

/**
 * ptd_special_cause_type with mocked rule outputs: builds our rule mask per point the way R reads
 * its inputs (the side of outside-limits, 2-in-3 and shift from relative_to_mean; a trend's
 * direction from the step to the right when the next point is in a trend too, else the step to
 * the left), then takes the winning rule in the nhsr precedence and words it as R does.
 */
function labelByRPrecedence(inputs: Record<string, unknown>): string[] {
  const y = inputs.y as number[];
  const rtm = inputs.relative_to_mean as number[];
  const outside = inputs.outside_limits as number[];
  const trend = inputs.part_of_seven_trend as number[];
  const two = inputs.part_of_two_in_three as number[];
  const shift = inputs.part_of_seven_one_side_mean as number[];
  return y.map((_, i) => {
    const high = (rtm[i] ?? 0) > 0;
    const rightStep = trend[i] !== 0 && (trend[i + 1] ?? 0) !== 0;
    const step = rightStep
      ? sign((y[i + 1] ?? 0) - (y[i] ?? 0))
      : sign((y[i] ?? 0) - (y[i - 1] ?? y[i] ?? 0));
    let mask = 0;
    if (outside[i] !== 0)
      mask |= high ? RULE_BITS.outside_limits.high : RULE_BITS.outside_limits.low;
    if (trend[i] !== 0) mask |= step > 0 ? RULE_BITS.trend.high : RULE_BITS.trend.low;
    if (two[i] !== 0) mask |= high ? RULE_BITS.two_of_three.high : RULE_BITS.two_of_three.low;
    if (shift[i] !== 0) mask |= high ? RULE_BITS.shift.high : RULE_BITS.shift.low;
    const winner = selectWinningRule(mask, SPC_PRESETS.nhsr.rulePrecedence);
    // The signal follows the winning rule's side, as ptd_point_type does.
    const { signal } = decodeSignal(
      classifyRuleMask(mask, 'increase', 'precedence', SPC_PRESETS.nhsr.rulePrecedence),
    );
    if (winner === null) {
      expect(signal).toBe('common_cause');
      return 'Common Cause';
    }
    expect(signal).toBe(winner.side > 0 ? 'improvement' : 'concern');
    const above = winner.side > 0 ? 'Above' : 'Below';
    switch (winner.rule) {
      case 'outside_limits':
        return winner.side > 0 ? 'Above UCL' : 'Below LCL';
      case 'trend':
        return `7 Point Trend (${winner.side > 0 ? 'Increasing' : 'Decreasing'})`;
      case 'two_of_three':
        return `2 in 3 ${above} CL`;
      default:
        return `7 Points ${above} CL`;
    }
  });
}

function checkAssurance(c: OracleCase): void {
  const inputs = c.inputs ?? {};
  const direction = c.options.improvement_direction as Direction;
  const target = (c.options.target ?? null) as number | null;
  const expected = c.expected.assurance_type;
  if (Array.isArray(inputs.rows_in_order)) {
    // Successive segments of one series: only the last one's limits count.
    const rows = inputs.rows_in_order as { lpl: number; upl: number }[];
    const last = rows[rows.length - 1] as { lpl: number; upl: number };
    expect(toRAssurance(calculateAssurance(last.lpl, last.upl, target, direction, 'strict'))).toBe(
      expected,
    );
    return;
  }
  if (Array.isArray(inputs.facets)) {
    const lpl = inputs.lpl as number[];
    const upl = inputs.upl as number[];
    const got = lpl.map((l, i) =>
      toRAssurance(
        calculateAssurance(
          l,
          upl[i] ?? null,
          target,
          direction,
          SPC_PRESETS.nhsr.assuranceBoundary,
        ),
      ),
    );
    expect(got).toEqual(expected);
    return;
  }
  expect([calculateAssurance(1, 3, target, direction, 'strict')]).toEqual(expected);
}

function rebaseFlags(inputs: Record<string, unknown>): number[] {
  const dates = inputs.dates as string[];
  const facets = (inputs.facet as string[] | undefined) ?? dates.map(() => '');
  const rebase = inputs.rebase as string[] | Record<string, string[]>;
  const flags = dates.map(() => 0);
  for (const facet of new Set(facets)) {
    const positions = facets.flatMap((f, i) => (f === facet ? [i] : []));
    const wanted = Array.isArray(rebase) ? rebase : (rebase[facet] ?? []);
    for (const k of locateRebaseIndices(
      positions.map((i) => dates[i] as string),
      wanted,
    )) {
      flags[positions[k] as number] = 1;
    }
  }
  return flags;
}

describe('NHSRplotthedots oracle: end to end under the nhsr preset', () => {
  it.each(endToEndCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { analysis, points } = run(c);
    const e = c.expected;
    const segment = lastSegment(analysis);
    const near = (got: number | null, want: unknown) => {
      expect(got).not.toBeNull();
      expect(Math.abs((got as number) - (want as number))).toBeLessThanOrEqual(
        printedTolerance(want as number, c.precision),
      );
    };
    if ('mean' in e) near(segment.mean, e.mean);
    if ('lpl' in e) near(segment.lowerProcessLimit, e.lpl);
    if ('upl' in e) near(segment.upperProcessLimit, e.upl);
    for (const [key, value] of Object.entries(e)) {
      const prefix = /^(outside_limits|relative_to_mean|close_to_limits)_first(\d+)$/.exec(key);
      if (prefix !== null) {
        const shown = points.slice(0, Number(prefix[2]));
        const got = shown.map((p) => {
          const v = p.value as number;
          if (prefix[1] === 'outside_limits') return p.rules.includes('outside_limits');
          if (prefix[1] === 'relative_to_mean') return sign(v - (p.mean as number));
          return (
            !p.rules.includes('outside_limits') &&
            (v > (p.upperTwoSigma as number) || v < (p.lowerTwoSigma as number))
          );
        });
        expect(got).toEqual(value);
      }
    }
    if ('upl_minus_lpl_smaller_than_unscreened' in e) {
      const unscreened = lastSegment(run(c, { screening: 'off' }).analysis);
      const width = (segment.upperProcessLimit as number) - (segment.lowerProcessLimit as number);
      const widthUnscreened =
        (unscreened.upperProcessLimit as number) - (unscreened.lowerProcessLimit as number);
      expect(width < widthUnscreened).toBe(e.upl_minus_lpl_smaller_than_unscreened);
    }
    if ('lpl_differs_from_unfixed' in e) {
      const unfixed = lastSegment(run(c, { baseline: null }).analysis);
      expect(unfixed.lowerProcessLimit !== segment.lowerProcessLimit).toBe(
        e.lpl_differs_from_unfixed,
      );
      expect(unfixed.upperProcessLimit !== segment.upperProcessLimit).toBe(
        e.upl_differs_from_unfixed,
      );
    }
    if ('rebase_group' in e) {
      const groups = points.map((p) => p.segment);
      if (Array.isArray(e.rebase_group)) expect(groups).toEqual(e.rebase_group);
      else expect(new Set(groups)).toEqual(new Set([e.rebase_group]));
    }
    if ('point_type_last2' in e)
      expect(points.slice(-2).map(toRPointType)).toEqual(e.point_type_last2);
    if ('variation_icon' in e) expect(analysis.variation).toBe(e.variation_icon);
    if ('assurance_icon' in e) expect(toRAssurance(analysis.assurance)).toBe(e.assurance_icon);
    if ('n' in e) expect(points.filter((p) => p.value !== null)).toHaveLength(e.n as number);
    if ('common_cause' in e)
      expect(points.filter((p) => p.signal === 'common_cause')).toHaveLength(
        e.common_cause as number,
      );
    if ('special_cause_improvement' in e) {
      expect(points.filter((p) => p.signal === 'improvement')).toHaveLength(
        e.special_cause_improvement as number,
      );
    }
    if ('special_cause_points_1based' in e) {
      expect(points.filter((p) => p.signal !== 'common_cause').map((p) => p.index + 1)).toEqual(
        e.special_cause_points_1based,
      );
    }
    if ('special_cause_type_at_5' in e)
      expect(toRPointType(points[4] as SpcPoint)).toBe(e.special_cause_type_at_5);
    if ('prose' in e) {
      // "8 sequential points coloured blue (special cause improvement), triggered by the >=7 points one side of the mean rule"
      const blue = points.filter((p) => p.signal === 'improvement');
      expect(blue).toHaveLength(8);
      expect(blue.every((p, k) => k === 0 || p.index === (blue[k - 1] as SpcPoint).index + 1)).toBe(
        true,
      );
      expect(blue.every((p) => p.rules.includes('shift'))).toBe(true);
    }
  });
});

describe('NHSRplotthedots oracle: values the source did not assert (hints from a re-implementation)', () => {
  const hinted = endToEndCases.filter((c) => c.researcher_computed_not_asserted !== undefined);
  it.each(hinted.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { analysis, points } = run(c);
    const h = c.researcher_computed_not_asserted as Record<string, unknown>;
    const segment = lastSegment(analysis);
    const close = (got: number | null, want: unknown) => expect(got).toBeCloseTo(want as number, 9);
    if ('mean' in h) close(segment.mean, h.mean);
    if ('lpl' in h) close(segment.lowerProcessLimit, h.lpl);
    if ('upl' in h) close(segment.upperProcessLimit, h.upl);
    if ('point_type' in h) expect(points.map(toRPointType)).toEqual(h.point_type);
    if ('variation_icon' in h) expect(analysis.variation).toBe(h.variation_icon);
    if ('assurance_type' in h) expect(toRAssurance(analysis.assurance)).toBe(h.assurance_type);
    if ('improvement_points_1based' in h) {
      expect(points.filter((p) => p.signal === 'improvement').map((p) => p.index + 1)).toEqual(
        h.improvement_points_1based,
      );
    }
    if ('close_to_limits_last2' in h) {
      const got = points.slice(-2).map((p) => {
        const v = p.value as number;
        return v > (p.upperTwoSigma as number) || v < (p.lowerTwoSigma as number);
      });
      expect(got).toEqual(h.close_to_limits_last2);
    }
    if ('types' in h) {
      // R's labels: the winning rule of each special-cause point.
      const words = (h.types as string[]).map((t) =>
        t === 'Common Cause'
          ? 'common'
          : t.includes('UCL') || t.includes('LCL')
            ? 'outside_limits'
            : 'shift',
      );
      expect(
        points.map((p) => (p.signal === 'common_cause' ? 'common' : (p.rules[0] ?? 'common'))),
      ).toEqual(words);
    }
  });
});
