/**
 * Every case of NHS England MDC's "SPC Charts XmR Testing" document for the Single Chart Tool
 * v5.0 (test/fixtures/spc-oracle/mdc-xmr-testing-doc.json) under the `mdc` preset.
 */
import { describe, expect, it } from 'vitest';
import type { SpcOptions, SpcPoint, SpcSignal } from '../../src/spc/index.ts';
import { SPC_PRESETS, analyseSeries, listSpcPoints } from '../../src/spc/index.ts';
import { loadOracle } from './oracle-fixtures.ts';
import type { OracleCase } from './oracle-fixtures.ts';

const cases = loadOracle('mdc-xmr-testing-doc.json');

const CLASS_TO_SIGNAL: Record<string, SpcSignal> = {
  common_cause: 'common_cause',
  improvement: 'improvement',
  concern: 'concern',
  neither: 'neutral',
};
const COLOUR_TO_SIGNAL: Record<string, SpcSignal> = {
  grey: 'common_cause',
  blue: 'improvement',
  orange: 'concern',
  purple: 'neutral',
};

function toOptions(c: OracleCase, extra: SpcOptions = {}): SpcOptions {
  const o = c.options;
  const options: SpcOptions = {
    preset: 'mdc',
    direction: o.improvement_direction as 'increase' | 'decrease' | 'neutral',
  };
  if (typeof o.recalculate_limits_at_1based === 'number')
    options.rebase = [o.recalculate_limits_at_1based - 1];
  if (typeof o.baseline_points === 'number') options.baseline = o.baseline_points;
  return { ...options, ...extra };
}

function run(c: OracleCase, extra: SpcOptions = {}) {
  const analysis = analyseSeries({ values: c.values ?? [], periods: c.dates }, toOptions(c, extra));
  return { analysis, points: listSpcPoints(analysis) };
}

describe('MDC oracle: the document settings are the mdc preset', () => {
  it('uses shift 6, trend 6, no screening, 2.66 and 13 points, as every case states', () => {
    for (const c of cases) {
      expect(c.options.shift_points).toBe(SPC_PRESETS.mdc.shiftPoints);
      expect(c.options.trend_points).toBe(SPC_PRESETS.mdc.trendPoints);
      expect(c.options.screen_outliers).toBe(SPC_PRESETS.mdc.screening !== 'off');
      expect(c.options.minimum_points_for_limits_and_icons).toBe(SPC_PRESETS.mdc.minimumPoints);
    }
    expect(SPC_PRESETS.mdc.limitFactor).toBe(2.66);
  });
});

describe('MDC oracle: per-point colours under the mdc preset', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { analysis, points } = run(c);
    const expectedClass = (c.expected.point_class as string[]).map((k) => CLASS_TO_SIGNAL[k]);
    const expectedColour = (c.expected.point_colour as string[]).map((k) => COLOUR_TO_SIGNAL[k]);
    expect(expectedColour).toEqual(expectedClass);
    const disputed = new Set((c.disputed?.points_1based ?? []).map((p) => p - 1));
    points.forEach((p, i) => {
      if (disputed.has(i)) return;
      expect({ point: i + 1, signal: p.signal }).toEqual({
        point: i + 1,
        signal: expectedClass[i],
      });
    });
    // The one disputed point ("Special cause conflict - High is good", point 15, value 27): the
    // transcribed CSV says blue, but the document's narrative and its own rules give grey. The
    // rising trend 13→36 ends at point 14 (36); 27 falls from it, so no trend; only 4 points in a
    // row (12–15) sit above the mean of 25.8, short of a shift of 6; 27 is far inside the limits
    // (11.66 to 39.94) and nowhere near 2σ. So the rules give common cause, and so do we.
    for (const i of disputed) expect((points[i] as SpcPoint).signal).toBe('common_cause');

    const text = c.expected.document_text as Record<string, unknown> | undefined;
    if (text !== undefined) {
      const segment = analysis.segments[0];
      const shown = segment?.upperProcessLimit != null;
      if ('limits_and_icons_shown' in text) {
        expect(shown).toBe(text.limits_and_icons_shown);
        expect(analysis.variation !== null).toBe(text.limits_and_icons_shown);
        if (text.limits_and_icons_shown === false) expect(analysis.reason).toMatch(/at least 13/);
      }
      if ('limits_shown' in text) expect(shown).toBe(text.limits_shown);
      // The document prints two decimals.
      const near = (got: number | null | undefined, want: unknown) =>
        expect(Math.abs((got ?? NaN) - (want as number))).toBeLessThanOrEqual(0.005);
      if ('mean' in text) near(segment?.mean, text.mean);
      if ('mean_moving_range' in text) near(segment?.movingRangeMean, text.mean_moving_range);
      if ('sigma' in text) near(segment?.sigma, text.sigma);
      if ('three_sigma' in text) near(3 * (segment?.sigma ?? NaN), text.three_sigma);
      if ('upl' in text) near(segment?.upperProcessLimit, text.upl);
      if ('lpl' in text) near(segment?.lowerProcessLimit, text.lpl);
    }
  });
});

describe('MDC oracle: icons the document shows only as images (derived by its stated rules)', () => {
  const withAssurance = cases.filter(
    (c) => c.derived_not_asserted?.assurance_icon_by_rule !== undefined,
  );
  it.each(withAssurance.map((c) => [c.name, c] as const))(
    '%s: assurance for each target',
    (_name, c) => {
      const derived = c.derived_not_asserted as {
        assurance_icon_by_rule: Record<string, string>;
        limits: Record<string, number>;
      };
      const { analysis } = run(c);
      const segment = analysis.segments[0];
      expect(segment?.mean).toBeCloseTo(derived.limits.mean as number, 9);
      expect(segment?.lowerProcessLimit).toBeCloseTo(derived.limits.lpl as number, 9);
      expect(segment?.upperProcessLimit).toBeCloseTo(derived.limits.upl as number, 9);
      for (const [target, icon] of Object.entries(derived.assurance_icon_by_rule)) {
        const got = run(c, { target: Number(target) }).analysis.assurance;
        expect({ target, icon: got }).toEqual({
          target,
          icon: icon === 'hit_or_miss' ? 'inconsistent' : icon,
        });
      }
    },
  );

  const withVariation = cases.filter(
    (c) => c.derived_not_asserted?.variation_icon_by_document_rule !== undefined,
  );
  it.each(withVariation.map((c) => [c.name, c] as const))('%s: variation icon', (_name, c) => {
    const want = (c.derived_not_asserted as { variation_icon_by_document_rule: string })
      .variation_icon_by_document_rule;
    expect(run(c).analysis.variation).toBe(want.replace('neither_', 'neutral_'));
  });
});
