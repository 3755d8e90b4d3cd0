import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import { createProgram, runProgram } from '../../src/cli/program.ts';
import { createFakeIo } from './fake-io.ts';

describe('throughline token list, revoke and expiry; user set-password', () => {
  let world: TestWorld;
  let now = new Date('2026-04-01T08:00:00Z');

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => now);
  });
  afterAll(() => world?.close());

  async function run(args: string[], stdin = '') {
    const fake = createFakeIo(stdin);
    const exitCode = await runProgram(createProgram(world.services, fake.io), args, fake.io);
    return { exitCode, stdout: fake.stdout(), stderr: fake.stderr() };
  }
  const secretOf = (stdout: string) => /Bearer (\S+)/.exec(stdout)![1]!;

  it('creates a token that expires after a number of days, and refuses it once expired', async () => {
    const org = await addOrganisation(world.services);
    const created = await run(['token', 'create', '--organisation', org.code, '--name', 'nightly load', '--expires-in-days', '30']);
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toContain('expiring 2026-05-01 08:00 UTC');
    const secret = secretOf(created.stdout);
    await expect(world.services.people.resolveToken(secret)).resolves.toMatchObject({ kind: 'token' });
    now = new Date('2026-05-01T08:00:01Z');
    await expect(world.services.people.resolveToken(secret)).rejects.toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('expired') });
  });

  it('creates a token that expires on a date, and refuses a date in the past or of the wrong shape', async () => {
    const org = await addOrganisation(world.services);
    const ok = await run(['token', 'create', '--organisation', org.code, '--name', 'quarterly', '--expires', '2026-12-31']);
    expect(ok.stdout).toContain('expiring 2026-12-31 00:00 UTC');
    const past = await run(['token', 'create', '--organisation', org.code, '--name', 'late', '--expires', '2020-01-01']);
    expect(past).toMatchObject({ exitCode: 1, stdout: '' });
    expect(past.stderr).toContain('The expiry date must be in the future');
    const wrong = await run(['token', 'create', '--organisation', org.code, '--name', 'late', '--expires', '31/12/2026']);
    expect(wrong.stderr).toContain('year-month-day');
    const both = await run(['token', 'create', '--organisation', org.code, '--name', 'late', '--expires', '2026-12-31', '--expires-in-days', '3']);
    expect(both.stderr).toContain('not both');
  });

  it('lists an organisation’s tokens with created, last used, expiry and status, and revokes one by id', async () => {
    const org = await addOrganisation(world.services);
    const other = await addOrganisation(world.services);
    expect((await run(['token', 'list', '--organisation', org.code])).stdout).toContain('has no API tokens');
    const first = secretOf((await run(['token', 'create', '--organisation', org.code, '--name', 'warehouse'])).stdout);
    await run(['token', 'create', '--organisation', org.code, '--name', 'dashboard', '--role', 'viewer', '--expires-in-days', '7']);
    await run(['token', 'create', '--organisation', other.code, '--name', 'not theirs']);
    await world.services.people.resolveToken(first);
    const list = await run(['token', 'list', '--organisation', org.code]);
    expect(list.exitCode).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+role\s+created\s+last used\s+expires\s+status$/);
    expect(lines).toHaveLength(3);
    expect(list.stdout).not.toContain('not theirs');
    const warehouse = lines.find((l) => l.includes('warehouse'))!;
    expect(warehouse).toMatch(/editor .* UTC .* UTC\s+no expiry\s+active$/);
    expect(lines.find((l) => l.includes('dashboard'))).toMatch(/never .* active$/);

    const id = warehouse.split(/\s+/)[0]!;
    const revoked = await run(['token', 'revoke', id]);
    expect(revoked).toMatchObject({ exitCode: 0, stderr: '' });
    expect(revoked.stdout).toContain('Revoked API token “warehouse”');
    await expect(world.services.people.resolveToken(first)).rejects.toMatchObject({ message: expect.stringContaining('revoked') });
    expect((await run(['token', 'list', '--organisation', org.code])).stdout).toMatch(/warehouse.*revoked/);
    const unknown = await run(['token', 'revoke', '00000000-0000-4000-8000-000000000000']);
    expect(unknown).toMatchObject({ exitCode: 1, stderr: 'API token was not found\n' });
    expect((await run(['token', 'revoke', 'not-an-id'])).exitCode).toBe(1);
  });

  it('sets a new password from standard input, ending the person’s sessions, under the password policy', async () => {
    const org = await addOrganisation(world.services);
    const { email } = await addPerson(world.services, org, 'viewer');
    const before = await world.services.people.signIn(email, TEST_PASSWORD);
    const weak = await run(['user', 'set-password', '--email', email, '--password-stdin'], 'password1234\n');
    expect(weak.exitCode).toBe(1);
    expect(weak.stderr).toContain('too easy to guess');
    const ok = await run(['user', 'set-password', '--email', email, '--password-stdin'], 'lantern orchard pebble voyage\n');
    expect(ok).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await world.services.people.resolveSession(before.token)).toBeNull();
    await expect(world.services.people.signIn(email, 'lantern orchard pebble voyage')).resolves.toBeDefined();
  });
});
