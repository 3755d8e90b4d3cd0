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

// Alternating 10 and 12: mean 11, mean moving range 2, process limits 11 ± 2.66 × 2 = 5.68 to 16.32.
const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));
// Then 30: mean 250/21 ≈ 11.90, mean moving range 56/20 = 2.8, upper limit ≈ 19.35, so 30 is outside it.
const jumpsHigh = [...steady, 30];

const addMeasure = (
  services: Services,
  actor: Actor,
  goalId: string,
  fields: Parameters<typeof addWeeklyMeasure>[3],
  values: number[],
  lastPeriod = LAST_WEEK,
) => addWeeklyMeasure(services, actor, goalId, fields, values, lastPeriod);

describe('board report API', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let org: Organisation;
  let other: Organisation;
  let token: string;
  let viewerToken: string;
  let otherToken: string;
  let editorEmail: string;
  let editorActor: Actor;
  let goalId: string;
  const ids: Record<string, string> = {};

  const get = (url: string, bearer = token) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
  const url = () => `/api/v1/organisations/${org.code}/board-report`;

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => NOW);
    app = await createApp(world.services);
    await app.ready();
    const s = world.services;
    org = await addOrganisation(s, 'Alpha Trust');
    other = await addOrganisation(s, 'Beta Trust');
    token = (await s.people.createToken({ organisationId: org.id, name: 'warehouse' })).token;
    viewerToken = (await s.people.createToken({ organisationId: org.id, name: 'reader', role: 'viewer' })).token;
    otherToken = (await s.people.createToken({ organisationId: other.id, name: 'beta' })).token;
    const editor = await addPerson(s, org, 'editor', 'Edna Editor');
    editorEmail = editor.email;
    editorActor = editor.actor;
    const editorId = editor.actor.kind === 'user' ? editor.actor.userId : '';
    const problem = await s.problems.create(editor.actor, org.id, buildProblem());
    const goal = await s.goals.create(editor.actor, org.id, { statement: 'Fewer missed appointments', problemIds: [problem.id], ownerIds: [editorId] });
    goalId = goal.id;
    ids.concern = (await addMeasure(s, editor.actor, goal.id, { name: 'Missed appointments', improvementDirection: 'decrease', target: 25 }, jumpsHigh)).id;
    ids.improvement = (await addMeasure(s, editor.actor, goal.id, { name: 'Reminders read', improvementDirection: 'increase' }, jumpsHigh)).id;
    ids.hitAndMiss = (await addMeasure(s, editor.actor, goal.id, { name: 'Changed online', improvementDirection: 'increase', target: 11 }, steady)).id;
    ids.fail = (await addMeasure(s, editor.actor, goal.id, { name: 'Portal sign-ups', improvementDirection: 'increase', target: 30 }, steady, '2025-02-17')).id;
    ids.neutral = (await addMeasure(s, editor.actor, goal.id, { name: 'Attendances', improvementDirection: 'neutral' }, [...steady, 3])).id;
    ids.empty = (await s.measures.create(editor.actor, goal.id, { name: 'Not started', definition: 'Nothing yet.', unit: 'count', improvementDirection: 'increase', frequency: 'weekly' })).id;
    await s.checkIns.create(editor.actor, goal.id, { period: LAST_WEEK, whatHappened: 'Texts stopped.', whatNext: 'Restart them.', confidence: 2 });
    await s.goals.create(editor.actor, org.id, { statement: 'A portal for every patient' });
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  it('sums the measures by variation and assurance, as the summary matrix', async () => {
    const body = (await get(url())).json();
    const measures = body.goals.flatMap((g: { measures: { variation: string | null; assurance: string | null }[] }) => g.measures);
    expect(body.summary.measures).toBe(measures.length);
    const cells: { variation: string; assurance: string; count: number }[] = body.summary.cells;
    expect(cells).toHaveLength(5 * 4);
    expect(cells.reduce((n, c) => n + c.count, 0)).toBe(measures.length);
    // Each count agrees with the rows themselves.
    const group = (v: string | null) => (v === null ? 'too_few_values' : v === 'common_cause' ? 'common_cause' : v.startsWith('improvement') ? 'improvement' : v.startsWith('concern') ? 'concern' : 'neither');
    for (const c of cells) {
      expect(c.count).toBe(measures.filter((m: { variation: string | null; assurance: string | null }) => group(m.variation) === c.variation && (m.assurance ?? 'none') === c.assurance).length);
    }
    expect(body.summary.variation.concern).toBeGreaterThanOrEqual(1);
    expect(body.summary.variation.too_few_values).toBeGreaterThanOrEqual(1);
    expect(body.summary.assurance.fail).toBeGreaterThanOrEqual(1);
    expect(body.summary.assurance.inconsistent).toBeGreaterThanOrEqual(1);
  });

  it('returns the report in the documented shape', async () => {
    const res = await get(url());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ organisation: { code: org.code, name: 'Alpha Trust' }, generatedAt: NOW.toISOString(), sort: 'attention' });
    expect(body.goals).toHaveLength(2);
    const [goal, solutionFirst] = body.goals;
    expect(goal).toMatchObject({
      id: goalId,
      statement: 'Fewer missed appointments',
      solutionFirst: false,
      owners: [{ userId: expect.any(String), name: 'Edna Editor', discipline: 'clinical' }],
      latestCheckIn: { period: LAST_WEEK, whatHappened: 'Texts stopped.', whatNext: 'Restart them.', confidence: 2, authorName: 'Edna Editor' },
    });
    expect(solutionFirst).toMatchObject({ statement: 'A portal for every patient', solutionFirst: true, latestCheckIn: null, measures: [] });
    const concern = goal.measures.find((m: { id: string }) => m.id === ids.concern);
    expect(concern).toEqual({
      id: ids.concern,
      name: 'Missed appointments',
      unit: 'count',
      frequency: 'weekly',
      improvementDirection: 'decrease',
      dataSource: 'Synthetic test data',
      latestValue: 30,
      latestPeriod: LAST_WEEK,
      target: 25,
      variation: 'concern_high',
      assurance: 'pass',
      owner: null,
      lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      timeliness: 'up_to_date',
      reading: expect.stringContaining('30'),
    });
  });

  it('gives each constructed series the variation and assurance that Making Data Count gives it', async () => {
    const measures = (await get(url())).json().goals[0].measures as { id: string; variation: string | null; assurance: string | null; timeliness: string; latestValue: number | null }[];
    const byId = new Map(measures.map((m) => [m.id, m]));
    expect(byId.get(ids.concern!)).toMatchObject({ variation: 'concern_high', assurance: 'pass' });
    expect(byId.get(ids.improvement!)).toMatchObject({ variation: 'improvement_high', assurance: null });
    expect(byId.get(ids.hitAndMiss!)).toMatchObject({ variation: 'common_cause', assurance: 'inconsistent' });
    expect(byId.get(ids.fail!)).toMatchObject({ variation: 'common_cause', assurance: 'fail', timeliness: 'overdue' });
    expect(byId.get(ids.neutral!)).toMatchObject({ variation: 'neutral_low', assurance: null });
    expect(byId.get(ids.empty!)).toMatchObject({ variation: null, assurance: null, latestValue: null, timeliness: 'stale' });
    // Concerns first, then failing assurance, then hit and miss.
    expect(measures.slice(0, 3).map((m) => m.id)).toEqual([ids.concern, ids.fail, ids.hitAndMiss]);
  });

  it('sorts by name or last update when asked, and refuses an unknown sort', async () => {
    const byName = (await get(`${url()}?sort=name`)).json();
    expect(byName.sort).toBe('name');
    expect(byName.goals.map((g: { statement: string }) => g.statement)).toEqual(['A portal for every patient', 'Fewer missed appointments']);
    expect(byName.goals[1].measures.map((m: { name: string }) => m.name)).toEqual(['Attendances', 'Changed online', 'Missed appointments', 'Not started', 'Portal sign-ups', 'Reminders read']);
    const byUpdate = (await get(`${url()}?sort=updated`)).json();
    const times = byUpdate.goals[0].measures.map((m: { lastUpdated: string }) => m.lastUpdated);
    expect([...times].sort().reverse()).toEqual(times);
    const bad = await get(`${url()}?sort=colour`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_input');
  });

  it('scopes tokens to their organisation and lets a viewer token read', async () => {
    expect((await get(url(), otherToken)).statusCode).toBe(404);
    expect((await get('/api/v1/organisations/ZZZZ9/board-report')).statusCode).toBe(404);
    expect((await get(url(), viewerToken)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
    expect((await get(url(), 'tl_forged')).statusCode).toBe(401);
  });

  it('answers a signed-in browser session too', async () => {
    const b = new Browser(app);
    await b.signIn(editorEmail, TEST_PASSWORD);
    const res = await b.get(url());
    expect(res.statusCode).toBe(200);
    expect(res.json().goals).toHaveLength(2);
  });

  it('shows a changed value or target in the next report, not a cached one', async () => {
    const before = (await get(url())).json().goals[0].measures.find((m: { id: string }) => m.id === ids.concern);
    expect(before).toMatchObject({ latestValue: 30, variation: 'concern_high', assurance: 'pass' });
    await world.services.measures.recordValues(editorActor, ids.concern!, [{ period: LAST_WEEK, value: 11 }]);
    const afterValue = (await get(url())).json().goals[0].measures.find((m: { id: string }) => m.id === ids.concern);
    expect(afterValue).toMatchObject({ latestValue: 11, variation: 'common_cause' });
    await world.services.measures.update(editorActor, ids.concern!, { target: 12 });
    const afterTarget = (await get(url())).json().goals[0].measures.find((m: { id: string }) => m.id === ids.concern);
    expect(afterTarget).toMatchObject({ target: 12, assurance: 'inconsistent' });
  });

  it('has the review sections the board report page shows: health checks, decisions needed and decided since the last review', async () => {
    const s = world.services;
    const queue = await s.reviews.queue(editorActor, org.id);
    const open = queue.items.filter((i) => !i.decision);
    expect(open.length).toBeGreaterThan(1);
    const review = await s.reviews.open(editorActor, org.id, { heldOn: '2025-03-12', present: [{ name: 'Guest Lead', discipline: 'clinical' }] });
    const decided = open[0]!;
    await s.reviews.decide(editorActor, review.id, { itemKey: decided.key, outcome: 'continue', rationale: 'Give it a month', nextReviewDate: '2025-04-09' });
    const res = await get(url(), viewerToken);
    expect(res.statusCode).toBe(200);
    const body = res.json().review;
    const checks = await s.healthChecks.run(editorActor, org.id);
    expect(body.healthChecks).toMatchObject({ passed: checks.filter((c) => c.passed).length, failed: checks.filter((c) => !c.passed).length });
    expect(body.healthChecks.failing.map((c: { id: string }) => c.id)).toEqual(checks.filter((c) => !c.passed).map((c) => c.id));
    expect(body.healthChecks.failing[0]).toMatchObject({ count: expect.any(Number), href: expect.stringContaining(`/organisations/${org.code}/health-checks#check-`) });
    expect(body.decisionsNeeded.map((i: { key: string }) => i.key)).toEqual(open.slice(1).map((i) => i.key));
    expect(body.decisionsNeeded[0]).toMatchObject({ kind: open[1]!.kind, subject: { id: open[1]!.subject.id, href: expect.any(String) }, evidence: { summary: open[1]!.evidence.summary }, decision: null });
    expect(body.decidedSince).toEqual([
      expect.objectContaining({ key: decided.key, subject: expect.objectContaining({ id: decided.subject.id }), decision: expect.objectContaining({ outcome: 'continue', rationale: expect.stringContaining('Give it a month'), nextReviewDate: '2025-04-09' }) }),
    ]);
    expect(body.since).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const op = doc.paths['/api/v1/organisations/{code}/board-report']?.get;
    expect(op).toBeDefined();
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['code', 'sort']));
    const measure = op.responses['200'].content['application/json'].schema.properties.goals.items.properties.measures.items;
    expect(measure.properties.variation.anyOf[0].enum).toEqual(expect.arrayContaining(['concern_high', 'neutral_low', 'common_cause']));
    expect(Object.keys(measure.properties)).toEqual(expect.arrayContaining(['id', 'latestValue', 'target', 'variation', 'assurance', 'timeliness', 'reading']));
    const review = op.responses['200'].content['application/json'].schema.properties.review;
    expect(Object.keys(review.properties)).toEqual(['since', 'healthChecks', 'decisionsNeeded', 'decidedSince']);
    expect(review.properties.decisionsNeeded.type).toBe('array');
    expect(review.properties.healthChecks.properties.failing.items.properties).toHaveProperty('href');
  });
});
