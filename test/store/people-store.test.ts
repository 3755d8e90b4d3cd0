import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`people, sessions and tokens on ${engine}`, () => {
    let world: TestWorld;
    let now = new Date('2025-06-11T10:00:00Z');

    beforeAll(async () => {
      world = await openTestWorld(engine, () => now);
    });
    afterAll(() => world?.close());

    const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => {
      const result: unknown = await world.connection.db.execute(query);
      return (result as { rows: T[] }).rows;
    };

    it('stores passwords as argon2id hashes, never as given', async () => {
      const org = await addOrganisation(world.services);
      const { email } = await addPerson(world.services, org, 'viewer');
      const [user] = await rows<{ password_hash: string }>(sql`select password_hash from users where email = ${email}`);
      expect(user?.password_hash).toMatch(/^\$argon2id\$/);
      expect(user?.password_hash).not.toContain(TEST_PASSWORD);
    });

    it('stores session and API tokens hashed, and resolves the raw ones', async () => {
      const org = await addOrganisation(world.services);
      const { email } = await addPerson(world.services, org, 'editor');
      const { token: session } = await world.services.people.signIn(email, TEST_PASSWORD);
      const { token } = await world.services.people.createToken({ organisationId: org.id, name: 'warehouse' });
      const stored = await rows<{ token_hash: string }>(sql`select token_hash from sessions union all select token_hash from api_tokens`);
      expect(stored.some((r) => r.token_hash === session || r.token_hash === token)).toBe(false);
      expect((await world.services.people.resolveSession(session))?.actor.email).toBe(email);
      expect(await world.services.people.resolveToken(token)).toMatchObject({ kind: 'token', organisationId: org.id, role: 'editor' });
      await expect(world.services.people.resolveToken(`${token}x`)).rejects.toMatchObject({ code: 'unauthenticated' });
    });

    it('ends a session past its absolute limit and on sign-out', async () => {
      const org = await addOrganisation(world.services);
      const { email } = await addPerson(world.services, org, 'viewer');
      const first = await world.services.people.signIn(email, TEST_PASSWORD);
      const second = await world.services.people.signIn(email, TEST_PASSWORD);
      await world.services.people.signOut(second.session.sessionId);
      expect(await world.services.people.resolveSession(second.token)).toBeNull();
      now = new Date(now.getTime() + 8 * 86_400_000);
      await world.services.people.signIn(email, TEST_PASSWORD);
      const left = await rows<{ n: number }>(sql`select count(*)::int as n from sessions where expires_at < ${now.toISOString()}::timestamptz`);
      expect(Number(left[0]?.n)).toBe(0);
      expect(await world.services.people.resolveSession(first.token)).toBeNull();
    });

    it('counts concurrent failures of one account without losing any', async () => {
      const email = `concurrent.${Math.random().toString(36).slice(2)}@example.nhs.uk`;
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((i) => world.services.people.signIn(email, `wrong guess number ${i}`, { address: '192.0.2.7' })),
      );
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      const [row] = await rows<{ failures: number }>(sql`select failures from sign_in_throttles where kind = 'account' and key = ${email}`);
      expect(row?.failures).toBe(4);
    });

    it('removes idle sessions and long-forgotten failures when someone signs in', async () => {
      const org = await addOrganisation(world.services);
      const { email } = await addPerson(world.services, org, 'viewer');
      const idle = await world.services.people.signIn(email, TEST_PASSWORD);
      await world.services.people.signIn('forgotten.person@example.nhs.uk', 'a wrong password here').catch(() => undefined);
      now = new Date(now.getTime() + 25 * 3_600_000);
      await world.services.people.signIn(email, TEST_PASSWORD);
      const left = await rows<{ n: number }>(sql`select count(*)::int as n from sessions where id = ${idle.session.sessionId}`);
      expect(Number(left[0]?.n)).toBe(0);
      const failures = await rows<{ n: number }>(sql`select count(*)::int as n from sign_in_throttles where key = 'forgotten.person@example.nhs.uk'`);
      expect(Number(failures[0]?.n)).toBe(0);
    });

    it('lists only an organisation’s tokens, newest first, a page at a time', async () => {
      const org = await addOrganisation(world.services);
      const other = await addOrganisation(world.services);
      for (const name of ['first', 'second', 'third']) {
        await world.services.people.createToken({ organisationId: org.id, name });
        now = new Date(now.getTime() + 1000);
      }
      await world.services.people.createToken({ organisationId: other.id, name: 'elsewhere' });
      const page1 = await world.services.people.listTokens(null, org.id, { limit: 2, offset: 0 });
      expect(page1.total).toBe(3);
      expect(page1.tokens.map((t) => t.name)).toEqual(['third', 'second']);
      const page2 = await world.services.people.listTokens(null, org.id, { limit: 2, offset: 2 });
      expect(page2.tokens.map((t) => t.name)).toEqual(['first']);
      const { actor } = await addPerson(world.services, org, 'editor');
      await expect(world.services.people.listTokens(actor, org.id)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(world.services.people.revokeToken(actor, page1.tokens[0]!.id)).rejects.toMatchObject({ code: 'forbidden' });
      const outsider = await addPerson(world.services, other, 'admin');
      await expect(world.services.people.revokeToken(outsider.actor, page1.tokens[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('keeps at least one admin in an organisation', async () => {
      const org = await addOrganisation(world.services);
      const admin = await addPerson(world.services, org, 'admin');
      const adminId = admin.actor.kind === 'user' ? admin.actor.userId : '';
      await expect(world.services.people.updateMember(admin.actor, org.id, adminId, { role: 'editor', discipline: 'board' })).rejects.toMatchObject({ fields: { role: expect.any(String) } });
      await expect(world.services.people.removeMember(admin.actor, org.id, adminId)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
}
