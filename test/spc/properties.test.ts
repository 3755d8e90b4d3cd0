/**
 * Properties of the SPC engine checked on generated series (fast-check), and the fast
 * bit-parallel rule detector checked point by point against a plain, slow reading of the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResolvedSpcOptions, SpcAnalysis, SpcPresetName } from '../../src/spc/index.ts';
import {
  RULE_BITS,
  analyseSeries,
  keepClosePoints,
  listSpcPoints,
  markRunEnds,
  markTrendEnds,
  markTwoOfThreeWindows,
  spreadRunEnds,
} from '../../src/spc/index.ts';

const PRESETS: readonly SpcPresetName[] = ['mdc', 'nhsr', 'pbi'];

/** Integer random walks with occasional jumps: they have runs, trends and outliers in them. */
const walk = (maxLength = 150) =>
  fc
    .tuple(
      fc.integer({ min: -200, max: 200 }),
      fc.array(
        fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: -3, max: 3 }) },
          { weight: 1, arbitrary: fc.integer({ min: -25, max: 25 }) },
        ),
        {
          minLength: 0,
          maxLength: maxLength - 1,
        },
      ),
    )
    .map(([start, steps]) => {
      const values = [start];
      for (const step of steps) values.push((values[values.length - 1] as number) + step);
      return values;
    });

const preset = fc.constantFrom(...PRESETS);

const HIGH =
  RULE_BITS.outside_limits.high |
  RULE_BITS.shift.high |
  RULE_BITS.trend.high |
  RULE_BITS.two_of_three.high;
const LOW =
  RULE_BITS.outside_limits.low |
  RULE_BITS.shift.low |
  RULE_BITS.trend.low |
  RULE_BITS.two_of_three.low;

function signals(analysis: SpcAnalysis) {
  return listSpcPoints(analysis).map((p) => [p.signal, p.rules.join('+')]);
}

describe('SPC properties', () => {
  it('adding a constant moves the mean and limits by it and changes no signal', () => {
    fc.assert(
      fc.property(
        walk(),
        fc.integer({ min: -100_000, max: 100_000 }),
        preset,
        (values, c, name) => {
          const before = analyseSeries({ values }, { preset: name, target: 0 });
          const after = analyseSeries(
            { values: values.map((v) => v + c) },
            { preset: name, target: c },
          );
          expect(signals(after)).toEqual(signals(before));
          expect(after.variation).toBe(before.variation);
          expect(after.assurance).toBe(before.assurance);
          before.segments.forEach((s, k) => {
            const t = after.segments[k];
            for (const key of ['mean', 'lowerProcessLimit', 'upperProcessLimit'] as const) {
              const b = s[key];
              const a = t?.[key] ?? null;
              if (b === null) expect(a).toBeNull();
              else
                expect(Math.abs((a as number) - (b + c))).toBeLessThanOrEqual(
                  1e-9 * (Math.abs(c) + Math.abs(b) + 1),
                );
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('multiplying by a positive constant changes no signal', () => {
    fc.assert(
      fc.property(
        walk(),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        preset,
        (values, k, name) => {
          const before = analyseSeries({ values }, { preset: name });
          const after = analyseSeries({ values: values.map((v) => v * k) }, { preset: name });
          expect(signals(after)).toEqual(signals(before));
          expect(after.variation).toBe(before.variation);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('flipping the direction swaps improvement and concern (precedence presets: every point)', () => {
    const swap = { improvement: 'concern', concern: 'improvement' } as Record<string, string>;
    const swapIcon = {
      improvement_high: 'concern_high',
      concern_high: 'improvement_high',
      improvement_low: 'concern_low',
      concern_low: 'improvement_low',
    } as Record<string, string>;
    fc.assert(
      fc.property(walk(), fc.constantFrom<SpcPresetName>('nhsr', 'pbi'), (values, name) => {
        const up = analyseSeries({ values }, { preset: name, direction: 'increase' });
        const down = analyseSeries({ values }, { preset: name, direction: 'decrease' });
        const upPoints = listSpcPoints(up);
        expect(listSpcPoints(down).map((p) => p.signal)).toEqual(
          upPoints.map((p) => swap[p.signal ?? ''] ?? p.signal),
        );
        // PBI's icon prefers improvement when rules disagree on the last point, so only a last
        // point flagged one way swaps its icon there; R's icon always follows the point.
        const last = upPoints[up.lastIndex];
        const conflict =
          last !== undefined && (last.ruleMask & HIGH) !== 0 && (last.ruleMask & LOW) !== 0;
        if (name === 'nhsr' || !conflict) {
          expect(down.variation).toBe(
            up.variation === null ? null : (swapIcon[up.variation] ?? up.variation),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('flipping the direction swaps improvement and concern under mdc, except that improvement wins a conflict either way', () => {
    fc.assert(
      fc.property(walk(), (values) => {
        const up = listSpcPoints(
          analyseSeries({ values }, { preset: 'mdc', direction: 'increase' }),
        );
        const down = listSpcPoints(
          analyseSeries({ values }, { preset: 'mdc', direction: 'decrease' }),
        );
        up.forEach((p, i) => {
          const q = down[i];
          const conflict = (p.ruleMask & HIGH) !== 0 && (p.ruleMask & LOW) !== 0;
          if (conflict) expect([p.signal, q?.signal]).toEqual(['improvement', 'improvement']);
          else if (p.signal === 'improvement') expect(q?.signal).toBe('concern');
          else if (p.signal === 'concern') expect(q?.signal).toBe('improvement');
          else expect(q?.signal).toBe(p.signal);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a constant series fires nothing, including 0.95 and 100% repeated, under every preset', () => {
    const level = fc.oneof(
      fc.constantFrom(0.95, 1, 100, 0, 0.1 + 0.2, 99.9, -3.7),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    fc.assert(
      fc.property(level, fc.integer({ min: 1, max: 120 }), preset, (v, n, name) => {
        const analysis = analyseSeries(
          { values: Array.from({ length: n }, () => v) },
          { preset: name, target: v },
        );
        for (const p of listSpcPoints(analysis)) {
          expect(p.signal).toBe('common_cause');
          expect(p.rules).toEqual([]);
        }
        if (analysis.variation !== null) expect(analysis.variation).toBe('common_cause');
        const s = analysis.segments[0];
        if (s?.upperProcessLimit != null) {
          expect(s.upperProcessLimit).toBe(s.mean);
          expect(s.lowerProcessLimit).toBe(s.mean);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a missing value changes nothing for the other points: they read as if it were not there', () => {
    fc.assert(
      fc.property(
        walk(120),
        fc.array(fc.nat(), { maxLength: 8 }),
        preset,
        (values, holes, name) => {
          const withGaps: (number | null)[] = [...values];
          // Insert nulls at positions (not replacing values), so the observed points are the same.
          for (const h of holes) withGaps.splice(h % (withGaps.length + 1), 0, null);
          const gapped = listSpcPoints(analyseSeries({ values: withGaps }, { preset: name }));
          const plain = listSpcPoints(analyseSeries({ values }, { preset: name }));
          const observed = gapped.filter((p) => p.value !== null);
          expect(
            observed.map((p) => [
              p.value,
              p.signal,
              p.rules.join('+'),
              p.mean,
              p.upperProcessLimit,
            ]),
          ).toEqual(
            plain.map((p) => [p.value, p.signal, p.rules.join('+'), p.mean, p.upperProcessLimit]),
          );
          for (const p of gapped.filter((q) => q.value === null))
            expect([p.signal, p.rules]).toEqual([null, []]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the bit-parallel rule detector agrees with a plain reading of the rules', () => {
  it('matches the composed R helpers (nhsr, one segment) point by point', () => {
    fc.assert(
      fc.property(walk(200), (values) => {
        const analysis = analyseSeries({ values }, { preset: 'nhsr' });
        const points = listSpcPoints(analysis);
        if (!(analysis.segments[0]?.assessed ?? false)) return;
        const rtm = points.map((p) => Math.sign((p.value as number) - (p.mean as number)));
        const outside = points.map(
          (p) =>
            +(
              (p.value as number) > (p.upperProcessLimit as number) ||
              (p.value as number) < (p.lowerProcessLimit as number)
            ),
        );
        const close = points.map(
          (p, i) =>
            +(
              !outside[i] &&
              ((p.value as number) > (p.upperTwoSigma as number) ||
                (p.value as number) < (p.lowerTwoSigma as number))
            ),
        );
        const shift = spreadRunEnds(markRunEnds(rtm, 7), 7);
        const trendEnds = markTrendEnds(values, 7);
        const trend = spreadRunEnds(trendEnds, 7);
        const two = keepClosePoints(markTwoOfThreeWindows(close, rtm), close);
        points.forEach((p, i) => {
          expect({ i, outside: p.rules.includes('outside_limits') }).toEqual({
            i,
            outside: outside[i] === 1,
          });
          expect({ i, shift: p.rules.includes('shift') }).toEqual({ i, shift: shift[i] === 1 });
          expect({ i, trend: p.rules.includes('trend') }).toEqual({ i, trend: trend[i] === 1 });
          expect({ i, two: p.rules.includes('two_of_three') }).toEqual({ i, two: two[i] === 1 });
        });
      }),
      { numRuns: 400 },
    );
  });

  it('matches a slow reference for every preset, rebases and rule lengths', () => {
    const options = fc.record({
      preset,
      shiftPoints: fc.integer({ min: 2, max: 32 }),
      trendPoints: fc.integer({ min: 3, max: 32 }),
      twoOfThree: fc.constantFrom(
        'close_only_same_side',
        'beyond_two_sigma_same_side',
        'net_beyond_two_sigma',
      ),
      rulesAcrossRebases: fc.constantFrom('none', 'trend', 'all'),
      minimumPoints: fc.integer({ min: 2, max: 15 }),
    } as const);
    fc.assert(
      fc.property(
        walk(200),
        fc.array(fc.integer({ min: 1, max: 199 }), { maxLength: 4 }),
        options,
        (values, cuts, opts) => {
          const rebase = cuts.filter((c) => c < values.length);
          const analysis = analyseSeries({ values }, { ...opts, rebase });
          const expected = referenceMasks(analysis);
          expect([...analysis.ruleFlags]).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/**
 * The rules read plainly from SPC-RULES.md, one point at a time, with no cleverness: the oracle
 * for the detector. Uses each segment's lines from the analysis; no missing values.
 */
function referenceMasks(analysis: SpcAnalysis): number[] {
  const o: ResolvedSpcOptions = analysis.options;
  const x = [...analysis.values];
  const n = x.length;
  const segmentOf = (i: number) => analysis.segments.find((s) => i >= s.start && i < s.end);
  const line = (i: number) => {
    const s = segmentOf(i);
    if (s === undefined || !s.assessed) return null;
    const t =
      o.tolerance *
      Math.max(
        Math.abs(s.mean as number),
        Math.abs(s.upperProcessLimit as number),
        Math.abs(s.lowerProcessLimit as number),
      );
    const v = x[i] as number;
    const above = v > (s.mean as number) + t ? 1 : v < (s.mean as number) - t ? -1 : 0;
    const outside =
      v > (s.upperProcessLimit as number) + t
        ? 1
        : v < (s.lowerProcessLimit as number) - t
          ? -1
          : 0;
    const beyond2 =
      v > (s.upperTwoSigma as number) + t ? 1 : v < (s.lowerTwoSigma as number) - t ? -1 : 0;
    return { above, outside, beyond2, t, segment: s.index };
  };
  const info = x.map((_, i) => line(i));
  // May point i join point i − 1 in a run of this kind?
  const joins = (i: number, kind: 'run' | 'trend') => {
    const a = info[i - 1];
    const b = info[i];
    if (i === 0 || a == null || b == null) return false;
    if (a.segment === b.segment) return true;
    const cross = kind === 'run' ? o.rulesAcrossRebases === 'all' : o.rulesAcrossRebases !== 'none';
    return cross && a.segment === b.segment - 1;
  };
  const masks = x.map(() => 0);
  const mark = (i: number, bit: number) => {
    masks[i] = (masks[i] ?? 0) | bit;
  };
  type Info = NonNullable<(typeof info)[number]>;
  for (let i = 0; i < n; i++) {
    const p = info[i];
    if (p == null) continue;
    if (o.rules.includes('outside_limits') && p.outside !== 0)
      mark(i, p.outside > 0 ? RULE_BITS.outside_limits.high : RULE_BITS.outside_limits.low);
    if (o.rules.includes('shift') && p.above !== 0) {
      let from = i;
      while (from > 0 && joins(from, 'run') && info[from - 1]?.above === p.above) from--;
      let to = i;
      while (to + 1 < n && joins(to + 1, 'run') && info[to + 1]?.above === p.above) to++;
      if (to - from + 1 >= o.shiftPoints)
        mark(i, p.above > 0 ? RULE_BITS.shift.high : RULE_BITS.shift.low);
    }
    if (o.rules.includes('trend')) {
      const step = (k: number) => {
        if (!joins(k, 'trend')) return 0;
        const t = info[k]?.t ?? 0;
        const d = (x[k] as number) - (x[k - 1] as number);
        return d > t ? 1 : d < -t ? -1 : 0;
      };
      for (const dir of [1, -1]) {
        // Steps k with point i at either end: step i (into i) and step i + 1 (out of i).
        for (const k of [i, i + 1]) {
          if (k < 1 || k >= n || step(k) !== dir) continue;
          let from = k;
          while (from > 1 && step(from - 1) === dir) from--;
          let to = k;
          while (to + 1 < n && step(to + 1) === dir) to++;
          if (to - from + 1 >= o.trendPoints - 1)
            mark(i, dir > 0 ? RULE_BITS.trend.high : RULE_BITS.trend.low);
        }
      }
    }
    if (o.rules.includes('two_of_three')) {
      for (let end = i; end <= i + 2; end++) {
        if (end - 2 < 0 || end >= n || !joins(end, 'run') || !joins(end - 1, 'run')) continue;
        const w = [info[end - 2], info[end - 1], info[end]];
        const counts = (q: Info | null | undefined, side: number): boolean =>
          q != null &&
          q.beyond2 === side &&
          (o.twoOfThree !== 'close_only_same_side' || q.outside === 0);
        for (const side of [1, -1]) {
          if (!counts(p, side)) continue;
          const hits = w.filter((q) => counts(q, side)).length;
          const ok =
            o.twoOfThree === 'net_beyond_two_sigma'
              ? hits >= 2 && w.every((q) => q?.beyond2 !== -side)
              : hits >= 2 && w.every((q) => q?.above === side);
          if (ok) mark(i, side > 0 ? RULE_BITS.two_of_three.high : RULE_BITS.two_of_three.low);
        }
      }
    }
  }
  return masks;
}
