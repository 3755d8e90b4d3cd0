import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp, callWithToken } from '../support/app.ts';
import { addOrganisation, addPerson, buildEvidence, buildProblem } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

describe('problems API', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let token: string;
  let viewerToken: string;
  let otherToken: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, bearer = token) =>
    callWithToken(t.app, method, url, bearer, body);

  beforeAll(async () => {
    t = await openTestApp();
    org = await addOrganisation(t.services, 'Alpha Trust');
    other = await addOrganisation(t.services, 'Beta Trust');
    token = (await t.services.people.createToken({ organisationId: org.id, name: 'warehouse' })).token;
    viewerToken = (await t.services.people.createToken({ organisationId: org.id, name: 'reader', role: 'viewer' })).token;
    otherToken = (await t.services.people.createToken({ organisationId: other.id, name: 'beta' })).token;
  });
  afterAll(() => t?.close());

  it('creates a problem with evidence and returns it in camelCase', async () => {
    const res = await call('POST', `/api/v1/organisations/${org.code}/problems`, {
      ...buildProblem(),
      evidence: [buildEvidence()],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      title: 'Discharge letters reach GPs late',
      affected: 'both',
      affectedGroup: 'patients leaving the medical wards',
      severity: 4,
      reach: 1200,
      themes: ['discharge', 'communication'],
      status: 'open',
      evidence: [{ kind: 'operational_data', summary: expect.any(String), link: 'https://example.org/audit', count: 310 }],
    });
    expect(res.headers.location).toBe(`/api/v1/problems/${body.id}`);
    const got = await call('GET', `/api/v1/problems/${body.id}`);
    expect(got.json()).toEqual(body);
  });

  it('lists, filters and pages', async () => {
    const o = await addOrganisation(t.services);
    const tk = (await t.services.people.createToken({ organisationId: o.id, name: 'x' })).token;
    for (const [severity, reach, theme] of [[1, 10, 'a'], [5, 10, 'b'], [3, 10, 'a']] as const) {
      await call('POST', `/api/v1/organisations/${o.code}/problems`, buildProblem({ severity, reach, themes: [theme] }), tk);
    }
    const all = await call('GET', `/api/v1/organisations/${o.code}/problems`, undefined, tk);
    expect(all.json().problems.map((p: { severity: number }) => p.severity)).toEqual([5, 3, 1]);
    const a = await call('GET', `/api/v1/organisations/${o.code}/problems?theme=A&limit=1&offset=1`, undefined, tk);
    expect(a.json()).toMatchObject({ total: 2, limit: 1, offset: 1, problems: [{ severity: 1 }] });
  });

  it('changes and deletes a problem, and evidence under it', async () => {
    const created = (await call('POST', `/api/v1/organisations/${org.code}/problems`, buildProblem())).json();
    const patched = await call('PATCH', `/api/v1/problems/${created.id}`, { status: 'resolved', severity: 2 });
    expect(patched.json()).toMatchObject({ status: 'resolved', severity: 2, title: created.title });
    const added = await call('POST', `/api/v1/problems/${created.id}/evidence`, buildEvidence({ kind: 'patient_feedback' }));
    expect(added.statusCode).toBe(201);
    const list = await call('GET', `/api/v1/problems/${created.id}/evidence`);
    expect(list.json().evidence).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/problems/${created.id}/evidence/${added.json().id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/problems/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/problems/${created.id}`)).statusCode).toBe(404);
  });

  it('rejects bad input with field errors and stores nothing', async () => {
    const before = (await call('GET', `/api/v1/organisations/${org.code}/problems`)).json().total;
    const res = await call('POST', `/api/v1/organisations/${org.code}/problems`, {
      ...buildProblem({ severity: 9, title: '' }),
      evidence: [buildEvidence({ link: 'ftp://nope' })],
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields)).toContain('severity');
    const domain = await call('POST', `/api/v1/organisations/${org.code}/problems`, {
      ...buildProblem({ title: '   ' }),
      evidence: [buildEvidence({ link: 'ftp://nope' })],
    });
    expect(domain.statusCode).toBe(400);
    expect(domain.json().error.fields).toMatchObject({ title: expect.any(String), 'evidence[0].link': expect.any(String) });
    expect((await call('GET', `/api/v1/organisations/${org.code}/problems`)).json().total).toBe(before);
  });

  it('answers malformed JSON, unknown fields and unknown ids without a 500', async () => {
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${org.code}/problems`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"title":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
    const extra = await call('PATCH', `/api/v1/problems/00000000-0000-4000-8000-000000000000`, { colour: 'red' });
    expect(extra.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/problems/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/problems/not-an-id')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/organisations/ZZZZ9/problems')).statusCode).toBe(404);
  });

  it('refuses callers without a valid token', async () => {
    const none = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems` });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    expect((await call('GET', `/api/v1/organisations/${org.code}/problems`, undefined, 'tl_forged')).statusCode).toBe(401);
  });

  it('scopes tokens to their organisation', async () => {
    const mine = (await call('POST', `/api/v1/organisations/${org.code}/problems`, buildProblem())).json();
    expect((await call('GET', `/api/v1/organisations/${org.code}/problems`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/problems/${mine.id}`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/problems/${mine.id}`, { severity: 1 }, otherToken)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/problems/${mine.id}`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/problems/${mine.id}/evidence`, buildEvidence(), otherToken)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/organisations/${org.code}/problems`, buildProblem(), otherToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/problems/${mine.id}`)).json().severity).toBe(4);
  });

  it('lets a viewer token read but not write', async () => {
    expect((await call('GET', `/api/v1/organisations/${org.code}/problems`, undefined, viewerToken)).statusCode).toBe(200);
    const res = await call('POST', `/api/v1/organisations/${org.code}/problems`, buildProblem(), viewerToken);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('accepts a signed-in session as well as a token', async () => {
    const { email } = await addPerson(t.services, org, 'viewer');
    const { token: session } = await t.services.people.signIn(email, 'correct horse battery staple');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/problems`, cookies: { tl_session: session } });
    expect(res.statusCode).toBe(200);
  });

  it('serves OpenAPI at /api/docs and health at /health', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toContain('/api/v1/organisations/{code}/problems');
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toEqual({ status: 'ok', database: 'pglite' });
  });
});
