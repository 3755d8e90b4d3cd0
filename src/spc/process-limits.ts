import type { MovingRangeScreening } from './spc-options.ts';

/** Centre line, moving range and process limits of one segment's (baseline) points. */
export interface ProcessLimits {
  /** Points with values used. */
  readonly pointCount: number;
  /** Moving ranges after screening. */
  readonly movingRangeCount: number;
  /** Moving ranges dropped by screening. */
  readonly excludedMovingRanges: number;
  readonly mean: number;
  /** MR̄ after screening; NaN with fewer than two points. */
  readonly movingRangeMean: number;
  /** One sigma line's distance from the mean: limitFactor/3 · MR̄. */
  readonly sigma: number;
  readonly lowerProcessLimit: number;
  readonly upperProcessLimit: number;
  readonly lowerTwoSigma: number;
  readonly upperTwoSigma: number;
  readonly lowerOneSigma: number;
  readonly upperOneSigma: number;
}

// Wheeler's screening constant: D4 = 3.267 for moving ranges of two.
const SCREEN_FACTOR = 3.267;

/**
 * Calculates the mean and XmR limits of values[start..end), skipping NaN (missing) entries so the
 * moving range bridges a gap. The mean is compensated, so twelve 0.95s average to exactly 0.95.
 * With MR̄ = 0 the limits collapse onto the mean and screening is skipped: no range is an outlier
 * of a process that never moved (R and PBI would drop every range and return NaN limits).
 */
export function calculateProcessLimits(
  values: ArrayLike<number>,
  start: number,
  end: number,
  screening: MovingRangeScreening,
  limitFactor: number,
  tolerance: number,
): ProcessLimits {
  // The sum of values is compensated (Knuth's branch-free TwoSum: c collects each addition's
  // rounding error), as the mean is what points are compared with. Moving ranges are
  // non-negative, so their plain sum is already within n·ε of exact.
  let sum = 0;
  let sumC = 0;
  let count = 0;
  let mrSum = 0;
  // The three largest moving ranges: screening usually drops one (a step) or two (an outlier).
  let max1 = 0;
  let max2 = 0;
  let max3 = 0;
  let i = start;
  while (i < end && (values[i] as number) !== (values[i] as number)) i++;
  if (i < end) {
    let prev = values[i] as number;
    sum = prev;
    count = 1;
    for (i++; i < end; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      const t = sum + v;
      const bp = t - sum;
      sumC += sum - (t - bp) + (v - bp);
      sum = t;
      const d = Math.abs(v - prev);
      mrSum += d;
      if (d > max3) {
        if (d > max1) {
          max3 = max2;
          max2 = max1;
          max1 = d;
        } else if (d > max2) {
          max3 = max2;
          max2 = d;
        } else max3 = d;
      }
      count++;
      prev = v;
    }
  }
  const mrCount = count - 1;
  const mean = count > 0 ? divideCompensated(sum, sumC, count) : NaN;
  let movingRangeMean = mrCount > 0 ? mrSum / mrCount : NaN;
  let kept = mrCount;
  const threshold = SCREEN_FACTOR * movingRangeMean;
  const tol = tolerance * threshold;
  const inclusive = screening === 'inclusive';
  // Screening drops few ranges: take them from the three largest, and only when all three go
  // look through every range again; then subtract the dropped ones from the sum. A range within
  // the tolerance of the threshold is a tie: R and PBI (strict) drop it, MDC (inclusive) keeps it.
  if (screening !== 'off' && movingRangeMean > 0) {
    const cut = inclusive ? threshold + tol : threshold - tol;
    let dropped = 0;
    if (!(inclusive ? max3 > cut : max3 >= cut)) {
      if (inclusive ? max1 > cut : max1 >= cut) {
        dropped += max1;
        kept--;
      }
      if (inclusive ? max2 > cut : max2 >= cut) {
        dropped += max2;
        kept--;
      }
    } else {
      let prev = NaN;
      for (let i = start; i < end; i++) {
        const v = values[i] as number;
        if (v !== v) continue;
        // d is NaN for the first point, so it is never dropped.
        const d = Math.abs(v - prev);
        if (inclusive ? d > cut : d >= cut) {
          dropped += d;
          kept--;
        }
        prev = v;
      }
    }
    if (kept < mrCount) movingRangeMean = (mrSum - dropped) / kept;
  }
  // R: limits = mean ± 2.66·MR̄ and the 2σ lines = mean ± 2·(2.66/3)·MR̄, computed in that order.
  const width = limitFactor * movingRangeMean;
  const twoSigma = 2 * (limitFactor / 3) * movingRangeMean;
  const sigma = (limitFactor / 3) * movingRangeMean;
  return {
    pointCount: count,
    movingRangeCount: kept,
    excludedMovingRanges: mrCount - kept,
    mean,
    movingRangeMean,
    sigma,
    lowerProcessLimit: mean - width,
    upperProcessLimit: mean + width,
    lowerTwoSigma: mean - twoSigma,
    upperTwoSigma: mean + twoSigma,
    lowerOneSigma: mean - sigma,
    upperOneSigma: mean + sigma,
  };
}

// Dekker's splitter for doubles: 2^27 + 1.
const SPLITTER = 134217729;

/**
 * (sum + c) / n, correctly rounded in practice: the quotient q is corrected by the exact remainder
 * (sum + c − q·n)/n, with q·n formed exactly by Dekker's product. So twelve 0.95s average to
 * 0.95, not 0.9499999999999998 (R's mean() gets there with a second pass in long double).
 */
function divideCompensated(sum: number, c: number, n: number): number {
  const q = (sum + c) / n;
  const qa = SPLITTER * q;
  const qHigh = qa - (qa - q);
  const qLow = q - qHigh;
  const na = SPLITTER * n;
  const nHigh = na - (na - n);
  const nLow = n - nHigh;
  const product = q * n;
  const error = qHigh * nHigh - product + qHigh * nLow + qLow * nHigh + qLow * nLow;
  return q + (sum - product - error + c) / n;
}
