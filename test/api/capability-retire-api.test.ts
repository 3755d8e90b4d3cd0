import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp, callWithToken } from '../support/app.ts';
import { addPerson, uniqueCode } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const NOW = new Date('2026-06-03T10:00:00Z');

/** Retiring, bringing back and deleting capabilities through the API (decision 0014). */
describe('capabilities API: retire, bring back, delete', () => {
  let t: TestApp;
  let icb: Organisation;
  let trust: Organisation;
  let otherIcb: Organisation;
  let icbToken: string;
  let viewerToken: string;
  let trustToken: string;
  let otherToken: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, bearer: string, body?: unknown) =>
    callWithToken(t.app, method, url, bearer, body);
  const add = async (name: string) => (await call('POST', `/api/v1/organisations/${icb.code}/capabilities`, icbToken, { name })).json().id as string;
  const names = async (status?: string) =>
    (await call('GET', `/api/v1/organisations/${icb.code}/capabilities${status ? `?status=${status}` : ''}`, icbToken)).json().capabilities.map((c: { name: string }) => c.name);

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => NOW);
    const s = t.services;
    icb = await s.organisations.add({ code: uniqueCode(), name: 'River ICB', type: 'icb' });
    trust = await s.organisations.add({ code: uniqueCode(), name: 'River Trust', type: 'trust' });
    otherIcb = await s.organisations.add({ code: uniqueCode(), name: 'Lake ICB', type: 'icb' });
    icbToken = (await s.people.createToken({ organisationId: icb.id, name: 'icb', role: 'editor' })).token;
    viewerToken = (await s.people.createToken({ organisationId: icb.id, name: 'icb viewer', role: 'viewer' })).token;
    trustToken = (await s.people.createToken({ organisationId: trust.id, name: 'trust', role: 'editor' })).token;
    otherToken = (await s.people.createToken({ organisationId: otherIcb.id, name: 'lake', role: 'editor' })).token;
    await addPerson(s, icb, 'admin');
    expect((await call('POST', `/api/v1/organisations/${icb.code}/memberships`, icbToken, { organisation: trust.code, from: '2022-07-01' })).statusCode).toBe(201);
  });
  afterAll(() => t?.close());

  it('retires a capability with its reason: out of the list, still readable, closed to entries and scores, and brought back', async () => {
    const id = await add('Virtual wards');
    expect((await call('PUT', `/api/v1/capabilities/${id}/entries/${trust.code}`, trustToken, { status: 'building', product: 'Own build', contractEnd: '2027-01-31' })).statusCode).toBe(200);
    const noReason = await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { retired: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.retiredReason).toMatch(/Enter the reason/);
    const retired = await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { retired: true, retiredReason: 'Part of the shared care record now' });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retired).toEqual({ at: NOW.toISOString(), by: 'icb', reason: 'Part of the shared care record now' });
    expect(await names()).not.toContain('Virtual wards');
    expect(await names('retired')).toEqual(['Virtual wards']);
    expect(await names('all')).toContain('Virtual wards');
    const one = await call('GET', `/api/v1/capabilities/${id}`, trustToken);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ name: 'Virtual wards', retired: { reason: 'Part of the shared care record now' } });
    expect(one.json().entries).toHaveLength(1);
    // A retired capability takes no entries, scores or decisions until it is brought back.
    expect((await call('PUT', `/api/v1/capabilities/${id}/entries/${trust.code}`, trustToken, { status: 'needed' })).statusCode).toBe(409);
    const sc = { score: 3, reason: 'Written down' };
    expect((await call('PUT', `/api/v1/capabilities/${id}/assessment`, icbToken, { commonality: sc, standardisation: sc, interoperability: sc, localVariation: sc })).statusCode).toBe(409);
    expect((await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { retired: true, retiredReason: 'Again' })).statusCode).toBe(409);
    const restored = await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { retired: false });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().retired).toBeNull();
    expect(await names()).toContain('Virtual wards');
    expect((await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { retired: false })).statusCode).toBe(409);
    expect((await call('PATCH', `/api/v1/capabilities/${id}`, icbToken, { retiredReason: 'Only a reason' })).statusCode).toBe(400);
    const history = await t.storage.stores.audit.history('capability', [id], 10);
    expect(history.filter((e) => 'retired' in e.changes).map((e) => e.changes.retired)).toEqual([
      { before: 'Part of the shared care record now', after: null },
      { before: null, after: 'Part of the shared care record now' },
    ]);
  });

  it('refuses a member, a viewer and another system retiring or deleting', async () => {
    const id = await add('Imaging');
    for (const token of [trustToken, viewerToken]) {
      expect((await call('PATCH', `/api/v1/capabilities/${id}`, token, { retired: true, retiredReason: 'Mine now' })).statusCode).toBe(403);
      expect((await call('DELETE', `/api/v1/capabilities/${id}`, token)).statusCode).toBe(403);
    }
    expect((await call('PATCH', `/api/v1/capabilities/${id}`, otherToken, { retired: true, retiredReason: 'Mine now' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/capabilities/${id}`, otherToken)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/capabilities/not-an-id`, icbToken)).statusCode).toBe(404);
    const still = await call('GET', `/api/v1/capabilities/${id}`, icbToken);
    expect(still.json()).toMatchObject({ name: 'Imaging', retired: null });
  });

  it('deletes a capability with its entries and assessment, with an audit record', async () => {
    const id = await add('Rostering');
    expect((await call('PUT', `/api/v1/capabilities/${id}/entries/${trust.code}`, trustToken, { status: 'in_use', product: 'Rota' })).statusCode).toBe(200);
    const sc = { score: 2, reason: 'Written down' };
    expect((await call('PUT', `/api/v1/capabilities/${id}/assessment`, icbToken, { commonality: sc, standardisation: sc, interoperability: sc, localVariation: sc })).statusCode).toBe(200);
    const gone = await call('DELETE', `/api/v1/capabilities/${id}`, icbToken);
    expect(gone.statusCode).toBe(204);
    expect((await call('GET', `/api/v1/capabilities/${id}`, icbToken)).statusCode).toBe(404);
    expect(await t.storage.stores.systems.listEntries([id])).toEqual([]);
    expect(await t.storage.stores.systems.findAssessment(id)).toBeNull();
    const [deleted] = await t.storage.stores.audit.history('capability', [id], 1);
    expect(deleted).toMatchObject({ action: 'deleted', organisationId: icb.id });
    expect(deleted!.changes.entries).toEqual({ before: 1, after: null });
  });

  it('never deletes a capability that a decision concerns: 409, retire it instead', async () => {
    const id = await add('Shared care record');
    const sc = { score: 5, reason: 'Written down' };
    expect((await call('PUT', `/api/v1/capabilities/${id}/assessment`, icbToken, { commonality: sc, standardisation: sc, interoperability: sc, localVariation: { score: 1, reason: 'Little' } })).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/capabilities/${id}/decisions`, icbToken, { decided: 'system', decidedOn: '2026-06-01', rationale: 'Common need', present: [{ name: 'Sam Lead', discipline: 'digital' }] })).statusCode).toBe(201);
    const refused = await call('DELETE', `/api/v1/capabilities/${id}`, icbToken);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/decision.*Retire it instead/);
    expect((await call('GET', `/api/v1/capabilities/${id}`, icbToken)).statusCode).toBe(200);
    // A decision recorded in the decision log itself, naming the capability, keeps it too.
    const other = await add('Cyber security');
    const logged = await call('POST', `/api/v1/organisations/${icb.code}/decisions`, icbToken, { kind: 'other', decidedOn: '2026-06-01', what: 'Cyber first', rationale: 'Attacks', present: [{ name: 'Sam Lead', discipline: 'digital' }], items: [{ type: 'capability', id: other }] });
    expect(logged.statusCode, logged.body).toBe(201);
    expect((await call('DELETE', `/api/v1/capabilities/${other}`, icbToken)).statusCode).toBe(409);
    // Retired, it is still kept with its decision.
    expect((await call('PATCH', `/api/v1/capabilities/${other}`, icbToken, { retired: true, retiredReason: 'Run by the region now' })).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/capabilities/${other}`, icbToken)).statusCode).toBe(409);
  });

  it('refuses a session call without its CSRF proof', async () => {
    const id = await add('Patient portal');
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/capabilities/${id}`, headers: { origin: 'https://evil.example' } });
    expect([401, 403]).toContain(res.statusCode);
    expect((await call('GET', `/api/v1/capabilities/${id}`, icbToken)).statusCode).toBe(200);
  });

  it('documents retiring and deleting in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; responses: Record<string, unknown> }>> }>();
    const path = doc.paths['/api/v1/capabilities/{capabilityId}']!;
    expect(Object.keys(path.patch!.requestBody!.content['application/json']!.schema.properties)).toEqual(expect.arrayContaining(['retired', 'retiredReason']));
    expect(path.delete!.responses['409']).toBeDefined();
  });
});
