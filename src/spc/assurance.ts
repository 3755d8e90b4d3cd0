import { compareWithTolerance } from './compare-with-tolerance.ts';
import type { AssuranceBoundary, ImprovementDirection } from './spc-options.ts';

/** Whether the process, as it is, will meet its target: always, never, or sometimes. */
export type AssuranceIcon = 'pass' | 'fail' | 'inconsistent';

/**
 * Calculates the assurance icon from a segment's process limits (SPC-RULES §5). A target beyond
 * a limit is a consistent pass or fail; one between them is inconsistent. `strict` (R, PBI) calls
 * a target on a limit inconsistent, `inclusive` (MDC SQL ≥ 2.1) calls it a pass or fail, pass first.
 * Null without a target, for a neutral direction, or without limits.
 */
export function calculateAssurance(
  lowerProcessLimit: number | null,
  upperProcessLimit: number | null,
  target: number | null,
  direction: ImprovementDirection,
  boundary: AssuranceBoundary,
  tolerance = 0,
): AssuranceIcon | null {
  if (target === null || direction === 'neutral') return null;
  if (lowerProcessLimit === null || upperProcessLimit === null) return null;
  if (Number.isNaN(lowerProcessLimit) || Number.isNaN(upperProcessLimit)) return null;
  const belowLower = compareWithTolerance(target, lowerProcessLimit, tolerance);
  const aboveUpper = compareWithTolerance(target, upperProcessLimit, tolerance);
  const edge = boundary === 'inclusive' ? 0 : 1;
  // "Better" side: for increase a target under the lower limit is always beaten.
  const beaten = direction === 'increase' ? -belowLower >= edge : aboveUpper >= edge;
  const missed = direction === 'increase' ? aboveUpper >= edge : -belowLower >= edge;
  if (beaten) return 'pass';
  if (missed) return 'fail';
  return 'inconsistent';
}
