import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Browser, cookiesOf, csrfOf, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import { createApp } from '../../src/web/app.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';

// Wednesday 11 June 2025.
const NOW = new Date('2025-06-11T10:00:00Z');
const ORIGIN = 'http://localhost:80';

describe('request hardening', () => {
  let t: TestApp;
  let org: Organisation;
  let editor: { email: string; actor: Actor };
  let otherEditorEmail: string;
  let token: string;
  let goalId: string;

  const count = async (table: 'strategic_objectives' | 'measure_annotations' | 'problems' | 'audit_events'): Promise<number> => {
    const result: unknown = await t.connection.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    return (result as { rows: { n: number }[] }).rows[0]!.n;
  };

  async function signedIn(email = editor.email): Promise<Browser> {
    const b = new Browser(t.app);
    expect((await b.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
    return b;
  }

  async function addAnnotation(): Promise<{ measureId: string; annotationId: string }> {
    const m = await t.services.measures.create(editor.actor, goalId, {
      name: `Letters ${Math.random()}`,
      definition: 'Letters sent within a day.',
      unit: 'count',
      frequency: 'weekly',
      improvementDirection: 'increase',
      dataSource: 'Synthetic test data',
      target: null,
    });
    const a = await t.services.measures.addAnnotation(editor.actor, m.id, { period: '2025-05-05', label: 'New system' });
    return { measureId: m.id, annotationId: a.id };
  }

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => NOW);
    org = await addOrganisation(t.services, 'Alpha Trust');
    editor = await addPerson(t.services, org, 'editor', 'Edna Editor');
    otherEditorEmail = (await addPerson(t.services, org, 'editor', 'Ed Other')).email;
    token = (await t.services.people.createToken({ organisationId: org.id, name: 'warehouse' })).token;
    const problem = await t.services.problems.create(editor.actor, org.id, buildProblem());
    const userId = editor.actor.kind === 'user' ? editor.actor.userId : '';
    goalId = (
      await t.services.goals.create(editor.actor, org.id, {
        statement: 'Discharge letters reach the GP within 24 hours',
        forWhom: 'patients leaving the wards',
        byWhen: '2026-03-31',
        wgll: ['safe_practice'],
        problemIds: [problem.id],
        ownerIds: [userId],
      })
    ).id;
  });
  afterAll(() => t?.close());

  describe('redirect targets', () => {
    const attacks = ['/%09/evil.example', '/\t/evil.example', '/%0A/x', '/%5C%5Cevil', '/%2F%2Fevil', '//evil.example', 'https://evil.example', 'javascript:alert(1)', '/%252F%252Fevil'];

    it.each(attacks)('follows a sign-in GET with next=%s only to the home page', async (next) => {
      const b = await signedIn();
      const res = await b.get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    });

    it('does not answer 500 to a newline in next, raw in the query', async () => {
      const b = await signedIn();
      const res = await b.get('/sign-in?next=/%0A/x');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    });

    it('follows the sign-in form’s hidden next only to same-site paths', async () => {
      for (const next of attacks) {
        const res = await new Browser(t.app).submit('/sign-in', '/sign-in', { email: editor.email, password: TEST_PASSWORD, next });
        expect(res.headers.location, next).toBe('/');
      }
      const ok = await new Browser(t.app).submit('/sign-in', '/sign-in', { email: editor.email, password: TEST_PASSWORD, next: `/organisations/${org.code}/goals` });
      expect(ok.headers.location).toBe(`/organisations/${org.code}/goals`);
    });

    it('puts only a safe next on the sign-in form', async () => {
      const page = await new Browser(t.app).get(`/sign-in?next=${encodeURIComponent('/%09/evil.example')}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="next" value="/"');
    });

    it('sends someone who is not signed in to sign in and back to where they were', async () => {
      const res = await new Browser(t.app).get(`/organisations/${org.code}/goals?sort=name`);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/organisations/${org.code}/goals?sort=name`)}`);
    });
  });

  describe('CSRF on cookie sessions', () => {
    it('refuses a form-encoded POST to the API with a session cookie, and stores nothing', async () => {
      const b = await signedIn();
      const before = await count('strategic_objectives');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'title=Forged+objective',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
      const plain = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { cookie: b.cookies, 'content-type': 'text/plain' },
        payload: '{"title":"Forged objective"}',
      });
      expect(plain.statusCode).toBe(415);
      expect(await count('strategic_objectives')).toBe(before);
    });

    it('refuses JSON from another origin with a session cookie, with a clear JSON error', async () => {
      const b = await signedIn();
      const before = await count('strategic_objectives');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { cookie: b.cookies, origin: 'http://evil.example', 'content-type': 'application/json' },
        payload: { title: 'Forged objective' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'cross_site_request', message: expect.stringContaining('another website') } });
      expect(await count('strategic_objectives')).toBe(before);
    });

    it('refuses JSON with a session cookie and neither Origin, Referer nor CSRF header', async () => {
      const b = await signedIn();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { cookie: b.cookies, 'content-type': 'application/json' },
        payload: { title: 'No origin' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'cross_site_request' } });
    });

    it('refuses a cross-site DELETE of an annotation, and keeps it', async () => {
      const b = await signedIn();
      const { measureId, annotationId } = await addAnnotation();
      for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, {}]) {
        const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/measures/${measureId}/annotations/${annotationId}`, headers: { cookie: b.cookies, ...headers } });
        expect(res.statusCode).toBe(403);
      }
      const after = await t.services.measures.getWithValues(editor.actor, measureId);
      expect(after.measure.annotations.map((a) => a.id)).toContain(annotationId);
    });

    it('accepts a same-origin browser fetch with the session cookie (Origin of this site)', async () => {
      const b = await signedIn();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { cookie: b.cookies, origin: ORIGIN, 'content-type': 'application/json' },
        payload: { title: 'Same-site objective' },
      });
      expect(res.statusCode).toBe(201);
      const { measureId, annotationId } = await addAnnotation();
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/measures/${measureId}/annotations/${annotationId}`,
        headers: { cookie: b.cookies, referer: `${ORIGIN}/measures/${measureId}` },
      });
      expect(del.statusCode).toBe(204);
    });

    it('accepts a session-cookie API call with the page’s CSRF token in X-CSRF-Token', async () => {
      const b = await signedIn();
      const page = await b.get(`/organisations/${org.code}/problems/new`);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { cookie: b.cookies, 'x-csrf-token': csrfOf(page.body), 'content-type': 'application/json' },
        payload: { title: 'Objective with a token header' },
      });
      expect(res.statusCode).toBe(201);
    });

    it('needs no CSRF defence for a bearer token, whatever the Origin', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' },
        payload: { title: 'From the warehouse' },
      });
      expect(res.statusCode).toBe(201);
      const { measureId, annotationId } = await addAnnotation();
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/measures/${measureId}/annotations/${annotationId}`, headers: { authorization: `Bearer ${token}` } });
      expect(del.statusCode).toBe(204);
    });

    it('refuses one person’s form token with another person’s session cookie', async () => {
      const alice = await signedIn();
      const bob = await signedIn(otherEditorEmail);
      const alicePage = await alice.get(`/organisations/${org.code}/problems/new`);
      const before = await count('problems');
      // Bob's cookies (his session and his CSRF secret) with Alice's token; and Alice's secret with Bob's session.
      const aliceCsrf = /_csrf=([^;]+)/.exec(alice.cookies)![1]!;
      const bobSession = /tl_session=([^;]+)/.exec(bob.cookies)![1]!;
      for (const cookie of [bob.cookies, `_csrf=${aliceCsrf}; tl_session=${bobSession}`]) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/organisations/${org.code}/problems`,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrfOf(alicePage.body), ...(buildProblem() as Record<string, string>), title: 'Cross-session' }).toString(),
        });
        expect(res.statusCode).toBe(403);
      }
      expect(await count('problems')).toBe(before);
    });

    it('refuses a form post from another origin even with a valid token', async () => {
      const b = await signedIn();
      const page = await b.get(`/organisations/${org.code}/problems/new`);
      const res = await t.app.inject({
        method: 'POST',
        url: `/organisations/${org.code}/problems`,
        headers: { cookie: b.cookies, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(page.body), title: 'x' }).toString(),
      });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('another website');
    });

    it('renews the CSRF secret at sign-in and sign-out, so an earlier token stops working', async () => {
      const b = new Browser(t.app);
      const page = await b.get('/sign-in');
      const beforeSecret = /_csrf=([^;]+)/.exec(b.cookies)![1];
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: b.remoteAddress,
        headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(page.body), email: editor.email, password: TEST_PASSWORD }).toString(),
      });
      expect(signIn.statusCode).toBe(303);
      b.cookies = cookiesOf(signIn, b.cookies);
      const afterSecret = /_csrf=([^;]+)/.exec(b.cookies)![1];
      expect(afterSecret).toBeTruthy();
      expect(afterSecret).not.toBe(beforeSecret);
      const formPage = await b.get(`/organisations/${org.code}/problems/new`);
      const oldToken = csrfOf(formPage.body);
      const out = await b.submit('/sign-out', '/sign-out', {});
      expect(out.statusCode).toBe(303);
      expect(/_csrf=([^;]+)/.exec(b.cookies)![1]).not.toBe(afterSecret);
      // Signed in again: the token from the earlier session is refused.
      await b.signIn(editor.email, TEST_PASSWORD);
      const res = await t.app.inject({
        method: 'POST',
        url: `/organisations/${org.code}/problems`,
        headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: oldToken, title: 'x' }).toString(),
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('NUL and invalid UTF-8', () => {
    const jsonPost = (payload: string | Buffer, auth = true) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${org.code}/objectives`,
        headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
        payload,
      });

    it('refuses NUL in a JSON string with a 400 that names the field', async () => {
      const before = await count('strategic_objectives');
      const res = await jsonPost(JSON.stringify({ title: 'A\u0000B' }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('null character'), fields: { title: expect.any(String) } } });
      expect(await count('strategic_objectives')).toBe(before);
    });

    it('refuses invalid UTF-8 in a JSON body instead of storing replacement characters', async () => {
      const before = await count('strategic_objectives');
      const bytes = Buffer.concat([Buffer.from('{"title":"Caf'), Buffer.from([0xe9, 0xff]), Buffer.from('"}')]);
      const res = await jsonPost(bytes);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('UTF-8') } });
      const lone = await jsonPost('{"title":"\\ud800"}');
      expect(lone.statusCode).toBe(400);
      expect(await count('strategic_objectives')).toBe(before);
    });

    it('still takes real Unicode text', async () => {
      const res = await jsonPost(JSON.stringify({ title: 'Café für Ärzte 😀 – “quoted”' }));
      expect(res.statusCode).toBe(201);
      expect(res.json<{ title: string }>().title).toBe('Café für Ärzte 😀 – “quoted”');
    });

    it('refuses NUL in a path parameter and in a query, for the API and for pages', async () => {
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/organisations/%00/objectives', headers: { authorization: `Bearer ${token}` } });
      expect(api.statusCode).toBe(400);
      expect(api.json()).toMatchObject({ error: { code: 'invalid_input', fields: { path: expect.any(String) } } });
      const b = await signedIn();
      const page = await b.get('/organisations/%00/problems');
      expect(page.statusCode).toBe(400);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('nhsuk-header');
      expect(page.body).toContain('null character');
      const query = await b.get(`/organisations/${org.code}/problems?theme=%00`);
      expect(query.statusCode).toBe(400);
      expect(query.body).toContain('null character');
      const badQuery = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems?theme=%FF`, headers: { authorization: `Bearer ${token}` } });
      expect(badQuery.statusCode).toBe(400);
      expect(badQuery.json()).toMatchObject({ error: { message: expect.stringContaining('UTF-8') } });
    });

    it('refuses NUL in the anonymous sign-in form’s email with the page, not a 500', async () => {
      const res = await new Browser(t.app).submit('/sign-in', '/sign-in', { email: 'a\u0000@example.nhs.uk', password: 'whatever it is' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('null character');
      const bad = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=%FF&password=x' });
      expect(bad.statusCode).toBe(400);
    });

    it('refuses NUL in a form field of a signed-in page, and stores nothing', async () => {
      const b = await signedIn();
      const before = await count('problems');
      const res = await b.submit(`/organisations/${org.code}/problems/new`, `/organisations/${org.code}/problems`, {
        ...(buildProblem() as Record<string, string>),
        title: 'Nul\u0000title',
        severity: '3',
        reach: '10',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('null character');
      expect(await count('problems')).toBe(before);
    });

    it('refuses NUL and invalid UTF-8 in the values upload’s fields and CSV file', async () => {
      const b = await signedIn();
      const page = await b.get(`/organisations/${org.code}/values/upload`);
      expect(page.statusCode).toBe(200);
      const csrf = csrfOf(page.body);
      const upload = (parts: { name: string; value: Buffer; filename?: string }[]) => {
        const boundary = '----tl-boundary';
        const body = Buffer.concat([
          ...[{ name: '_csrf', value: Buffer.from(csrf) }, ...parts].flatMap((p) => [
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n${p.filename ? 'Content-Type: text/csv\r\n' : ''}\r\n`),
            p.value,
            Buffer.from('\r\n'),
          ]),
          Buffer.from(`--${boundary}--\r\n`),
        ]);
        return t.app.inject({
          method: 'POST',
          url: `/organisations/${org.code}/values/upload`,
          headers: { cookie: b.cookies, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: body,
        });
      };
      const nulText = await upload([{ name: 'csv', value: Buffer.from('measure,period,value\nx,2025-05-05,1\u0000') }]);
      expect(nulText.statusCode).toBe(400);
      expect(nulText.body).toContain('null character');
      const badText = await upload([{ name: 'csv', value: Buffer.from([0x61, 0xff, 0xfe, 0x62]) }]);
      expect(badText.statusCode).toBe(400);
      expect(badText.body).toContain('UTF-8');
      const nulFile = await upload([{ name: 'file', filename: 'values.csv', value: Buffer.from('period,value\n2025-05-05,1\0\n') }]);
      expect(nulFile.statusCode).toBe(400);
      expect(nulFile.body).toContain('This is not a CSV file');
    });
  });

  describe('headers', () => {
    it('sends Permissions-Policy on pages, API answers, errors and static files', async () => {
      const responses = await Promise.all([
        new Browser(t.app).get('/sign-in'),
        t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/objectives`, headers: { authorization: `Bearer ${token}` } }),
        t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { authorization: `Bearer ${token}` } }),
        t.app.inject({ method: 'GET', url: '/static/app.js' }),
        t.app.inject({ method: 'GET', url: '/no-such-page' }),
      ]);
      for (const res of responses) {
        // Browsers send `Origin: null` on our own posts under no-referrer; the CSRF rule needs same-origin.
        expect(res.headers['referrer-policy']).toBe('same-origin');
        expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/);
        for (const feature of ['microphone', 'geolocation', 'payment', 'usb']) expect(res.headers['permissions-policy']).toContain(`${feature}=()`);
      }
    });

    it('sends Cache-Control: no-store on API answers, errors included, as pages do', async () => {
      const ok = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/objectives`, headers: { authorization: `Bearer ${token}` } });
      const refused = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/objectives` });
      const invalid = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${org.code}/objectives`, headers: { authorization: `Bearer ${token}` }, payload: { nope: 1 } });
      for (const res of [ok, refused, invalid]) expect(res.headers['cache-control']).toBe('no-store');
      expect(ok.statusCode).toBe(200);
      expect(refused.statusCode).toBe(401);
      expect(invalid.statusCode).toBe(400);
      expect((await (await signedIn()).get(`/organisations/${org.code}/problems`)).headers['cache-control']).toBe('no-store');
    });
  });

  describe('logs', () => {
    it('logs a 500 by class, code, route and request id, without what was typed or the SQL parameters', async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });
      const logged = await createApp(t.services, { logger: { level: 'info', stream } });
      await logged.ready();
      const secret = `typed-secret-${Math.random().toString(36).slice(2)}`;
      // A database error on insert: its message lists the parameters, the typed secret among them.
      await t.connection.db.execute(sql.raw(`alter table strategic_objectives add constraint tl_forced_failure check (title not like 'typed-secret-%')`));
      try {
        const res = await logged.inject({
          method: 'POST',
          url: `/api/v1/organisations/${org.code}/objectives?note=${secret}`,
          headers: { authorization: `Bearer ${token}` },
          payload: { title: secret, description: `${secret} in the description` },
        });
        expect(res.statusCode).toBe(500);
        expect(res.body).not.toContain(secret);
      } finally {
        await t.connection.db.execute(sql.raw('alter table strategic_objectives drop constraint tl_forced_failure'));
        await logged.close();
      }
      const log = lines.join('');
      const errorLine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'unhandled error');
      expect(errorLine).toMatchObject({ route: '/api/v1/organisations/:code/objectives', method: 'POST', errorClass: expect.any(String), causeCode: '23514' });
      expect(errorLine?.reqId).toEqual(expect.any(String));
      expect(log).not.toContain(secret);
      expect(log).not.toContain('params:');
    });
  });
});
