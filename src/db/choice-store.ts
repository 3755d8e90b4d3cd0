/** Stop items, the do-differently list and the decision log in the database. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { decisions, doDifferently, doDifferentlyProblems, stopItems, users } from './schema.ts';
import type { DecisionStore, DoDifferentlyStore, StopItemStore } from '../services/stores.ts';
import type { FreedCapacity, StopItem, StopItemKind, StopItemStatus, DoDifferently } from '../domain/stop-item.ts';
import type { Attendee, Decision, DecisionItem, DecisionKind } from '../domain/decision.ts';

/** A StopItemStore on a connection or transaction. */
export function createStopItemStore(db: Db): StopItemStore {
  const columns = { s: stopItems, ownerName: users.name };
  function toStopItem(r: { s: typeof stopItems.$inferSelect; ownerName: string | null }): StopItem {
    return {
      id: r.s.id,
      organisationId: r.s.organisationId,
      title: r.s.title,
      kind: r.s.kind as StopItemKind,
      reason: r.s.reason,
      ownerUserId: r.s.ownerUserId,
      ownerName: r.ownerName,
      stopOn: r.s.stopOn,
      freed: r.s.freed as FreedCapacity[],
      moneyFreed: r.s.moneyFreed,
      status: r.s.status as StopItemStatus,
      createdAt: r.s.createdAt,
      updatedAt: r.s.updatedAt,
    };
  }
  async function findById(id: string): Promise<StopItem | null> {
    const [row] = await db.select(columns).from(stopItems).leftJoin(users, eq(users.id, stopItems.ownerUserId)).where(eq(stopItems.id, id));
    return row ? toStopItem(row) : null;
  }
  const valuesOf = (f: Parameters<StopItemStore['insert']>[1]) => ({
    title: f.title,
    kind: f.kind,
    reason: f.reason,
    ownerUserId: f.ownerId,
    stopOn: f.stopOn,
    freed: f.freed,
    moneyFreed: f.moneyFreed,
    status: f.status,
  });
  return {
    async insert(organisationId, fields) {
      const [row] = await db.insert(stopItems).values({ organisationId, ...valuesOf(fields) }).returning({ id: stopItems.id });
      return (await findById(row!.id))!;
    },
    findById,
    async list(organisationId) {
      const rows = await db
        .select(columns)
        .from(stopItems)
        .leftJoin(users, eq(users.id, stopItems.ownerUserId))
        .where(eq(stopItems.organisationId, organisationId))
        .orderBy(asc(stopItems.stopOn), asc(stopItems.createdAt), asc(stopItems.id));
      return rows.map(toStopItem);
    },
    async update(id, fields) {
      await db.update(stopItems).set({ ...valuesOf(fields), updatedAt: sql`now()` }).where(eq(stopItems.id, id));
      const updated = await findById(id);
      if (!updated) throw new Error(`stop item ${id} vanished during update`);
      return updated;
    },
  };
}

/** A DoDifferentlyStore on a connection or transaction. */
export function createDoDifferentlyStore(db: Db): DoDifferentlyStore {
  const columns = {
    d: doDifferently,
    problemIds: sql<string[]>`coalesce((select array_agg(p.problem_id::text order by p.problem_id)
      from ${doDifferentlyProblems} p where p.do_differently_id = ${sql.raw('"do_differently"."id"')}), '{}'::text[])`,
  };
  const toItem = (r: { d: typeof doDifferently.$inferSelect; problemIds: string[] }): DoDifferently => ({
    id: r.d.id,
    organisationId: r.d.organisationId,
    title: r.d.title,
    description: r.d.description,
    problemIds: r.problemIds,
    createdAt: r.d.createdAt,
    updatedAt: r.d.updatedAt,
  });
  async function select(where: SQL): Promise<DoDifferently[]> {
    const rows = await db.select(columns).from(doDifferently).where(where).orderBy(asc(doDifferently.createdAt), asc(doDifferently.id));
    return rows.map(toItem);
  }
  async function writeLinks(id: string, problemIds: readonly string[]): Promise<void> {
    await db.delete(doDifferentlyProblems).where(eq(doDifferentlyProblems.doDifferentlyId, id));
    if (problemIds.length) await db.insert(doDifferentlyProblems).values(problemIds.map((problemId) => ({ doDifferentlyId: id, problemId })));
  }
  const findById = async (id: string) => (await select(eq(doDifferently.id, id)))[0] ?? null;
  return {
    async insert(organisationId, fields) {
      const [row] = await db.insert(doDifferently).values({ organisationId, title: fields.title, description: fields.description }).returning({ id: doDifferently.id });
      await writeLinks(row!.id, fields.problemIds);
      return (await findById(row!.id))!;
    },
    findById,
    list: (organisationId) => select(eq(doDifferently.organisationId, organisationId)),
    listForProblem: (problemId) =>
      select(
        inArray(
          doDifferently.id,
          db.select({ id: doDifferentlyProblems.doDifferentlyId }).from(doDifferentlyProblems).where(eq(doDifferentlyProblems.problemId, problemId)),
        ),
      ),
    async update(id, fields) {
      await db.update(doDifferently).set({ title: fields.title, description: fields.description, updatedAt: sql`now()` }).where(eq(doDifferently.id, id));
      await writeLinks(id, fields.problemIds);
      const updated = await findById(id);
      if (!updated) throw new Error(`do-differently item ${id} vanished during update`);
      return updated;
    },
    async delete(id) {
      await db.delete(doDifferently).where(eq(doDifferently.id, id));
    },
  };
}

/** A DecisionStore on a connection or transaction: insert and read only. */
export function createDecisionStore(db: Db): DecisionStore {
  const columns = {
    d: decisions,
    supersededById: sql<string | null>`(select later.id::text from ${decisions} later
      where later.supersedes_id = ${sql.raw('"decisions"."id"')})`,
  };
  const toDecision = (r: { d: typeof decisions.$inferSelect; supersededById: string | null }): Decision => ({
    id: r.d.id,
    organisationId: r.d.organisationId,
    kind: r.d.kind as DecisionKind,
    decidedOn: r.d.decidedOn,
    what: r.d.what,
    options: r.d.options as string[],
    rationale: r.d.rationale,
    present: r.d.present as Attendee[],
    items: r.d.items as DecisionItem[],
    supersedesId: r.d.supersedesId,
    supersededById: r.supersededById,
    recordedBy: r.d.recordedBy,
    recordedByUserId: r.d.recordedByUserId,
    recordedAt: r.d.recordedAt,
  });
  async function findById(id: string): Promise<Decision | null> {
    const [row] = await db.select(columns).from(decisions).where(eq(decisions.id, id));
    return row ? toDecision(row) : null;
  }
  return {
    async insert(organisationId, d) {
      const [row] = await db
        .insert(decisions)
        .values({
          organisationId,
          kind: d.kind,
          decidedOn: d.decidedOn,
          what: d.what,
          options: d.options,
          rationale: d.rationale,
          present: d.present,
          items: d.items,
          supersedesId: d.supersedesId,
          recordedBy: d.recordedBy,
          recordedByUserId: d.recordedByUserId,
        })
        .returning({ id: decisions.id });
      return (await findById(row!.id))!;
    },
    findById,
    async list(organisationId, filter, page) {
      const where: SQL[] = [eq(decisions.organisationId, organisationId)];
      if (filter.kind) where.push(eq(decisions.kind, filter.kind));
      if (filter.item) where.push(sql`${decisions.items} @> ${JSON.stringify([{ type: filter.item.type, id: filter.item.id }])}::jsonb`);
      const condition = and(...where);
      const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(decisions).where(condition);
      const rows = await db
        .select(columns)
        .from(decisions)
        .where(condition)
        .orderBy(desc(decisions.decidedOn), desc(decisions.recordedAt), asc(decisions.id))
        .limit(page.limit)
        .offset(page.offset);
      return { decisions: rows.map(toDecision), total: Number(counted?.n ?? 0) };
    },
  };
}
