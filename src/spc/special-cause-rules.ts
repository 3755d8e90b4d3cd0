/**
 * The special-cause rules as small array functions, one per NHSRplotthedots helper, generalised
 * to any run length. `analyseSeries` runs a fused single-pass version of the same rules
 * (detect-signals.ts); the tests check that both agree, and these against the R helpers' tests.
 */

/**
 * Marks each point that is the `runLength`-th or later of consecutive points with the same
 * non-zero sign (R: ptd_seven_point_one_side_mean with runLength 7). Input: sign(x − mean).
 */
export function markRunEnds(signs: ArrayLike<number>, runLength: number): Uint8Array {
  const out = new Uint8Array(signs.length);
  let run = 0;
  for (let i = 0; i < signs.length; i++) {
    const s = signs[i] as number;
    run = s !== 0 && i > 0 && s === signs[i - 1] ? run + 1 : s !== 0 ? 1 : 0;
    if (run >= runLength) out[i] = 1;
  }
  return out;
}

/**
 * Spreads each non-zero end marker back over itself and the `runLength − 1` points before it
 * (R: ptd_part_of_seven_trend with runLength 7, used for shifts and trends alike).
 */
export function spreadRunEnds(endMarkers: ArrayLike<number>, runLength: number): Uint8Array {
  const out = new Uint8Array(endMarkers.length);
  for (let i = 0; i < endMarkers.length; i++) {
    if (endMarkers[i] === 0) continue;
    for (let j = Math.max(0, i - runLength + 1); j <= i; j++) out[j] = 1;
  }
  return out;
}

/**
 * Marks +1 (rising) or −1 (falling) at each point that ends `trendPoints` points in a row that
 * strictly rise or strictly fall; an equal neighbour breaks the run (R: ptd_seven_point_trend).
 */
export function markTrendEnds(values: ArrayLike<number>, trendPoints: number): Int8Array {
  const out = new Int8Array(values.length);
  let steps = 0;
  let direction = 0;
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1] as number;
    const b = values[i] as number;
    const s = b > a ? 1 : b < a ? -1 : 0;
    steps = s !== 0 && s === direction ? steps + 1 : s !== 0 ? 1 : 0;
    direction = s;
    if (steps >= trendPoints - 1) out[i] = s;
  }
  return out;
}

/**
 * Marks every point of any window of three consecutive points in which at least two are close
 * to a limit and all three lie on the same side of the mean (R: ptd_two_in_three).
 */
export function markTwoOfThreeWindows(
  close: ArrayLike<number>,
  relativeToMean: ArrayLike<number>,
): Uint8Array {
  const out = new Uint8Array(close.length);
  for (let i = 2; i < close.length; i++) {
    const closeCount =
      Number(close[i - 2] !== 0) + Number(close[i - 1] !== 0) + Number(close[i] !== 0);
    const side =
      (relativeToMean[i - 2] as number) +
      (relativeToMean[i - 1] as number) +
      (relativeToMean[i] as number);
    if (closeCount >= 2 && (side === 3 || side === -3)) {
      out[i - 2] = 1;
      out[i - 1] = 1;
      out[i] = 1;
    }
  }
  return out;
}

/** Keeps the 2-of-3 flag only on points that are themselves close to a limit (R: ptd_part_of_two_in_three). */
export function keepClosePoints(
  windowFlags: ArrayLike<number>,
  close: ArrayLike<number>,
): Uint8Array {
  const out = new Uint8Array(windowFlags.length);
  for (let i = 0; i < windowFlags.length; i++) {
    out[i] = windowFlags[i] === 1 && Math.abs(close[i] as number) === 1 ? 1 : 0;
  }
  return out;
}

/** Which segment each point belongs to, given 0/1 rebase flags (R: cumsum of ptd_add_rebase_column). */
export function numberSegments(rebaseFlags: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(rebaseFlags.length);
  let group = 0;
  for (let i = 0; i < rebaseFlags.length; i++) {
    if (rebaseFlags[i] !== 0) group++;
    out[i] = group;
  }
  return out;
}

/**
 * Finds the points whose period is a rebase date: each starts a new segment. Dates that match
 * no point are ignored, as in R's ptd_add_rebase_column.
 */
export function locateRebaseIndices(
  periods: readonly string[],
  rebasePeriods: readonly string[],
): number[] {
  const wanted = new Set(rebasePeriods);
  const out: number[] = [];
  periods.forEach((p, i) => {
    if (wanted.has(p)) out.push(i);
  });
  return out;
}

/** Which segments are shorter than `threshold` points (R: ptd_add_short_group_warnings). */
export function findShortSegments(segmentSizes: readonly number[], threshold: number): boolean[] {
  return segmentSizes.map((size) => size < threshold);
}
