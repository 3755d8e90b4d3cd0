/** Goals, their links (problems, objectives, owners), strategic objectives and check-ins in the database. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { checkIns, goalObjectives, goalOwners, goalProblems, goals, memberships, strategicObjectives, users } from './schema.ts';
import type { CheckInStore, GoalStore } from '../services/stores.ts';
import type { Goal, GoalFields, GoalOwner, StrategicObjective, Wgll } from '../domain/goal.ts';
import type { CheckIn } from '../domain/check-in.ts';

type GoalRow = typeof goals.$inferSelect;

/** A GoalStore on a connection or transaction. */
export function createGoalStore(db: Db): GoalStore {
  // A goal with its links in one query: the board report and goal pages read goals on every request.
  // Drizzle leaves column names unqualified in select lists, so the outer goal is named in full.
  const goalId = sql.raw('"goals"."id"');
  const goalOrganisationId = sql.raw('"goals"."organisation_id"');
  const goalColumns = {
    g: goals,
    problemIds: sql<string[]>`coalesce((select array_agg(gp.problem_id::text order by gp.problem_id)
      from ${goalProblems} gp where gp.goal_id = ${goalId}), '{}'::text[])`,
    objectiveIds: sql<string[]>`coalesce((select array_agg(go.objective_id::text order by go.objective_id)
      from ${goalObjectives} go where go.goal_id = ${goalId}), '{}'::text[])`,
    owners: sql<GoalOwner[]>`coalesce((select json_agg(json_build_object('userId', u.id, 'name', u.name,
        'discipline', coalesce(m.discipline, 'other')) order by u.name)
      from ${goalOwners} o join ${users} u on u.id = o.user_id
      left join ${memberships} m on m.user_id = o.user_id and m.organisation_id = ${goalOrganisationId}
      where o.goal_id = ${goalId}), '[]'::json)`,
  };

  function toGoal(r: { g: GoalRow; problemIds: string[]; objectiveIds: string[]; owners: GoalOwner[] }): Goal {
    return {
      id: r.g.id,
      organisationId: r.g.organisationId,
      statement: r.g.statement,
      forWhom: r.g.forWhom,
      byWhen: r.g.byWhen,
      wgll: r.g.wgll as Wgll[],
      problemIds: r.problemIds,
      objectiveIds: r.objectiveIds,
      owners: r.owners,
      createdAt: r.g.createdAt,
      updatedAt: r.g.updatedAt,
    };
  }

  async function findById(id: string): Promise<Goal | null> {
    const [row] = await db.select(goalColumns).from(goals).where(eq(goals.id, id));
    return row ? toGoal(row) : null;
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
      const rows = await db.select(goalColumns).from(goals).where(eq(goals.organisationId, organisationId)).orderBy(asc(goals.createdAt), asc(goals.id));
      return rows.map(toGoal);
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
        .select(goalColumns)
        .from(goals)
        .where(sql`${goals.id} in (select goal_id from ${goalProblems} where problem_id = ${problemId})`)
        .orderBy(asc(goals.createdAt));
      return rows.map(toGoal);
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
    async upsert(goalId, author, fields) {
      // The row is locked so that `before` is what the edit replaced; the unique index on
      // (goal, period) turns a second insert that races this one into an update.
      const [existing] = await db.select().from(checkIns).where(and(eq(checkIns.goalId, goalId), eq(checkIns.period, fields.period))).for('update');
      const values = { authorUserId: author.userId, authorName: author.name, whatHappened: fields.whatHappened, whatNext: fields.whatNext, confidence: fields.confidence };
      const [row] = await db
        .insert(checkIns)
        .values({ goalId, period: fields.period, ...values })
        .onConflictDoUpdate({ target: [checkIns.goalId, checkIns.period], set: values })
        .returning();
      return { checkIn: toCheckIn(row!), before: existing ? toCheckIn(existing) : null };
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
