import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Browser, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

describe('accounts: sessions, change password and API tokens', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let adminEmail: string;
  let editorEmail: string;
  let now = new Date('2026-06-01T08:00:00Z');
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const MINUTE = 60_000;

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => now);
    org = await addOrganisation(t.services, 'Accounts Trust');
    other = await addOrganisation(t.services, 'Other Trust');
    adminEmail = (await addPerson(t.services, org, 'admin', 'Ada Admin')).email;
    editorEmail = (await addPerson(t.services, org, 'editor', 'Eddie Editor')).email;
  });
  afterAll(() => t?.close());

  const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => {
    const result: unknown = await t.connection.db.execute(query);
    return (result as { rows: T[] }).rows;
  };

  describe('sessions', () => {
    it('sets the cookie to last as long as the absolute limit', async () => {
      const b = new Browser(t.app);
      const res = await b.signIn(editorEmail, TEST_PASSWORD);
      const cookie = res.cookies.find((c) => c.name === 'tl_session');
      expect(cookie?.maxAge).toBe(12 * 3600);
    });

    it('ends a session after 30 minutes unused and says so on the sign-in page', async () => {
      const b = new Browser(t.app);
      await b.signIn(editorEmail, TEST_PASSWORD);
      const url = `/organisations/${org.code}/problems`;
      advance(29 * MINUTE);
      expect((await b.get(url)).statusCode).toBe(200);
      // Being used keeps it going: 29 more minutes from the last use is still within the limit.
      advance(29 * MINUTE);
      expect((await b.get(url)).statusCode).toBe(200);
      advance(30 * MINUTE);
      const res = await b.get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}&ended=idle`);
      const page = await b.get(res.headers.location as string);
      expect(page.body).toContain('Your session ended because Throughline was not used for 30 minutes');
      // The cookie has gone, so the next visit is a plain sign-in.
      expect((await b.get(url)).headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    });

    it('ends a session 12 hours after sign-in however active it is', async () => {
      const b = new Browser(t.app);
      await b.signIn(editorEmail, TEST_PASSWORD);
      for (let i = 0; i < 12 * 3; i++) {
        advance(20 * MINUTE);
        const res = await b.get(`/organisations/${org.code}/problems`);
        if (i < 35) expect(res.statusCode).toBe(200);
        else expect(res.headers.location).toContain('ended=absolute');
      }
      expect((await b.get('/sign-in?ended=absolute')).body).toContain('you signed in more than 12 hours ago');
    });

    it('writes last-seen at most once a minute, not on every request', async () => {
      const b = new Browser(t.app);
      await b.signIn(editorEmail, TEST_PASSWORD);
      const [session] = await rows<{ id: string; last_seen_at: string }>(sql`select id, last_seen_at::text from sessions order by created_at desc limit 1`);
      const seen = async () => (await rows<{ t: string }>(sql`select last_seen_at::text as t from sessions where id = ${session!.id}`))[0]?.t;
      const first = await seen();
      advance(30_000);
      await b.get(`/organisations/${org.code}/problems`);
      expect(await seen()).toBe(first);
      advance(31_000);
      await b.get(`/organisations/${org.code}/problems`);
      expect(await seen()).not.toBe(first);
    });

    it('answers an API call on an ended session with 401 and says why', async () => {
      const b = new Browser(t.app);
      await b.signIn(editorEmail, TEST_PASSWORD);
      advance(31 * MINUTE);
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems`, headers: { cookie: b.cookies } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('session has ended') } });
    });
  });

  describe('change password', () => {
    it('changes the password, ends the person’s other sessions and keeps this one, and audits it', async () => {
      const { email } = await addPerson(t.services, org, 'viewer', 'Pat Changer');
      const elsewhere = new Browser(t.app);
      await elsewhere.signIn(email, TEST_PASSWORD);
      const b = new Browser(t.app);
      await b.signIn(email, TEST_PASSWORD);
      const res = await b.submit('/account/password', '/account/password', {
        currentPassword: TEST_PASSWORD, newPassword: 'meadow lantern copper orbit', confirmPassword: 'meadow lantern copper orbit',
      });
      expect(res.statusCode).toBe(303);
      const done = await b.get(res.headers.location as string);
      expect(done.body).toContain('Your password has been changed. You have been signed out of 1 other session.');
      expect((await elsewhere.get(`/organisations/${org.code}/problems`)).statusCode).toBe(303);
      expect((await b.get(`/organisations/${org.code}/problems`)).statusCode).toBe(200);
      expect((await new Browser(t.app).signIn(email, TEST_PASSWORD)).statusCode).toBe(400);
      expect((await new Browser(t.app).signIn(email, 'meadow lantern copper orbit')).statusCode).toBe(303);
      const audit = await rows<{ action: string; changes: string }>(sql`select action, changes::text from audit_events where action = 'password_changed' and changes->'email'->>'after' = ${email}`);
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes).not.toContain('meadow');
    });

    it('says what is wrong next to each field, and changes nothing', async () => {
      const { email } = await addPerson(t.services, org, 'viewer', 'Quinn Mistake');
      const b = new Browser(t.app);
      await b.signIn(email, TEST_PASSWORD);
      const cases: [Record<string, string>, string][] = [
        [{ currentPassword: 'not my password at all', newPassword: 'meadow lantern copper orbit', confirmPassword: 'meadow lantern copper orbit' }, 'Your current password is not right'],
        [{ currentPassword: TEST_PASSWORD, newPassword: 'aaaaaaaaaaaa', confirmPassword: 'aaaaaaaaaaaa' }, 'one character repeated'],
        [{ currentPassword: TEST_PASSWORD, newPassword: 'password1234', confirmPassword: 'password1234' }, 'too easy to guess'],
        [{ currentPassword: TEST_PASSWORD, newPassword: `my ${email} here`, confirmPassword: `my ${email} here` }, 'must not contain your email address'],
        [{ currentPassword: TEST_PASSWORD, newPassword: 'short one', confirmPassword: 'short one' }, 'Password must be 12 characters or more'],
        [{ currentPassword: TEST_PASSWORD, newPassword: 'meadow lantern copper orbit', confirmPassword: 'meadow lantern copper orbits' }, 'The passwords do not match'],
        [{ currentPassword: '', newPassword: '', confirmPassword: '' }, 'Enter your current password'],
      ];
      for (const [fields, message] of cases) {
        const res = await b.submit('/account/password', '/account/password', fields);
        expect(res.statusCode, message).toBe(400);
        expect(res.body).toContain('There is a problem');
        expect(res.body).toContain(message);
        expect(res.body).not.toContain('meadow lantern');
      }
      expect((await new Browser(t.app).signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
    });

    it('sends people who are not signed in to sign in, and refuses a post without a CSRF token', async () => {
      expect((await new Browser(t.app).get('/account/password')).headers.location).toContain('/sign-in?next=');
      const b = new Browser(t.app);
      await b.signIn(editorEmail, TEST_PASSWORD);
      const res = await t.app.inject({
        method: 'POST', url: '/account/password', remoteAddress: b.remoteAddress,
        headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'currentPassword=x&newPassword=meadow+lantern+copper+orbit&confirmPassword=meadow+lantern+copper+orbit',
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('password policy when an admin adds a member', () => {
    it('refuses a common password, twelve of one character, or one containing the email, next to the field', async () => {
      const admin = new Browser(t.app);
      await admin.signIn(adminEmail, TEST_PASSWORD);
      const url = `/organisations/${org.code}/members`;
      const member = { email: 'morgan.new@example.nhs.uk', name: 'Morgan New', role: 'viewer', discipline: 'board' };
      for (const [password, message] of [
        ['password1234', 'too easy to guess'],
        ['aaaaaaaaaaaa', 'one character repeated'],
        ['morgan.new rocks hard', 'must not contain your email address'],
      ]) {
        const res = await admin.submit(`${url}/new`, url, { ...member, password: password! });
        expect(res.statusCode, password).toBe(400);
        expect(res.body).toContain(message!);
        expect(res.body).toContain('href="#password"');
      }
      const { actor } = await addPerson(t.services, org, 'viewer');
      const members = await t.services.people.listMembers(actor, org.id);
      expect(members.some((m) => m.email === member.email)).toBe(false);
    });
  });

  describe('API tokens page', () => {
    it('lets an admin create a token (shown once, with an expiry), see it listed, and revoke it after confirming', async () => {
      const admin = new Browser(t.app);
      await admin.signIn(adminEmail, TEST_PASSWORD);
      const members = await admin.get(`/organisations/${org.code}/members`);
      expect(members.body).toContain(`href="/organisations/${org.code}/tokens"`);
      const base = `/organisations/${org.code}/tokens`;
      const empty = await admin.get(base);
      expect(empty.statusCode).toBe(200);
      const created = await admin.submit(`${base}/new`, base, { name: 'data warehouse', role: 'contributor', expiresInDays: '90' });
      expect(created.statusCode).toBe(201);
      const secret = /value="(tl_[^"]+)" data-testid="token-secret"/.exec(created.body)?.[1];
      expect(secret).toMatch(/^tl_/);
      expect(created.headers['cache-control']).toBe('no-store');

      const api = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems`, headers: { authorization: `Bearer ${secret}` } });
      expect(api.statusCode).toBe(200);
      const list = await admin.get(base);
      expect(list.body).toContain('data warehouse');
      expect(list.body).toContain('Contributor');
      expect(list.body).toContain('Active');
      expect(list.body).toContain('30 August 2026');
      expect(list.body).not.toContain(secret!);
      const id = new RegExp(`${base}/([0-9a-f-]{36})/revoke`).exec(list.body)?.[1];
      expect(id).toBeDefined();

      const confirm = await admin.get(`${base}/${id}/revoke`);
      expect(confirm.body).toContain('This cannot be undone');
      const revoked = await admin.submit(`${base}/${id}/revoke`, `${base}/${id}/revoke`, {});
      expect(revoked.statusCode).toBe(303);
      const after = await admin.get(revoked.headers.location as string);
      expect(after.body).toContain('The API token has been revoked');
      expect(after.body).toContain('Revoked');
      const refused = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems`, headers: { authorization: `Bearer ${secret}` } });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.message).toContain('revoked');
      const audit = await rows<{ action: string }>(sql`select action from audit_events where entity_type = 'api_token' and entity_id = ${id!} order by at`);
      expect(audit.map((a) => a.action)).toEqual(['created', 'revoked']);
    });

    it('shows each field’s mistake when creating a token', async () => {
      const admin = new Browser(t.app);
      await admin.signIn(adminEmail, TEST_PASSWORD);
      const base = `/organisations/${org.code}/tokens`;
      const res = await admin.submit(`${base}/new`, base, { name: '', role: 'admin', expiresInDays: 'soon' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Enter a label of up to 100 characters');
      expect(res.body).toContain('A token can be a viewer, contributor or editor');
      expect(res.body).toContain('Enter a whole number of days');
      expect(res.body).toContain('href="#expires-in-days"');
    });

    it('records when a token was last used, at most once a minute', async () => {
      const { token, apiToken } = await t.services.people.createToken({ organisationId: org.id, name: 'busy' });
      const lastUsed = async () => (await rows<{ t: string | null }>(sql`select last_used_at::text as t from api_tokens where id = ${apiToken.id}`))[0]?.t;
      expect(await lastUsed()).toBeNull();
      const call = () => t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems`, headers: { authorization: `Bearer ${token}` } });
      await call();
      const first = await lastUsed();
      expect(first).not.toBeNull();
      advance(20_000);
      await call();
      expect(await lastUsed()).toBe(first);
      advance(41_000);
      await call();
      expect(await lastUsed()).not.toBe(first);
    });

    it('refuses an expired token with 401 and a clear message', async () => {
      const { token } = await t.services.people.createToken({ organisationId: org.id, name: 'short lived', expiresInDays: 1 });
      advance(86_400_000 + 1000);
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems`, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toBe('This API token has expired. Ask an admin of your organisation for a new one.');
    });

    it('refuses non-admins with 403, another organisation’s admins with 404, and a revoke without CSRF', async () => {
      const editor = new Browser(t.app);
      await editor.signIn(editorEmail, TEST_PASSWORD);
      const base = `/organisations/${org.code}/tokens`;
      expect((await editor.get(base)).statusCode).toBe(403);
      expect((await editor.get(`${base}/new`)).statusCode).toBe(403);
      const { apiToken } = await t.services.people.createToken({ organisationId: org.id, name: 'kept' });
      const editorPost = await editor.submit(`/organisations/${org.code}/problems/new`, `${base}/${apiToken.id}/revoke`, {});
      expect(editorPost.statusCode).toBe(403);

      const outsiderEmail = (await addPerson(t.services, other, 'admin', 'Olu Outsider')).email;
      const outsider = new Browser(t.app);
      await outsider.signIn(outsiderEmail, TEST_PASSWORD);
      expect((await outsider.get(base)).statusCode).toBe(404);
      // An admin of another organisation cannot reach this token through their own organisation's pages either.
      const otherBase = `/organisations/${other.code}/tokens`;
      expect((await outsider.get(`${otherBase}/${apiToken.id}/revoke`)).statusCode).toBe(404);
      expect((await outsider.submit(`${otherBase}/new`, `${otherBase}/${apiToken.id}/revoke`, {})).statusCode).toBe(404);

      const admin = new Browser(t.app);
      await admin.signIn(adminEmail, TEST_PASSWORD);
      const noCsrf = await t.app.inject({
        method: 'POST', url: `${base}/${apiToken.id}/revoke`, remoteAddress: admin.remoteAddress,
        headers: { cookie: admin.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: '',
      });
      expect(noCsrf.statusCode).toBe(403);
      const [row] = await rows<{ revoked_at: string | null }>(sql`select revoked_at from api_tokens where id = ${apiToken.id}`);
      expect(row?.revoked_at).toBeNull();
    });
  });
});
