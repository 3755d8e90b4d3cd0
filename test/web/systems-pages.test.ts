import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, csrfOf, openTestApp, type TestApp } from '../support/app.ts';
import { loadDemo } from '../../src/demo/demo.ts';
import { DEMO_ICB, DEMO_TRUST } from '../../src/demo/demo-content.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-content.ts';

describe('system pages', () => {
  let t: TestApp;
  let b: Browser;
  let email: string;

  beforeAll(async () => {
    t = await openTestApp('pglite');
    email = (await loadDemo(t.services)).email;
    b = new Browser(t.app);
    expect((await b.signIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
  });
  afterAll(() => t?.close());

  const capabilityId = async (name: string) => {
    const icb = await t.services.organisations.getByCode(DEMO_ICB.code);
    const actor = (await t.services.people.signIn(email, DEMO_PASSWORD)).session.actor;
    return (await t.services.systems.listCapabilities(actor, icb.id)).find((c) => c.capability.name === name)!.capability.id;
  };

  it('shows the system’s memberships with their dates and the sharing form to an editor', async () => {
    const res = await b.get(`/organisations/${DEMO_ICB.code}/system`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-testid="memberships"');
    expect(res.body).toContain('Eastmoor North Primary Care Network');
    expect(res.body).toContain('What members see of each other');
  });

  it('refuses an overlapping membership with the message next to the field, storing nothing', async () => {
    const res = await b.submit(`/organisations/${DEMO_ICB.code}/system`, `/organisations/${DEMO_ICB.code}/memberships`, { organisation: 'XDT02', from: '2025-01-01', to: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toMatch(/overlaps the membership/);
  });

  it('shows the matrix as a table and as a list per capability, and convergence', async () => {
    const res = await b.get(`/organisations/${DEMO_ICB.code}/capabilities`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('app-matrix__table');
    expect(res.body).toContain('app-matrix__list');
    expect(res.body).toContain('data-testid="convergence"');
  });

  it('shows the rule next to the scores and refuses a score out of range', async () => {
    const id = await capabilityId('Shared care record');
    const page = await b.get(`/capabilities/${id}`);
    expect(page.body).toContain('9 or more: run it once for the whole system');
    expect(page.body).toContain('Run it once for the whole system');
    const fields = { 'commonality.score': '7', 'commonality.reason': 'x', 'standardisation.score': '3', 'standardisation.reason': 'x', 'interoperability.score': '3', 'interoperability.reason': 'x', 'localVariation.score': '3', 'localVariation.reason': '' };
    const res = await b.submit(`/capabilities/${id}`, `/capabilities/${id}/assessment`, fields);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#commonality-score"');
    expect(res.body).toContain('href="#localVariation-reason"');
  });

  it('records a decision from the page into the decision log', async () => {
    const id = await capabilityId('E-prescribing');
    const res = await b.submit(`/capabilities/${id}`, `/capabilities/${id}/decision`, { decided: 'hybrid', decidedOn: new Date().toISOString().slice(0, 10), rationale: 'One formulary, local systems', guests: 'Pat Jones, patients’ representative' });
    expect(res.statusCode).toBe(303);
    const page = await b.get(`/capabilities/${id}`);
    expect(page.body).toContain('data-testid="decided"');
  });

  it('shows the alignment: contributions, a goal nobody contributes to, duplication and the exception', async () => {
    const res = await b.get(`/organisations/${DEMO_ICB.code}/alignment`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nobody contributes to this goal yet');
    expect(res.body).toContain('data-testid="duplication"');
    expect(res.body).toContain('data-testid="exceptions"');
    const rollup = /href="\/rollups\/([0-9a-f-]+)"/.exec(res.body)![1]!;
    const chart = await b.get(`/rollups/${rollup}`);
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain('<svg');
    expect(chart.body).toContain('data-testid="contributions"');
  });

  it('shows a member its system and principles, and refuses it setting the system’s principles', async () => {
    const res = await b.get(`/organisations/${DEMO_TRUST.code}/system`);
    expect(res.body).toContain('Your system: Fernbrook and Eastmoor');
    expect(res.body).toContain('Patients prove who they are with NHS login');
    const trust = await t.services.organisations.getByCode(DEMO_TRUST.code);
    const token = (await t.services.people.createToken({ organisationId: trust.id, name: 'x', role: 'editor' })).token;
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${DEMO_ICB.code}/principles`, headers: { authorization: `Bearer ${token}` }, payload: { title: 'x', rationale: 'y' } });
    expect(api.statusCode).toBe(403);
  });

  it('lets a member declare an exception with its reason, and asks for the reason', async () => {
    const trust = await t.services.organisations.getByCode(DEMO_TRUST.code);
    const actor = (await t.services.people.signIn(email, DEMO_PASSWORD)).session.actor;
    const initiative = await t.services.initiatives.create(actor, trust.id, { name: 'Digital letters', change: 'Letters go to the NHS App before the post' });
    const page = await b.get(`/initiatives/${initiative.id}/principles`);
    expect(page.statusCode).toBe(200);
    const principleId = /action="\/initiatives\/[0-9a-f-]+\/principles\/([0-9a-f-]+)"/.exec(page.body)![1]!;
    const url = `/initiatives/${initiative.id}/principles/${principleId}`;
    const missing = await b.submit(`/initiatives/${initiative.id}/principles`, url, { [`stance-${principleId}`]: 'exception', [`reason-${principleId}`]: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain(`href="#reason-${principleId}"`);
    const ok = await b.submit(`/initiatives/${initiative.id}/principles`, url, { [`stance-${principleId}`]: 'exception', [`reason-${principleId}`]: 'The supplier adds NHS login next year' });
    expect(ok.statusCode).toBe(303);
    expect((await b.get(`/initiatives/${initiative.id}/principles`)).body).toContain('The supplier adds NHS login next year');
  });

  it('refuses a form post without its CSRF token', async () => {
    const page = await b.get(`/organisations/${DEMO_ICB.code}/principles`);
    expect(csrfOf(page.body)).toBeTruthy();
    const res = await t.app.inject({ method: 'POST', url: `/organisations/${DEMO_ICB.code}/principles`, headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=x&rationale=y' });
    expect(res.statusCode).toBe(403);
  });
});
