/** Measures, their annotations and their values in the database. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { measureAnnotations, measures, measureValues, users } from './schema.ts';
import type { MeasureStore } from '../services/stores.ts';
import type { Annotation, Direction, Measure, MeasureValue, Preset, Rebase, Unit } from '../domain/measure.ts';
import type { Frequency } from '../domain/period.ts';
import { numberArrayLiteral, textArrayLiteral, tokenArrayLiteral } from './pg-array.ts';
import { openValuesCopy, transactionClient } from './values-copy.ts';

type Row = typeof measures.$inferSelect;

/** Rows per statement when storing values in bulk: a few megabytes of array literals. */
const VALUES_BATCH = 20_000;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function toMeasure(row: Row, ownerName: string | null, annotations: Annotation[]): Measure {
  return {
    id: row.id,
    goalId: row.goalId,
    organisationId: row.organisationId,
    name: row.name,
    definition: row.definition,
    unit: row.unit as Unit,
    improvementDirection: row.improvementDirection as Direction,
    target: row.target,
    targetFrom: row.targetFrom,
    frequency: row.frequency as Frequency,
    dataSource: row.dataSource,
    ownerUserId: row.ownerUserId,
    ownerName,
    spcPreset: row.spcPreset as Preset,
    baseline: row.baseline,
    rebases: row.rebases as Rebase[],
    annotations,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** A MeasureStore on a connection or transaction. */
export function createMeasureStore(db: Db): MeasureStore {
  // A measure with its owner's name and its annotations in one query: the board report and the
  // measure pages read measures on every request. The outer measure is named in full because
  // Drizzle leaves column names unqualified inside select lists.
  const measureId = sql.raw('"measures"."id"');
  const annotations = sql<Annotation[]>`coalesce((select json_agg(json_build_object('id', a.id, 'period', a.period::text,
      'label', a.label) order by a.period, a.created_at) from ${measureAnnotations} a where a.measure_id = ${measureId}), '[]'::json)`;

  async function load(where: SQL | undefined): Promise<Measure[]> {
    const rows = await db
      .select({ m: measures, ownerName: users.name, annotations })
      .from(measures)
      .leftJoin(users, eq(users.id, measures.ownerUserId))
      .where(where)
      .orderBy(asc(measures.createdAt), asc(measures.id));
    return rows.map((r) => toMeasure(r.m, r.ownerName, r.annotations));
  }

  async function findById(id: string): Promise<Measure | null> {
    return (await load(eq(measures.id, id)))[0] ?? null;
  }

  return {
    async insert(goalId, organisationId, fields) {
      const [row] = await db.insert(measures).values({ ...fields, goalId, organisationId }).returning();
      return (await findById(row!.id))!;
    },
    findById,
    async findByIds(ids) {
      if (!ids.length) return [];
      return load(inArray(measures.id, [...ids]));
    },
    listForGoal: (goalId) => load(eq(measures.goalId, goalId)),
    listForOrganisation: (organisationId) => load(eq(measures.organisationId, organisationId)),
    async update(id, fields) {
      await db
        .update(measures)
        .set({ ...fields, updatedAt: sql`now()`, version: sql`${measures.version} + 1` })
        .where(eq(measures.id, id));
      return (await findById(id))!;
    },
    async delete(id) {
      await db.delete(measures).where(eq(measures.id, id));
    },
    async addAnnotation(measureId, a) {
      const [row] = await db.insert(measureAnnotations).values({ measureId, ...a }).returning();
      await db.update(measures).set({ version: sql`${measures.version} + 1` }).where(eq(measures.id, measureId));
      return { id: row!.id, period: row!.period, label: row!.label };
    },
    async removeAnnotation(measureId, annotationId) {
      const rows = await db
        .delete(measureAnnotations)
        .where(and(eq(measureAnnotations.measureId, measureId), eq(measureAnnotations.id, annotationId)))
        .returning({ id: measureAnnotations.id });
      return rows.length > 0;
    },
    async values(measureId) {
      return db
        .select({ period: measureValues.period, value: measureValues.value, note: measureValues.note })
        .from(measureValues)
        .where(eq(measureValues.measureId, measureId))
        .orderBy(asc(measureValues.period));
    },
    async valuesFor(measureIds) {
      const out = new Map<string, MeasureValue[]>(measureIds.map((id) => [id, []]));
      if (!measureIds.length) return out;
      const rows = await db
        .select({ measureId: measureValues.measureId, period: measureValues.period, value: measureValues.value, note: measureValues.note })
        .from(measureValues)
        .where(inArray(measureValues.measureId, [...measureIds]))
        .orderBy(asc(measureValues.measureId), asc(measureValues.period));
      for (const r of rows) out.get(r.measureId)?.push({ period: r.period, value: r.value, note: r.note });
      return out;
    },
    async valuesAt(measureId, periods) {
      if (!periods.length) return [];
      return db
        .select({ period: measureValues.period, value: measureValues.value, note: measureValues.note })
        .from(measureValues)
        .where(and(eq(measureValues.measureId, measureId), inArray(measureValues.period, [...periods])))
        .orderBy(asc(measureValues.period));
    },
    async upsertValues(measureId, values) {
      if (!values.length) return { added: 0, changed: 0, unchanged: 0 };
      // Writers of a measure's values take turns: with the measure locked, no one else can add a
      // period between this statement's look at the table and its insert, so a plain insert (much
      // cheaper than ON CONFLICT, row for row) is safe and the counts are exact. Inserting a value
      // anywhere else waits too: its foreign key check needs a share lock on the measure.
      await db.execute(sql`select 1 from measures where id = ${measureId} for update`);
      // One statement for the whole submission: the arrays travel as three bound literals and are
      // unnested server-side. Every CTE sees the table as it was before the statement, so `matched`
      // tells a new period from a stored one, and a changed value from an unchanged one.
      const result = await db.execute(sql`
        with input as (
          select * from unnest(
            ${tokenArrayLiteral(values.map((v) => v.period))}::date[],
            ${numberArrayLiteral(values.map((v) => v.value))}::float8[],
            ${textArrayLiteral(values.map((v) => v.note))}::text[]
          ) as t(period, value, note)
        ),
        matched as (
          select i.period, i.value, i.note, v.period is not null as stored,
            v.value is distinct from i.value or v.note is distinct from i.note as differs
          from input i
          left join measure_values v on v.measure_id = ${measureId} and v.period = i.period
        ),
        added as (
          insert into measure_values (measure_id, period, value, note, updated_at)
          select ${measureId}, period, value, note, now() from matched where not stored
          returning 1
        ),
        changed as (
          update measure_values v set value = m.value, note = m.note, updated_at = now()
          from matched m
          where m.stored and m.differs and v.measure_id = ${measureId} and v.period = m.period
          returning 1
        )
        select
          (select count(*) from input)::int as total,
          (select count(*) from added)::int as added,
          (select count(*) from changed)::int as changed`);
      const [row] = rowsOf<{ total: number; added: number; changed: number }>(result);
      const total = Number(row?.total ?? 0);
      const added = Number(row?.added ?? 0);
      const changed = Number(row?.changed ?? 0);
      if (added + changed > 0) {
        await db
          .update(measures)
          .set({ version: sql`${measures.version} + 1`, updatedAt: sql`now()` })
          .where(eq(measures.id, measureId));
      }
      return { added, changed, unchanged: total - added - changed };
    },
    async upsertValuesForMeasures(byMeasure, withBefore) {
      const ids = [...byMeasure.keys()].sort();
      const out = new Map(ids.map((id) => [id, { summary: { added: 0, changed: 0, unchanged: 0 }, before: [] as MeasureValue[] }]));
      if (!ids.length) return out;
      const idArray = sql`${tokenArrayLiteral(ids)}::uuid[]`;
      // The measures are locked in id order, so two imports that share measures take turns rather
      // than deadlock, and no one adds a value to them until this transaction ends (see upsertValues).
      await db.execute(sql`select id from measures where id = any(${idArray}) order by id for update`);
      // A measure with no stored values takes plain inserts: every value is new. The others are
      // matched against what is stored.
      const stored = new Set(
        rowsOf<{ id: string }>(
          await db.execute(sql`select m.id::text as id from unnest(${idArray}) m(id) where exists (select 1 from measure_values v where v.measure_id = m.id)`),
        ).map((r) => r.id),
      );

      // Batches of rows as four bound array literals, unnested server-side: one statement carries
      // thousands of rows of many measures.
      type Batch = { measureIds: string[]; periods: string[]; values: number[]; notes: string[] };
      const empty = (): Batch => ({ measureIds: [], periods: [], values: [], notes: [] });
      const batchIds = (b: Batch) => sql`${tokenArrayLiteral([...new Set(b.measureIds)])}::uuid[]`;
      const unnested = (b: Batch) => sql`unnest(
            ${tokenArrayLiteral(b.measureIds)}::uuid[],
            ${tokenArrayLiteral(b.periods)}::date[],
            ${numberArrayLiteral(b.values)}::float8[],
            ${textArrayLiteral(b.notes)}::text[]
          ) as t(measure_id, period, value, note)`;
      async function eachBatch(which: (id: string) => boolean, withValues: boolean, write: (b: Batch) => Promise<void>): Promise<void> {
        let b = empty();
        for (const id of ids) {
          if (!which(id)) continue;
          for (const v of byMeasure.get(id)!) {
            b.measureIds.push(id);
            b.periods.push(v.period);
            if (withValues) {
              b.values.push(v.value);
              b.notes.push(v.note);
            }
            if (b.periods.length >= VALUES_BATCH) {
              await write(b);
              b = empty();
            }
          }
        }
        if (b.periods.length) await write(b);
      }

      // What is stored before, for the history of small submissions.
      await eachBatch((id) => stored.has(id) && withBefore.has(id), false, async (b) => {
        const rows = rowsOf<{ measure_id: string; period: string; value: number; note: string }>(
          await db.execute(sql`
            select v.measure_id::text as measure_id, v.period::text as period, v.value, v.note
            from unnest(${tokenArrayLiteral(b.measureIds)}::uuid[], ${tokenArrayLiteral(b.periods)}::date[]) as k(measure_id, period)
            join measure_values v on v.measure_id = k.measure_id and v.period = k.period and v.measure_id = any(${batchIds(b)})
            order by v.measure_id, v.period`),
        );
        for (const r of rows) out.get(r.measure_id)!.before.push({ period: r.period, value: Number(r.value), note: r.note });
      });

      await eachBatch((id) => !stored.has(id), true, async (b) => {
        await db.execute(sql`insert into measure_values (measure_id, period, value, note, updated_at) select t.*, now() from ${unnested(b)}`);
      });
      for (const id of ids) if (!stored.has(id)) out.get(id)!.summary.added = byMeasure.get(id)!.length;

      // Every CTE sees the table as it was before the statement, so `matched` tells a new period
      // from a stored one, and a changed value from an unchanged one.
      await eachBatch((id) => stored.has(id), true, async (b) => {
        const result = await db.execute(sql`
          with input as (select * from ${unnested(b)}),
          matched as (
            select i.measure_id, i.period, i.value, i.note, v.period is not null as stored,
              v.value is distinct from i.value or v.note is distinct from i.note as differs
            from input i
            -- Only the stored values of the batch's measures: the planner reads them by key, not the whole table.
            left join measure_values v on v.measure_id = i.measure_id and v.period = i.period and v.measure_id = any(${batchIds(b)})
          ),
          added as (
            insert into measure_values (measure_id, period, value, note, updated_at)
            select measure_id, period, value, note, now() from matched where not stored
            returning measure_id
          ),
          changed as (
            update measure_values v set value = m.value, note = m.note, updated_at = now()
            from matched m
            where m.stored and m.differs and v.measure_id = m.measure_id and v.period = m.period and v.measure_id = any(${batchIds(b)})
            returning v.measure_id
          )
          select measure_id::text as measure_id, sum(total)::int as total, sum(added)::int as added, sum(changed)::int as changed from (
            select measure_id, count(*) as total, 0 as added, 0 as changed from input group by measure_id
            union all select measure_id, 0, count(*), 0 from added group by measure_id
            union all select measure_id, 0, 0, count(*) from changed group by measure_id
          ) c group by measure_id`);
        for (const r of rowsOf<{ measure_id: string; total: number; added: number; changed: number }>(result)) {
          const s = out.get(r.measure_id)!.summary;
          s.added += Number(r.added);
          s.changed += Number(r.changed);
          s.unchanged += Number(r.total) - Number(r.added) - Number(r.changed);
        }
      });

      const touched = ids.filter((id) => out.get(id)!.summary.added + out.get(id)!.summary.changed > 0);
      if (touched.length) {
        await db.execute(sql`update measures set version = version + 1, updated_at = now() where id = any(${tokenArrayLiteral(touched)}::uuid[])`);
      }
      return out;
    },
    async copyValues(measureIds) {
      const client = transactionClient(db);
      if (!client) return null;
      const ids = [...new Set(measureIds)].sort();
      const fresh = new Set<string>();
      if (ids.length) {
        const idArray = sql`${tokenArrayLiteral(ids)}::uuid[]`;
        // Locked in id order before any value is sent, as upsertValuesForMeasures does; then, with
        // no one else able to add a value to them, which of them have none.
        const locked = rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from measures where id = any(${idArray}) order by id for update`));
        const stored = new Set(
          rowsOf<{ id: string }>(
            await db.execute(sql`select m.id::text as id from unnest(${idArray}) m(id) where exists (select 1 from measure_values v where v.measure_id = m.id)`),
          ).map((r) => r.id),
        );
        for (const { id } of locked) if (!stored.has(id)) fresh.add(id);
      }
      return openValuesCopy(client, fresh, async (written) => {
        await db.execute(sql`update measures set version = version + 1, updated_at = now() where id = any(${tokenArrayLiteral(written)}::uuid[])`);
      });
    },
    async latestPeriods(measureIds) {
      const out = new Map<string, string>();
      if (!measureIds.length) return out;
      const rows = await db
        .select({ measureId: measureValues.measureId, latest: sql<string>`max(${measureValues.period})::text` })
        .from(measureValues)
        .where(inArray(measureValues.measureId, [...measureIds]))
        .groupBy(measureValues.measureId);
      for (const r of rows) out.set(r.measureId, r.latest);
      return out;
    },
  };
}
