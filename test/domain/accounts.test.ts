import { describe, expect, it } from 'vitest';
import { validatePassword } from '../../src/domain/password-policy.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, describeWait, lockRemainingMs, recordFailure, type ThrottleState } from '../../src/domain/sign-in-limit.ts';
import { parseTokenExpiry, tokenStatus } from '../../src/domain/api-token.ts';
import { loadConfig } from '../../src/config.ts';

const fieldError = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return Object.values((e as { fields: Record<string, string> }).fields).join(' ');
  }
  return '';
};

describe('password policy', () => {
  it('accepts long passphrases', () => {
    for (const p of ['correct horse battery staple', 'meadow lantern copper orbit', 'fernbrook-valley-demo']) {
      expect(fieldError(() => validatePassword(p, { email: 'sam.lead@example.nhs.uk' })), p).toBe('');
    }
  });

  it('refuses passwords that are too short or too long', () => {
    expect(fieldError(() => validatePassword('eleven char'))).toBe('Password must be 12 characters or more');
    expect(fieldError(() => validatePassword('x'.repeat(150) + ' y'.repeat(30)))).toBe('Password must be 200 characters or fewer');
  });

  it('refuses one character repeated, like twelve a’s', () => {
    for (const p of ['aaaaaaaaaaaa', '            ', '1111111111111111', 'ok then zzzzzzzzzzzz']) {
      expect(fieldError(() => validatePassword(p)), p).toContain('one character repeated');
    }
  });

  it('refuses the most common passwords and simple variants of them', () => {
    for (const p of ['password1234', 'Password123!', 'qwertyuiop123', 'iloveyou12345', '1234567890123', 'liverpool1234']) {
      expect(fieldError(() => validatePassword(p)), p).toContain('too easy to guess');
    }
  });

  it('refuses passwords that contain the email address or the part before the @, in any case', () => {
    const email = 'jordan.smith@example.nhs.uk';
    for (const p of ['my Jordan.Smith@example.nhs.uk pass', 'JORDAN.SMITH is my name', 'xx jordan.smith 2026 yy']) {
      expect(fieldError(() => validatePassword(p, { email })), p).toContain('must not contain your email address');
    }
    expect(fieldError(() => validatePassword('maple orbit vessel', { email }))).toBe('');
  });

  it('names the field it checks', () => {
    expect(() => validatePassword('short', { field: 'newPassword' })).toThrow(expect.objectContaining({ fields: { newPassword: expect.any(String) } }));
  });
});

describe('sign-in limits', () => {
  const start = new Date('2026-01-05T09:00:00Z');
  const at = (ms: number) => new Date(start.getTime() + ms);

  function failTimes(state: ThrottleState | null, n: number, now: Date) {
    let s = state;
    let locked = 0;
    for (let i = 0; i < n; i++) {
      const r = recordFailure(s, now, ACCOUNT_LIMIT);
      s = r.state;
      locked = r.lockedForMs;
    }
    return { state: s!, locked };
  }

  it('locks after five failures, doubling each lockout up to an hour', () => {
    let state: ThrottleState | null = null;
    let t = 0;
    const locks: number[] = [];
    for (let run = 0; run < 8; run++) {
      const r = failTimes(state, ACCOUNT_LIMIT.maxFailures, at(t));
      locks.push(r.locked / 60_000);
      state = r.state;
      t += r.locked + 1000;
    }
    expect(locks).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('does not lock for four failures, and starts the count again after the window', () => {
    const four = failTimes(null, 4, start);
    expect(four.locked).toBe(0);
    const later = recordFailure(four.state, at(ACCOUNT_LIMIT.windowMs + 1000), ACCOUNT_LIMIT);
    expect(later.state.failures).toBe(1);
    expect(later.lockedForMs).toBe(0);
  });

  it('forgets earlier lockouts after a day without failures', () => {
    const locked = failTimes(null, 5, start).state;
    expect(locked.lockouts).toBe(1);
    const nextDay = failTimes(locked, 5, at(ACCOUNT_LIMIT.forgetAfterMs + 61_000));
    expect(nextDay.locked).toBe(60_000);
  });

  it('locks at once when asked, as a wrong password from a locked address does', () => {
    const r = recordFailure(null, start, ACCOUNT_LIMIT, { lockNow: true });
    expect(r.lockedForMs).toBe(60_000);
    expect(lockRemainingMs(r.state, at(30_000))).toBe(30_000);
    expect(lockRemainingMs(r.state, at(60_000))).toBe(0);
  });

  it('allows many more failures per address than per account', () => {
    expect(ADDRESS_LIMIT.maxFailures).toBeGreaterThanOrEqual(ACCOUNT_LIMIT.maxFailures * 10);
  });

  it('describes a wait in whole minutes, rounded up', () => {
    expect(describeWait(1000)).toBe('1 minute');
    expect(describeWait(61_000)).toBe('2 minutes');
    expect(describeWait(120_000)).toBe('2 minutes');
  });
});

describe('API token expiry', () => {
  const now = new Date('2026-02-10T12:00:00Z');
  it('takes days or a date, or neither', () => {
    expect(parseTokenExpiry({ expiresInDays: '7' }, now)?.toISOString()).toBe('2026-02-17T12:00:00.000Z');
    expect(parseTokenExpiry({ expires: '2026-03-01' }, now)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseTokenExpiry({}, now)).toBeNull();
  });
  it('refuses bad days and dates', () => {
    for (const input of [{ expiresInDays: '0' }, { expiresInDays: '1.5' }, { expiresInDays: '99999' }, { expires: '2026-02-30' }, { expires: '2026-02-10' }, { expires: '2040-01-01' }, { expires: 'tomorrow' }]) {
      expect(() => parseTokenExpiry(input, now), JSON.stringify(input)).toThrow(expect.objectContaining({ fields: { expires: expect.any(String) } }));
    }
  });
  it('says whether a token works', () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(tokenStatus({ revokedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(tokenStatus({ revokedAt: now, expiresAt: null }, now)).toBe('revoked');
  });
});

describe('session configuration', () => {
  it('defaults to 30 minutes idle and 12 hours in all, and reads both from the environment', () => {
    expect(loadConfig({}).sessions).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(loadConfig({ THROUGHLINE_SESSION_IDLE_MINUTES: '15', THROUGHLINE_SESSION_MAX_HOURS: '8' }).sessions).toEqual({ idleMinutes: 15, absoluteHours: 8 });
  });
  it('refuses a value that is not a positive whole number, saying which variable', () => {
    expect(() => loadConfig({ THROUGHLINE_SESSION_IDLE_MINUTES: '0' })).toThrow(/THROUGHLINE_SESSION_IDLE_MINUTES must be a whole number/);
    expect(() => loadConfig({ THROUGHLINE_SESSION_MAX_HOURS: 'soon' })).toThrow(/THROUGHLINE_SESSION_MAX_HOURS/);
  });
});
