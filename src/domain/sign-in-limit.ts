/**
 * Sign-in limits (docs/decisions/0007): failures counted per account and per client address, each
 * with lockouts that double after every run of failures. Pure rules; the clock is passed in.
 */

/** The stored state of one account or address. */
export interface ThrottleState {
  /** Failures in the current run (since the last lockout or the start of the window). */
  failures: number;
  firstFailureAt: Date;
  lastFailureAt: Date;
  /** Lockouts so far: the next one lasts firstLockoutMs × 2^lockouts. */
  lockouts: number;
  lockedUntil: Date | null;
}

/** How many failures in what window lock, for how long. */
export interface LimitRule {
  maxFailures: number;
  windowMs: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
  /** After this long with no failure, the record is forgotten (and cleaned up). */
  forgetAfterMs: number;
}

const MINUTE = 60_000;

/** Per account (normalised email, whether or not an account has it): 5 failures lock it for 1, 2, 4 … 60 minutes. */
export const ACCOUNT_LIMIT: LimitRule = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 60 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

/**
 * Per client address: many more, because a whole trust may sign in from one NAT address. While an
 * address is locked a correct password still signs in; a wrong one locks its account at once.
 */
export const ADDRESS_LIMIT: LimitRule = {
  maxFailures: 100,
  windowMs: 15 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 60 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

/** Milliseconds until the lock ends (0 when not locked). */
export function lockRemainingMs(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/** The state after one more failure, and whether it started a lockout (and for how long). */
export function recordFailure(
  state: ThrottleState | null,
  now: Date,
  rule: LimitRule,
  options: { lockNow?: boolean } = {},
): { state: ThrottleState; lockedForMs: number } {
  const t = now.getTime();
  let next: ThrottleState =
    !state || t - state.lastFailureAt.getTime() > rule.forgetAfterMs
      ? { failures: 0, firstFailureAt: now, lastFailureAt: now, lockouts: 0, lockedUntil: null }
      : { ...state };
  if (next.failures === 0 || t - next.firstFailureAt.getTime() > rule.windowMs) {
    next = { ...next, failures: 0, firstFailureAt: now };
  }
  next.failures += 1;
  next.lastFailureAt = now;
  if (next.failures < rule.maxFailures && !options.lockNow) return { state: next, lockedForMs: 0 };
  const lockedForMs = Math.min(rule.firstLockoutMs * 2 ** next.lockouts, rule.maxLockoutMs);
  return {
    state: { ...next, failures: 0, lockouts: next.lockouts + 1, lockedUntil: new Date(t + lockedForMs) },
    lockedForMs,
  };
}

/** "1 minute", "2 minutes": a wait rounded up to whole minutes. */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
