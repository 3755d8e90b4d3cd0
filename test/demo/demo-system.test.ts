import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../support/database.ts';
import { openDemoWorld } from '../support/demo-world.ts';
import { DEMO_ICB } from '../../src/demo/demo-content.ts';
import { DEMO_SYSTEM_MEMBERS } from '../../src/demo/demo-system-content.ts';
import type { Actor } from '../../src/domain/person.ts';

describe('the demo system', () => {
  let world: TestWorld;
  let actor: Actor;
  let icbId: string;

  beforeAll(async () => {
    ({ world, actor } = await openDemoWorld());
    icbId = (await world.services.organisations.getByCode(DEMO_ICB.code)).id;
  });
  afterAll(() => world?.close());

  it('has four to six current members, principles, and a system goal nobody contributes to', async () => {
    const members = await world.services.systems.listCurrentMembers(actor, icbId);
    expect(members.length).toBe(DEMO_SYSTEM_MEMBERS.length + 1);
    expect(members.length).toBeGreaterThanOrEqual(4);
    expect(members.length).toBeLessThanOrEqual(6);
    const view = await world.services.systems.alignment(actor, icbId);
    expect(view.principles.length).toBeGreaterThanOrEqual(3);
    expect(view.uncontributed).toHaveLength(1);
    expect(view.goals.filter((g) => g.contributions.length > 0).length).toBe(2);
    expect(view.exceptions).toHaveLength(1);
    expect(view.duplication.map((d) => d.capability.name)).toEqual(['Virtual wards']);
  });

  it('has contracts ending at different dates, three assessments and one decision', async () => {
    const caps = await world.services.systems.listCapabilities(actor, icbId);
    const ends = new Set(caps.flatMap((c) => c.entries.map((e) => e.contractEnd)).filter(Boolean));
    expect(ends.size).toBeGreaterThan(4);
    expect(caps.filter((c) => c.assessment).map((c) => c.assessment!.recommendation).sort()).toEqual(['hybrid', 'local', 'system']);
    expect(caps.filter((c) => c.assessment?.decisionId)).toHaveLength(1);
    expect((await world.services.systems.convergence(actor, icbId)).length).toBeGreaterThan(0);
  });

  it('has a roll-up whose values are the sum of its members’ values', async () => {
    const [series] = await world.services.systems.rollupSeriesFor(actor, icbId);
    expect(series!.points).toHaveLength(52);
    const last = series!.points.at(-1)!;
    const values = await world.services.measures.getWithValues(actor, series!.rollup.components[0]!.measureId);
    expect(last.contributions[0]!.numerator).toBe(values.values.at(-1)!.value);
    expect(last.value).toBe(last.contributions.reduce((s, c) => s + c.numerator, 0));
  });
});
