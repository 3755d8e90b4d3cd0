import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, csrfOf, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

describe('pages', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let editorEmail: string;
  let outsiderEmail: string;

  beforeAll(async () => {
    t = await openTestApp('pglite', {});
    org = await addOrganisation(t.services, 'Alpha Trust');
    other = await addOrganisation(t.services, 'Beta Trust');
    editorEmail = (await addPerson(t.services, org, 'editor', 'Edna Editor')).email;
    outsiderEmail = (await addPerson(t.services, other, 'admin', 'Olu Outsider')).email;
  });
  afterAll(() => t?.close());

  it('sends people who are not signed in to the sign-in page', async () => {
    const res = await new Browser(t.app).get(`/organisations/${org.code}/problems`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/organisations/${org.code}/problems`)}`);
  });

  it('signs in, shows the organisation in the header, and signs out', async () => {
    const b = new Browser(t.app);
    const res = await b.signIn(editorEmail, TEST_PASSWORD);
    expect(res.statusCode).toBe(303);
    const home = await b.get('/');
    expect(home.headers.location).toBe(`/organisations/${org.code}/board-report`);
    const list = await b.get(`/organisations/${org.code}/problems`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Alpha Trust');
    expect(list.body).toContain('Edna Editor');
    const out = await b.submit('/sign-out', '/sign-out', {});
    expect(out.headers.location).toBe('/sign-in');
    expect((await b.get(`/organisations/${org.code}/problems`)).statusCode).toBe(303);
  });

  it('renders the NHS macros’ HTML once, not escaped twice', async () => {
    const page = await new Browser(t.app).get('/sign-in');
    expect(page.body).toMatch(/<label\s+class="nhsuk-label"\s+for="email">/);
    expect(page.body).not.toContain('&amp;lt;');
  });

  it('shows a clear error for a wrong password, with the email kept', async () => {
    const b = new Browser(t.app);
    const res = await b.signIn(editorEmail, 'wrong password entirely');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter the email address and password of your account');
    expect(res.body).toContain(`value="${editorEmail}"`);
  });

  it('refuses a form without a valid CSRF token', async () => {
    const b = new Browser(t.app);
    await b.signIn(editorEmail, TEST_PASSWORD);
    const res = await t.app.inject({
      method: 'POST',
      url: `/organisations/${org.code}/problems`,
      headers: { cookie: b.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'title=Forged&description=x&affected=staff&severity=3&reach=1',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
  });

  it('adds a problem with evidence through the form and shows it with its history', async () => {
    const b = new Browser(t.app);
    await b.signIn(editorEmail, TEST_PASSWORD);
    const res = await b.submit(`/organisations/${org.code}/problems/new`, `/organisations/${org.code}/problems`, {
      title: 'Pharmacy cannot see discharge prescriptions',
      description: 'TTOs are written on paper and walked to pharmacy.',
      affected: 'both',
      affectedGroup: 'patients going home',
      severity: '4',
      reach: '900',
      themes: 'discharge, medicines',
      status: 'open',
      evidenceKind: 'staff_survey',
      evidenceSummary: '62% of ward staff say TTOs delay discharge',
      evidenceLink: '',
      evidenceCount: '140',
    });
    expect(res.statusCode).toBe(303);
    const page = await b.get(res.headers.location as string);
    expect(page.body).toContain('Pharmacy cannot see discharge prescriptions');
    expect(page.body).toContain('62% of ward staff say TTOs delay discharge');
    expect(page.body).toContain('Problem added');
    expect(page.body).toMatch(/History[\s\S]*Added evidence[\s\S]*Created/);
    const id = (res.headers.location as string).split('/')[2]!.split('?')[0]!;
    const edited = await b.submit(`/problems/${id}/edit`, `/problems/${id}/edit`, {
      title: 'Pharmacy cannot see e-prescriptions at discharge', description: 'TTOs are written on paper.', affected: 'both',
      affectedGroup: '', severity: '4', reach: '900', themes: 'discharge', status: 'open',
    });
    expect(edited.statusCode).toBe(303);
    const after = await b.get(`/problems/${id}`);
    // The change to a text field reads before → after in History.
    expect(after.body).toMatch(/Title:\s*<span class="app-history__before"><span class="nhsuk-u-visually-hidden">from <\/span>Pharmacy cannot see discharge prescriptions<\/span> → <span class="nhsuk-u-visually-hidden">to <\/span>Pharmacy cannot see e-prescriptions at discharge/);
  });

  it('re-renders the form with the NHS error summary and keeps what was typed', async () => {
    const b = new Browser(t.app);
    await b.signIn(editorEmail, TEST_PASSWORD);
    const res = await b.submit(`/organisations/${org.code}/problems/new`, `/organisations/${org.code}/problems`, {
      title: 'Kept title',
      description: '',
      severity: '9',
      reach: 'lots',
      evidenceSummary: 'Some summary',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('href="#description"');
    expect(res.body).toContain('Reach must be a whole number');
    expect(res.body).toContain('href="#evidenceKind"');
    expect(res.body).toContain('value="Kept title"');
    expect(res.body).toMatch(/<title>Error: /);
  });

  it('does not show or change another organisation’s problems', async () => {
    const editor = new Browser(t.app);
    await editor.signIn(editorEmail, TEST_PASSWORD);
    const created = await editor.submit(`/organisations/${org.code}/problems/new`, `/organisations/${org.code}/problems`, {
      title: 'Private to Alpha', description: 'x', affected: 'staff', severity: '2', reach: '5', status: 'open',
    });
    const url = created.headers.location as string;
    const id = url.split('/')[2]!.split('?')[0]!;
    const outsider = new Browser(t.app);
    await outsider.signIn(outsiderEmail, TEST_PASSWORD);
    expect((await outsider.get(`/problems/${id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/organisations/${org.code}/problems`)).statusCode).toBe(404);
    expect((await outsider.get(`/organisations/${org.code}/members`)).statusCode).toBe(404);
    const page = await outsider.get(`/organisations/${other.code}/problems/new`);
    const change = await t.app.inject({
      method: 'POST',
      url: `/problems/${id}/edit`,
      headers: { cookie: outsider.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), title: 'Hijacked', description: 'x', affected: 'staff', severity: '1', reach: '1', status: 'open' }).toString(),
    });
    expect(change.statusCode).toBe(404);
    expect((await t.services.problems.get((await addPerson(t.services, org, 'viewer')).actor, id)).title).toBe('Private to Alpha');
  });

  it('lets an admin add a member, and refuses non-admins', async () => {
    const adminEmail = (await addPerson(t.services, org, 'admin', 'Ada Admin')).email;
    const admin = new Browser(t.app);
    await admin.signIn(adminEmail, TEST_PASSWORD);
    const res = await admin.submit(`/organisations/${org.code}/members/new`, `/organisations/${org.code}/members`, {
      email: 'new.person@example.nhs.uk', name: 'New Person', role: 'contributor', discipline: 'patients_representative', password: 'a long first password',
    });
    expect(res.statusCode).toBe(303);
    const list = await admin.get(`/organisations/${org.code}/members`);
    expect(list.body).toContain('New Person');
    expect(list.body).toContain('Patients’ representative');
    const editor = new Browser(t.app);
    await editor.signIn(editorEmail, TEST_PASSWORD);
    expect((await editor.get(`/organisations/${org.code}/members/new`)).statusCode).toBe(403);
    const again = await admin.submit(`/organisations/${org.code}/members/new`, `/organisations/${org.code}/members`, {
      email: 'new.person@example.nhs.uk', name: 'New Person', role: 'viewer', discipline: 'board',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('new.person@example.nhs.uk is already a member of this organisation');
    const bad = await admin.submit(`/organisations/${org.code}/members/new`, `/organisations/${org.code}/members`, { email: 'not-an-email', role: 'boss' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address in the correct format');
  });

  it('sends security headers with a CSP and hides internals on errors', async () => {
    const res = await new Browser(t.app).get('/sign-in');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    const notFound = await new Browser(t.app).get('/no-such-page');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.body).toContain('Page not found');
    expect(notFound.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
