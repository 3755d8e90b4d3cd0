import type { ConflictRule, ImprovementDirection, SpcRule, SpcSignal } from './spc-options.ts';

/** Bits of a point's rule mask: each rule has a high and a low bit. */
export const RULE_BITS: Readonly<Record<SpcRule, { readonly high: number; readonly low: number }>> =
  {
    outside_limits: { high: 1, low: 2 },
    shift: { high: 4, low: 8 },
    trend: { high: 16, low: 32 },
    two_of_three: { high: 64, low: 128 },
  };

/** Signal codes stored per point (Uint8Array). */
export const SIGNAL_CODE = {
  common_cause: 0,
  improvement_high: 1,
  improvement_low: 2,
  concern_high: 3,
  concern_low: 4,
  neutral_high: 5,
  neutral_low: 6,
  missing: 255,
} as const;

/** A table entry meaning "a trend both ends here and starts here: decide by the next step". */
export const SIGNAL_NEEDS_STEP = 254;

const HIGH_BITS = 1 | 4 | 16 | 64;
const LOW_BITS = 2 | 8 | 32 | 128;

/** The signal code of a point flagged in direction `side` (+1 high, −1 low). */
export function codeSignal(side: 1 | -1, direction: ImprovementDirection): number {
  if (direction === 'neutral') return side > 0 ? SIGNAL_CODE.neutral_high : SIGNAL_CODE.neutral_low;
  if (direction === 'increase')
    return side > 0 ? SIGNAL_CODE.improvement_high : SIGNAL_CODE.concern_low;
  return side > 0 ? SIGNAL_CODE.concern_high : SIGNAL_CODE.improvement_low;
}

/**
 * Classifies a rule mask into one signal code (SPC-RULES §3): a point flagged one way only takes
 * that way; a point flagged both ways takes improvement or concern by `conflictRule`, or the
 * direction of the first flagged rule in `precedence` (also used for neutral measures).
 */
export function classifyRuleMask(
  mask: number,
  direction: ImprovementDirection,
  conflictRule: ConflictRule,
  precedence: readonly SpcRule[],
): number {
  if (mask === 0) return SIGNAL_CODE.common_cause;
  const high = (mask & HIGH_BITS) !== 0;
  const low = (mask & LOW_BITS) !== 0;
  if (high !== low) return codeSignal(high ? 1 : -1, direction);
  if (direction !== 'neutral' && conflictRule !== 'precedence') {
    const improvementSide = direction === 'increase' ? 1 : -1;
    return codeSignal(
      (conflictRule === 'improvement' ? improvementSide : -improvementSide) as 1 | -1,
      direction,
    );
  }
  const winner = selectWinningRule(mask, precedence);
  if (winner === null) return SIGNAL_CODE.common_cause;
  return winner.side === 0 ? SIGNAL_NEEDS_STEP : codeSignal(winner.side, direction);
}

/**
 * The first rule in `precedence` with a bit set in `mask`, and its side (0 when both of its bits
 * are set: a point that ends one trend and starts the opposite one); null for no rule.
 */
export function selectWinningRule(
  mask: number,
  precedence: readonly SpcRule[],
): { rule: SpcRule; side: 1 | -1 | 0 } | null {
  for (const rule of precedence) {
    const bits = RULE_BITS[rule];
    const ruleHigh = (mask & bits.high) !== 0;
    const ruleLow = (mask & bits.low) !== 0;
    if (ruleHigh || ruleLow) return { rule, side: ruleHigh && ruleLow ? 0 : ruleHigh ? 1 : -1 };
  }
  return null;
}

/** A 256-entry lookup from rule mask to signal code, so classifying a point is one array read. */
export function buildSignalTable(
  direction: ImprovementDirection,
  conflictRule: ConflictRule,
  precedence: readonly SpcRule[],
): Uint8Array {
  const table = new Uint8Array(256);
  for (let mask = 0; mask < 256; mask++)
    table[mask] = classifyRuleMask(mask, direction, conflictRule, precedence);
  return table;
}

/** The rules whose bits are set in `mask`, in a fixed order. */
export function decodeRules(mask: number): SpcRule[] {
  const rules: SpcRule[] = [];
  if ((mask & 3) !== 0) rules.push('outside_limits');
  if ((mask & 12) !== 0) rules.push('shift');
  if ((mask & 48) !== 0) rules.push('trend');
  if ((mask & 192) !== 0) rules.push('two_of_three');
  return rules;
}

/** The signal word and its high/low side for a signal code (null for a missing value). */
export function decodeSignal(code: number): {
  signal: SpcSignal | null;
  side: 'high' | 'low' | null;
} {
  switch (code) {
    case SIGNAL_CODE.improvement_high:
      return { signal: 'improvement', side: 'high' };
    case SIGNAL_CODE.improvement_low:
      return { signal: 'improvement', side: 'low' };
    case SIGNAL_CODE.concern_high:
      return { signal: 'concern', side: 'high' };
    case SIGNAL_CODE.concern_low:
      return { signal: 'concern', side: 'low' };
    case SIGNAL_CODE.neutral_high:
      return { signal: 'neutral', side: 'high' };
    case SIGNAL_CODE.neutral_low:
      return { signal: 'neutral', side: 'low' };
    case SIGNAL_CODE.missing:
      return { signal: null, side: null };
    default:
      return { signal: 'common_cause', side: null };
  }
}
