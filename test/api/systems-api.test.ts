import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp, callWithToken } from '../support/app.ts';
import { addPerson, uniqueCode } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const NOW = new Date('2026-06-03T10:00:00Z');

describe('systems API', () => {
  let t: TestApp;
  let icb: Organisation;
  let trust: Organisation;
  let other: Organisation;
  let icbToken: string;
  let trustToken: string;
  let outsiderToken: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, bearer: string, body?: unknown) =>
    callWithToken(t.app, method, url, bearer, body);

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => NOW);
    const s = t.services;
    icb = await s.organisations.add({ code: uniqueCode(), name: 'Valley ICB', type: 'icb' });
    trust = await s.organisations.add({ code: uniqueCode(), name: 'Valley Trust', type: 'trust' });
    other = await s.organisations.add({ code: uniqueCode(), name: 'Far Trust', type: 'trust' });
    icbToken = (await s.people.createToken({ organisationId: icb.id, name: 'icb', role: 'editor' })).token;
    trustToken = (await s.people.createToken({ organisationId: trust.id, name: 'trust', role: 'editor' })).token;
    outsiderToken = (await s.people.createToken({ organisationId: other.id, name: 'far', role: 'editor' })).token;
    await addPerson(s, icb, 'admin');
  });
  afterAll(() => t?.close());

  it('adds dated memberships and refuses an overlap with the field that is wrong', async () => {
    const created = await call('POST', `/api/v1/organisations/${icb.code}/memberships`, icbToken, { organisation: trust.code, from: '2022-07-01' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ organisation: { code: trust.code }, from: '2022-07-01', to: null, current: true });
    const overlap = await call('POST', `/api/v1/organisations/${icb.code}/memberships`, icbToken, { organisation: trust.code, from: '2025-01-01' });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.fields.from).toMatch(/overlaps/);
    const list = await call('GET', `/api/v1/organisations/${icb.code}/memberships`, trustToken);
    expect(list.statusCode).toBe(200);
    expect(list.json().memberships).toHaveLength(1);
    const bad = await call('POST', `/api/v1/organisations/${icb.code}/memberships`, icbToken, { organisation: other.code, from: 'next week' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.from).toBeDefined();
  });

  it('lets the system set principles and refuses a member doing so', async () => {
    const ok = await call('POST', `/api/v1/organisations/${icb.code}/principles`, icbToken, { title: 'Data stays in the UK', rationale: 'UK GDPR' });
    expect(ok.statusCode).toBe(201);
    expect((await call('POST', `/api/v1/organisations/${icb.code}/principles`, trustToken, { title: 'x', rationale: 'y' })).statusCode).toBe(403);
    const read = await call('GET', `/api/v1/organisations/${icb.code}/principles`, trustToken);
    expect(read.json().principles.map((p: { title: string }) => p.title)).toEqual(['Data stays in the UK']);
    expect((await call('GET', `/api/v1/organisations/${icb.code}/principles`, outsiderToken)).statusCode).toBe(404);
  });

  it('lets any organisation’s editors keep its own principles, refusing its viewers, its system and others', async () => {
    const s = t.services;
    const viewerToken = (await s.people.createToken({ organisationId: trust.id, name: 'trust viewer', role: 'viewer' })).token;
    const blank = await call('POST', `/api/v1/organisations/${trust.code}/principles`, trustToken, { title: ' ', rationale: 'Patients asked for it' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields.title).toBeDefined();
    const created = await call('POST', `/api/v1/organisations/${trust.code}/principles`, trustToken, { title: 'We design with patients first', rationale: 'Patients asked for it' });
    expect(created.statusCode).toBe(201);
    const own = created.json();
    expect(own).toMatchObject({ systemId: trust.id, title: 'We design with patients first' });
    expect(created.headers.location).toBe(`/api/v1/principles/${own.id}`);
    // Its viewers read but do not write; the system reads its member but writes only its own; others see nothing.
    expect((await call('POST', `/api/v1/organisations/${trust.code}/principles`, viewerToken, { title: 'x', rationale: 'y' })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/v1/principles/${own.id}`, viewerToken, { title: 'x' })).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/organisations/${trust.code}/principles`, icbToken, { title: 'x', rationale: 'y' })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/v1/principles/${own.id}`, icbToken, { title: 'x' })).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/organisations/${trust.code}/principles`, outsiderToken, { title: 'x', rationale: 'y' })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/principles/${own.id}`, outsiderToken)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/principles/${own.id}`, outsiderToken)).statusCode).toBe(404);
    const read = await call('GET', `/api/v1/organisations/${trust.code}/principles`, viewerToken);
    expect(read.json().principles.map((p: { title: string }) => p.title)).toEqual(['We design with patients first']);
    // Its own principles stay apart from the system's.
    expect((await call('GET', `/api/v1/organisations/${icb.code}/principles`, trustToken)).json().principles.map((p: { id: string }) => p.id)).not.toContain(own.id);
    const changed = await call('PATCH', `/api/v1/principles/${own.id}`, trustToken, { title: 'We design with patients and staff' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ title: 'We design with patients and staff', rationale: 'Patients asked for it' });
    // An initiative declares only against its system's principles, never its organisation's own.
    const initiative = (await call('POST', `/api/v1/organisations/${trust.code}/initiatives`, trustToken, { name: 'Online letters', change: 'Letters go online first' })).json();
    const declarations = (await call('GET', `/api/v1/initiatives/${initiative.id}/principles`, trustToken)).json();
    expect(declarations.principles.map((p: { principle: { id: string } }) => p.principle.id)).not.toContain(own.id);
    expect(declarations.principles.length).toBeGreaterThan(0);
    const against = await call('PUT', `/api/v1/initiatives/${initiative.id}/principles/${own.id}`, trustToken, { stance: 'conforms' });
    expect(against.statusCode).toBe(400);
    expect(against.json().error.fields.principleId).toBeDefined();
    const history = await t.storage.stores.audit.history('principle', [own.id], 10);
    expect(history.map((e) => e.action).sort()).toEqual(['created', 'updated']);
    expect(history.every((e) => e.organisationId === trust.id)).toBe(true);
    expect((await call('DELETE', `/api/v1/principles/${own.id}`, viewerToken)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/principles/${own.id}`, trustToken)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/organisations/${trust.code}/principles`, trustToken)).json().principles).toEqual([]);
  });

  it('keeps entries to the member and assessments to the system', async () => {
    const cap = await call('POST', `/api/v1/organisations/${icb.code}/capabilities`, icbToken, { name: 'Virtual wards' });
    expect(cap.statusCode).toBe(201);
    const id = cap.json().id as string;
    expect((await call('PUT', `/api/v1/capabilities/${id}/entries/${trust.code}`, icbToken, { status: 'needed' })).statusCode).toBe(403);
    const entry = await call('PUT', `/api/v1/capabilities/${id}/entries/${trust.code}`, trustToken, { status: 'in_use', product: 'Doccla', contractEnd: '2027-01-31', serves: 'well', servesReason: 'Patients like it' });
    expect(entry.statusCode).toBe(200);
    const sc = (score: number) => ({ score, reason: 'Written down' });
    const out = await call('PUT', `/api/v1/capabilities/${id}/assessment`, icbToken, { commonality: sc(0), standardisation: sc(3), interoperability: sc(3), localVariation: sc(3) });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.fields['commonality.score']).toMatch(/1 to 5/);
    const put = await call('PUT', `/api/v1/capabilities/${id}/assessment`, icbToken, { commonality: sc(5), standardisation: sc(3), interoperability: sc(4), localVariation: sc(2) });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ assessed: true, total: 10, recommendation: 'system', suggestedCommonality: { score: 5 } });
    expect(put.json().rule).toMatch(/9 or more/);
    expect((await call('PUT', `/api/v1/capabilities/${id}/assessment`, trustToken, { commonality: sc(5), standardisation: sc(3), interoperability: sc(4), localVariation: sc(2) })).statusCode).toBe(403);
    const decision = await call('POST', `/api/v1/capabilities/${id}/decisions`, icbToken, { decided: 'system', decidedOn: '2026-06-01', rationale: 'Common need', present: [{ name: 'Sam Lead', discipline: 'digital' }] });
    expect(decision.statusCode).toBe(201);
    expect(decision.json()).toMatchObject({ kind: 'system_or_local', what: expect.stringContaining('Virtual wards') });
  });

  it('answers the alignment to the system and its members, and 404 to anyone else', async () => {
    const goal = await call('POST', `/api/v1/organisations/${icb.code}/goals`, icbToken, { statement: 'Fewer admissions from care homes' });
    expect(goal.statusCode).toBe(201);
    const view = await call('GET', `/api/v1/organisations/${icb.code}/alignment`, icbToken);
    expect(view.statusCode).toBe(200);
    expect(view.json().uncontributedGoalIds).toContain(goal.json().id);
    expect((await call('GET', `/api/v1/organisations/${icb.code}/alignment`, trustToken)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/organisations/${icb.code}/alignment`, outsiderToken)).statusCode).toBe(404);
  });

  it('lets only the system rename a capability', async () => {
    const cap = await call('POST', `/api/v1/organisations/${icb.code}/capabilities`, icbToken, { name: 'Rostering' });
    const id = cap.json().id as string;
    expect((await call('PATCH', `/api/v1/capabilities/${id}`, trustToken, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/v1/capabilities/${id}`, outsiderToken, { name: 'Mine now' })).statusCode).toBe(404);
    const blank = await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { name: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields.name).toBeDefined();
    const ok = await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { name: 'E-rostering', description: 'Staff rotas' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'E-rostering', description: 'Staff rotas' });
  });

  it('lets only the system remove a roll-up measure, leaving members’ measures', async () => {
    const s = t.services;
    const second = await s.organisations.add({ code: uniqueCode(), name: 'Hill Trust', type: 'trust' });
    expect((await call('POST', `/api/v1/organisations/${icb.code}/memberships`, icbToken, { organisation: second.code, from: '2023-01-01' })).statusCode).toBe(201);
    const secondToken = (await s.people.createToken({ organisationId: second.id, name: 'hill', role: 'editor' })).token;
    const ids: string[] = [];
    for (const [org, token] of [[trust, trustToken], [second, secondToken]] as const) {
      const goal = await call('POST', `/api/v1/organisations/${org.code}/goals`, token, { statement: `${org.name}: more care at home` });
      const m = await call('POST', `/api/v1/goals/${goal.json().id}/measures`, token, { name: 'Admissions', definition: 'Virtual ward admissions in the week', unit: 'count', frequency: 'weekly', improvementDirection: 'increase', dataSource: 'Ward system' });
      expect(m.statusCode).toBe(201);
      ids.push(m.json().id as string);
    }
    const r = await call('POST', `/api/v1/organisations/${icb.code}/rollups`, icbToken, { name: 'Admissions', kind: 'sum', improvementDirection: 'increase', components: ids.map((measureId) => ({ measureId })) });
    expect(r.statusCode).toBe(201);
    const id = r.json().id as string;
    expect((await call('DELETE', `/api/v1/rollups/${id}`, trustToken)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/rollups/${id}`, outsiderToken)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/rollups/${id}`, icbToken)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/rollups/${id}`, icbToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/measures/${ids[0]}`, trustToken)).statusCode).toBe(200);
  });

  it('documents the systems API in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/api/v1/organisations/{code}/memberships', '/api/v1/organisations/{code}/principles', '/api/v1/organisations/{code}/capabilities', '/api/v1/capabilities/{capabilityId}/assessment', '/api/v1/organisations/{code}/alignment']) {
      expect(doc.paths[path]).toBeDefined();
    }
  });

  it('stops reads in both directions once a membership ends, keeping it as history', async () => {
    const goal = await call('POST', `/api/v1/organisations/${trust.code}/goals`, trustToken, { statement: 'Patients see their letters online' });
    expect((await call('GET', `/api/v1/goals/${goal.json().id}`, icbToken)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/organisations/${icb.code}/principles`, trustToken)).statusCode).toBe(200);
    const membership = (await call('GET', `/api/v1/organisations/${icb.code}/memberships`, icbToken)).json().memberships.find((m: { organisation: { code: string } }) => m.organisation.code === trust.code);
    expect((await call('PATCH', `/api/v1/memberships/${membership.id}`, trustToken, { to: '2026-06-02' })).statusCode).toBe(403);
    const ended = await call('PATCH', `/api/v1/memberships/${membership.id}`, icbToken, { to: '2026-06-02' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ to: '2026-06-02', current: false });
    expect((await call('GET', `/api/v1/goals/${goal.json().id}`, icbToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/organisations/${icb.code}/principles`, trustToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/organisations/${icb.code}/alignment`, trustToken)).statusCode).toBe(404);
    const history = (await call('GET', `/api/v1/organisations/${icb.code}/memberships`, icbToken)).json().memberships;
    expect(history.find((m: { id: string }) => m.id === membership.id)).toMatchObject({ from: '2022-07-01', to: '2026-06-02' });
    // The trust moves to another system the next day; the earlier membership stays.
    const next = await t.services.organisations.add({ code: uniqueCode(), name: 'Hill ICB', type: 'icb' });
    const nextToken = (await t.services.people.createToken({ organisationId: next.id, name: 'hill icb', role: 'editor' })).token;
    const early = await call('POST', `/api/v1/organisations/${next.code}/memberships`, nextToken, { organisation: trust.code, from: '2026-06-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields.from).toMatch(/Valley ICB/);
    expect((await call('POST', `/api/v1/organisations/${next.code}/memberships`, nextToken, { organisation: trust.code, from: '2026-06-03' })).statusCode).toBe(201);
    expect((await call('GET', `/api/v1/goals/${goal.json().id}`, nextToken)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/goals/${goal.json().id}`, icbToken)).statusCode).toBe(404);
  });
});
