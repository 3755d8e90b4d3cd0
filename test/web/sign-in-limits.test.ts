import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cookiesOf, csrfOf, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT } from '../../src/domain/sign-in-limit.ts';

describe('sign-in limits per account and per address', () => {
  let t: TestApp;
  let org: Organisation;
  let now = new Date('2026-03-02T09:00:00Z');
  let addresses = 0;
  const newAddress = () => `10.20.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => now);
    org = await addOrganisation(t.services, 'Limits Trust');
  });
  afterAll(() => t?.close());

  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  /** One sign-in from an address, with a fresh form and CSRF token as a browser would have. */
  async function attempt(address: string, email: string, password: string) {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: address });
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: address,
      headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), email, password }).toString(),
    });
    return res;
  }

  async function failUntilLocked(address: string, email: string) {
    const statuses: number[] = [];
    for (let i = 0; i < ACCOUNT_LIMIT.maxFailures; i++) statuses.push((await attempt(address, email, 'not the password at all')).statusCode);
    return statuses;
  }

  const person = async (name: string) => (await addPerson(t.services, org, 'viewer', name)).email;

  it('locks an account after five wrong passwords, with a 429, Retry-After and a message that says what to do', async () => {
    const x = await person('Xavier Target');
    const a = newAddress();
    const statuses = await failUntilLocked(a, x);
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const locked = await attempt(a, x, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.body).toContain('Too many attempts for this account. Wait 1 minute and try again, or ask your admin to reset your password.');
    expect(locked.body).toContain('There is a problem');
  });

  it('does not stop another person on the same address while an attacker hammers one account', async () => {
    const x = await person('Xena Target');
    const y = await person('Yusuf Colleague');
    const a = newAddress();
    await failUntilLocked(a, x);
    for (let i = 0; i < 30; i++) expect((await attempt(a, x, `guess number ${i} here`)).statusCode).toBe(429);
    const res = await attempt(a, y, TEST_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('gives an attacker on a second address no extra guesses at a locked account', async () => {
    const x = await person('Xander Target');
    await failUntilLocked(newAddress(), x);
    const b = newAddress();
    // Even the right password is refused while the account is locked, from any address.
    const fromB = await attempt(b, x, TEST_PASSWORD);
    expect(fromB.statusCode).toBe(429);
    advance(61_000);
    expect((await attempt(b, x, TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('answers no more guesses than the limit when they arrive all at once, and locks once for the burst', async () => {
    const x = await person('Xander Burst');
    const a = newAddress();
    const guesses = Array.from({ length: 3 * ACCOUNT_LIMIT.maxFailures }, (_, i) => `wrong guess number ${i}`);
    const outcomes = await Promise.all(guesses.map((password) => t.services.people.signIn(x, password, { address: a }).then(() => 'signed in', (e: Error) => e.name)));
    // Every answer but "locked" tells the attacker whether a guess was right.
    expect(outcomes.filter((o) => o !== 'TooManyAttempts').length).toBeLessThan(ACCOUNT_LIMIT.maxFailures);
    // One burst is one lockout of the first length, not one for each five guesses in it.
    const locked = await attempt(a, x, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
  });

  it('doubles the lockout after each run of failures', async () => {
    const x = await person('Xiomara Target');
    const waits: string[] = [];
    for (let run = 0; run < 4; run++) {
      const a = newAddress();
      await failUntilLocked(a, x);
      const res = await attempt(a, x, TEST_PASSWORD);
      waits.push(String(res.headers['retry-after']));
      advance(Number(res.headers['retry-after']) * 1000 + 1000);
    }
    expect(waits).toEqual(['60', '120', '240', '480']);
    // A correct password after the lock ends gets in and starts the account afresh.
    expect((await attempt(newAddress(), x, TEST_PASSWORD)).statusCode).toBe(303);
    await failUntilLocked(newAddress(), x);
    expect((await attempt(newAddress(), x, TEST_PASSWORD)).headers['retry-after']).toBe('60');
    advance(61_000);
  });

  it('limits an email with no account exactly as one with an account, so it reveals nothing', async () => {
    const a = newAddress();
    const statuses = await failUntilLocked(a, 'nobody.here@example.nhs.uk');
    expect(statuses.at(-1)).toBe(429);
    const res = await attempt(a, 'Nobody.Here@example.nhs.uk ', 'anything at all here');
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('Too many attempts for this account. Wait 1 minute');
    advance(61_000);
  });

  it('locks a busy address for failures only: a right password still signs in, a wrong one locks its account at once', { timeout: 180_000 }, async () => {
    const c = newAddress();
    // Password spraying: one guess at each of many accounts, from one address (through the service, to keep the test quick).
    for (let i = 0; i < ADDRESS_LIMIT.maxFailures - 1; i++) {
      await expect(t.services.people.signIn(`sprayed.${i}@example.nhs.uk`, 'Spring2026!', { address: c })).rejects.toMatchObject({ code: 'invalid_input' });
    }
    const last = await attempt(c, 'sprayed.last@example.nhs.uk', 'Spring2026!');
    expect(last.statusCode).toBe(429);
    const y = await person('Yvonne Behind The Same Address');
    expect((await attempt(c, y, TEST_PASSWORD)).statusCode).toBe(303);
    const z = await person('Zak Mistypes');
    const wrong = await attempt(c, z, 'a slip of the finger');
    expect(wrong.statusCode).toBe(429);
    expect(wrong.body).toContain('Too many failed sign-ins from your network');
    // Zak's account is now locked, from any address, until the wait is over.
    expect((await attempt(newAddress(), z, TEST_PASSWORD)).statusCode).toBe(429);
    advance(61_000);
    expect((await attempt(newAddress(), z, TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('audits every failure, lockout, sign-in and sign-out with the person and never the password', async () => {
    const w = await person('Wanda Audited');
    const a = newAddress();
    await failUntilLocked(a, w);
    advance(61_000);
    const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: a });
    let cookies = cookiesOf(page);
    const signedIn = await t.app.inject({
      method: 'POST', url: '/sign-in', remoteAddress: a,
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), email: w, password: TEST_PASSWORD }).toString(),
    });
    cookies = cookiesOf(signedIn, cookies);
    const out = await t.app.inject({ method: 'GET', url: '/sign-out', remoteAddress: a, headers: { cookie: cookies } });
    await t.app.inject({
      method: 'POST', url: '/sign-out', remoteAddress: a,
      headers: { cookie: cookiesOf(out, cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(out.body) }).toString(),
    });
    const executed: unknown = await t.connection.db.execute(
      sql`select action, actor_label, changes::text as changes from audit_events
          where changes->'email'->>'after' = ${w} order by at`,
    );
    const result = executed as { rows: { action: string; actor_label: string; changes: string }[] };
    const actions = result.rows.map((r) => r.action);
    expect(actions.filter((x) => x === 'sign_in_failed')).toHaveLength(ACCOUNT_LIMIT.maxFailures);
    expect(actions).toContain('locked_out');
    expect(actions.slice(-2)).toEqual(['signed_in', 'signed_out']);
    expect(result.rows.some((r) => r.changes.includes(a))).toBe(true);
    expect(result.rows.every((r) => !r.changes.includes('not the password at all') && !r.changes.includes(TEST_PASSWORD))).toBe(true);
    expect(result.rows.at(-1)?.actor_label).toBe('Wanda Audited');
  });
});
