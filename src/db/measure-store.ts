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
  async function load(where: SQL | undefined): Promise<Measure[]> {
    const rows = await db
      .select({ m: measures, ownerName: users.name })
      .from(measures)
      .leftJoin(users, eq(users.id, measures.ownerUserId))
      .where(where)
      .orderBy(asc(measures.createdAt), asc(measures.id));
    if (!rows.length) return [];
    const notes = await db
      .select()
      .from(measureAnnotations)
      .where(inArray(measureAnnotations.measureId, rows.map((r) => r.m.id)))
      .orderBy(asc(measureAnnotations.period));
    const byMeasure = new Map<string, Annotation[]>();
    for (const n of notes) {
      const list = byMeasure.get(n.measureId) ?? [];
      list.push({ id: n.id, period: n.period, label: n.label });
      byMeasure.set(n.measureId, list);
    }
    return rows.map((r) => toMeasure(r.m, r.ownerName, byMeasure.get(r.m.id) ?? []));
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
      // One statement for the whole submission: the arrays travel as three bound literals and are
      // unnested server-side. Every CTE sees the table as it was before the insert, which is what
      // tells an added value from a changed one.
      const result = await db.execute(sql`
        with input as (
          select * from unnest(
            ${tokenArrayLiteral(values.map((v) => v.period))}::date[],
            ${numberArrayLiteral(values.map((v) => v.value))}::float8[],
            ${textArrayLiteral(values.map((v) => v.note))}::text[]
          ) as t(period, value, note)
        ),
        existing as (
          select v.period from measure_values v join input i on i.period = v.period
          where v.measure_id = ${measureId}
        ),
        written as (
          insert into measure_values (measure_id, period, value, note, updated_at)
          select ${measureId}, period, value, note, now() from input
          on conflict (measure_id, period) do update
            set value = excluded.value, note = excluded.note, updated_at = now()
            where measure_values.value is distinct from excluded.value
               or measure_values.note is distinct from excluded.note
          returning period
        )
        select
          (select count(*) from input)::int as total,
          (select count(*) from existing)::int as existing,
          (select count(*) from written)::int as written`);
      const [row] = rowsOf<{ total: number; existing: number; written: number }>(result);
      const total = Number(row?.total ?? 0);
      const existing = Number(row?.existing ?? 0);
      const written = Number(row?.written ?? 0);
      const added = total - existing;
      const changed = written - added;
      if (written > 0) {
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
