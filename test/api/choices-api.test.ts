import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp, callWithToken } from '../support/app.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { addQuarters, quarterOf, quarterStart } from '../../src/domain/quarter.ts';

describe('initiatives, capacity, portfolio, stop list and decisions API', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let token: string;
  let viewerToken: string;
  let otherToken: string;
  let memberId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, bearer = token) =>
    callWithToken(t.app, method, url, bearer, body);
  const q = () => quarterOf(t.services.clock());
  const base = `/api/v1/organisations`;

  beforeAll(async () => {
    t = await openTestApp();
    org = await addOrganisation(t.services, 'Alpha Trust');
    other = await addOrganisation(t.services, 'Beta Trust');
    token = (await t.services.people.createToken({ organisationId: org.id, name: 'planner', role: 'editor' })).token;
    viewerToken = (await t.services.people.createToken({ organisationId: org.id, name: 'reader', role: 'viewer' })).token;
    otherToken = (await t.services.people.createToken({ organisationId: other.id, name: 'beta', role: 'editor' })).token;
    const member = await addPerson(t.services, org, 'editor', 'Olu Operations', 'operational');
    memberId = member.actor.kind === 'user' ? member.actor.userId : '';
  });
  afterAll(() => t?.close());

  it('ranks an over-capacity portfolio, says which skill falls below the line, and a stop moves the line', async () => {
    const next = addQuarters(q(), 1);
    expect((await call('PUT', `${base}/${org.code}/capacity`, { entries: [q(), next].map((quarter) => ({ quarter, skill: 'engineering', personWeeks: 10 })) })).statusCode).toBe(200);
    const make = async (name: string, pw: number) => {
      const res = await call('POST', `${base}/${org.code}/initiatives`, {
        name,
        change: `Teams ${name} differently`,
        demand: [q(), next].map((quarter) => ({ quarter, skill: 'engineering', personWeeks: pw })),
        scores: { patient_value: 4 },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string; score: number }>();
    };
    const a = await make('Alpha', 8);
    const b = await make('Bravo', 6);
    let p = (await call('GET', `${base}/${org.code}/portfolio?quarter=${next}`)).json<{ items: { initiativeId: string; rank: number; placement: string; overrunSkills: string[] }[]; skills: { skill: string; capacity: number; committed: number }[] }>();
    expect(p.items.map((i) => [i.initiativeId, i.rank, i.placement, i.overrunSkills])).toEqual([
      [a.id, 1, 'now', []],
      [b.id, 2, 'not-now', ['engineering']],
    ]);
    expect(p.skills.find((s) => s.skill === 'engineering')).toMatchObject({ capacity: 10, committed: 8 });

    expect((await call('PUT', `/api/v1/initiatives/${b.id}/rank`, { rank: 1 })).statusCode).toBe(200);
    const stop = await call('POST', `${base}/${org.code}/stop-items`, { title: 'Legacy bed board', kind: 'system', reason: 'Replaced by the patient flow screen', stopOn: quarterStart(next), freed: [{ skill: 'engineering', personWeeks: 8 }] });
    expect(stop.statusCode).toBe(201);
    expect((await call('PATCH', `/api/v1/stop-items/${stop.json<{ id: string }>().id}`, { status: 'stopped' })).json()).toMatchObject({ status: 'stopped' });
    p = (await call('GET', `${base}/${org.code}/portfolio?quarter=${next}`)).json();
    expect(p.items.map((i) => [i.initiativeId, i.placement])).toEqual([
      [b.id, 'now'],
      [a.id, 'now'],
    ]);
    expect(p.skills.find((s) => s.skill === 'engineering')).toMatchObject({ capacity: 18, committed: 14 });
  });

  it('records a decision with the people present; it cannot be changed or deleted, only superseded', async () => {
    const body = {
      kind: 'prioritisation',
      decidedOn: t.services.clock().toISOString().slice(0, 10),
      what: 'Do Bravo before Alpha',
      options: ['Alpha first', 'Bravo first'],
      rationale: 'Bravo helps more patients sooner',
      present: [{ userId: memberId }, { name: 'Dr Rae', discipline: 'clinical' }],
    };
    const res = await call('POST', `${base}/${org.code}/decisions`, body);
    expect(res.statusCode).toBe(201);
    const d = res.json<{ id: string; presence: { clinical: boolean; operational: boolean; collective: boolean } }>();
    expect(d.presence).toMatchObject({ clinical: true, operational: true, collective: true });
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const refused = await call(method, `/api/v1/decisions/${d.id}`, method === 'DELETE' ? undefined : { what: 'Changed' });
      expect(refused.statusCode).toBe(405);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/superseding|supersedesId/);
    }
    expect((await call('GET', `/api/v1/decisions/${d.id}`)).json()).toMatchObject({ what: 'Do Bravo before Alpha' });
    const later = await call('POST', `${base}/${org.code}/decisions`, { ...body, kind: 'pivot', what: 'Alpha first after all', supersedesId: d.id });
    expect(later.statusCode).toBe(201);
    expect((await call('GET', `/api/v1/decisions/${d.id}`)).json()).toMatchObject({ what: 'Do Bravo before Alpha', supersededById: later.json<{ id: string }>().id });
    const log = (await call('GET', `${base}/${org.code}/decisions`)).json<{ total: number }>();
    expect(log.total).toBe(2);
  });

  it('answers bad input with fields and stores nothing', async () => {
    const before = (await call('GET', `${base}/${org.code}/initiatives`)).json<{ initiatives: unknown[] }>().initiatives.length;
    const cases: [string, string, unknown, string][] = [
      ['POST', `${base}/${org.code}/initiatives`, { name: 'Portal', change: '' }, 'change'],
      ['POST', `${base}/${org.code}/initiatives`, { name: 'Portal', change: 'x', scores: { patient_value: 7 } }, 'scores.patient_value'],
      ['POST', `${base}/${org.code}/initiatives`, { name: 'Portal', change: 'x', demand: [{ quarter: '2027-Q9', skill: 'data', personWeeks: 1 }] }, 'demand.0.quarter'],
      ['PUT', `${base}/${org.code}/capacity`, { entries: [{ quarter: q(), skill: 'data', personWeeks: 'ten' }] }, 'entries.0.personWeeks'],
      ['PUT', `${base}/${org.code}/capacity`, { entries: [{ quarter: q(), skill: 'data', personWeeks: -3 }] }, 'entries[0].personWeeks'],
      ['PUT', `${base}/${org.code}/scoring-model`, { criteria: [{ label: 'Value', weight: 12 }] }, 'criteria[0].weight'],
      ['POST', `${base}/${org.code}/stop-items`, { title: 'A', reason: 'B', stopOn: '2027-01-01', freed: [{ skill: 'data', personWeeks: -1 }] }, 'freed[0].personWeeks'],
      ['POST', `${base}/${org.code}/decisions`, { kind: 'stop', decidedOn: '2026-01-01', what: 'x', rationale: 'y', present: [] }, 'present'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await call(method as 'POST', url, body);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      const fields = res.json<{ error: { fields: Record<string, string> } }>().error.fields;
      const norm = (k: string) => k.replace(/\[(\d+)\]/g, '.$1').replace(/\//g, '.').replace(/^\./, '');
      expect(Object.keys(fields).some((k) => norm(k) === norm(field)), JSON.stringify(fields)).toBe(true);
    }
    expect((await call('GET', `${base}/${org.code}/portfolio?quarter=2027-Q5`)).statusCode).toBe(400);
    expect((await call('GET', `${base}/${org.code}/initiatives`)).json<{ initiatives: unknown[] }>().initiatives.length).toBe(before);
  });

  it('refuses viewers’ writes and hides another organisation’s records', async () => {
    expect((await call('POST', `${base}/${org.code}/initiatives`, { name: 'V', change: 'W' }, viewerToken)).statusCode).toBe(403);
    expect((await call('PUT', `${base}/${org.code}/capacity`, { entries: [] }, viewerToken)).statusCode).toBe(403);
    expect((await call('GET', `${base}/${org.code}/portfolio`, undefined, viewerToken)).statusCode).toBe(200);
    const mine = (await call('GET', `${base}/${org.code}/initiatives`)).json<{ initiatives: { id: string }[] }>().initiatives[0]!;
    expect((await call('GET', `/api/v1/initiatives/${mine.id}`, undefined, otherToken)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/initiatives/${mine.id}`, { name: 'Taken' }, otherToken)).statusCode).toBe(404);
    expect((await call('GET', `${base}/${org.code}/decisions`, undefined, otherToken)).statusCode).toBe(404);
    const outsider = (await addPerson(t.services, other, 'editor')).actor;
    const foreign = await t.services.problems.create(outsider, other.id, buildProblem());
    const linked = await call('PATCH', `/api/v1/initiatives/${mine.id}`, { problemIds: [foreign.id] });
    expect(linked.statusCode).toBe(400);
    expect(linked.json<{ error: { fields: Record<string, string> } }>().error.fields).toHaveProperty('problemIds');
  });
});
