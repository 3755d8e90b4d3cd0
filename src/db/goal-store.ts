/** Goals, their links (problems, objectives, owners), strategic objectives and check-ins in the database. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { checkIns, goalObjectives, goalOwners, goalProblems, goals, memberships, strategicObjectives, users } from './schema.ts';
import type { CheckInStore, GoalStore } from '../services/stores.ts';
import type { Goal, GoalFields, StrategicObjective, Wgll } from '../domain/goal.ts';
import type { CheckIn } from '../domain/check-in.ts';

type GoalRow = typeof goals.$inferSelect;

/** A GoalStore on a connection or transaction. */
export function createGoalStore(db: Db): GoalStore {
  async function hydrate(rows: GoalRow[]): Promise<Goal[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [problemLinks, objectiveLinks, owners] = await Promise.all([
      db.select().from(goalProblems).where(inArray(goalProblems.goalId, ids)),
      db.select().from(goalObjectives).where(inArray(goalObjectives.goalId, ids)),
      db
        .select({ goalId: goalOwners.goalId, userId: goalOwners.userId, name: users.name, discipline: memberships.discipline, organisationId: memberships.organisationId })
        .from(goalOwners)
        .innerJoin(users, eq(users.id, goalOwners.userId))
        .innerJoin(goals, eq(goals.id, goalOwners.goalId))
        .leftJoin(memberships, and(eq(memberships.userId, goalOwners.userId), eq(memberships.organisationId, goals.organisationId)))
        .where(inArray(goalOwners.goalId, ids))
        .orderBy(asc(users.name)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisationId,
      statement: r.statement,
      forWhom: r.forWhom,
      byWhen: r.byWhen,
      wgll: r.wgll as Wgll[],
      problemIds: problemLinks.filter((l) => l.goalId === r.id).map((l) => l.problemId),
      objectiveIds: objectiveLinks.filter((l) => l.goalId === r.id).map((l) => l.objectiveId),
      owners: owners.filter((o) => o.goalId === r.id).map((o) => ({ userId: o.userId, name: o.name, discipline: o.discipline ?? 'other' })),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }

  async function findById(id: string): Promise<Goal | null> {
    const rows = await db.select().from(goals).where(eq(goals.id, id));
    return (await hydrate(rows))[0] ?? null;
  }

  async function writeLinks(goalId: string, fields: GoalFields): Promise<void> {
    await db.delete(goalProblems).where(eq(goalProblems.goalId, goalId));
    await db.delete(goalObjectives).where(eq(goalObjectives.goalId, goalId));
    await db.delete(goalOwners).where(eq(goalOwners.goalId, goalId));
    if (fields.problemIds.length) await db.insert(goalProblems).values(fields.problemIds.map((problemId) => ({ goalId, problemId })));
    if (fields.objectiveIds.length) await db.insert(goalObjectives).values(fields.objectiveIds.map((objectiveId) => ({ goalId, objectiveId })));
    if (fields.ownerIds.length) await db.insert(goalOwners).values(fields.ownerIds.map((userId) => ({ goalId, userId })));
  }

  const toObjective = (r: typeof strategicObjectives.$inferSelect): StrategicObjective => ({
    id: r.id,
    organisationId: r.organisationId,
    title: r.title,
    description: r.description,
  });

  return {
    async insert(organisationId, fields) {
      const [row] = await db
        .insert(goals)
        .values({ organisationId, statement: fields.statement, forWhom: fields.forWhom, byWhen: fields.byWhen, wgll: fields.wgll })
        .returning();
      await writeLinks(row!.id, fields);
      return (await findById(row!.id))!;
    },
    findById,
    async list(organisationId) {
      const rows = await db.select().from(goals).where(eq(goals.organisationId, organisationId)).orderBy(asc(goals.createdAt), asc(goals.id));
      return hydrate(rows);
    },
    async update(id, fields) {
      await db
        .update(goals)
        .set({ statement: fields.statement, forWhom: fields.forWhom, byWhen: fields.byWhen, wgll: fields.wgll, updatedAt: sql`now()` })
        .where(eq(goals.id, id));
      await writeLinks(id, fields);
      return (await findById(id))!;
    },
    async delete(id) {
      await db.delete(goals).where(eq(goals.id, id));
    },
    async listForProblem(problemId) {
      const rows = await db
        .select({ g: goals })
        .from(goals)
        .innerJoin(goalProblems, eq(goalProblems.goalId, goals.id))
        .where(eq(goalProblems.problemId, problemId))
        .orderBy(asc(goals.createdAt));
      return hydrate(rows.map((r) => r.g));
    },
    async insertObjective(organisationId, o) {
      const [row] = await db.insert(strategicObjectives).values({ organisationId, ...o }).returning();
      return toObjective(row!);
    },
    async listObjectives(organisationId) {
      const rows = await db.select().from(strategicObjectives).where(eq(strategicObjectives.organisationId, organisationId)).orderBy(asc(strategicObjectives.createdAt));
      return rows.map(toObjective);
    },
    async findObjective(id) {
      const [row] = await db.select().from(strategicObjectives).where(eq(strategicObjectives.id, id));
      return row ? toObjective(row) : null;
    },
    async updateObjective(id, o) {
      const [row] = await db.update(strategicObjectives).set(o).where(eq(strategicObjectives.id, id)).returning();
      return toObjective(row!);
    },
    async deleteObjective(id) {
      await db.delete(strategicObjectives).where(eq(strategicObjectives.id, id));
    },
  };
}

function toCheckIn(r: typeof checkIns.$inferSelect): CheckIn {
  return {
    id: r.id,
    goalId: r.goalId,
    period: r.period,
    whatHappened: r.whatHappened,
    whatNext: r.whatNext,
    confidence: r.confidence,
    authorUserId: r.authorUserId,
    authorName: r.authorName,
    createdAt: r.createdAt,
  };
}

/** A CheckInStore on a connection or transaction. */
export function createCheckInStore(db: Db): CheckInStore {
  return {
    async insert(goalId, author, fields) {
      const [row] = await db.insert(checkIns).values({ goalId, authorUserId: author.userId, authorName: author.name, ...fields }).returning();
      return toCheckIn(row!);
    },
    async listForGoal(goalId, limit) {
      const rows = await db.select().from(checkIns).where(eq(checkIns.goalId, goalId)).orderBy(desc(checkIns.period), desc(checkIns.createdAt)).limit(limit);
      return rows.map(toCheckIn);
    },
    async latestFor(goalIds) {
      const out = new Map<string, CheckIn>();
      if (!goalIds.length) return out;
      const rows = await db
        .selectDistinctOn([checkIns.goalId])
        .from(checkIns)
        .where(inArray(checkIns.goalId, [...goalIds]))
        .orderBy(checkIns.goalId, desc(checkIns.period), desc(checkIns.createdAt));
      for (const r of rows) out.set(r.goalId, toCheckIn(r));
      return out;
    },
  };
}
