import { callWithToken } from '../support/app.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem } from '../support/builders.ts';
import { createProgram, runProgram } from '../../src/cli/program.ts';
import { createFakeIo } from '../cli/fake-io.ts';

// Wednesday 12 March 2025 (2025-Q1): the last complete week starts on Monday 3 March.
const NOW = new Date('2025-03-12T10:00:00Z');
const LAST_WEEK = '2025-03-03';
// Alternating 10 and 12: limits 5.68 to 16.32. Lower is better, so 30 is a concern.
const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

describe('review API', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let org: Organisation;
  let other: Organisation;
  let token: string;
  let viewerToken: string;
  let otherToken: string;
  let editor: Actor;
  let editorId: string;
  let now = NOW;
  const ids = {} as Record<'unaddressed' | 'goal' | 'concern' | 'flat' | 'flatInitiative' | 'overCapacity', string>;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, bearer = token) =>
    callWithToken(app, method, url, bearer, body);
  const queue = async () => (await call('GET', `/api/v1/organisations/${org.code}/review`)).json();
  const itemOf = async (kind: string, subjectId: string) => (await queue()).items.find((i: { key: string }) => i.key === `${kind}:${subjectId}`);
  const portfolioQ2 = async () => (await call('GET', `/api/v1/organisations/${org.code}/portfolio?quarter=2025-Q2`)).json();

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => now);
    app = await createApp(world.services);
    await app.ready();
    const s = world.services;
    org = await addOrganisation(s, 'Alpha Trust');
    other = await addOrganisation(s, 'Beta Trust');
    token = (await s.people.createToken({ organisationId: org.id, name: 'review bot' })).token;
    viewerToken = (await s.people.createToken({ organisationId: org.id, name: 'reader', role: 'viewer' })).token;
    otherToken = (await s.people.createToken({ organisationId: other.id, name: 'beta' })).token;
    editor = (await addPerson(s, org, 'editor', 'Edna Editor')).actor;
    editorId = editor.kind === 'user' ? editor.userId : '';
    const problem = await s.problems.create(editor, org.id, buildProblem());
    ids.unaddressed = (await s.problems.create(editor, org.id, buildProblem({ title: 'Phones ring out', severity: 5, reach: 4000 }))).id;
    const goal = await s.goals.create(editor, org.id, { statement: 'Fewer missed appointments', problemIds: [problem.id], ownerIds: [editorId] });
    ids.goal = goal.id;
    ids.concern = (await addWeeklyMeasure(s, editor, goal.id, { name: 'Missed appointments', improvementDirection: 'decrease' }, [...steady, 30], LAST_WEEK)).id;
    ids.flat = (await addWeeklyMeasure(s, editor, goal.id, { name: 'Letters late', improvementDirection: 'decrease' }, steady, LAST_WEEK)).id;
    await s.portfolio.setCapacity(editor, org.id, [
      { quarter: '2025-Q1', skill: 'engineering', personWeeks: 10 },
      { quarter: '2025-Q2', skill: 'engineering', personWeeks: 10 },
    ]);
    const initiative = (name: string, extra: Record<string, unknown>) =>
      s.initiatives.create(editor, org.id, {
        name,
        change: 'Clinic clerks phone every patient who has not confirmed two days ahead',
        status: 'in_progress',
        problemIds: [problem.id],
        goalIds: [goal.id],
        startQuarter: '2024-Q4',
        endQuarter: '2025-Q4',
        demand: [
          { quarter: '2025-Q1', skill: 'engineering', personWeeks: 8 },
          { quarter: '2025-Q2', skill: 'engineering', personWeeks: 8 },
        ],
        ownerId: editorId,
        ...extra,
      });
    ids.flatInitiative = (await initiative('Text reminders', { hypotheses: [{ measureId: ids.flat, expectation: 'Fewer late letters', byDate: '2025-03-01' }] })).id;
    ids.overCapacity = (await initiative('Online rebooking', { status: 'committed' })).id;
    await s.goals.create(editor, org.id, { statement: 'No check-ins', problemIds: [problem.id], ownerIds: [editorId] });
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  it('lists the items the data raises, each with its evidence and no decision', async () => {
    const res = await call('GET', `/api/v1/organisations/${org.code}/review`, undefined, viewerToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toEqual({ start: '2025-03-10', end: '2025-03-16', frequency: 'weekly' });
    const keys = body.items.map((i: { key: string }) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        `initiative_no_improvement:${ids.flatInitiative}`,
        `initiative_over_capacity:${ids.overCapacity}`,
        `measure_concern:${ids.concern}`,
        `check_in_overdue:${ids.goal}`,
        `problem_unaddressed:${ids.unaddressed}`,
      ]),
    );
    const concern = body.items.find((i: { key: string }) => i.key === `measure_concern:${ids.concern}`);
    expect(concern).toMatchObject({
      kind: 'measure_concern',
      subject: { type: 'measure', id: ids.concern, title: 'Missed appointments', href: `/measures/${ids.concern}` },
      evidence: { fingerprint: `concern@${LAST_WEEK}`, summary: expect.stringContaining('concern') },
      decision: null,
    });
    const noImprovement = body.items.find((i: { key: string }) => i.key === `initiative_no_improvement:${ids.flatInitiative}`);
    expect(noImprovement.evidence.related).toEqual([expect.objectContaining({ type: 'measure', id: ids.flat })]);
    const over = body.items.find((i: { key: string }) => i.key === `initiative_over_capacity:${ids.overCapacity}`);
    expect(over.evidence.facts[0]).toMatch(/2025-Q1, engineering: 6 person-weeks short/);
  });

  it('keeps the queue and the reviews of one organisation from another', async () => {
    expect((await call('GET', `/api/v1/organisations/${org.code}/review`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/organisations/${org.code}/health-checks`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/organisations/${org.code}/reviews`, { heldOn: '2025-03-12', present: [{ name: 'Guest', discipline: 'clinical' }] }, otherToken)).statusCode).toBe(404);
  });

  it('lets only editors open a review, and refuses one with nobody present or in the future', async () => {
    const url = `/api/v1/organisations/${org.code}/reviews`;
    expect((await call('POST', url, { heldOn: '2025-03-12', present: [{ name: 'Guest', discipline: 'clinical' }] }, viewerToken)).statusCode).toBe(403);
    const empty = await call('POST', url, { heldOn: '2025-03-12', present: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.present).toMatch(/at least one person/);
    const future = await call('POST', url, { heldOn: '2025-03-13', present: [{ userId: editorId }] });
    expect(future.json().error.fields.heldOn).toMatch(/future/);
    const stranger = await call('POST', url, { heldOn: '2025-03-12', present: [{ userId: '00000000-0000-4000-8000-000000000000' }] });
    expect(stranger.json().error.fields['present[0].userId']).toMatch(/members/);
    expect((await call('GET', `/api/v1/organisations/${org.code}/reviews`)).json().total).toBe(0);
  });

  describe('a review meeting', () => {
    let reviewId: string;

    beforeAll(async () => {
      const res = await call('POST', `/api/v1/organisations/${org.code}/reviews`, {
        heldOn: '2025-03-12',
        present: [{ userId: editorId }, { name: 'Olu Ops', discipline: 'operational' }],
      });
      expect(res.statusCode).toBe(201);
      reviewId = res.json().id;
      expect(res.json().present).toEqual([
        { kind: 'member', userId: editorId, name: 'Edna Editor', discipline: 'clinical' },
        { kind: 'guest', userId: null, name: 'Olu Ops', discipline: 'operational' },
      ]);
    });

    const decide = (body: Record<string, unknown>, bearer = token) => call('POST', `/api/v1/reviews/${reviewId}/decisions`, body, bearer);

    it('refuses bad decisions and stores nothing', async () => {
      const key = `measure_concern:${ids.concern}`;
      expect((await decide({ itemKey: key, outcome: 'continue', rationale: 'Early days', nextReviewDate: '2025-04-01' }, viewerToken)).statusCode).toBe(403);
      const past = await decide({ itemKey: key, outcome: 'continue', rationale: 'Early days', nextReviewDate: '2025-03-01' });
      expect(past.statusCode).toBe(400);
      expect(past.json().error.fields.nextReviewDate).toMatch(/future/);
      expect((await decide({ itemKey: key, outcome: 'pivot', rationale: '  ' })).json().error.fields.rationale).toMatch(/what changes/);
      expect((await decide({ itemKey: key, outcome: 'stop', rationale: 'No' })).json().error.fields.outcome).toMatch(/Only an initiative/);
      const gone = await decide({ itemKey: `measure_concern:${ids.flat}`, outcome: 'pivot', rationale: 'Change' });
      expect(gone.json().error.fields.itemKey).toMatch(/no longer in the queue/);
      expect((await call('GET', `/api/v1/organisations/${org.code}/decisions`)).json().total).toBe(0);
      expect((await itemOf('measure_concern', ids.concern)).decision).toBeNull();
    });

    it('continues an item with a reason into the decision log, and the item stays quiet', async () => {
      const res = await decide({ itemKey: `measure_concern:${ids.concern}`, outcome: 'continue', rationale: 'A one-off: the texts failed for a week', nextReviewDate: '2025-04-01' });
      expect(res.statusCode).toBe(201);
      const { item, decisionHref } = res.json();
      expect(item.decision).toMatchObject({ outcome: 'continue', nextReviewDate: '2025-04-01', decidedOn: '2025-03-12', reviewId });
      const decision = (await call('GET', decisionHref)).json();
      expect(decision).toMatchObject({ kind: 'review', what: expect.stringContaining('Continue: Missed appointments') });
      expect(decision.present.map((p: { name: string }) => p.name)).toEqual(['Edna Editor', 'Olu Ops']);
      expect(decision.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'measure', id: ids.concern }), expect.objectContaining({ type: 'review', id: reviewId })]));
      // Decided this period: still listed, now with its decision.
      expect((await itemOf('measure_concern', ids.concern)).decision.decisionId).toBe(decision.id);
      const again = await decide({ itemKey: `measure_concern:${ids.concern}`, outcome: 'pivot', rationale: 'Change' });
      expect(again.statusCode).toBe(409);
    });

    it('stops an initiative: its remaining capacity returns and the capacity line moves', async () => {
      const before = await portfolioQ2();
      const placement = (p: { items: { initiativeId: string; placement: string }[] }, id: string) => p.items.find((i) => i.initiativeId === id)?.placement;
      expect(placement(before, ids.overCapacity)).toBe('not-now');
      const res = await decide({ itemKey: `initiative_no_improvement:${ids.flatInitiative}`, outcome: 'stop', rationale: 'No improvement in late letters after four months' });
      expect(res.statusCode).toBe(201);
      const initiative = (await call('GET', `/api/v1/initiatives/${ids.flatInitiative}`)).json();
      expect(initiative).toMatchObject({ status: 'stopped', stoppedOn: '2025-03-12' });
      const after = await portfolioQ2();
      expect(placement(after, ids.flatInitiative)).toBeUndefined();
      expect(placement(after, ids.overCapacity)).toBe('now');
      const decision = (await call('GET', res.json().decisionHref)).json();
      expect(decision.kind).toBe('stop');
    });

    it('pauses an initiative: from the review’s day it keeps its rank but takes no capacity', async () => {
      const res = await decide({ itemKey: `initiative_over_capacity:${ids.overCapacity}`, outcome: 'pause', rationale: 'Wait until the booking portal is live' });
      expect(res.statusCode).toBe(201);
      expect((await call('GET', `/api/v1/initiatives/${ids.overCapacity}`)).json()).toMatchObject({ status: 'paused', pausedOn: '2025-03-12', stoppedOn: null });
      const after = await portfolioQ2();
      expect(after.items.find((i: { initiativeId: string }) => i.initiativeId === ids.overCapacity)).toMatchObject({ placement: 'not-now', paused: true, overrunSkills: [] });
      expect(after.skills.find((l: { skill: string }) => l.skill === 'engineering')).toMatchObject({ capacity: 10, committed: 0, demand: 0 });
    });

    it('closes the review, showing what was decided and what was left', async () => {
      const res = await call('POST', `/api/v1/reviews/${reviewId}/close`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.closed).toBe(true);
      expect(body.decided.map((d: { key: string }) => d.key)).toEqual([`measure_concern:${ids.concern}`, `initiative_no_improvement:${ids.flatInitiative}`, `initiative_over_capacity:${ids.overCapacity}`]);
      expect(body.leftOpen.map((i: { key: string }) => i.key)).toContain(`problem_unaddressed:${ids.unaddressed}`);
      expect((await decide({ itemKey: `problem_unaddressed:${ids.unaddressed}`, outcome: 'pivot', rationale: 'A goal for it' })).statusCode).toBe(409);
      expect((await call('GET', `/api/v1/reviews/${reviewId}`, undefined, otherToken)).statusCode).toBe(404);
    });

    it('keeps a decided item quiet next week, and reopens it when a new signal arrives', async () => {
      now = new Date('2025-03-19T10:00:00Z');
      await world.services.measures.recordValues(editor, ids.concern, [{ period: '2025-03-10', value: 11 }]);
      expect(await itemOf('measure_concern', ids.concern)).toBeUndefined();
      expect((await queue()).quiet).toBeGreaterThan(0);
      // Back to normal for three weeks, then a new concern: a new onset, so the evidence changed.
      now = new Date('2025-03-26T10:00:00Z');
      await world.services.measures.recordValues(editor, ids.concern, [
        { period: '2025-03-17', value: 31 },
      ]);
      const reopened = await itemOf('measure_concern', ids.concern);
      expect(reopened).toMatchObject({ decision: null, evidence: { fingerprint: 'concern@2025-03-17' } });
    });
  });

  it('prints the same queue on the command line as the API', async () => {
    const json = createFakeIo();
    const code = await runProgram(createProgram(world.services, json.io), ['review', '--organisation', org.code, '--format', 'json'], json.io);
    expect(code).toBe(0);
    expect(JSON.parse(json.stdout())).toEqual(await queue());
    const table = createFakeIo();
    expect(await runProgram(createProgram(world.services, table.io), ['review', '--organisation', org.code], table.io)).toBe(0);
    expect(table.stdout()).toContain('Serious problem that nothing addresses: Phones ring out');
  });

  it('answers the health checks with ids, results, messages and items', async () => {
    const res = await call('GET', `/api/v1/organisations/${org.code}/health-checks`, undefined, viewerToken);
    expect(res.statusCode).toBe(200);
    const checks = new Map(res.json().checks.map((c: { id: string }) => [c.id, c]));
    expect(checks.get('empty_stop_list')).toMatchObject({ passed: false, message: 'The stop list is empty.' });
    expect(checks.get('goals_without_measures')).toMatchObject({ passed: false, items: [expect.objectContaining({ title: 'No check-ins', href: expect.stringMatching(/^\/goals\//) })] });
    expect(checks.get('solution_first_initiatives')).toMatchObject({ passed: true, items: [] });
    expect(checks.get('digital_only_decisions')).toMatchObject({ passed: true });
  });

  it('lets editors change the thresholds and refuses ones that are not positive whole numbers', async () => {
    const url = `/api/v1/organisations/${org.code}/review-settings`;
    expect((await call('PATCH', url, { maxPrioritiesNow: 5 }, viewerToken)).statusCode).toBe(403);
    const bad = await call('PATCH', url, { maxPrioritiesNow: 0 });
    expect(bad.statusCode).toBe(400);
    const res = await call('PATCH', url, { maxPrioritiesNow: 1, buzzwords: ['AI', 'quantum'] });
    expect(res.json()).toMatchObject({ maxPrioritiesNow: 1, buzzwords: ['AI', 'quantum'] });
    const checks = (await call('GET', `/api/v1/organisations/${org.code}/health-checks`)).json().checks;
    expect(checks.find((c: { id: string }) => c.id === 'too_many_priorities').threshold).toMatch(/More than 1 /);
  });
});
