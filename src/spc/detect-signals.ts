import { SIGNAL_NEEDS_STEP } from './classify-signal.ts';
import type { ResolvedSpcOptions } from './spc-options.ts';

/** The parts of a segment the rules read; `assessed` is false when the segment has no limits. */
export interface RuleSegment {
  readonly start: number;
  readonly end: number;
  readonly assessed: boolean;
  readonly mean: number | null;
  readonly lowerProcessLimit: number | null;
  readonly upperProcessLimit: number | null;
  readonly lowerTwoSigma: number | null;
  readonly upperTwoSigma: number | null;
}

/** Longest shift or trend the bit-parallel detector handles (a run must fit in one 32-bit word). */
export const LONGEST_RUN = 32;

// Word planes, 32 points per Int32 word, bit b of word w = point 32w + b of the stream (the points
// with values in assessed segments, in order).
const ABOVE = 0; // above the mean
const BELOW = 1; // below the mean
const RISE = 2; // higher than the point before
const FALL = 3; // lower than the point before
const OUT_HIGH = 4; // above the upper process limit
const OUT_LOW = 5; // below the lower process limit
const COUNT_HIGH = 6; // counts towards 2-of-3 on the high side
const COUNT_LOW = 7; // counts towards 2-of-3 on the low side
const LINK_RUN = 8; // a shift or 2-of-3 window may join this point to the one before
const LINK_TREND = 9; // a trend may join this point to the one before
const END_ABOVE = 10; // a shift above the mean ends here
const END_BELOW = 11;
const END_RISE = 12; // a trend ends here
const END_FALL = 13;
const WINDOW_HIGH = 14; // a qualifying 2-of-3 window ends here
const WINDOW_LOW = 15;
const PLANES = 16;

let planes = new Int32Array(0);
let streamIndex = new Int32Array(0);
const carry = new Int32Array(LONGEST_RUN + 1);
// Set by fillPlanes: stream point j is series point j + streamOffset, or −1 when streamIndex maps it.
let streamOffset = 0;

/**
 * Detects the special-cause rules and writes each point's rule bits (RULE_BITS) into `flags`,
 * which must start at 0; given a signal table (buildSignalTable), also each flagged point's
 * signal code into `signalCodes`. Returns true when some code is SIGNAL_NEEDS_STEP (the table
 * cannot decide a point that ends one trend and starts the opposite one). Missing values (NaN)
 * are skipped, so runs bridge the gap; points in segments without limits take part in no rule
 * and break every run.
 *
 * Why bits: each comparison on noisy data is a coin toss, and a branch per rule per point costs
 * more than the arithmetic. So one pass turns each point into bits (above the mean, rising…),
 * 32 points to a word, and the rules become word operations: a run of N ones ending at point j
 * is X ∧ X≪1 ∧ … ∧ X≪(N−1), and "part of a run" spreads those ends back by N−1 points.
 */
export function detectSignals(
  values: Float64Array,
  segments: readonly RuleSegment[],
  options: ResolvedSpcOptions,
  flags: Uint8Array,
  signalTable?: Uint8Array,
  signalCodes?: Uint8Array,
): boolean {
  const n = values.length;
  const words = (n >>> 5) + 2;
  // Scratch planes are reused between calls: allocating per call would cost more than the rules.
  if (planes.length < words * PLANES) planes = new Int32Array(Math.max(words * PLANES, 1024));
  else planes.fill(0, 0, words * PLANES);
  if (streamIndex.length < n) streamIndex = new Int32Array(Math.max(n, 1024));
  const streamLength = fillPlanes(values, segments, options, words);
  const lastWord = (streamLength + 31) >>> 5;
  const rules = options.rules;
  if (rules.includes('shift')) {
    findRunEnds(ABOVE, LINK_RUN, END_ABOVE, options.shiftPoints, lastWord, words, false);
    findRunEnds(BELOW, LINK_RUN, END_BELOW, options.shiftPoints, lastWord, words, false);
  }
  if (rules.includes('trend')) {
    // A trend of N points is N − 1 rises (or falls) in a row.
    findRunEnds(RISE, LINK_TREND, END_RISE, options.trendPoints - 1, lastWord, words, true);
    findRunEnds(FALL, LINK_TREND, END_FALL, options.trendPoints - 1, lastWord, words, true);
  }
  const useTwo = rules.includes('two_of_three');
  if (useTwo) findTwoOfThreeWindows(options.twoOfThree === 'net_beyond_two_sigma', lastWord, words);
  return writeFlags(
    flags,
    options,
    streamOffset,
    lastWord,
    words,
    useTwo,
    signalTable,
    signalCodes,
  );
}

/** Pass 1: one look at each point, setting its bits in the planes. Returns the stream's length. */
function fillPlanes(
  values: Float64Array,
  segments: readonly RuleSegment[],
  options: ResolvedSpcOptions,
  words: number,
): number {
  const tol = options.tolerance;
  const crossRuns = options.rulesAcrossRebases === 'all';
  const crossTrend = options.rulesAcrossRebases !== 'none';
  const closeOnly = options.twoOfThree === 'close_only_same_side';
  const p = planes;
  // Links default to joined; the first point of a segment may be cut from the one before.
  p.fill(-1, LINK_RUN * words, (LINK_TREND + 1) * words);
  let contiguous = true;
  let firstStart = -1;
  let j = 0;
  let previousAssessed = false;
  let previous = NaN;

  for (const segment of segments) {
    if (!segment.assessed) {
      if (contiguous && firstStart >= 0) contiguous = mapStream(firstStart, j);
      previousAssessed = false;
      continue;
    }
    if (firstStart < 0) firstStart = segment.start;
    const joinRun = crossRuns && previousAssessed;
    const joinTrend = crossTrend && previousAssessed;
    previousAssessed = true;
    const mean = segment.mean as number;
    const upl = segment.upperProcessLimit as number;
    const lpl = segment.lowerProcessLimit as number;
    // The tolerance is relative to the segment's scale: the largest of its mean and limits.
    const t = tol * Math.max(Math.abs(mean), Math.abs(upl), Math.abs(lpl));
    const negativeT = -t;
    // Limits are symmetric about the mean, so one distance from it tells 2σ and 3σ on either side.
    const beyondTwo = (segment.upperTwoSigma as number) - mean + t;
    const beyondThree = upl - mean + t;
    // The next stream position is this segment's first point with a value.
    const cut = ~(1 << (j & 31));
    if (!joinRun)
      p[LINK_RUN * words + (j >>> 5)] = (p[LINK_RUN * words + (j >>> 5)] as number) & cut;
    if (!joinTrend)
      p[LINK_TREND * words + (j >>> 5)] = (p[LINK_TREND * words + (j >>> 5)] as number) & cut;

    const end = segment.end;
    let i = segment.start;
    while (i < end) {
      // One word at a time: the inner loop has no word bookkeeping, and every comparison
      // becomes a mask (0 − +(a > b) is 0 or −1) rather than a branch.
      const w = j >>> 5;
      let bit = 1 << (j & 31);
      let above = 0;
      let below = 0;
      let rise = 0;
      let fall = 0;
      let outside = 0;
      let beyond = 0;
      // At most the rest of this word; a missing value leaves it short, and the next pass fills on.
      const chunkEnd = Math.min(end, i + 32 - (j & 31));
      for (; i < chunkEnd; i++) {
        const v = values[i] as number;
        if (v !== v) {
          if (contiguous) contiguous = mapStream(firstStart, j);
          continue;
        }
        if (!contiguous) streamIndex[j] = i;
        const fromMean = v - mean;
        const step = v - previous;
        const distance = Math.abs(fromMean);
        above |= (0 - +(fromMean > t)) & bit;
        below |= (0 - +(fromMean < negativeT)) & bit;
        rise |= (0 - +(step > t)) & bit;
        fall |= (0 - +(step < negativeT)) & bit;
        beyond |= (0 - +(distance > beyondTwo)) & bit;
        outside |= (0 - +(distance > beyondThree)) & bit;
        previous = v;
        bit <<= 1;
        j++;
      }
      orInto(p, ABOVE * words + w, above);
      orInto(p, BELOW * words + w, below);
      orInto(p, RISE * words + w, rise);
      orInto(p, FALL * words + w, fall);
      orInto(p, OUT_HIGH * words + w, outside & above);
      orInto(p, OUT_LOW * words + w, outside & below);
      // R and MDC Excel count only points between 2σ and 3σ; MDC SQL and PBI count beyond 3σ too.
      const counting = closeOnly ? beyond & ~outside : beyond;
      orInto(p, COUNT_HIGH * words + w, counting & above);
      orInto(p, COUNT_LOW * words + w, counting & below);
    }
  }
  // No point lies past the end of the stream, so nothing may link to one there.
  const endWord = j >>> 5;
  const keep = j & 31 ? (1 << (j & 31)) - 1 : 0;
  for (let link = LINK_RUN; link <= LINK_TREND; link++) {
    p[link * words + endWord] = (p[link * words + endWord] as number) & keep;
    p.fill(0, link * words + endWord + 1, (link + 1) * words);
  }
  streamOffset = contiguous ? Math.max(firstStart, 0) : -1;
  return j;
}

/** Switches to an explicit stream map: the first `count` points so far were contiguous from `start`. */
function mapStream(start: number, count: number): false {
  for (let k = 0; k < count; k++) streamIndex[k] = start + k;
  return false;
}

/**
 * Pass 2: marks where a run of `length` linked ones in plane `from` ends, in plane `to`.
 * R_1 = X; R_(k+1) = X ∧ link ∧ (R_k ≪ 1), carrying each R_k's top bit into the next word.
 */
function findRunEnds(
  from: number,
  link: number,
  to: number,
  length: number,
  lastWord: number,
  words: number,
  firstNeedsLink: boolean,
): void {
  const p = planes;
  carry.fill(0);
  for (let w = 0; w < lastWord; w++) {
    const x = p[from * words + w] as number;
    const joined = x & (p[link * words + w] as number);
    // A shift's first point needs no link; a trend's first rise is itself a step from a neighbour.
    let r = firstNeedsLink ? joined : x;
    for (let k = 1; k < length; k++) {
      const top = r >>> 31;
      r = joined & ((r << 1) | (carry[k] as number));
      carry[k] = top;
    }
    p[to * words + w] = r;
  }
}

/**
 * Pass 2 for 2-of-3: marks the last point of each qualifying window of three linked points.
 * Same-side variants: all three on one side of the mean and at least two counting. PBI (`net`):
 * at least two counting on one side and none beyond 2σ on the other, with no same-side test.
 */
function findTwoOfThreeWindows(net: boolean, lastWord: number, words: number): void {
  const p = planes;
  for (let w = 0; w < lastWord; w++) {
    const link = p[LINK_RUN * words + w] as number;
    const linkPrev = w > 0 ? (p[LINK_RUN * words + w - 1] as number) : 0;
    // Both joins of the window: point j to j−1, and j−1 to j−2.
    const linked = link & ((link << 1) | (linkPrev >>> 31));
    for (let side = 0; side < 2; side++) {
      const count = side === 0 ? COUNT_HIGH : COUNT_LOW;
      const c0 = p[count * words + w] as number;
      const cPrev = w > 0 ? (p[count * words + w - 1] as number) : 0;
      const c1 = (c0 << 1) | (cPrev >>> 31);
      const c2 = (c0 << 2) | (cPrev >>> 30);
      const majority = (c0 & c1) | (c0 & c2) | (c1 & c2);
      let qualifies: number;
      if (net) {
        const other = side === 0 ? COUNT_LOW : COUNT_HIGH;
        const o0 = p[other * words + w] as number;
        const oPrev = w > 0 ? (p[other * words + w - 1] as number) : 0;
        qualifies = majority & ~(o0 | (o0 << 1) | (oPrev >>> 31) | (o0 << 2) | (oPrev >>> 30));
      } else {
        const sidePlane = side === 0 ? ABOVE : BELOW;
        const s0 = p[sidePlane * words + w] as number;
        const sPrev = w > 0 ? (p[sidePlane * words + w - 1] as number) : 0;
        qualifies = majority & s0 & ((s0 << 1) | (sPrev >>> 31)) & ((s0 << 2) | (sPrev >>> 30));
      }
      p[(side === 0 ? WINDOW_HIGH : WINDOW_LOW) * words + w] = qualifies & linked;
    }
  }
}

/** Pass 3: spreads run ends back over their runs and writes each flagged point's byte. */
function writeFlags(
  flags: Uint8Array,
  options: ResolvedSpcOptions,
  offset: number,
  lastWord: number,
  words: number,
  useTwo: boolean,
  table: Uint8Array | undefined,
  codes: Uint8Array | undefined,
): boolean {
  const p = planes;
  let needsStep = false;
  const outside = options.rules.includes('outside_limits') ? -1 : 0;
  const shiftSpread = options.shiftPoints - 1;
  const trendSpread = options.trendPoints - 1;
  for (let w = 0; w < lastWord; w++) {
    const outHigh = (p[OUT_HIGH * words + w] as number) & outside;
    const outLow = (p[OUT_LOW * words + w] as number) & outside;
    const shiftHigh = spreadBack(END_ABOVE, w, shiftSpread, words);
    const shiftLow = spreadBack(END_BELOW, w, shiftSpread, words);
    const trendHigh = spreadBack(END_RISE, w, trendSpread, words);
    const trendLow = spreadBack(END_FALL, w, trendSpread, words);
    let twoHigh = 0;
    let twoLow = 0;
    if (useTwo) {
      twoHigh = spreadBack(WINDOW_HIGH, w, 2, words) & (p[COUNT_HIGH * words + w] as number);
      twoLow = spreadBack(WINDOW_LOW, w, 2, words) & (p[COUNT_LOW * words + w] as number);
    }
    let any = outHigh | outLow | shiftHigh | shiftLow | trendHigh | trendLow | twoHigh | twoLow;
    while (any !== 0) {
      const lowest = any & -any;
      any ^= lowest;
      const b = 31 - Math.clz32(lowest);
      const j = (w << 5) + b;
      const i = offset >= 0 ? j + offset : (streamIndex[j] as number);
      const mask =
        ((outHigh >>> b) & 1) |
        (((outLow >>> b) & 1) << 1) |
        (((shiftHigh >>> b) & 1) << 2) |
        (((shiftLow >>> b) & 1) << 3) |
        (((trendHigh >>> b) & 1) << 4) |
        (((trendLow >>> b) & 1) << 5) |
        (((twoHigh >>> b) & 1) << 6) |
        (((twoLow >>> b) & 1) << 7);
      flags[i] = mask;
      if (table !== undefined && codes !== undefined) {
        const code = table[mask] as number;
        codes[i] = code;
        needsStep ||= code === SIGNAL_NEEDS_STEP;
      }
    }
  }
  return needsStep;
}

/** The points of word w that are `spread` or fewer points before an end marked in `plane`. */
function spreadBack(plane: number, w: number, spread: number, words: number): number {
  const p = planes;
  const e0 = p[plane * words + w] as number;
  const e1 = p[plane * words + w + 1] as number;
  if ((e0 | e1) === 0) return 0;
  let part = e0;
  for (let d = 1; d <= spread; d++) part |= (e0 >>> d) | (e1 << (32 - d));
  return part;
}

function orInto(p: Int32Array, at: number, bits: number): void {
  p[at] = (p[at] as number) | bits;
}
