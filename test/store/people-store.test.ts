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

    it('ends a session after seven days and on sign-out', async () => {
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

    it('keeps at least one admin in an organisation', async () => {
      const org = await addOrganisation(world.services);
      const admin = await addPerson(world.services, org, 'admin');
      const adminId = admin.actor.kind === 'user' ? admin.actor.userId : '';
      await expect(world.services.people.updateMember(admin.actor, org.id, adminId, { role: 'editor', discipline: 'board' })).rejects.toMatchObject({ fields: { role: expect.any(String) } });
      await expect(world.services.people.removeMember(admin.actor, org.id, adminId)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
}
