/** The plain-English reading of a series (src/spc/reading.ts). */
import { describe, expect, it } from 'vitest';
import {
  RULE_BITS,
  analyseSeries,
  describePointSignal,
  describeSeries,
} from '../../src/spc/index.ts';
import type { SpcOptions } from '../../src/spc/index.ts';

const QUIET = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));
const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;

function read(values: readonly (number | null)[], options: SpcOptions, periodWord = 'weeks') {
  return describeSeries(analyseSeries({ values }, options), { periodWord, formatValue: percent });
}

describe('reading a series in plain English', () => {
  it('reads a shift: the last weeks all above the average', () => {
    // Ends on a point below the mean of 11.32, then six above it.
    const values = [...QUIET.slice(0, 19), 12.5, 12.5, 12.5, 12.5, 12.5, 12.5];
    const reading = describeSeries(analyseSeries({ values }, { preset: 'mdc' }), {
      periodWord: 'weeks',
    });
    expect(reading.variation).toBe(
      'The last 6 weeks were all above the average: this is unlikely to be chance — an improvement.',
    );
    expect(reading.assurance).toBeNull();
  });

  it('reads a target within the limits', () => {
    const values = QUIET.map((v) => 0.84 + v / 100);
    const reading = read(values, { preset: 'mdc', target: 0.95 });
    expect(reading.assurance).toBe(
      'The target of 95% is within the process limits: it will be met in some weeks and missed in others unless the process changes.',
    );
    expect(reading.variation).toMatch(
      /^The latest week \(96%\) is within the process limits of 89\.7% to 100\.3% and no run or trend stands out: this is common cause variation/,
    );
    expect(reading.text).toBe(`${reading.variation} ${reading.assurance ?? ''}`);
  });

  it('reads a target that will always, or never, be met', () => {
    const values = QUIET.map((v) => 0.84 + v / 100);
    // Mean 95%, limits 89.68% to 100.32%.
    expect(read(values, { preset: 'mdc', target: 0.89 }).assurance).toBe(
      'The target of 89% is below the lower process limit of 89.7%: it will be met every week unless the process changes.',
    );
    expect(read(values, { preset: 'mdc', target: 1.01 }).assurance).toBe(
      'The target of 101% is above the upper process limit of 100.3%: it will be missed every week unless the process changes.',
    );
    expect(read(values, { preset: 'mdc', target: 1.01, direction: 'decrease' }).assurance).toBe(
      'The target of 101% is above the upper process limit of 100.3%: it will be met every week unless the process changes.',
    );
    const upper = analyseSeries({ values }, { preset: 'mdc' }).segments[0]
      ?.upperProcessLimit as number;
    expect(read(values, { preset: 'mdc', target: upper }).assurance).toBe(
      'The target of 100.3% is on the upper process limit of 100.3%: it will be missed every week unless the process changes.',
    );
    expect(read(values, { preset: 'mdc', target: 0.95, direction: 'neutral' }).assurance).toMatch(
      /neither direction is marked as better/,
    );
  });

  it('reads a point beyond a limit, a trend and 2-of-3', () => {
    expect(read([...QUIET, 30], { preset: 'mdc' }, 'months').variation).toBe(
      'The latest month (3000%) was above the upper process limit of 1935.3%: this is unlikely to be chance — an improvement.',
    );
    // 12 (the last quiet point), then six falls: a trend of 7.
    const falling = [...QUIET, 11, 10.5, 10, 9.5, 9, 8.5];
    expect(read(falling, { preset: 'mdc', baseline: 20 }).variation).toBe(
      'The last 7 weeks each fell from the one before: this is unlikely to be chance — a concern.',
    );
    expect(
      read([...QUIET, 15.5, 15.5], { preset: 'mdc', baseline: 20, direction: 'decrease' })
        .variation,
    ).toBe(
      'Two of the last three weeks were close to the upper process limit: this is unlikely to be chance — a concern.',
    );
    expect(read([...QUIET, 30], { preset: 'mdc', direction: 'neutral' }).variation).toMatch(
      /a real change, though neither direction is marked as better\.$/,
    );
  });

  it('says when it is too early to tell', () => {
    expect(read([1, 2, 3], { preset: 'mdc' }).variation).toBe(
      'There are only 3 weeks with values to set process limits from, and at least 13 are needed: it is too early to tell chance from a real change.',
    );
    expect(read([], { preset: 'mdc' }).variation).toBe(
      'There are no values yet, so there is nothing to read.',
    );
    expect(read([1, 2, 3], { preset: 'mdc', target: 2 }).assurance).toBe(
      'There are too few points to say whether the target of 200% will be met.',
    );
  });

  it('words each point’s signal with its rules and sides', () => {
    expect(describePointSignal(null, 0)).toBe('No value');
    expect(describePointSignal('common_cause', 0)).toBe('Common cause');
    expect(describePointSignal('improvement', RULE_BITS.shift.high | RULE_BITS.trend.low)).toBe(
      'Improvement: run above the average; falling trend',
    );
    expect(describePointSignal('concern', RULE_BITS.outside_limits.low)).toBe(
      'Concern: below the lower process limit',
    );
  });
});
