import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation } from '../support/builders.ts';

describe('organisations API', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await openTestApp();
    const org = await addOrganisation(t.services, 'Gamma Trust');
    await addOrganisation(t.services, 'Delta Trust');
    token = (await t.services.people.createToken({ organisationId: org.id, name: 'lookup', role: 'viewer' })).token;
  });
  afterAll(() => t?.close());

  const get = (url: string, bearer: string | null = token) =>
    t.app.inject({ method: 'GET', url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  it('lists only the caller’s organisations', async () => {
    const res = await get('/api/v1/organisations');
    expect(res.json().organisations.map((o: { name: string }) => o.name)).toEqual(['Gamma Trust']);
  });

  it('finds real NHS trusts and ICBs by name or code, with the licence', async () => {
    const byName = await get('/api/v1/reference/organisations?q=barnsley');
    expect(byName.statusCode).toBe(200);
    expect(byName.json().organisations).toContainEqual(expect.objectContaining({ code: 'RFF', type: 'trust' }));
    expect(byName.json().attribution).toContain('Open Government Licence v3.0');
    const byCode = await get('/api/v1/reference/organisations?q=G6V2S');
    expect(byCode.json().organisations.map((o: { code: string }) => o.code)).toEqual(['G6V2S']);
    const icbs = await get('/api/v1/reference/organisations?q=integrated%20care%20board&limit=100');
    expect(icbs.json().organisations.length).toBe(42);
  });

  it('refuses bad limits and callers without a token', async () => {
    expect((await get('/api/v1/reference/organisations?limit=0')).statusCode).toBe(400);
    expect((await get('/api/v1/reference/organisations', null)).statusCode).toBe(401);
  });
});
