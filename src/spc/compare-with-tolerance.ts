/**
 * Compares a with b, counting them equal when |a − b| <= tolerance·max(|a|, |b|): a point that is
 * "on" the mean or a limit only by floating-point noise is on it (SPC-RULES §7, PowerBI-SPC #463).
 */
export function compareWithTolerance(a: number, b: number, tolerance: number): -1 | 0 | 1 {
  const d = a - b;
  const absA = a < 0 ? -a : a;
  const absB = b < 0 ? -b : b;
  const t = tolerance * (absA > absB ? absA : absB);
  return d > t ? 1 : d < -t ? -1 : 0;
}
