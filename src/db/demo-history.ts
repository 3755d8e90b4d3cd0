/**
 * The demo's history dated across its timeline: the demo is loaded in seconds, but its records,
 * values, check-ins and audit trail read as if written week by week over the years it covers.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './connect.ts';

/** The steps of loading the demo, dated (the shape `loadDemo` takes as its timeline). */
export interface DemoHistoryTimeline {
  mark(at: Date): Promise<void>;
  apply(organisationIds: readonly string[], now: Date): Promise<void>;
}

interface Mark {
  /** The database's clock when the step began. */
  real: string;
  /** When the step happened in the demo's story. */
  at: Date;
}

// Tables whose rows belong to an organisation and carry when they were made or changed.
const ORGANISATION_TABLES = [
  'memberships', 'problems', 'strategic_objectives', 'goals', 'measures', 'initiatives', 'capacity', 'scoring_models',
  'do_differently', 'stop_items', 'decisions', 'story_settings', 'story_versions', 'example_copies', 'review_settings', 'reviews',
  'review_outcomes', 'system_memberships', 'capability_entries',
];

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows?: T[] }).rows ?? (result as T[]);
}

/**
 * A timeline for `loadDemo`: each `mark` notes the database's clock and the demo date of the step
 * that follows; `apply` moves every timestamp written during a step to that step's date (keeping
 * their order), then dates each value the week after its period, each check-in the Monday after
 * its week, and each measure's history with its latest value. Nothing is dated after `now`.
 */
export function createDemoTimeline(db: Db): DemoHistoryTimeline {
  const marks: Mark[] = [];

  async function clock(): Promise<string> {
    const [row] = rowsOf<{ now: string }>(await db.execute(sql`select clock_timestamp()::text as now`));
    return row!.now;
  }

  return {
    async mark(at: Date) {
      marks.push({ real: await clock(), at });
    },

    async apply(organisationIds: readonly string[], now: Date) {
      if (!marks.length || !organisationIds.length) return;
      const end = await clock();
      const ids = sql`array[${sql.join(organisationIds.map((id) => sql`${id}::uuid`), sql`, `)}]`;
      // Each step's span of real time, and the demo date it moves to.
      const spans = sql.join(
        marks.map((m, i) => sql`(${m.real}::timestamptz, ${marks[i + 1]?.real ?? end}::timestamptz, ${m.at.toISOString()}::timestamptz)`),
        sql`, `,
      );
      const moved = (column: string) => sql`least(${now.toISOString()}::timestamptz, s.at + (${sql.raw(column)} - s.real))`;
      const within = (column: string) => sql`${sql.raw(column)} >= s.real and ${sql.raw(column)} < s.next`;

      await db.execute(sql`update audit_events t set at = ${moved('t.at')} from (values ${spans}) s(real, next, at) where t.organisation_id = any(${ids}) and ${within('t.at')}`);
      const tables = rowsOf<{ table_name: string; column_name: string }>(
        await db.execute(sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and column_name in ('created_at', 'updated_at')
          and table_name in (${sql.join(ORGANISATION_TABLES.map((t) => sql`${t}`), sql`, `)})
          and table_name in (select table_name from information_schema.columns where table_schema = 'public' and column_name = 'organisation_id')`),
      );
      for (const { table_name: table, column_name: column } of tables) {
        const c = `t.${column}`;
        await db.execute(sql`update ${sql.identifier(table)} t set ${sql.identifier(column)} = ${moved(c)} from (values ${spans}) s(real, next, at) where t.organisation_id = any(${ids}) and ${within(c)}`);
      }
      // The people who joined, and the evidence of each problem, with their records.
      await db.execute(sql`update users t set created_at = ${moved('t.created_at')} from (values ${spans}) s(real, next, at)
        where t.id in (select user_id from memberships where organisation_id = any(${ids})) and ${within('t.created_at')}`);
      await db.execute(sql`update evidence t set created_at = ${moved('t.created_at')} from (values ${spans}) s(real, next, at)
        where t.problem_id in (select id from problems where organisation_id = any(${ids})) and ${within('t.created_at')}`);

      // Each value entered the Tuesday after its period ends, each check-in written the Monday after its week.
      const nowAt = sql`${now.toISOString()}::timestamptz`;
      await db.execute(sql`update measure_values v set updated_at = least(${nowAt},
          (v.period + case when m.frequency = 'monthly' then interval '1 month 8 days 10 hours' else interval '8 days 10 hours' end)::timestamptz)
        from measures m where m.id = v.measure_id and m.organisation_id = any(${ids})`);
      await db.execute(sql`update check_ins c set created_at = least(${nowAt}, (c.period + interval '7 days 9 hours')::timestamptz)
        from goals g where g.id = c.goal_id and g.organisation_id = any(${ids})`);
      await db.execute(sql`update audit_events a set at = c.created_at from check_ins c
        where a.organisation_id = any(${ids}) and a.entity_type = 'goal' and a.entity_id = c.goal_id
        and a.changes -> 'checkIn' ->> 'after' like c.period::text || ':%'`);
      // A measure was last changed with its latest value, and its values were recorded then.
      await db.execute(sql`update measures m set updated_at = greatest(m.created_at, v.latest)
        from (select measure_id, max(updated_at) as latest from measure_values group by measure_id) v
        where v.measure_id = m.id and m.organisation_id = any(${ids})`);
      await db.execute(sql`update audit_events a set at = m.updated_at from measures m
        where a.organisation_id = any(${ids}) and a.entity_type = 'measure' and a.entity_id = m.id and a.action = 'updated'
        and not jsonb_exists(a.changes, 'annotation')`);
    },
  };
}
