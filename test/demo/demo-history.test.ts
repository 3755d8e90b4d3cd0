/** The demo's history dated across its timeline, not at the moment it was loaded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { loadDemo } from '../../src/demo/demo.ts';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../../src/demo/demo-content.ts';
import { createDemoTimeline } from '../../src/db/demo-history.ts';
import { addPeriods } from '../../src/domain/period.ts';

// Thursday 19 June 2025: the last complete week starts on Monday 9 June.
const NOW = new Date('2025-06-19T09:00:00Z');
const LAST_WEEK = '2025-06-09';
const DAY = 86_400_000;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows?: T[] }).rows ?? (result as T[]);
}

describe('the demo’s history', () => {
  let world: TestWorld;
  let trustId: string;
  const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await world.connection.db.execute(q));

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => NOW);
    const signIn = await loadDemo(world.services, { timeline: createDemoTimeline(world.connection.db) });
    trustId = (await world.services.organisations.getByCode(signIn.organisationCode)).id;
  });
  afterAll(() => world?.close());

  it('spreads the audit trail over the demo’s years, never after now', async () => {
    const [span] = await query<{ first: string; last: string; weeks: number; n: number }>(sql`
      select min(at)::text as first, max(at)::text as last, count(distinct date_trunc('week', at))::int as weeks, count(*)::int as n
      from audit_events where organisation_id = ${trustId}`);
    expect(span!.n).toBeGreaterThan(50);
    expect(new Date(span!.last).getTime()).toBeLessThanOrEqual(NOW.getTime());
    // The people and problems come years before now; the check-ins and values week by week since.
    expect(NOW.getTime() - new Date(span!.first).getTime()).toBeGreaterThan(150 * 7 * DAY);
    expect(span!.weeks).toBeGreaterThan(10);
  });

  it('dates each check-in, and its history, the Monday after its week', async () => {
    const checkIns = await query<{ period: string; created: string; audited: string | null }>(sql`
      select c.period::text, c.created_at::text as created,
        (select min(a.at)::text from audit_events a where a.entity_id = c.goal_id and a.changes -> 'checkIn' ->> 'after' like c.period::text || ':%') as audited
      from check_ins c join goals g on g.id = c.goal_id where g.organisation_id = ${trustId}`);
    expect(checkIns.length).toBeGreaterThan(5);
    for (const c of checkIns) {
      const monday = new Date(`${addPeriods(c.period, 'weekly', 1)}T00:00:00Z`).getTime();
      expect(new Date(c.created).getTime() - monday).toBeGreaterThanOrEqual(0);
      expect(new Date(c.created).getTime() - monday).toBeLessThan(DAY);
      expect(c.audited && new Date(c.audited).getTime()).toBe(new Date(c.created).getTime());
    }
  });

  it('dates each value the week after its period, and each measure with its latest value', async () => {
    const values = await query<{ period: string; updated: string }>(sql`
      select v.period::text, v.updated_at::text as updated from measure_values v join measures m on m.id = v.measure_id
      where m.organisation_id = ${trustId} and m.frequency = 'weekly'`);
    expect(values.length).toBeGreaterThan(500);
    for (const v of values) {
      const after = new Date(`${v.period}T00:00:00Z`).getTime() + 7 * DAY;
      expect(new Date(v.updated).getTime()).toBeGreaterThanOrEqual(after);
      expect(new Date(v.updated).getTime()).toBeLessThanOrEqual(Math.min(after + 2 * DAY, NOW.getTime()));
    }
    const actor = (await world.services.people.signIn(DEMO_ADMIN.email, DEMO_PASSWORD)).session.actor;
    const report = await world.services.boardReport.build(actor, trustId);
    const weekly = report.flatMap((g) => g.measures).filter((r) => r.measure.frequency === 'weekly' && r.latestPeriod === LAST_WEEK);
    expect(weekly.length).toBeGreaterThan(3);
    // Updated in the days after the last complete week, not on the day the demo was loaded.
    for (const r of weekly) expect(r.lastUpdated.getTime()).toBeLessThan(NOW.getTime());
    for (const r of weekly) expect(r.lastUpdated.getTime()).toBeGreaterThan(new Date(`${LAST_WEEK}T00:00:00Z`).getTime());
  });

  it('keeps each record’s history in the order it was written', async () => {
    const goals = await query<{ id: string; created: string; first: string }>(sql`
      select g.id, (select min(at)::text from audit_events a where a.entity_id = g.id and a.action = 'created') as created,
        (select min(at)::text from audit_events a where a.entity_id = g.id) as first
      from goals g where g.organisation_id = ${trustId}`);
    expect(goals.length).toBeGreaterThan(2);
    for (const g of goals) expect(g.created).toBe(g.first);
  });
});
