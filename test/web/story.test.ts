import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { Browser } from '../support/app.ts';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem, TEST_PASSWORD, uniqueCode } from '../support/builders.ts';
import { addPeriods } from '../../src/domain/period.ts';

const NOW = new Date('2025-03-12T10:00:00Z');
const LAST_WEEK = '2025-03-03';
const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

describe('the strategy story, its versions and the public page', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let org: Organisation;
  let admin: { email: string; actor: Actor };
  let editor: { email: string; actor: Actor };
  let viewer: { email: string; actor: Actor };
  let outsider: { email: string; actor: Actor };
  let measureId: string;
  const CHECK_IN = 'Supplier contract dispute discussed in private';
  const INTERNAL_NOTE = 'internal-value-note-do-not-publish';
  const EVIDENCE_LINK = 'https://intranet.example.nhs.uk/private-survey';

  // The API from a signed-in browser session.
  const api = (actor: { email: string }, method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { cookie: browsers.get(actor.email)!.cookies, origin: 'http://localhost:80' }, ...(body === undefined ? {} : { payload: body as object }) });
  const browsers = new Map<string, Browser>();

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => NOW);
    app = await createApp(world.services);
    await app.ready();
    const s = world.services;
    org = await addOrganisation(s, 'Story Trust');
    const other = await addOrganisation(s, 'Other Trust');
    admin = await addPerson(s, org, 'admin', 'Ada Admin');
    editor = await addPerson(s, org, 'editor', 'Edna Editor');
    viewer = await addPerson(s, org, 'viewer', 'Vic Viewer');
    outsider = await addPerson(s, other, 'admin', 'Olu Outsider');
    for (const p of [admin, editor, viewer, outsider]) {
      const b = new Browser(app);
      await b.signIn(p.email, TEST_PASSWORD);
      browsers.set(p.email, b);
    }
    const problem = await s.problems.create(editor.actor, org.id, {
      ...buildProblem({ title: 'Letters reach patients after their appointment' }),
      evidence: [{ kind: 'patient_feedback', summary: 'Forty complaints about late letters', link: EVIDENCE_LINK }],
    });
    const editorId = editor.actor.kind === 'user' ? editor.actor.userId : '';
    const goal = await s.goals.create(editor.actor, org.id, { statement: 'Fewer missed appointments by next year', problemIds: [problem.id], ownerIds: [editorId] });
    // A series that starts badly (a concern) and is then improved.
    const m = await addWeeklyMeasure(s, editor.actor, goal.id, { name: 'Appointments missed', improvementDirection: 'decrease', target: 8 }, [...steady, 30], LAST_WEEK);
    measureId = m.id;
    await s.measures.update(editor.actor, m.id, { ownerUserId: editorId });
    await s.measures.recordValues(editor.actor, m.id, [{ period: LAST_WEEK, value: 30, note: INTERNAL_NOTE }]);
    await s.checkIns.create(editor.actor, goal.id, { period: LAST_WEEK, whatHappened: CHECK_IN, whatNext: 'Talk to the supplier again', confidence: 2 });
  });

  afterAll(async () => {
    await app.close();
    await world.close();
  });

  it('tells the parts that have something to tell, in order, and leaves out those with nothing to tell', async () => {
    const res = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/story`);
    expect(res.statusCode).toBe(200);
    const sections = [...res.body.matchAll(/data-section="(\w+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(['why', 'change', 'know', 'who']);
    expect(res.body).toContain('Letters reach patients after their appointment');
    expect(res.body).toContain('Forty complaints about late letters');
    expect(res.body).toContain('Fewer missed appointments by next year');
    expect(res.body).not.toMatch(/Our principles|Our choices|How we will do it|system and what we do locally/);
  });

  it('says what is missing when the story is published without a mission', async () => {
    const res = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.mission).toMatch(/mission/i);
    const page = await browsers.get(editor.email)!.submit(`/organisations/${org.code}/story`, `/organisations/${org.code}/story/versions`, { note: '' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('Write the mission before publishing');
  });

  it('saves the board’s words and checks them for plain English', async () => {
    const b = browsers.get(editor.email)!;
    const res = await b.submit(`/organisations/${org.code}/story/edit`, `/organisations/${org.code}/story/edit`, {
      mission: 'We will leverage digital transformation going forward. Letters will be sent on time.',
      narrative_why: 'Patients tell us letters come late.',
    });
    expect(res.statusCode).toBe(303);
    const page = await b.get(res.headers.location as string);
    expect(page.body).toContain('Changes saved');
    expect(page.body).toMatch(/Instead of “leverage”/);
    expect(page.body).toMatch(/Instead of “digital transformation”/);
    expect(page.body).toMatch(/passive voice/);
  });

  it('rejects a narrative that is too long, next to the field, and keeps what was typed', async () => {
    const b = browsers.get(editor.email)!;
    const res = await b.submit(`/organisations/${org.code}/story/edit`, `/organisations/${org.code}/story/edit`, { mission: 'x'.repeat(1600) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Keep this to 1,500 characters or fewer');
    const settings = await world.services.story.settings(editor.actor, org.id);
    expect(settings.mission).toMatch(/^We will leverage/);
  });

  it('lets a viewer read but not publish, and hides the story from another organisation', async () => {
    expect((await api(viewer, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {})).statusCode).toBe(403);
    expect((await api(outsider, 'GET', `/api/v1/organisations/${org.code}/story`)).statusCode).toBe(404);
    expect((await browsers.get(outsider.email)!.get(`/organisations/${org.code}/story`)).statusCode).toBe(404);
  });

  it('publishes frozen versions and compares them', async () => {
    const first = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, { note: 'First board' });
    expect(first.statusCode).toBe(201);
    expect(first.json().number).toBe(1);
    // The measure improves, a goal is added: the story changes, version 1 does not.
    const values = Array.from({ length: 9 }, (_, i) => ({ period: addPeriods(LAST_WEEK, 'weekly', -8 + i), value: 3 }));
    await world.services.measures.recordValues(editor.actor, measureId, values);
    const goal2 = await world.services.goals.create(editor.actor, org.id, { statement: 'Every GP gets the discharge summary within a day' });
    const second = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    expect(second.json().number).toBe(2);

    const v1 = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/versions/1`)).json();
    expect(v1.document.facts.goals.map((g: { id: string }) => g.id)).not.toContain(goal2.id);
    expect(v1.note).toBe('First board');

    const compare = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/compare?from=1&to=2`);
    expect(compare.statusCode).toBe(200);
    const c = compare.json();
    expect(c.goalsAdded.map((g: { id: string }) => g.id)).toEqual([goal2.id]);
    expect(c.measuresImproved.map((m: { id: string }) => m.id)).toEqual([measureId]);

    const page = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/story/compare?from=1&to=2`);
    expect(page.body).toContain('Goals added');
    expect(page.body).toContain('Measures that moved from concern to improvement');

    const list = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/versions`)).json();
    expect(list.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);
  });

  it('gives clear messages for a missing version, a compare with itself and a version that is not a number', async () => {
    const missing = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/versions/99`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('Version 99 of the story was not found');
    const self = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/compare?from=2&to=2`);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields.to).toMatch(/different version/);
    const nan = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/versions/abc`);
    expect(nan.statusCode).toBe(400);
    expect(nan.json().error.fields.version).toMatch(/version number/);
  });

  it('serves no public page until an admin opts in, and an editor cannot switch it on', async () => {
    const anon = new Browser(app);
    expect((await anon.get(`/public/${org.code}/strategy`)).statusCode).toBe(404);
    const res = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    expect(res.statusCode).toBe(201);
    await expect(world.services.story.updateSettings(editor.actor, org.id, { publicEnabled: true })).rejects.toThrow(/Only an admin/);
    expect((await anon.get(`/public/${org.code}/strategy`)).statusCode).toBe(404);
  });

  it('shows only the latest published version publicly, with no check-in text, internal notes or names', async () => {
    const b = browsers.get(admin.email)!;
    const saved = await b.submit(`/organisations/${org.code}/story/settings`, `/organisations/${org.code}/story/settings`, { publicFields: '1', publicEnabled: 'true', trustCode: '', peerCodes: '', jargon: '' });
    expect(saved.statusCode).toBe(303);
    // A draft written after the last publication must not appear.
    await world.services.story.updateSettings(editor.actor, org.id, { mission: 'Unpublished draft mission about the merger' });
    const anon = new Browser(app);
    const page = await anon.get(`/public/${org.code}/strategy`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Version 3');
    expect(page.body).toContain('Letters reach patients after their appointment');
    expect(page.body).toContain('We will leverage digital transformation');
    for (const secret of ['Unpublished draft mission', CHECK_IN, 'Talk to the supplier again', INTERNAL_NOTE, EVIDENCE_LINK, 'Edna Editor', 'Ada Admin', 'Vic Viewer', admin.email, editor.email, '_csrf', 'Sign out']) {
      expect(page.body, secret).not.toContain(secret);
    }
    expect(page.headers['cache-control']).toMatch(/public/);
    const again = await app.inject({ url: `/public/${org.code}/strategy`, headers: { 'if-none-match': String(page.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('shows names on the public page only once the organisation chooses to', async () => {
    await world.services.story.updateSettings(admin.actor, org.id, { publicShowNames: true });
    const page = await app.inject({ url: `/public/${org.code}/strategy` });
    expect(page.body).toContain('Edna Editor');
    expect(page.body).not.toContain(CHECK_IN);
    await world.services.story.updateSettings(admin.actor, org.id, { publicShowNames: false });
    expect((await app.inject({ url: `/public/${org.code}/strategy` })).body).not.toContain('Edna Editor');
  });

  it('is a 404 for an organisation that does not exist or a code that is not one', async () => {
    expect((await app.inject({ url: '/public/ZZZ99/strategy' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/public/%3Cscript%3E/strategy' })).statusCode).toBe(404);
  });

  it('exports the story as Markdown and printable HTML', async () => {
    const b = browsers.get(viewer.email)!;
    const mdRes = await b.get(`/organisations/${org.code}/story/export?format=md`);
    expect(mdRes.statusCode).toBe(200);
    expect(mdRes.headers['content-type']).toMatch(/text\/markdown/);
    expect(mdRes.body).toMatch(/^# Story Trust: our digital strategy/);
    expect(mdRes.body).toContain('## What will change');
    const html = await b.get(`/organisations/${org.code}/story/versions/1/export?format=html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<style>');
    expect(html.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    expect((await b.get(`/organisations/${org.code}/story/export?format=docx`)).statusCode).toBe(400);
  });

  it('makes the board pack with the summary by variation and assurance, and refuses a bad date or format', async () => {
    const md = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=2027-01-14&format=md`);
    expect(md.statusCode).toBe(200);
    expect(md.body).toContain('board pack for 14 January 2027');
    expect(md.body).toContain('by variation and assurance');
    expect(md.body).toContain('Appointments missed: the latest values and process limits');
    expect(md.body).not.toContain(CHECK_IN);
    const badDate = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=14/01/2027&format=md`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields.date).toMatch(/YYYY-MM-DD/);
    const badFormat = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=2027-01-14&format=doc`);
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().error.fields.format).toMatch(/pdf, md/);
    const page = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/board-pack?date=2027-02-30&format=html`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter the meeting date as YYYY-MM-DD');
    expect((await api(outsider, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=2027-01-14&format=md`)).statusCode).toBe(404);
  });

  it('copies an example with where it came from', async () => {
    const b = browsers.get(editor.email)!;
    const res = await b.submit(`/organisations/${org.code}/examples`, `/organisations/${org.code}/examples/discharge-summaries/copy`, {});
    expect(res.statusCode).toBe(303);
    const page = await b.get(res.headers.location as string);
    expect(page.body).toContain('“Discharge summaries to GPs” copied');
    expect(page.body).toContain('Copied by Edna Editor');
    const story = await b.get(`/organisations/${org.code}/story`);
    expect(story.body).toContain('started from worked examples');
    // The editors' note on the copied problem is for adapting it, not for the story.
    expect(story.body).not.toContain('adapt it to your organisation');
    expect((await browsers.get(viewer.email)!.submit('/sign-out', `/organisations/${org.code}/examples/discharge-summaries/copy`, {})).statusCode).toBe(403);
    expect((await b.submit(`/organisations/${org.code}/examples`, `/organisations/${org.code}/examples/no-such/copy`, {})).statusCode).toBe(404);
  });

  it('tells our choices, the roadmap and the decisions taken, and compares initiatives started and stopped', async () => {
    const s = world.services;
    const before = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    const portal = await s.initiatives.create(editor.actor, org.id, { name: 'Letters by text message', change: 'The booking team sends letters by text first and posts only on request', status: 'in_progress', startQuarter: '2025-Q1', endQuarter: '2025-Q3', level: 'local' });
    await s.stopItems.create(editor.actor, org.id, { title: 'Weekly paper bed report', kind: 'report', reason: 'Nobody reads it', stopOn: '2025-04-01', status: 'planned' });
    await s.doDifferently.create(editor.actor, org.id, { title: 'Book follow-ups before the patient leaves clinic', description: 'The clinic books the next appointment at the desk' });
    await s.decisions.record(editor.actor, org.id, {
      kind: 'prioritisation',
      decidedOn: '2025-03-10',
      what: 'Commit to letters by text this quarter',
      options: ['Commit now', 'Wait'],
      rationale: 'Letters are late for most patients.',
      present: [{ name: 'Pat Jones', discipline: 'patients_representative' }],
      items: [],
    });
    const page = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/story`);
    const sections = [...page.body.matchAll(/data-section="(\w+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(['why', 'mission', 'change', 'choices', 'how', 'know', 'who']);
    expect(page.body).toContain('Weekly paper bed report');
    expect(page.body).toContain('Book follow-ups before the patient leaves clinic');
    expect(page.body).toMatch(/<svg[^>]*aria-labelledby="roadmap-title/);
    expect(page.body).toContain('Commit to letters by text this quarter');

    const after = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    const c = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/compare?from=${before.json().number}&to=${after.json().number}`)).json();
    expect(c.initiativesStarted.map((i: { id: string }) => i.id)).toEqual([portal.id]);
    expect(c.decisionsSince.map((d: { title: string }) => d.title)).toEqual(['Commit to letters by text this quarter']);
    await s.initiatives.stop(editor.actor, portal.id, { on: '2025-03-11' });
    const stopped = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    const c2 = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/compare?from=${after.json().number}&to=${stopped.json().number}`)).json();
    expect(c2.initiativesStopped.map((i: { id: string }) => i.id)).toEqual([portal.id]);

    const pack = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=2025-03-20&format=md`);
    expect(pack.body).toContain('## Decisions since the last meeting');
    expect(pack.body).toContain('Commit to letters by text this quarter');
    expect(pack.body).toContain('## The stop list’s progress');
  });

  it('tells an organisation’s own principles without a system, and links them from the story’s edit page', async () => {
    const s = world.services;
    const lone = await addOrganisation(s, 'Lone Principles Trust');
    const lead = await addPerson(s, lone, 'editor', 'Lee Lone');
    const b = new Browser(app);
    await b.signIn(lead.email, TEST_PASSWORD);
    expect((await b.get(`/organisations/${lone.code}/story`)).body).not.toContain('data-section="principles"');
    const edit = await b.get(`/organisations/${lone.code}/story/edit`);
    expect(edit.body).toContain(`href="/organisations/${lone.code}/principles"`);
    await s.systems.addPrinciple(lead.actor, lone.id, { title: 'Staff sign in once a shift', rationale: 'Time back for care' });
    const page = await b.get(`/organisations/${lone.code}/story`);
    const told = page.body.slice(page.body.indexOf('data-section="principles"'));
    expect(told).toContain('Our own principles');
    expect(told).toContain('Staff sign in once a shift');
    expect(told).not.toContain('The principles of');
  });

  it('tells the system’s principles, what is done at system level and locally, and the review rhythm, and compares them', async () => {
    const s = world.services;
    const icb = await s.organisations.add({ code: uniqueCode(), name: 'Story Valley ICB', type: 'icb' });
    const lead = await addPerson(s, icb, 'editor', 'Ivy Icb');
    await s.systems.addMembership(lead.actor, icb.id, { organisation: org.code, from: '2024-04-01' });
    const icbActor = await s.systems.withCurrentReads(lead.actor);
    const before = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    await s.systems.addPrinciple(icbActor, icb.id, { title: 'Patient data stays in the UK', rationale: 'UK GDPR and what patients tell us they expect' });
    const own = await api(editor, 'POST', `/api/v1/organisations/${org.code}/principles`, { title: 'We ask patients before we build', rationale: 'They know what the letters get wrong' });
    expect(own.statusCode).toBe(201);
    const cap = await s.systems.addCapability(icbActor, icb.id, { name: 'Virtual wards' });
    const mine = await s.systems.withCurrentReads(editor.actor);
    await s.systems.putEntry(mine, cap.id, org.id, { status: 'in_use', product: 'WardWatch', supplier: 'Secret Supplier Ltd', contractEnd: '2027-01-31', serves: 'well', servesReason: 'Nurses like it' });
    const sc = (score: number) => ({ score, reason: 'Written down' });
    await s.systems.putAssessment(icbActor, cap.id, { commonality: sc(5), standardisation: sc(3), interoperability: sc(4), localVariation: sc(2) });
    await s.systems.decideCapability(icbActor, cap.id, { decided: 'system', decidedOn: '2025-03-10', rationale: 'Every member needs it', present: [{ name: 'Sam Lead', discipline: 'digital' }] });
    await s.reviews.updateSettings(editor.actor, org.id, { frequency: 'monthly' });

    const page = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/story`);
    const sections = [...page.body.matchAll(/data-section="(\w+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(['why', 'mission', 'principles', 'change', 'choices', 'how', 'system', 'know', 'who']);
    expect(page.body).toContain('Patient data stays in the UK');
    expect(page.body).toContain('member of Story Valley ICB');
    // The system's principles, then the organisation's own, each under its heading.
    const told = page.body.slice(page.body.indexOf('data-section="principles"'), page.body.indexOf('data-section="change"'));
    const order = ['The principles of our system, Story Valley ICB', 'Patient data stays in the UK', 'Our own principles', 'We ask patients before we build'].map((x) => told.indexOf(x));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(told).toMatch(/<h3[^>]*>Our own principles<\/h3>/);
    expect(told).toMatch(/<h4[^>]*>We ask patients before we build<\/h4>/);
    // A story table names each value by its column too, for the cards it becomes on a narrow screen.
    expect(page.body).toMatch(/Virtual wards<\/t[dh]>\s*<td[^>]*><span class="nhsuk-table-responsive__heading" aria-hidden="true">Where it is done <\/span>Once for the whole system/);
    expect(page.body).toContain('In use: WardWatch');
    expect(page.body).toContain('Every month we hold a review');
    expect(page.body).not.toContain('Secret Supplier Ltd');

    const after = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    const c = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/compare?from=${before.json().number}&to=${after.json().number}`)).json();
    expect(c.principlesAdded.map((p: { title: string }) => p.title)).toEqual(['Patient data stays in the UK', 'We ask patients before we build']);
    expect(c.capabilitiesMoved).toEqual([{ id: cap.id, name: 'Virtual wards', from: null, to: 'system' }]);
    const comparePage = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/story/compare?from=${before.json().number}&to=${after.json().number}`);
    expect(comparePage.body).toContain('Principles added');
    expect(comparePage.body).toContain('Virtual wards: not assessed before, now once for the whole system');
    // The published version is frozen: a principle added later is not in it, nor on the public page.
    await s.systems.addPrinciple(icbActor, icb.id, { title: 'Unpublished principle on shared contracts', rationale: 'Draft' });
    await s.systems.addPrinciple(editor.actor, org.id, { title: 'Unpublished own principle on paper', rationale: 'Draft' });
    const version = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/versions/${after.json().number}`)).json();
    expect(version.document.facts.principles).toHaveLength(2);
    const pub = await app.inject({ url: `/public/${org.code}/strategy` });
    expect(pub.body).toContain('Patient data stays in the UK');
    expect(pub.body).toContain('We ask patients before we build');
    expect(pub.body).not.toContain('Unpublished own principle');
    const md = await browsers.get(viewer.email)!.get(`/organisations/${org.code}/story/versions/${after.json().number}/export?format=md`);
    expect(md.statusCode).toBe(200);
    expect(md.body).toMatch(/### Our own principles\n\n[^\n]+\n\n#### We ask patients before we build/);
    const later = await api(editor, 'POST', `/api/v1/organisations/${org.code}/story/versions`, {});
    const c3 = (await api(viewer, 'GET', `/api/v1/organisations/${org.code}/story/compare?from=${after.json().number}&to=${later.json().number}`)).json();
    expect(c3.principlesAdded.map((p: { title: string }) => p.title)).toEqual(['Unpublished principle on shared contracts', 'Unpublished own principle on paper']);
    expect(pub.body).toContain('Once for the whole system');
    for (const secret of ['Unpublished principle', 'Secret Supplier Ltd', 'Ivy Icb', 'Sam Lead', 'Nurses like it']) expect(pub.body, secret).not.toContain(secret);

    const pack = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=2025-03-20&format=md`);
    expect(pack.body).toContain('## Decisions needed');
    expect(pack.body).toContain('## Strategy health checks');
    const cover = pack.body.slice(0, pack.body.indexOf('## Board report'));
    const open = (await s.reviews.queue(viewer.actor, org.id)).items.filter((i) => !i.decision);
    expect(open.length).toBeGreaterThan(0);
    for (const i of open) expect(cover).toContain(i.evidence.summary);
    expect(cover).toMatch(/\d+ of \d+ checks? needs? attention/);
    const html = await api(viewer, 'GET', `/api/v1/organisations/${org.code}/board-pack?date=2025-03-20&format=html`);
    expect(html.body.slice(0, html.body.indexOf('Board report</h2>'))).toContain('Strategy health checks');
  });
});
