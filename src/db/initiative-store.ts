/** Initiatives with their links, capacity and the scoring model in the database. */
import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { numberArrayLiteral, tokenArrayLiteral } from './pg-array.ts';
import {
  capacity,
  initiativeGoals,
  initiativeHypotheses,
  initiativeProblems,
  initiatives,
  memberships,
  scoringModels,
  users,
} from './schema.ts';
import type { CapacityStore, InitiativeStore, ScoringModelStore } from '../services/stores.ts';
import type {
  Hypothesis,
  Initiative,
  InitiativeFields,
  InitiativePerson,
  InitiativeStatus,
  Level,
  Quarter,
  Skill,
  SkillDemand,
} from '../domain/initiative.ts';
import type { ScoringCriterion } from '../domain/portfolio.ts';

type InitiativeRow = typeof initiatives.$inferSelect;

/** Read demand from "quarter skill personWeeks;…" (see listSummaries). */
function compactDemand(text: string): SkillDemand[] {
  if (!text) return [];
  return text.split(';').map((entry) => {
    const [quarter, skill, personWeeks] = entry.split(' ');
    return { skill: skill as Skill, quarter: quarter as Quarter, personWeeks: Number(personWeeks) };
  });
}

/** An InitiativeStore on a connection or transaction. */
export function createInitiativeStore(db: Db): InitiativeStore {
  // An initiative with its links in one query; unqualified column names would be ambiguous in the subqueries.
  const id = sql.raw('"initiatives"."id"');
  const org = sql.raw('"initiatives"."organisation_id"');
  const person = (column: string) =>
    sql<InitiativePerson | null>`(select json_build_object('userId', u.id, 'name', u.name,
        'discipline', coalesce(m.discipline, 'other'))
      from ${users} u left join ${memberships} m on m.user_id = u.id and m.organisation_id = ${org}
      where u.id = ${sql.raw(`"initiatives"."${column}"`)})`;
  const columns = {
    i: initiatives,
    problemIds: sql<string[]>`coalesce((select array_agg(ip.problem_id::text order by ip.problem_id)
      from ${initiativeProblems} ip where ip.initiative_id = ${id}), '{}'::text[])`,
    goalIds: sql<string[]>`coalesce((select array_agg(ig.goal_id::text order by ig.goal_id)
      from ${initiativeGoals} ig where ig.initiative_id = ${id}), '{}'::text[])`,
    hypotheses: sql<Hypothesis[]>`coalesce((select json_agg(json_build_object('measureId', h.measure_id,
        'expectation', h.expectation, 'byDate', h.by_date) order by h.position)
      from ${initiativeHypotheses} h where h.initiative_id = ${id}), '[]'::json)`,
    owner: person('owner_user_id'),
    sponsor: person('sponsor_user_id'),
  };

  type Row = { i: InitiativeRow; problemIds: string[]; goalIds: string[]; hypotheses: Hypothesis[]; owner: InitiativePerson | null; sponsor: InitiativePerson | null };

  function toInitiative(r: Row): Initiative {
    return {
      id: r.i.id,
      organisationId: r.i.organisationId,
      name: r.i.name,
      change: r.i.change,
      level: r.i.level as Level,
      status: r.i.status as InitiativeStatus,
      problemIds: r.problemIds,
      goalIds: r.goalIds,
      hypotheses: r.hypotheses,
      owner: r.owner,
      sponsor: r.sponsor,
      demand: r.i.demand as SkillDemand[],
      cost: r.i.cost,
      startQuarter: r.i.startQuarter as Quarter | null,
      endQuarter: r.i.endQuarter as Quarter | null,
      rank: r.i.rank,
      wontDoReason: r.i.wontDoReason,
      scores: r.i.scores as Record<string, number>,
      stoppedOn: r.i.stoppedOn,
      pausedOn: r.i.pausedOn,
      createdAt: r.i.createdAt,
      updatedAt: r.i.updatedAt,
    };
  }

  async function select(where: SQL | undefined): Promise<Initiative[]> {
    const rows = await db.select(columns).from(initiatives).where(where).orderBy(asc(initiatives.rank), asc(initiatives.createdAt), asc(initiatives.id));
    return rows.map(toInitiative);
  }

  async function findById(initiativeId: string): Promise<Initiative | null> {
    const [found] = await select(eq(initiatives.id, initiativeId));
    return found ?? null;
  }

  async function writeLinks(initiativeId: string, fields: InitiativeFields): Promise<void> {
    await db.delete(initiativeProblems).where(eq(initiativeProblems.initiativeId, initiativeId));
    await db.delete(initiativeGoals).where(eq(initiativeGoals.initiativeId, initiativeId));
    await db.delete(initiativeHypotheses).where(eq(initiativeHypotheses.initiativeId, initiativeId));
    if (fields.problemIds.length) await db.insert(initiativeProblems).values(fields.problemIds.map((problemId) => ({ initiativeId, problemId })));
    if (fields.goalIds.length) await db.insert(initiativeGoals).values(fields.goalIds.map((goalId) => ({ initiativeId, goalId })));
    if (fields.hypotheses.length) {
      await db.insert(initiativeHypotheses).values(fields.hypotheses.map((h, position) => ({ initiativeId, measureId: h.measureId, expectation: h.expectation, byDate: h.byDate, position })));
    }
  }

  function columnsOf(fields: InitiativeFields) {
    return {
      name: fields.name,
      change: fields.change,
      level: fields.level,
      status: fields.status,
      ownerUserId: fields.ownerId,
      sponsorUserId: fields.sponsorId,
      demand: fields.demand,
      cost: fields.cost,
      startQuarter: fields.startQuarter,
      endQuarter: fields.endQuarter,
      wontDoReason: fields.wontDoReason,
      scores: fields.scores,
    };
  }

  return {
    async insert(organisationId, fields, rank) {
      const [row] = await db.insert(initiatives).values({ organisationId, rank, ...columnsOf(fields) }).returning({ id: initiatives.id });
      await writeLinks(row!.id, fields);
      return (await findById(row!.id))!;
    },
    findById,
    list: (organisationId) => select(eq(initiatives.organisationId, organisationId)),
    async listSummaries(organisationId) {
      const rows = await db
        .select({
          id: initiatives.id,
          organisationId: initiatives.organisationId,
          name: initiatives.name,
          level: initiatives.level,
          status: initiatives.status,
          // The demand as "quarter skill personWeeks" entries joined by ";": a quarter of the
          // bytes of its JSON, which is what a portfolio of hundreds of initiatives spends its time reading.
          demand: sql<string>`(select coalesce(string_agg(concat(e->>'quarter', ' ', e->>'skill', ' ', e->>'personWeeks'), ';' order by n), '')
            from jsonb_array_elements(${initiatives.demand}) with ordinality as d(e, n))`,
          rank: initiatives.rank,
          wontDoReason: initiatives.wontDoReason,
          scores: initiatives.scores,
          stoppedOn: initiatives.stoppedOn,
          pausedOn: initiatives.pausedOn,
        })
        .from(initiatives)
        .where(eq(initiatives.organisationId, organisationId))
        .orderBy(asc(initiatives.rank), asc(initiatives.createdAt), asc(initiatives.id));
      return rows.map((r) => ({
        ...r,
        level: r.level as Level,
        status: r.status as InitiativeStatus,
        demand: compactDemand(r.demand),
        scores: r.scores as Record<string, number>,
      }));
    },
    listForGoal: (goalId) =>
      select(inArray(initiatives.id, db.select({ id: initiativeGoals.initiativeId }).from(initiativeGoals).where(eq(initiativeGoals.goalId, goalId)))),
    listForProblem: (problemId) =>
      select(inArray(initiatives.id, db.select({ id: initiativeProblems.initiativeId }).from(initiativeProblems).where(eq(initiativeProblems.problemId, problemId)))),
    listForMeasure: (measureId) =>
      select(inArray(initiatives.id, db.select({ id: initiativeHypotheses.initiativeId }).from(initiativeHypotheses).where(eq(initiativeHypotheses.measureId, measureId)))),
    async update(initiativeId, fields) {
      await db
        .update(initiatives)
        .set({ ...columnsOf(fields), stoppedOn: fields.stoppedOn, pausedOn: fields.pausedOn, updatedAt: sql`now()` })
        .where(eq(initiatives.id, initiativeId));
      await writeLinks(initiativeId, fields);
      const updated = await findById(initiativeId);
      if (!updated) throw new Error(`initiative ${initiativeId} vanished during update`);
      return updated;
    },
    async setRanks(organisationId, order) {
      if (!order.length) return;
      // One statement for the whole order, so a re-rank of 500 initiatives is not 500 round trips.
      const ids = tokenArrayLiteral(order.map((o) => o.id));
      const ranks = numberArrayLiteral(order.map((o) => Math.trunc(o.rank)));
      await db.execute(sql`update ${initiatives} set rank = o.rank
        from (select unnest(${ids}::uuid[]) as id, unnest(${ranks}::int[]) as rank) o
        where ${initiatives.id} = o.id and ${initiatives.organisationId} = ${organisationId}`);
    },
    async nextRank(organisationId) {
      const [r] = await db
        .select({ n: sql<number>`coalesce(max(${initiatives.rank}), 0)::int + 1` })
        .from(initiatives)
        .where(eq(initiatives.organisationId, organisationId));
      return Number(r?.n ?? 1);
    },
    async delete(initiativeId) {
      await db.delete(initiatives).where(eq(initiatives.id, initiativeId));
    },
  };
}

/** A CapacityStore on a connection or transaction. */
export function createCapacityStore(db: Db): CapacityStore {
  return {
    async list(organisationId) {
      const rows = await db.select().from(capacity).where(eq(capacity.organisationId, organisationId)).orderBy(asc(capacity.quarter), asc(capacity.skill));
      return rows.map((r) => ({ quarter: r.quarter as Quarter, skill: r.skill as Skill, personWeeks: r.personWeeks }));
    },
    async replace(organisationId, entries) {
      await db.delete(capacity).where(eq(capacity.organisationId, organisationId));
      if (entries.length) await db.insert(capacity).values(entries.map((e) => ({ organisationId, ...e })));
    },
  };
}

/** A ScoringModelStore on a connection or transaction. */
export function createScoringModelStore(db: Db): ScoringModelStore {
  return {
    async get(organisationId) {
      const [row] = await db.select().from(scoringModels).where(eq(scoringModels.organisationId, organisationId));
      return row ? (row.criteria as ScoringCriterion[]) : null;
    },
    async put(organisationId, criteria) {
      await db
        .insert(scoringModels)
        .values({ organisationId, criteria: [...criteria] })
        .onConflictDoUpdate({ target: scoringModels.organisationId, set: { criteria: [...criteria], updatedAt: sql`now()` } });
    },
  };
}
