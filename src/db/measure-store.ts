/** Measures, their annotations and their values in the database. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { measureAnnotations, measures, measureValues, users } from './schema.ts';
import type { MeasureStore } from '../services/stores.ts';
import type { Annotation, Direction, Measure, MeasureValue, Preset, Rebase, Unit } from '../domain/measure.ts';
import type { Frequency } from '../domain/period.ts';
import { numberArrayLiteral, textArrayLiteral, tokenArrayLiteral } from './pg-array.ts';

type Row = typeof measures.$inferSelect;

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
