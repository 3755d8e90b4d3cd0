import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { loadDemo, type DemoSignIn } from '../../src/demo/demo.ts';
import {
  DEMO_ADMIN,
  DEMO_ICB,
  DEMO_PASSWORD,
  DEMO_TRUST,
} from '../../src/demo/demo-content.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Problem } from '../../src/domain/problem.ts';

describe('the demo', () => {
  let world: TestWorld;
  let signIn: DemoSignIn;
  let actor: Actor;
  let trustId: string;
  let problems: Problem[];

  beforeAll(async () => {
    world = await openTestWorld();
    expect(await world.services.organisations.count()).toBe(0);
    signIn = await loadDemo(world.services);
    actor = (await world.services.people.signIn(signIn.email, signIn.password)).session.actor;
    trustId = (await world.services.organisations.getByCode(signIn.organisationCode)).id;
    problems = (await world.services.problems.list(actor, trustId, {}, { limit: 100, offset: 0 }))
      .problems;
  });
  afterAll(() => world?.close());

  it('returns a sign-in that works, for an admin of the trust who is also a member of the ICB', async () => {
    expect(signIn).toEqual({
      email: DEMO_ADMIN.email,
      password: DEMO_PASSWORD,
      organisationCode: DEMO_TRUST.code,
    });
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(12);
    const icb = await world.services.organisations.getByCode(DEMO_ICB.code);
    expect(actor.kind === 'user' && actor.roles.get(trustId)).toBe('admin');
    expect(actor.kind === 'user' && actor.roles.get(icb.id)).toBeTruthy();
    expect(icb.type).toBe('icb');
  });

  it('uses codes that are not real NHS organisations', () => {
    for (const code of [DEMO_ICB.code, DEMO_TRUST.code]) {
      expect(world.services.organisations.reference.find(code)).toBeNull();
    }
  });

  it('gives the trust 15 to 25 problems, each with 1 to 4 evidence items', () => {
    expect(problems.length).toBeGreaterThanOrEqual(15);
    expect(problems.length).toBeLessThanOrEqual(25);
    for (const p of problems) {
      expect(p.evidence.length).toBeGreaterThanOrEqual(1);
      expect(p.evidence.length).toBeLessThanOrEqual(4);
      for (const e of p.evidence) {
        if (e.link) expect(e.link).toMatch(/^https:\/\/example\.(org|nhs\.uk)\//);
      }
    }
  });

  it('mixes statuses, who is affected, severities and the people who raised them', () => {
    expect(new Set(problems.map((p) => p.status))).toEqual(
      new Set(['open', 'being_addressed', 'parked', 'resolved']),
    );
    expect(new Set(problems.map((p) => p.affected))).toEqual(
      new Set(['patients', 'staff', 'both']),
    );
    expect(new Set(problems.map((p) => p.severity)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(problems.map((p) => p.raisedBy)).size).toBeGreaterThanOrEqual(4);
  });

  it('has members of several disciplines and roles', async () => {
    const members = await world.services.people.listMembers(actor, trustId);
    expect(new Set(members.map((m) => m.discipline))).toEqual(
      new Set([
        'board',
        'clinical',
        'operational',
        'digital',
        'finance',
        'workforce',
        'patients_representative',
      ]),
    );
    expect(new Set(members.map((m) => m.role))).toEqual(
      new Set(['viewer', 'contributor', 'editor', 'admin']),
    );
  });

  it('records every problem in the audit trail', async () => {
    const first = problems[0]!;
    const history = await world.services.problems.history(actor, first.id);
    expect(history.some((e) => e.action === 'created')).toBe(true);
  });

  it('takes a chosen password', async () => {
    const other = await openTestWorld();
    try {
      const chosen = await loadDemo(other.services, { password: 'a chosen demo password' });
      expect(chosen.password).toBe('a chosen demo password');
      await expect(
        other.services.people.signIn(chosen.email, chosen.password),
      ).resolves.toBeDefined();
    } finally {
      await other.close();
    }
  });
});
