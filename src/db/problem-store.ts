/** Problems and their evidence in the database. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { evidence, problems } from './schema.ts';
import type { ProblemStore } from '../services/stores.ts';
import type {
  Affected,
  Evidence,
  EvidenceKind,
  Problem,
  ProblemStatus,
} from '../domain/problem.ts';

type ProblemRow = typeof problems.$inferSelect;
type EvidenceRow = typeof evidence.$inferSelect;

function toEvidence(row: EvidenceRow): Evidence {
  return {
    id: row.id,
    kind: row.kind as EvidenceKind,
    summary: row.summary,
    link: row.link,
    count: row.count,
  };
}

function toProblem(row: ProblemRow, items: Evidence[]): Problem {
  return {
    id: row.id,
    organisationId: row.organisationId,
    title: row.title,
    description: row.description,
    affected: row.affected as Affected,
    affectedGroup: row.affectedGroup,
    severity: row.severity,
    reach: row.reach,
    themes: row.themes,
    status: row.status as ProblemStatus,
    raisedBy: row.raisedBy,
    raisedByUserId: row.raisedByUserId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    evidence: items,
  };
}

/** A ProblemStore on a connection or transaction. */
export function createProblemStore(db: Db): ProblemStore {
  async function evidenceFor(ids: string[]): Promise<Map<string, Evidence[]>> {
    const byProblem = new Map<string, Evidence[]>(ids.map((id) => [id, []]));
    if (!ids.length) return byProblem;
    const rows = await db
      .select()
      .from(evidence)
      .where(inArray(evidence.problemId, ids))
      .orderBy(asc(evidence.position), asc(evidence.createdAt));
    for (const row of rows) byProblem.get(row.problemId)?.push(toEvidence(row));
    return byProblem;
  }

  async function findById(id: string): Promise<Problem | null> {
    const [row] = await db.select().from(problems).where(eq(problems.id, id));
    if (!row) return null;
    const items = await evidenceFor([id]);
    return toProblem(row, items.get(id) ?? []);
  }

  return {
    async insert(p) {
      const [row] = await db.insert(problems).values(p).returning();
      return toProblem(row!, []);
    },
    findById,
    async list(organisationId, filter, page) {
      const where: SQL[] = [eq(problems.organisationId, organisationId)];
      if (filter.theme) where.push(sql`${filter.theme} = any(${problems.themes})`);
      if (filter.affected) where.push(eq(problems.affected, filter.affected));
      if (filter.status) where.push(eq(problems.status, filter.status));
      const condition = and(...where);
      const [counted] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(problems)
        .where(condition);
      const rows = await db
        .select()
        .from(problems)
        .where(condition)
        .orderBy(
          desc(sql`${problems.severity}::bigint * ${problems.reach}`),
          desc(problems.createdAt),
          asc(problems.id),
        )
        .limit(page.limit)
        .offset(page.offset);
      const items = await evidenceFor(rows.map((r) => r.id));
      return {
        problems: rows.map((r) => toProblem(r, items.get(r.id) ?? [])),
        total: Number(counted?.n ?? 0),
      };
    },
    async themes(organisationId) {
      const rows: unknown = await db.execute(
        sql`select distinct unnest(${problems.themes}) as theme from ${problems}
            where ${problems.organisationId} = ${organisationId} order by 1`,
      );
      return (rows as { rows: { theme: string }[] }).rows.map((r) => r.theme);
    },
    async update(id, fields) {
      await db
        .update(problems)
        .set({ ...fields, updatedAt: sql`now()` })
        .where(eq(problems.id, id));
      const updated = await findById(id);
      if (!updated) throw new Error(`problem ${id} vanished during update`);
      return updated;
    },
    async delete(id) {
      await db.delete(problems).where(eq(problems.id, id));
    },
    async addEvidence(problemId, e) {
      const [pos] = await db
        .select({ n: sql<number>`coalesce(max(${evidence.position}) + 1, 0)::int` })
        .from(evidence)
        .where(eq(evidence.problemId, problemId));
      const [row] = await db
        .insert(evidence)
        .values({ ...e, problemId, position: Number(pos?.n ?? 0) })
        .returning();
      return toEvidence(row!);
    },
    async removeEvidence(problemId, evidenceId) {
      const rows = await db
        .delete(evidence)
        .where(and(eq(evidence.problemId, problemId), eq(evidence.id, evidenceId)))
        .returning({ id: evidence.id });
      return rows.length > 0;
    },
  };
}
