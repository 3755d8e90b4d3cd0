/** API tokens: when they expire and whether they still work. */
import { InvalidInput } from './errors.ts';

const DAY = 86_400_000;
/** Tokens may be made to last at most five years; with no expiry they last until revoked. */
export const MAX_TOKEN_DAYS = 5 * 366;

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Whether a token works at `now`. */
export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TokenStatus {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/**
 * The expiry of a new token from a number of days or a date (YYYY-MM-DD: it stops working at the
 * start of that day, UTC); null when neither is given.
 */
export function parseTokenExpiry(
  input: { expiresInDays?: string | number | undefined; expires?: string | undefined },
  now: Date,
  field = 'expires',
): Date | null {
  const days = typeof input.expiresInDays === 'number' ? String(input.expiresInDays) : (input.expiresInDays ?? '').trim();
  const date = (input.expires ?? '').trim();
  if (days && date) throw new InvalidInput('Give one expiry', { [field]: 'Give either a number of days or a date, not both' });
  if (days) {
    if (!/^\d{1,5}$/.test(days) || Number(days) < 1 || Number(days) > MAX_TOKEN_DAYS) {
      throw new InvalidInput('The expiry is not valid', { [field]: `Enter a whole number of days from 1 to ${MAX_TOKEN_DAYS}` });
    }
    return new Date(now.getTime() + Number(days) * DAY);
  }
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const at = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date) {
    throw new InvalidInput('The expiry is not valid', { [field]: 'Enter the expiry date as year-month-day, like 2027-03-31' });
  }
  if (at.getTime() <= now.getTime()) throw new InvalidInput('The expiry is not valid', { [field]: 'The expiry date must be in the future' });
  if (at.getTime() > now.getTime() + MAX_TOKEN_DAYS * DAY) {
    throw new InvalidInput('The expiry is not valid', { [field]: 'The expiry date must be within five years' });
  }
  return at;
}
