import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Services } from '../../src/services/index.ts';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { Browser } from '../support/app.ts';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem, TEST_PASSWORD } from '../support/builders.ts';

// Wednesday 12 March 2025: the last complete week starts on Monday 3 March.
const NOW = new Date('2025-03-12T10:00:00Z');
const LAST_WEEK = '2025-03-03';

const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));
const jumpsHigh = [...steady, 30];

const addMeasure = (
  services: Services,
  actor: Actor,
  goalId: string,
  fields: Parameters<typeof addWeeklyMeasure>[3],
  values: number[],
  lastPeriod = LAST_WEEK,
) => addWeeklyMeasure(services, actor, goalId, fields, values, lastPeriod);

describe('board report page', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let org: Organisation;
  let empty: Organisation;
  let editor: { email: string; actor: Actor };
  let viewerEmail: string;
  let outsiderEmail: string;
  let emptyAdminEmail: string;

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => NOW);
    app = await createApp(world.services);
    await app.ready();
    const s = world.services;
    org = await addOrganisation(s, 'Alpha Trust');
    empty = await addOrganisation(s, 'Empty Trust');
    const other = await addOrganisation(s, 'Beta Trust');
    editor = await addPerson(s, org, 'editor', 'Edna Editor');
    viewerEmail = (await addPerson(s, org, 'viewer', 'Vic Viewer')).email;
    outsiderEmail = (await addPerson(s, other, 'admin', 'Olu Outsider')).email;
    emptyAdminEmail = (await addPerson(s, empty, 'admin', 'Emma Empty')).email;
    const problem = await s.problems.create(editor.actor, org.id, buildProblem());
    const editorId = editor.actor.kind === 'user' ? editor.actor.userId : '';

    const calm = await s.goals.create(editor.actor, org.id, { statement: 'Bravo: letters reach GPs within a day', problemIds: [problem.id], ownerIds: [editorId] });
    await addMeasure(s, editor.actor, calm.id, { name: 'Letters sent within a day', improvementDirection: 'increase' }, jumpsHigh);

    const troubled = await s.goals.create(editor.actor, org.id, { statement: 'Delta: fewer missed appointments', problemIds: [problem.id], ownerIds: [editorId] });
    await addMeasure(s, editor.actor, troubled.id, { name: 'Appointments missed', improvementDirection: 'decrease', target: 25 }, jumpsHigh);
    await addMeasure(s, editor.actor, troubled.id, { name: 'Appointments changed online', improvementDirection: 'increase', target: 11 }, steady);
    await s.checkIns.create(editor.actor, troubled.id, { period: LAST_WEEK, whatHappened: 'Reminder texts stopped for a week.', whatNext: 'Restart the texts and check the supplier.', confidence: 2 });

    const failing = await s.goals.create(editor.actor, org.id, { statement: 'Alpha: a portal for every patient', ownerIds: [editorId] });
    await addMeasure(s, editor.actor, failing.id, { name: 'Patients registered', improvementDirection: 'increase', target: 30 }, steady);
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  async function signedIn(email: string): Promise<Browser> {
    const b = new Browser(app);
    await b.signIn(email, TEST_PASSWORD);
    return b;
  }

  const goalOrder = (html: string) => [...html.matchAll(/<h3 class="nhsuk-heading-m app-board-goal__statement" id="goal-[^"]+"><a [^>]+>([^<]+)<\/a>/g)].map((m) => m[1]);
  // The goals' measures, in order: the review section above them names measures too.
  const measureOrder = (page: string) => {
    const html = page.replace(/<section class="app-board-review"[\s\S]*?<\/section>/g, '');
    return [...html.matchAll(/<th scope="row"[^>]*>[\s\S]*?<a href="\/measures\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
  };

  it('sends people who are not signed in to the sign-in page', async () => {
    const res = await new Browser(app).get(`/organisations/${org.code}/board-report`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/sign-in?next=');
  });

  it('puts concerns and failing assurance first by default', async () => {
    const b = await signedIn(editor.email);
    const res = await b.get(`/organisations/${org.code}/board-report`);
    expect(res.statusCode).toBe(200);
    // Delta holds a concern, Alpha a target that will be missed, Bravo only an improvement.
    expect(goalOrder(res.body)).toEqual(['Delta: fewer missed appointments', 'Alpha: a portal for every patient', 'Bravo: letters reach GPs within a day']);
    expect(measureOrder(res.body)).toEqual(['Appointments missed', 'Appointments changed online', 'Patients registered', 'Letters sent within a day']);
    expect(res.body).toMatch(/data-variation="concern_high" data-assurance="pass"/);
    expect(res.body).toMatch(/data-variation="common_cause" data-assurance="fail"/);
    expect(res.body).toMatch(/data-variation="improvement_high" data-assurance="none"/);
  });

  it('sorts by name with links that work without JavaScript', async () => {
    const b = await signedIn(editor.email);
    const res = await b.get(`/organisations/${org.code}/board-report?sort=name`);
    expect(goalOrder(res.body)).toEqual(['Alpha: a portal for every patient', 'Bravo: letters reach GPs within a day', 'Delta: fewer missed appointments']);
    expect(measureOrder(res.body)).toEqual(['Patients registered', 'Letters sent within a day', 'Appointments changed online', 'Appointments missed']);
    expect(res.body).toContain(`<a class="app-sort__link app-sort__link--current" href="/organisations/${org.code}/board-report?sort=name" aria-current="true">Name, A to Z</a>`);
    expect(res.body).toContain(`<a class="app-sort__link" href="/organisations/${org.code}/board-report">Needs attention first</a>`);
    const unknown = await b.get(`/organisations/${org.code}/board-report?sort=colour`);
    expect(unknown.statusCode).toBe(200);
    expect(goalOrder(unknown.body)[0]).toBe('Delta: fewer missed appointments');
  });

  it('draws every icon once and gives each row its words, and each chart a text alternative', async () => {
    const b = await signedIn(editor.email);
    const { body } = await b.get(`/organisations/${org.code}/board-report`);
    // The icons are drawn once, in a hidden sprite; each row uses them, decoratively, beside its words.
    expect(body.match(/class="app-icon-sprite" aria-hidden="true"/g)).toHaveLength(1);
    const uses = [...body.matchAll(/<svg width="32" height="32" aria-hidden="true"><use href="#([^"]+)"\/><\/svg>/g)].map((m) => m[1]!);
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const id of new Set(uses)) expect(body).toContain(`<symbol id="${id}"`);
    // Ids are unique on the page.
    const ids = [...body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(body).toContain('<span class="nhsuk-u-visually-hidden">Variation: </span>Concern: higher than expected</span>');
    expect(body).toContain('<span class="nhsuk-u-visually-hidden">Assurance: </span>Target will be missed consistently</span>');
    expect(body).toContain('Hit and miss: the target will be met some of the time</span>');
    expect(body).toContain('<span class="nhsuk-u-visually-hidden">Assurance: </span>No target set</span>');
    const charts = [...body.matchAll(/<svg [^>]*role="img" aria-label="([^"]+)" class="app-spc-chart app-spc-chart--small"/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(4);
    for (const label of charts) expect(label).toMatch(/: The latest \d+ weeks, week of .+ to week of .+\. Latest .+; mean .+/);
  });

  it('opens with a summary of the measures by variation and assurance, each count linking to its measures', async () => {
    const b = await signedIn(editor.email);
    const { body } = await b.get(`/organisations/${org.code}/board-report`);
    expect(body.indexOf('data-testid="board-summary"')).toBeLessThan(body.indexOf('data-testid="board-goal"'));
    expect(body).toMatch(/4 measures\.\s+<strong>1 shows a concern<\/strong>;\s+<strong>1 will miss its target<\/strong>\./);
    // The cell of concern × will meet holds one measure, and its link shows only that measure.
    const cell = /<a href="([^"]+)" aria-label="1 measure: concern, will meet the target">1<\/a>/.exec(body);
    expect(cell).not.toBeNull();
    const href = cell![1]!.replace(/&amp;/g, '&');
    expect(href).toBe(`/organisations/${org.code}/board-report?variation=concern&assurance=pass#goals`);
    const filtered = await b.get(href.replace('#goals', ''));
    expect(measureOrder(filtered.body)).toEqual(['Appointments missed']);
    expect(filtered.body).toContain('Showing 1 of 4 measures: concern, will meet the target.');
    // An unknown filter is ignored rather than an error.
    const unknown = await b.get(`/organisations/${org.code}/board-report?variation=red`);
    expect(unknown.statusCode).toBe(200);
    expect(measureOrder(unknown.body)).toHaveLength(4);
  });

  it('shows the latest value, target, owners, timeliness, the check-in and the solution-first flag', async () => {
    const b = await signedIn(editor.email);
    const { body } = await b.get(`/organisations/${org.code}/board-report`);
    expect(body).toContain('week of 3 Mar 2025');
    expect(body).toContain('Edna Editor (Clinical)');
    expect(body).toContain('Up to date');
    expect(body).toContain('Reminder texts stopped for a week.');
    expect(body).toContain('Restart the texts and check the supplier.');
    expect(body).toContain('2 of 5: slightly confident');
    expect(body.match(/data-testid="solution-first"/g)).toHaveLength(1);
    expect(body).toContain('Weekly check-in: None written yet');
    expect(body).toContain('Print or save as PDF');
    expect(body).toMatch(/<caption class="nhsuk-table__caption[^"]*">Measures of this goal: 1 concern<\/caption>/);
  });

  it('uses no red-amber-green words anywhere', async () => {
    const b = await signedIn(editor.email);
    const { body } = await b.get(`/organisations/${org.code}/board-report`);
    expect(body).not.toMatch(/\b(RAG|red|amber|green)\b/i);
    expect(body).not.toMatch(/nhsuk-tag--(red|orange|yellow|green)/);
  });

  it('says so when there are no goals', async () => {
    const b = await signedIn(emptyAdminEmail);
    const res = await b.get(`/organisations/${empty.code}/board-report`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-testid="board-report-empty"');
    expect(res.body).toContain('No goals have been set yet');
    expect(res.body).not.toContain('data-testid="board-goal"');
  });

  it('does not show another organisation’s report', async () => {
    const b = await signedIn(outsiderEmail);
    const res = await b.get(`/organisations/${org.code}/board-report`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Delta: fewer missed appointments');
  });

  it('shows the report and its health checks as they are after each change, while keeping them between changes', async () => {
    const b = await signedIn(editor.email);
    const url = `/organisations/${org.code}/board-report`;
    const stopList = (html: string) => html.includes('href="/organisations/' + org.code + '/health-checks#check-empty_stop_list"');
    const first = (await b.get(url)).body;
    expect(stopList(first)).toBe(true);
    // Unchanged data: the same section again.
    const again = (await b.get(url)).body;
    expect(again.slice(again.indexOf('data-testid="board-health"'), again.indexOf('data-testid="board-decisions-needed"'))).toBe(
      first.slice(first.indexOf('data-testid="board-health"'), first.indexOf('data-testid="board-decisions-needed"')),
    );
    await world.services.stopItems.create(editor.actor, org.id, { title: 'The weekly paper report on missed appointments', reason: 'Nobody reads it now the dashboard is live', stopOn: '2025-04-30' });
    expect(stopList((await b.get(url)).body)).toBe(false);
    // A corrected value shows at once, in the row and its chart.
    const letters = (await world.services.measures.listForOrganisation(editor.actor, org.id)).find((m) => m.name === 'Letters sent within a day')!;
    const row = (html: string) => /data-testid="board-measure"[^>]*>\s*<th scope="row"><a href="\/measures\/[^"]+">Letters sent within a day<\/a>[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(row((await b.get(url)).body)).not.toContain('>27<');
    await world.services.measures.recordValues(editor.actor, letters.id, [{ period: LAST_WEEK, value: 27 }]);
    expect(row((await b.get(url)).body)).toContain('<b>27</b>');
  });

  it('lets a viewer read the report, with the board report first in the navigation', async () => {
    const b = await signedIn(viewerEmail);
    const res = await b.get(`/organisations/${org.code}/board-report`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Delta: fewer missed appointments');
    const nav = res.body.slice(res.body.indexOf('nhsuk-header__navigation'));
    expect(nav.indexOf('Board report')).toBeGreaterThan(-1);
    expect(nav.indexOf('Board report')).toBeLessThan(nav.indexOf('Problems'));
    expect((await b.get('/')).headers.location).toBe(`/organisations/${org.code}/board-report`);
  });
});
