/** The tricky cases of SPC-RULES §7, and the engine's input rules. */
import { describe, expect, it } from 'vitest';
import type { SpcOptions, SpcPoint } from '../../src/spc/index.ts';
import {
  SPC_PRESETS,
  SpcInputError,
  analyseSeries,
  calculateAssurance,
  calculateProcessLimits,
  listSpcPoints,
  presentSpc,
  resolveSpcOptions,
} from '../../src/spc/index.ts';

function points(values: readonly (number | null)[], options: SpcOptions = {}): SpcPoint[] {
  return listSpcPoints(analyseSeries({ values }, options));
}

/** 20 points alternating 10 and 12 (mean 11, every moving range 2): a quiet process. */
const QUIET = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

describe('ties break trends', () => {
  it('does not call 1,2,3,3,4,5,6 a trend (R) nor 1,2,3,3,4,5,6,7 one (mdc needs 6 rising points)', () => {
    expect(
      points([1, 2, 3, 3, 4, 5, 6], { preset: 'nhsr' }).some((p) => p.rules.includes('trend')),
    ).toBe(false);
    expect(
      points([1, 2, 3, 4, 5, 6, 7], { preset: 'nhsr' }).every((p) => p.rules.includes('trend')),
    ).toBe(true);
    const mdc = [...QUIET.slice(0, 12), 1, 2, 3, 3, 4, 5, 6];
    expect(
      points(mdc, { preset: 'mdc' })
        .slice(12)
        .some((p) => p.rules.includes('trend')),
    ).toBe(false);
  });

  it('still ends a trend at the peak and starts the next one there (R and PBI: the later trend decides)', () => {
    const peak = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1];
    // Only the trend rule, so 7 (above the upper limit too) is judged by its trends alone.
    const nhsr = points(peak, { preset: 'nhsr', rules: ['trend'] });
    expect(nhsr[6]?.rules).toContain('trend');
    // The peak ends a rising trend and starts a falling one: it takes the falling one (concern).
    expect(nhsr[6]?.signal).toBe('concern');
    expect(nhsr[5]?.signal).toBe('improvement');
  });
});

describe('points on the mean break shifts', () => {
  it('does not count a point exactly on the mean in a run', () => {
    // The mean of these 16 points is exactly 10; point 4 sits on it and splits 7 above into 3 + 4 …
    const values = [12, 12, 12, 10, 12, 12, 12, 12, 8, 8, 8, 8, 8, 8, 10, 8];
    const nhsr = points(values, { preset: 'nhsr' });
    expect(nhsr[0]?.mean).toBe(10);
    expect(nhsr.slice(0, 8).some((p) => p.rules.includes('shift'))).toBe(false);
    // … while the 6 below it make a shift only for mdc (6), not R (7).
    expect(nhsr.slice(8, 14).some((p) => p.rules.includes('shift'))).toBe(false);
    expect(
      points(values, { preset: 'mdc', minimumPoints: 2 })
        .slice(8, 14)
        .every((p) => p.rules.includes('shift')),
    ).toBe(true);
  });

  it('counts a point within floating-point noise of the mean as on it', () => {
    // 0.1 + 0.2 is 0.30000000000000004: on a mean of 0.3 all the same.
    const values = [
      0.3,
      0.1 + 0.2,
      0.3,
      0.1 + 0.2,
      0.3,
      0.1 + 0.2,
      0.3,
      0.1 + 0.2,
      0.3,
      0.1 + 0.2,
      0.3,
      0.1 + 0.2,
      0.3,
      0.1 + 0.2,
    ];
    for (const preset of ['mdc', 'nhsr', 'pbi'] as const) {
      expect(
        points(values, { preset }).every(
          (p) => p.signal === 'common_cause' && p.rules.length === 0,
        ),
      ).toBe(true);
    }
  });
});

describe('fewer points than the rules need', () => {
  it('with one point: the mean is the value, there are no limits or icons, and the reason says why', () => {
    const analysis = analyseSeries({ values: [42] }, { preset: 'nhsr', target: 40 });
    const [p] = listSpcPoints(analysis);
    expect(p).toMatchObject({
      mean: 42,
      lowerProcessLimit: null,
      upperProcessLimit: null,
      signal: 'common_cause',
    });
    expect(analysis.variation).toBeNull();
    expect(analysis.assurance).toBeNull();
    expect(analysis.reason).toMatch(/1 point with values and process limits need at least 2/);
  });

  it('with no values at all, says so', () => {
    expect(analyseSeries({ values: [] }).reason).toMatch(/no values/);
    expect(analyseSeries({ values: [null, null] }).reason).toMatch(/no values/);
  });

  it('under mdc, 12 points give a mean but no limits, rules or icons; 13 give all of them', () => {
    const twelve = analyseSeries(
      { values: [...QUIET.slice(0, 11), 40] },
      { preset: 'mdc', target: 1 },
    );
    expect(twelve.segments[0]?.mean).toBeCloseTo(13.33, 2);
    expect(twelve.segments[0]?.upperProcessLimit).toBeNull();
    expect(
      listSpcPoints(twelve).every((p) => p.signal === 'common_cause' && p.rules.length === 0),
    ).toBe(true);
    expect([twelve.variation, twelve.assurance]).toEqual([null, null]);
    expect(twelve.reason).toBe(
      'The series has 12 points with values and process limits need at least 13, so there are no process limits or icons.',
    );
    const thirteen = analyseSeries(
      { values: [...QUIET.slice(0, 12), 40] },
      { preset: 'mdc', target: 1 },
    );
    expect(thirteen.variation).toBe('improvement_high');
    expect(thirteen.assurance).toBe('pass');
    expect(thirteen.reason).toBeNull();
  });

  it('under nhsr, computes from 2 points as R does, warning under 13', () => {
    const analysis = analyseSeries({ values: [1, 3] }, { preset: 'nhsr' });
    expect(analysis.segments[0]).toMatchObject({ mean: 2, movingRangeMean: 2 });
    expect(analysis.warnings[0]).toMatch(
      /2 points for its limits: limits from fewer than 13 points are unreliable/,
    );
  });

  it('judges 2-of-3 on full windows only: two close points at the very start do not make one', () => {
    const values = [15.5, 15.5, ...QUIET];
    const p = points(values, { preset: 'nhsr', baseline: null });
    expect(p[0]?.rules).not.toContain('two_of_three');
  });
});

describe('a zero moving range (a constant process)', () => {
  it('collapses the limits onto the mean instead of R’s NaN, with or without screening', () => {
    for (const preset of ['mdc', 'nhsr', 'pbi'] as const) {
      const analysis = analyseSeries(
        { values: Array.from({ length: 20 }, () => 1) },
        { preset, target: 0.95 },
      );
      expect(analysis.segments[0]).toMatchObject({
        mean: 1,
        movingRangeMean: 0,
        lowerProcessLimit: 1,
        upperProcessLimit: 1,
      });
      expect(analysis.variation).toBe('common_cause');
      // 100% every week against a 95% target: it will always be met.
      expect(analysis.assurance).toBe('pass');
    }
  });

  it('makes any later change special cause when the baseline never moved', () => {
    const values = [...Array.from({ length: 13 }, () => 1), 0.98];
    const p = points(values, { preset: 'mdc', baseline: 13 });
    expect(p[13]).toMatchObject({ signal: 'concern', rules: ['outside_limits'] });
  });

  it('averages twelve 0.95s to exactly 0.95 (compensated summation), unlike a plain sum', () => {
    const values = Array.from({ length: 12 }, () => 0.95);
    expect(values.reduce((s, v) => s + v, 0) / 12).not.toBe(0.95);
    expect(analyseSeries({ values }, { preset: 'nhsr' }).segments[0]?.mean).toBe(0.95);
  });
});

describe('missing values', () => {
  it('keeps a missing point in place with no signal and bridges the moving range over it', () => {
    const analysis = analyseSeries(
      { values: [10, 12, null, 10, 12], periods: ['a', 'b', 'c', 'd', 'e'] },
      { preset: 'nhsr' },
    );
    const p = listSpcPoints(analysis);
    expect(p[2]).toMatchObject({ period: 'c', value: null, signal: null, rules: [], mean: 11 });
    // Moving ranges 2, |10 − 12| across the gap = 2, and 2: all 2.
    expect(analysis.segments[0]?.movingRangeMean).toBe(2);
    expect(presentSpc(analysis).points[2]).toEqual({
      period: 'c',
      value: null,
      mean: 11,
      lowerProcessLimit: 5.68,
      upperProcessLimit: 16.32,
      signal: null,
      rules: [],
    });
  });

  it('takes the icons from the last point with a value', () => {
    const values = [...QUIET.slice(0, 12), 40, null, null];
    const analysis = analyseSeries({ values }, { preset: 'mdc', minimumPoints: 13 });
    expect(analysis.lastIndex).toBe(12);
    expect(analysis.variation).toBe('improvement_high');
  });

  it('lets a run carry on across a gap', () => {
    const values = [...QUIET, 14, 14, 14, null, 14, 14, 14];
    const p = points(values, { preset: 'mdc', baseline: 20 });
    expect(p.slice(20).map((q) => q.signal)).toEqual([
      'improvement',
      'improvement',
      'improvement',
      null,
      'improvement',
      'improvement',
      'improvement',
    ]);
  });
});

describe('moving-range screening ties', () => {
  // Ten ranges of 7.733 and one of 32.67: the mean range is 110/11 = 10, so 32.67 = 3.267 × 10 exactly.
  const values = [0, 7.733, 0, 7.733, 0, 7.733, 0, 7.733, 0, 7.733, 0, 32.67];

  it('drops a range equal to 3.267·MR̄ when strict (R, PBI) and keeps it when inclusive (MDC SQL)', () => {
    const strict = calculateProcessLimits(values, 0, values.length, 'strict', 2.66, 1e-12);
    const inclusive = calculateProcessLimits(values, 0, values.length, 'inclusive', 2.66, 1e-12);
    const off = calculateProcessLimits(values, 0, values.length, 'off', 2.66, 1e-12);
    expect(off.movingRangeMean).toBeCloseTo(10, 12);
    expect(strict).toMatchObject({ excludedMovingRanges: 1, movingRangeCount: 10 });
    expect(strict.movingRangeMean).toBeCloseTo(7.733, 12);
    expect(inclusive).toMatchObject({ excludedMovingRanges: 0, movingRangeCount: 11 });
    expect(inclusive.movingRangeMean).toBeCloseTo(10, 12);
  });

  it('screens once only and keeps the centre line', () => {
    const strict = calculateProcessLimits(values, 0, values.length, 'strict', 2.66, 1e-12);
    expect(strict.mean).toBe(off(values));
  });
});

function off(values: readonly number[]): number {
  return calculateProcessLimits(values, 0, values.length, 'off', 2.66, 1e-12).mean;
}

describe('a target on a limit', () => {
  it('is inconsistent when strict (R, PBI) and a pass or fail when inclusive (MDC)', () => {
    expect(calculateAssurance(10, 20, 20, 'increase', 'strict')).toBe('inconsistent');
    expect(calculateAssurance(10, 20, 20, 'increase', 'inclusive')).toBe('fail');
    expect(calculateAssurance(10, 20, 10, 'increase', 'strict')).toBe('inconsistent');
    expect(calculateAssurance(10, 20, 10, 'increase', 'inclusive')).toBe('pass');
    expect(calculateAssurance(10, 20, 20, 'decrease', 'inclusive')).toBe('pass');
    expect(calculateAssurance(10, 20, 10, 'decrease', 'inclusive')).toBe('fail');
    expect(calculateAssurance(10, 20, 15, 'neutral', 'inclusive')).toBeNull();
  });

  it('follows each preset’s boundary on a real analysis', () => {
    const upl = analyseSeries({ values: QUIET }, { preset: 'mdc' }).segments[0]
      ?.upperProcessLimit as number;
    expect(analyseSeries({ values: QUIET }, { preset: 'mdc', target: upl }).assurance).toBe('fail');
    expect(analyseSeries({ values: QUIET }, { preset: 'nhsr', target: upl }).assurance).toBe(
      'inconsistent',
    );
  });
});

describe('2-of-3 with an astronomical point, per preset', () => {
  // Baseline: mean 11, MR̄ 2, so 2σ = 14.55 and the upper limit 16.32. Then 15.5 (between 2σ and
  // 3σ) and 17 (beyond 3σ), after a last baseline point of 12 (above the mean).
  const values = [...QUIET, 15.5, 17];

  it('flags only the astronomical point for R and MDC Excel (points beyond 3σ do not count)', () => {
    for (const preset of ['nhsr', 'mdc'] as const) {
      const p = points(values, { preset, baseline: 20 });
      expect(p[20]).toMatchObject({ signal: 'common_cause', rules: [] });
      expect(p[21]).toMatchObject({ signal: 'improvement', rules: ['outside_limits'] });
    }
  });

  it('also flags the first point as 2-of-3 for PBI and the MDC SQL variant (they count)', () => {
    const pbi = points(values, { preset: 'pbi', baseline: 20 });
    expect(pbi[20]).toMatchObject({ signal: 'improvement', rules: ['two_of_three'] });
    expect(pbi[21]?.rules).toEqual(['outside_limits', 'two_of_three']);
    const sql = points(values, {
      preset: 'mdc',
      baseline: 20,
      twoOfThree: 'beyond_two_sigma_same_side',
    });
    expect(sql[20]?.rules).toEqual(['two_of_three']);
  });

  it('needs all three on one side of the mean except for PBI', () => {
    const sameSide = [...QUIET, 15.5, 15.5];
    expect(
      points(sameSide, { preset: 'nhsr', baseline: 20 })
        .slice(20)
        .map((p) => p.rules),
    ).toEqual([['two_of_three'], ['two_of_three']]);
    const crossing = [...QUIET, 8, 15.5, 15.5];
    expect(points(crossing, { preset: 'nhsr', baseline: 20 })[21]?.rules).toEqual([]);
    expect(points(crossing, { preset: 'pbi', baseline: 20 })[21]?.rules).toEqual(['two_of_three']);
  });
});

describe('rebases', () => {
  const stepped = [...QUIET, ...QUIET.map((v) => v + 10)];

  it('gives each segment its own mean and limits, and takes the icons from the last', () => {
    const analysis = analyseSeries(
      { values: stepped },
      { preset: 'nhsr', rebase: [20], target: 15 },
    );
    expect(analysis.segments.map((s) => s.mean)).toEqual([11, 21]);
    expect(listSpcPoints(analysis).every((p) => p.signal === 'common_cause')).toBe(true);
    expect(analysis.assurance).toBe('pass');
    // Without the rebase the step is a shift.
    expect(
      points(stepped, { preset: 'nhsr' })
        .slice(20)
        .every((p) => p.signal === 'improvement'),
    ).toBe(true);
  });

  it('keeps R’s runs inside a segment but lets MDC’s cross the rebase', () => {
    // 4 points above the first mean, then 3 above the second: 7 in a row only if runs cross.
    const values = [
      ...QUIET.slice(0, 16),
      13,
      13,
      13,
      13,
      ...QUIET.map((v) => v + 10).slice(0, 16),
      23,
      23,
      23,
    ];
    const rebase = [20];
    const nhsr = points(values, { preset: 'nhsr', rebase, baseline: 16 });
    expect(nhsr.some((p) => p.rules.includes('shift'))).toBe(false);
    const across = [
      ...QUIET.slice(0, 16),
      13,
      13,
      13,
      13,
      23,
      23,
      23,
      ...QUIET.map((v) => v + 10).slice(0, 13),
    ];
    const crossing = points(across, {
      preset: 'mdc',
      rebase,
      baseline: 16,
      baselineWithRebase: 'each_segment',
    });
    expect(crossing.slice(16, 23).every((p) => p.rules.includes('shift'))).toBe(true);
    const notCrossing = points(across, {
      preset: 'mdc',
      rebase,
      baseline: 16,
      baselineWithRebase: 'each_segment',
      rulesAcrossRebases: 'trend',
    });
    expect(notCrossing.slice(16, 23).some((p) => p.rules.includes('shift'))).toBe(false);
  });

  it('refuses a rebase beyond the last point, ignores one at 0, and ignores repeats', () => {
    expect(() => analyseSeries({ values: [1, 2, 3] }, { rebase: [3] })).toThrow(SpcInputError);
    expect(analyseSeries({ values: QUIET }, { rebase: [0, 10, 10] }).segments).toHaveLength(2);
  });
});

describe('a baseline', () => {
  it('takes the limits from the first N points and extends them', () => {
    const values = [...QUIET, 30, 30];
    const analysis = analyseSeries({ values }, { preset: 'mdc', baseline: 20 });
    expect(analysis.segments[0]).toMatchObject({ mean: 11, movingRangeMean: 2, limitsEnd: 20 });
    expect(
      listSpcPoints(analysis)
        .slice(20)
        .map((p) => p.signal),
    ).toEqual(['improvement', 'improvement']);
  });

  it('restarts in each segment for R, and replaces the rebases for MDC (with a warning)', () => {
    const values = [...QUIET, ...QUIET.map((v) => v + 10)];
    const nhsr = analyseSeries({ values }, { preset: 'nhsr', baseline: 12, rebase: [20] });
    expect(nhsr.segments.map((s) => s.mean)).toEqual([11, 21]);
    const mdc = analyseSeries({ values }, { preset: 'mdc', baseline: 13, rebase: [20] });
    expect(mdc.segments).toHaveLength(1);
    expect(mdc.warnings).toContain(
      'A baseline is set, so the rebase points are ignored: the baseline alone sets the limits.',
    );
  });

  it('says when the baseline is too short for limits', () => {
    const analysis = analyseSeries({ values: QUIET }, { preset: 'mdc', baseline: 10 });
    expect(analysis.reason).toMatch(
      /baseline of the series has 10 points with values and process limits need at least 13/,
    );
  });
});

describe('input the engine refuses', () => {
  it.each([
    ['NaN', NaN, 'not NaN'],
    ['Infinity', Infinity, 'not Infinity'],
    ['-Infinity', -Infinity, 'not -Infinity'],
    ['text', '12', 'not the text "12"'],
    ['undefined', undefined, 'not undefined'],
    ['an object', {}, 'not an object'],
  ])('refuses %s with an error naming the position', (_name, bad, words) => {
    const values = [1, 2, bad, 4] as unknown as number[];
    let error: unknown;
    try {
      analyseSeries({ values });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpcInputError);
    expect((error as SpcInputError).fields).toEqual({
      'values[2]': `must be a finite number or null, ${words}`,
    });
  });

  it('refuses NaN and Infinity in a Float64Array too', () => {
    expect(() => analyseSeries({ values: new Float64Array([1, NaN, 3]) })).toThrow(/values\[1\]/);
    expect(() => analyseSeries({ values: new Float64Array([1, 2, Infinity]) })).toThrow(
      /values\[2\]/,
    );
    expect(() =>
      analyseSeries({ values: new Float64Array([1, 2, 3, NaN]) }, { baseline: 2 }),
    ).toThrow(/values\[3\]/);
    expect(
      analyseSeries({ values: new Float64Array([1, 2, 3]) }, { preset: 'nhsr' }).segments[0]?.mean,
    ).toBe(2);
  });

  it('lists every bad value (up to 20) in one error', () => {
    const values = Array.from({ length: 30 }, () => NaN);
    expect(() => analyseSeries({ values })).toThrow(
      /30 values are not a finite number: .* and 10 more/,
    );
  });

  it('refuses periods that do not match the values', () => {
    expect(() => analyseSeries({ values: [1, 2], periods: ['a'] })).toThrow(/one period per value/);
  });

  it('refuses bad options with a field per option', () => {
    let error: unknown;
    try {
      resolveSpcOptions({
        preset: 'spc',
        shiftPoints: 1,
        direction: 'up',
        rebase: [-1],
        target: NaN,
        colour: 'red',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpcInputError);
    expect((error as SpcInputError).fields).toEqual({
      'options.colour': 'is not an SPC option',
      'options.preset': 'must be one of mdc, nhsr, pbi',
      'options.direction': 'must be one of increase, decrease, neutral',
      'options.target': 'must be a finite number',
      'options.rebase': 'must be a list of 0-based point numbers (whole numbers, 0 or more)',
      'options.shiftPoints': 'must be a whole number from 2 to 32',
    });
  });
});

describe('presets', () => {
  it('are only named sets of options, and user options override them', () => {
    const o = resolveSpcOptions({ preset: 'pbi', trendPoints: 6 });
    expect(o).toMatchObject({ ...SPC_PRESETS.pbi, trendPoints: 6, preset: 'pbi' });
    expect(resolveSpcOptions()).toMatchObject({
      ...SPC_PRESETS.mdc,
      preset: 'mdc',
      direction: 'increase',
      target: null,
    });
  });

  it('give PBI’s slightly narrower limits (3/1.128 = 2.6596 against 2.66)', () => {
    const mdc = analyseSeries({ values: QUIET }, { preset: 'mdc' }).segments[0];
    const pbi = analyseSeries({ values: QUIET }, { preset: 'pbi' }).segments[0];
    expect(mdc?.upperProcessLimit).toBeCloseTo(16.32, 10);
    expect(pbi?.upperProcessLimit).toBeCloseTo(11 + (3 / 1.128) * 2, 10);
  });
});
