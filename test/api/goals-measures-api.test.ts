import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { addPeriods } from '../../src/domain/period.ts';

// Wednesday 11 June 2025: the current week began on Monday 9 June.
const NOW = new Date('2025-06-11T10:00:00Z');

/** Weekly values ending with the week of 2 June 2025. */
function weeks(count: number, valueOf: (i: number) => number = (i) => 60 + (i % 5)) {
  return Array.from({ length: count }, (_, i) => ({
    period: addPeriods('2025-06-02', 'weekly', i - count + 1),
    value: valueOf(i),
  }));
}

describe('goals and measures API', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let token: string;
  let viewerToken: string;
  let otherToken: string;
  let ownerId: string;
  let problemId: string;

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    bearer = token,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${bearer}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  const goalBody = (overrides: Record<string, unknown> = {}) => ({
    statement: 'Discharge letters reach the GP within 24 hours, by March 2026',
    forWhom: 'patients leaving the medical wards',
    byWhen: '2026-03-31',
    wgll: ['safe_practice', 'improve_care'],
    problemIds: [problemId],
    ownerIds: [ownerId],
    ...overrides,
  });

  const measureBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Letters sent within 24 hours',
    definition:
      'Letters sent to the GP within 24 hours of discharge, divided by all discharges from the medical wards',
    unit: 'percentage',
    improvementDirection: 'increase',
    target: 90,
    frequency: 'weekly',
    dataSource: 'Synthetic data for testing',
    ...overrides,
  });

  async function createGoal(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await call('POST', `/api/v1/organisations/${org.code}/goals`, goalBody(overrides));
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function createMeasure(
    goalId: string,
    overrides: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await call('POST', `/api/v1/goals/${goalId}/measures`, measureBody(overrides));
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => NOW);
    org = await addOrganisation(t.services, 'Alpha Trust');
    other = await addOrganisation(t.services, 'Beta Trust');
    const owner = await addPerson(t.services, org, 'editor', 'Olive Owner');
    ownerId = owner.actor.kind === 'user' ? owner.actor.userId : '';
    problemId = (await t.services.problems.create(owner.actor, org.id, buildProblem())).id;
    token = (await t.services.people.createToken({ organisationId: org.id, name: 'warehouse' }))
      .token;
    viewerToken = (
      await t.services.people.createToken({
        organisationId: org.id,
        name: 'reader',
        role: 'viewer',
      })
    ).token;
    otherToken = (await t.services.people.createToken({ organisationId: other.id, name: 'beta' }))
      .token;
  });
  afterAll(() => t?.close());

  it('creates a goal linked to a problem and returns it in camelCase', async () => {
    const res = await call('POST', `/api/v1/organisations/${org.code}/goals`, goalBody());
    expect(res.statusCode).toBe(201);
    const goal = res.json();
    expect(goal).toMatchObject({
      organisationCode: org.code,
      statement: 'Discharge letters reach the GP within 24 hours, by March 2026',
      forWhom: 'patients leaving the medical wards',
      byWhen: '2026-03-31',
      wgll: ['safe_practice', 'improve_care'],
      problemIds: [problemId],
      objectiveIds: [],
      owners: [{ userId: ownerId, name: 'Olive Owner', discipline: 'clinical' }],
      solutionFirst: false,
    });
    expect(res.headers.location).toBe(`/api/v1/goals/${goal.id}`);
    expect((await call('GET', `/api/v1/goals/${goal.id}`)).json()).toEqual(goal);
    const list = (await call('GET', `/api/v1/organisations/${org.code}/goals`)).json();
    expect(list.goals.map((g: { id: string }) => g.id)).toContain(goal.id);
  });

  it('marks a goal with no problem as solution-first', async () => {
    const res = await call('POST', `/api/v1/organisations/${org.code}/goals`, {
      statement: 'Roll out a new patient portal by April',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      solutionFirst: true,
      problemIds: [],
      owners: [],
      wgll: [],
      byWhen: null,
    });
  });

  it('rejects a goal with bad fields or links outside the organisation, and stores nothing', async () => {
    const before = (await call('GET', `/api/v1/organisations/${org.code}/goals`)).json().goals
      .length;
    const otherProblem = await t.services.problems.create(
      (await addPerson(t.services, other, 'editor')).actor,
      other.id,
      buildProblem(),
    );
    const links = await call(
      'POST',
      `/api/v1/organisations/${org.code}/goals`,
      goalBody({ problemIds: [otherProblem.id] }),
    );
    expect(links.statusCode).toBe(400);
    expect(links.json().error).toMatchObject({
      code: 'invalid_input',
      fields: { problemIds: expect.any(String) },
    });
    const fields = await call(
      'POST',
      `/api/v1/organisations/${org.code}/goals`,
      goalBody({ statement: '  ', byWhen: '2026-02-30' }),
    );
    expect(fields.statusCode).toBe(400);
    expect(Object.keys(fields.json().error.fields)).toEqual(
      expect.arrayContaining(['statement', 'byWhen']),
    );
    const shape = await call(
      'POST',
      `/api/v1/organisations/${org.code}/goals`,
      goalBody({ wgll: ['shiny'], colour: 'red' }),
    );
    expect(shape.statusCode).toBe(400);
    expect(
      (await call('GET', `/api/v1/organisations/${org.code}/goals`)).json().goals,
    ).toHaveLength(before);
  });

  it('changes and deletes a goal', async () => {
    const id = await createGoal();
    const patched = await call('PATCH', `/api/v1/goals/${id}`, {
      problemIds: [],
      forWhom: 'everyone',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      problemIds: [],
      solutionFirst: true,
      forWhom: 'everyone',
      owners: [{ userId: ownerId }],
    });
    expect((await call('PATCH', `/api/v1/goals/${id}`, {})).statusCode).toBe(400);
    expect((await call('DELETE', `/api/v1/goals/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/goals/${id}`)).statusCode).toBe(404);
  });

  it('records strategic objectives and links goals to them', async () => {
    const created = await call('POST', `/api/v1/organisations/${org.code}/objectives`, {
      title: 'Care closer to home',
      description: 'Fewer trips to hospital',
    });
    expect(created.statusCode).toBe(201);
    const objective = created.json();
    expect(objective).toMatchObject({
      title: 'Care closer to home',
      description: 'Fewer trips to hospital',
    });
    const list = (await call('GET', `/api/v1/organisations/${org.code}/objectives`)).json();
    expect(list.objectives).toContainEqual(objective);
    const goalId = await createGoal({ objectiveIds: [objective.id] });
    expect((await call('GET', `/api/v1/goals/${goalId}`)).json().objectiveIds).toEqual([
      objective.id,
    ]);
    const changed = await call('PATCH', `/api/v1/objectives/${objective.id}`, {
      title: 'Care at or near home',
    });
    expect(changed.json()).toMatchObject({
      title: 'Care at or near home',
      description: 'Fewer trips to hospital',
    });
    expect(
      (await call('POST', `/api/v1/organisations/${org.code}/objectives`, { title: '' })).json()
        .error.fields,
    ).toHaveProperty('title');
    expect((await call('DELETE', `/api/v1/objectives/${objective.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/goals/${goalId}`)).json().objectiveIds).toEqual([]);
  });

  it('writes and lists weekly check-ins, and explains a bad one', async () => {
    const goalId = await createGoal();
    const ok = await call('POST', `/api/v1/goals/${goalId}/check-ins`, {
      period: '2025-06-09',
      whatHappened: 'Ward 7 started e-letters',
      whatNext: 'Ward 8 next week',
      confidence: 4,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      goalId,
      period: '2025-06-09',
      confidence: 4,
      authorName: 'warehouse',
    });
    const bad = await call('POST', `/api/v1/goals/${goalId}/check-ins`, {
      period: '2025-06-10',
      whatHappened: ' ',
      whatNext: 'x',
      confidence: 3,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toMatchObject({
      period: expect.stringContaining('Monday'),
      whatHappened: expect.any(String),
    });
    const future = await call('POST', `/api/v1/goals/${goalId}/check-ins`, {
      period: '2025-06-16',
      whatHappened: 'x',
      whatNext: 'x',
      confidence: 3,
    });
    expect(future.json().error.fields.period).toContain('future');
    expect(
      (
        await call('POST', `/api/v1/goals/${goalId}/check-ins`, {
          period: '2025-06-09',
          whatHappened: 'x',
          whatNext: 'x',
          confidence: 9,
        })
      ).statusCode,
    ).toBe(400);
    const list = (await call('GET', `/api/v1/goals/${goalId}/check-ins`)).json();
    expect(list.checkIns).toHaveLength(1);
    expect(
      (
        await call(
          'POST',
          `/api/v1/goals/${goalId}/check-ins`,
          { period: '2025-06-09', whatHappened: 'x', whatNext: 'x', confidence: 3 },
          viewerToken,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('edits the check-in of a week when a second one is written for it, instead of adding another', async () => {
    const goalId = await createGoal();
    const body = { period: '2025-06-02', whatHappened: 'First draft', whatNext: 'x', confidence: 2 };
    const first = await call('POST', `/api/v1/goals/${goalId}/check-ins`, body);
    expect(first.statusCode).toBe(201);
    const second = await call('POST', `/api/v1/goals/${goalId}/check-ins`, { ...body, whatHappened: 'Corrected', confidence: 3 });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, whatHappened: 'Corrected', confidence: 3 });
    const list = (await call('GET', `/api/v1/goals/${goalId}/check-ins`)).json();
    expect(list.checkIns.map((c: { period: string; whatHappened: string }) => [c.period, c.whatHappened])).toEqual([['2025-06-02', 'Corrected']]);
  });

  it('adds a measure, takes values, and answers the measure with its SPC statistics', async () => {
    const goalId = await createGoal();
    const created = await call('POST', `/api/v1/goals/${goalId}/measures`, measureBody());
    expect(created.statusCode).toBe(201);
    const measure = created.json();
    expect(measure).toMatchObject({
      goalId,
      name: 'Letters sent within 24 hours',
      unit: 'percentage',
      improvementDirection: 'increase',
      target: 90,
      targetFrom: null,
      frequency: 'weekly',
      dataSource: 'Synthetic data for testing',
      ownerUserId: null,
      spcPreset: 'mdc',
      baseline: null,
      rebases: [],
      annotations: [],
    });
    expect(created.headers.location).toBe(`/api/v1/measures/${measure.id}`);

    const values = weeks(20);
    const put = await call('PUT', `/api/v1/measures/${measure.id}/values`, values);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ added: 20, changed: 0, unchanged: 0 });

    const got = await call('GET', `/api/v1/measures/${measure.id}`);
    expect(got.statusCode).toBe(200);
    const body = got.json();
    expect(body.values).toHaveLength(20);
    expect(body.values[0]).toEqual({
      period: values[0]!.period,
      value: values[0]!.value,
      note: '',
    });
    expect(body.spc).toMatchObject({ preset: 'mdc', direction: 'increase', target: 90 });
    expect(body.spc.points).toHaveLength(20);
    expect(body.spc.points[0]).toEqual({
      period: values[0]!.period,
      value: values[0]!.value,
      mean: expect.any(Number),
      lowerProcessLimit: expect.any(Number),
      upperProcessLimit: expect.any(Number),
      signal: expect.any(String),
      rules: expect.any(Array),
    });
    expect(body.spc.variation).toBe('common_cause');
    expect(body.spc.assurance).toBe('fail');
    expect(body.spc.segments).toHaveLength(1);
    expect(body.reading.text).toContain('common cause');

    const listed = (await call('GET', `/api/v1/goals/${goalId}/measures`)).json();
    expect(listed.measures.map((m: { id: string }) => m.id)).toEqual([measure.id]);
  });

  it('is idempotent per period: the same values again change nothing, a correction changes one', async () => {
    const measureId = await createMeasure(await createGoal());
    const values = weeks(15);
    expect((await call('PUT', `/api/v1/measures/${measureId}/values`, values)).json()).toEqual({
      added: 15,
      changed: 0,
      unchanged: 0,
    });
    expect((await call('PUT', `/api/v1/measures/${measureId}/values`, values)).json()).toEqual({
      added: 0,
      changed: 0,
      unchanged: 15,
    });
    const corrected = values.map((v, i) => (i === 3 ? { ...v, value: 99, note: 'recounted' } : v));
    expect((await call('PUT', `/api/v1/measures/${measureId}/values`, corrected)).json()).toEqual({
      added: 0,
      changed: 1,
      unchanged: 14,
    });
    const got = (await call('GET', `/api/v1/measures/${measureId}`)).json();
    expect(got.values[3]).toEqual({ period: values[3]!.period, value: 99, note: 'recounted' });
    expect(got.spc.points[3].value).toBe(99);
  });

  it('refuses a decimal comma, a thousands separator, a percentage out of 0 to 100, an unfinished week and a period before 1900, in fields', async () => {
    const measureId = await createMeasure(await createGoal());
    const res = await call('PUT', `/api/v1/measures/${measureId}/values`, [
      { period: '2025-05-26', value: '33,5' },
      { period: '2025-05-19', value: '1,050' },
    ]);
    expect(res.statusCode).toBe(400);
    // The API takes JSON numbers, so text is a shape error; the domain rules come once the shape is right.
    expect(res.json().error.fields).toEqual({
      'values[0].value': expect.stringContaining('a full stop for decimals, like 95.2, not as text such as "95,2"'),
      'values[1].value': expect.stringContaining('a full stop for decimals'),
    });
    const meaning = await call('PUT', `/api/v1/measures/${measureId}/values`, [
      { period: '2025-05-12', value: 150 },
      { period: '2025-05-05', value: -5 },
      { period: '2025-06-09', value: 50 },
      { period: '0100-01-04', value: 50 },
    ]);
    expect(meaning.statusCode).toBe(400);
    expect(meaning.json().error.fields).toEqual({
      'values[0].value': '150 is not a percentage: enter a number from 0 to 100',
      'values[1].value': expect.stringContaining('from 0 to 100'),
      'values[2].period': '2025-06-09 has not finished yet: the last period that may be entered is 2025-06-02 (week of 2 Jun 2025)',
      'values[3].period': expect.stringContaining('before 1900'),
    });
    expect((await call('GET', `/api/v1/measures/${measureId}`)).json().values).toEqual([]);
  });

  it('rejects bad values row by row and stores none of them', async () => {
    const measureId = await createMeasure(await createGoal());
    await call('PUT', `/api/v1/measures/${measureId}/values`, weeks(3));
    const good = weeks(6).slice(0, 3);

    const meaning = await call('PUT', `/api/v1/measures/${measureId}/values`, [
      ...good,
      { period: '2025-06-03', value: 5 },
      { period: '2025-06-16', value: 5 },
      { period: good[0]!.period, value: 5 },
    ]);
    expect(meaning.statusCode).toBe(400);
    expect(meaning.json().error.code).toBe('invalid_input');
    expect(meaning.json().error.fields).toEqual({
      'values[3].period': expect.stringContaining('Monday'),
      'values[4].period': expect.stringContaining('future'),
      'values[5].period': expect.stringContaining('appears twice'),
    });

    const shape = await call('PUT', `/api/v1/measures/${measureId}/values`, [
      ...good,
      { period: '2025-05-26', value: 'lots' },
      { period: 20250519, value: 1 },
      { value: 1 },
      { period: '2025-05-12', value: 1, colour: 'red' },
    ]);
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.fields).toMatchObject({
      'values[3].value': expect.any(String),
      'values[4].period': expect.any(String),
      'values[5].period': expect.any(String),
      'values[6].colour': expect.any(String),
    });

    const notAList = await call('PUT', `/api/v1/measures/${measureId}/values`, {
      period: '2025-06-02',
      value: 1,
    });
    expect(notAList.statusCode).toBe(400);
    expect(notAList.json().error.fields).toHaveProperty('values');

    expect((await call('GET', `/api/v1/measures/${measureId}`)).json().values).toHaveLength(3);
  });

  it('lets only editors and their tokens write values', async () => {
    const measureId = await createMeasure(await createGoal());
    const res = await call('PUT', `/api/v1/measures/${measureId}/values`, weeks(2), viewerToken);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect(
      (await call('GET', `/api/v1/measures/${measureId}`, undefined, viewerToken)).json().values,
    ).toEqual([]);
    expect(
      (await call('POST', `/api/v1/organisations/${org.code}/goals`, goalBody(), viewerToken))
        .statusCode,
    ).toBe(403);
  });

  it('changes a measure, rebases it with a reason, and deletes it', async () => {
    const measureId = await createMeasure(await createGoal());
    await call(
      'PUT',
      `/api/v1/measures/${measureId}/values`,
      weeks(30, (i) => (i < 15 ? 40 + (i % 3) : 80 + (i % 3))),
    );
    const rebaseAt = weeks(30)[15]!.period;
    const patched = await call('PATCH', `/api/v1/measures/${measureId}`, {
      rebases: [{ period: rebaseAt, reason: 'New triage process went live' }],
      target: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      rebases: [{ period: rebaseAt, reason: 'New triage process went live' }],
      target: null,
    });
    const got = (await call('GET', `/api/v1/measures/${measureId}`)).json();
    expect(got.spc.segments).toHaveLength(2);
    expect(got.spc.assurance).toBeNull();
    const noReason = await call('PATCH', `/api/v1/measures/${measureId}`, {
      rebases: [{ period: rebaseAt, reason: '' }],
    });
    expect(noReason.json().error.fields).toHaveProperty(['rebases[0].reason']);
    const frequency = await call('PATCH', `/api/v1/measures/${measureId}`, {
      frequency: 'monthly',
    });
    expect(frequency.json().error.fields).toHaveProperty('frequency');
    const annotation = await call('POST', `/api/v1/measures/${measureId}/annotations`, {
      period: rebaseAt,
      label: 'Triage live',
    });
    expect(annotation.statusCode).toBe(201);
    expect((await call('GET', `/api/v1/measures/${measureId}`)).json().annotations).toEqual([
      annotation.json(),
    ]);
    expect(
      (await call('DELETE', `/api/v1/measures/${measureId}/annotations/${annotation.json().id}`))
        .statusCode,
    ).toBe(204);
    expect((await call('DELETE', `/api/v1/measures/${measureId}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/measures/${measureId}`)).statusCode).toBe(404);
  });

  it('rejects a measure with bad fields', async () => {
    const goalId = await createGoal();
    const res = await call(
      'POST',
      `/api/v1/goals/${goalId}/measures`,
      measureBody({
        name: ' ',
        targetFrom: '2025-13-01',
        ownerUserId: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(
      expect.arrayContaining(['name', 'targetFrom']),
    );
    const shape = await call(
      'POST',
      `/api/v1/goals/${goalId}/measures`,
      measureBody({ unit: 'furlongs' }),
    );
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.fields).toHaveProperty('unit');
    const owner = await call(
      'POST',
      `/api/v1/goals/${goalId}/measures`,
      measureBody({ ownerUserId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(owner.json().error.fields).toHaveProperty('ownerUserId');
    expect((await call('GET', `/api/v1/goals/${goalId}/measures`)).json().measures).toEqual([]);
  });

  it('answers 404 to another organisation’s token everywhere', async () => {
    const goalId = await createGoal();
    const measureId = await createMeasure(goalId);
    const objective = (
      await call('POST', `/api/v1/organisations/${org.code}/objectives`, {
        title: 'Private objective',
      })
    ).json();
    const attempts: [Parameters<typeof call>[0], string, unknown?][] = [
      ['GET', `/api/v1/organisations/${org.code}/goals`],
      [
        'POST',
        `/api/v1/organisations/${org.code}/goals`,
        goalBody({ problemIds: [], ownerIds: [] }),
      ],
      ['GET', `/api/v1/goals/${goalId}`],
      ['PATCH', `/api/v1/goals/${goalId}`, { forWhom: 'x' }],
      ['DELETE', `/api/v1/goals/${goalId}`],
      ['GET', `/api/v1/goals/${goalId}/check-ins`],
      [
        'POST',
        `/api/v1/goals/${goalId}/check-ins`,
        { period: '2025-06-09', whatHappened: 'x', whatNext: 'x', confidence: 3 },
      ],
      ['GET', `/api/v1/organisations/${org.code}/objectives`],
      ['POST', `/api/v1/organisations/${org.code}/objectives`, { title: 'x' }],
      ['PATCH', `/api/v1/objectives/${objective.id}`, { title: 'x' }],
      ['DELETE', `/api/v1/objectives/${objective.id}`],
      ['GET', `/api/v1/goals/${goalId}/measures`],
      ['POST', `/api/v1/goals/${goalId}/measures`, measureBody()],
      ['GET', `/api/v1/measures/${measureId}`],
      ['PATCH', `/api/v1/measures/${measureId}`, { name: 'x' }],
      ['DELETE', `/api/v1/measures/${measureId}`],
      ['PUT', `/api/v1/measures/${measureId}/values`, weeks(2)],
      ['POST', `/api/v1/measures/${measureId}/annotations`, { period: '2025-06-02', label: 'x' }],
    ];
    for (const [method, url, body] of attempts) {
      const res = await call(method, url, body, otherToken);
      expect(`${method} ${url} → ${res.statusCode}`).toBe(`${method} ${url} → 404`);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await call('GET', `/api/v1/measures/${measureId}`)).json().values).toEqual([]);
    expect((await call('GET', `/api/v1/goals/${goalId}`)).statusCode).toBe(200);
  });

  it('answers unknown ids and callers without a token as the problems API does', async () => {
    expect(
      (await call('GET', '/api/v1/goals/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/v1/measures/not-an-id')).statusCode).toBe(400);
    expect(
      (await call('PUT', '/api/v1/measures/not-an-id/values', weeks(1))).json().error.fields,
    ).toHaveProperty('measureId');
    const none = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${org.code}/goals`,
    });
    expect(none.statusCode).toBe(401);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/organisations/{code}/goals',
        'POST /api/v1/organisations/{code}/goals',
        'GET /api/v1/goals/{goalId}',
        'PATCH /api/v1/goals/{goalId}',
        'DELETE /api/v1/goals/{goalId}',
        'GET /api/v1/goals/{goalId}/check-ins',
        'POST /api/v1/goals/{goalId}/check-ins',
        'GET /api/v1/organisations/{code}/objectives',
        'POST /api/v1/organisations/{code}/objectives',
        'POST /api/v1/goals/{goalId}/measures',
        'GET /api/v1/measures/{measureId}',
        'PATCH /api/v1/measures/{measureId}',
        'DELETE /api/v1/measures/{measureId}',
        'PUT /api/v1/measures/{measureId}/values',
      ]),
    );
  });
});
