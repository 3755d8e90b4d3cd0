import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../support/database.ts';
import { openDemoWorld } from '../support/demo-world.ts';
import { DEMO_DECISIONS, DEMO_INITIATIVES } from '../../src/demo/demo-choices-content.ts';
import { presenceOf } from '../../src/domain/decision.ts';
import { addQuarters } from '../../src/domain/quarter.ts';
import type { Actor } from '../../src/domain/person.ts';

describe('the demo’s choices', () => {
  let world: TestWorld;
  let actor: Actor;
  let trustId: string;

  beforeAll(async () => {
    ({ world, actor, trustId } = await openDemoWorld());
  });
  afterAll(() => world?.close());

  it('has an over-capacity portfolio with technology-led initiatives below the line or won’t do', async () => {
    const next = addQuarters(world.services.portfolio.currentQuarter(), 1);
    const p = await world.services.portfolio.portfolio(actor, trustId, next);
    // The review demo adds initiatives of its own; every choices one is there.
    const names = new Set([...p.initiatives.values()].map((i) => i.name));
    expect(DEMO_INITIATIVES.every((i) => names.has(i.name))).toBe(true);
    const placement = (name: string) => p.items.find((i) => p.initiatives.get(i.initiativeId)!.name === name)?.placement;
    expect(p.items.some((i) => i.placement === 'not-now')).toBe(true);
    expect(p.skills.some((s) => s.demand > s.capacity)).toBe(true);
    expect(placement('Move every server to the cloud')).toBe('wont-do');
    expect(placement('A chatbot on the trust website')).toBe('wont-do');
    expect(placement('Replace the intranet')).toBe('not-now');
    expect(placement('Discharge summaries written during the ward round')).toBe('now');
    expect(p.skills.some((s) => s.freed > 0)).toBe(true);
  });

  it('has a decision log with collective meetings, one of the digital team only, and a superseded decision', async () => {
    const log = await world.services.decisions.list(actor, trustId);
    // The review demo records a decision of its own.
    expect(log.total).toBeGreaterThanOrEqual(DEMO_DECISIONS.length);
    const presences = log.decisions.map((d) => presenceOf(d.present));
    expect(presences.filter((p) => p.digitalOnly)).toHaveLength(1);
    expect(presences.some((p) => p.clinical && p.operational && p.patients)).toBe(true);
    expect(log.decisions.some((d) => d.supersededById)).toBe(true);
    expect((await world.services.doDifferently.list(actor, trustId)).length).toBeGreaterThan(0);
    expect((await world.services.stopItems.list(actor, trustId)).some((s) => s.status === 'stopped')).toBe(true);
  });
});
