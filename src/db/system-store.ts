/** Systems in the database: memberships, sharing, principles, contributions, capabilities, assessments, roll-ups. */
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from './connect.ts';
import {
  capabilities,
  capabilityAssessments,
  capabilityEntries,
  goalContributions,
  goals,
  organisations,
  principleDeclarations,
  principles,
  rollupComponents,
  rollupMeasures,
  systemMemberships,
  systemSettings,
} from './schema.ts';
import type { SystemStore } from '../services/system-store.ts';
import type { ReadArea } from '../domain/person.ts';
import type { OrganisationType } from '../domain/organisation.ts';
import type {
  Assessment,
  Capability,
  CapabilityEntry,
  Criterion,
  EntryStatus,
  Principle,
  Recommendation,
  RollupKind,
  RollupMeasure,
  Score,
  Serves,
  Stance,
  SystemMembership,
} from '../domain/system.ts';
import type { Direction, Unit } from '../domain/measure.ts';
import type { Frequency } from '../domain/period.ts';

type MembershipRow = typeof systemMemberships.$inferSelect;
const toMembership = (r: MembershipRow): SystemMembership => ({
  id: r.id,
  systemId: r.systemId,
  organisationId: r.organisationId,
  from: r.fromDate,
  to: r.toDate,
  createdAt: r.createdAt,
});

const toPrinciple = (r: typeof principles.$inferSelect): Principle => ({
  id: r.id,
  systemId: r.systemId,
  title: r.title,
  rationale: r.rationale,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const toCapability = (r: typeof capabilities.$inferSelect): Capability => ({
  id: r.id,
  systemId: r.systemId,
  name: r.name,
  description: r.description,
  createdAt: r.createdAt,
  retired: r.retiredAt ? { at: r.retiredAt, by: r.retiredBy ?? '', reason: r.retiredReason ?? '' } : null,
});

const toEntry = (r: typeof capabilityEntries.$inferSelect): CapabilityEntry => ({
  id: r.id,
  capabilityId: r.capabilityId,
  organisationId: r.organisationId,
  status: r.status as EntryStatus,
  product: r.product,
  supplier: r.supplier,
  contractEnd: r.contractEnd,
  serves: r.serves as Serves | null,
  servesReason: r.servesReason,
  updatedAt: r.updatedAt,
});

const toAssessment = (r: typeof capabilityAssessments.$inferSelect): Assessment => ({
  capabilityId: r.capabilityId,
  scores: r.scores as Record<Criterion, Score>,
  total: r.total,
  recommendation: r.recommendation as Recommendation,
  assessedBy: r.assessedBy,
  assessedAt: r.assessedAt,
  decisionId: r.decisionId,
  decided: r.decided as Recommendation | null,
});

/** A SystemStore on a connection or transaction. */
export function createSystemStore(db: Db): SystemStore {
  async function rollupsWhere(where: ReturnType<typeof eq>): Promise<RollupMeasure[]> {
    const rows = await db.select().from(rollupMeasures).where(where).orderBy(asc(rollupMeasures.name));
    if (!rows.length) return [];
    const parts = await db
      .select()
      .from(rollupComponents)
      .where(inArray(rollupComponents.rollupId, rows.map((r) => r.id)));
    return rows.map((r) => ({
      id: r.id,
      systemId: r.systemId,
      goalId: r.goalId,
      name: r.name,
      kind: r.kind as RollupKind,
      unit: r.unit as Unit,
      improvementDirection: r.improvementDirection as Direction,
      frequency: r.frequency as Frequency,
      createdAt: r.createdAt,
      components: parts
        .filter((p) => p.rollupId === r.id)
        .map((p) => ({ organisationId: p.organisationId, measureId: p.measureId, denominatorMeasureId: p.denominatorMeasureId })),
    }));
  }

  return {
    async lockOrganisation(id) {
      await db.execute(sql`select 1 from organisations where id = ${id} for update`);
    },
    async insertMembership(m) {
      const [row] = await db
        .insert(systemMemberships)
        .values({ systemId: m.systemId, organisationId: m.organisationId, fromDate: m.from, toDate: m.to })
        .returning();
      return toMembership(row!);
    },
    async findMembership(id) {
      const [row] = await db.select().from(systemMemberships).where(eq(systemMemberships.id, id));
      return row ? toMembership(row) : null;
    },
    async setMembershipEnd(id, to) {
      const [row] = await db.update(systemMemberships).set({ toDate: to }).where(eq(systemMemberships.id, id)).returning();
      return toMembership(row!);
    },
    async listMemberships(systemId) {
      const rows = await db
        .select({ m: systemMemberships, o: organisations })
        .from(systemMemberships)
        .innerJoin(organisations, eq(organisations.id, systemMemberships.organisationId))
        .where(eq(systemMemberships.systemId, systemId))
        .orderBy(asc(organisations.name), asc(systemMemberships.fromDate));
      return rows.map((r) => ({
        ...toMembership(r.m),
        organisation: { id: r.o.id, code: r.o.code, name: r.o.name, type: r.o.type as OrganisationType },
      }));
    },
    async membershipsOf(organisationId) {
      const rows = await db
        .select({ m: systemMemberships, name: organisations.name, code: organisations.code })
        .from(systemMemberships)
        .innerJoin(organisations, eq(organisations.id, systemMemberships.systemId))
        .where(eq(systemMemberships.organisationId, organisationId))
        .orderBy(asc(systemMemberships.fromDate));
      return rows.map((r) => ({ ...toMembership(r.m), systemName: r.name, systemCode: r.code }));
    },
    async currentAround(organisationIds, on) {
      if (!organisationIds.length) return { memberships: [], sharedAreas: new Map() };
      const ids = [...organisationIds];
      const current = and(lte(systemMemberships.fromDate, on), or(isNull(systemMemberships.toDate), gte(systemMemberships.toDate, on)));
      const mine = alias(systemMemberships, 'mine');
      // Systems the actor's organisations are, or are current members of.
      const systems = db
        .select({ id: mine.systemId })
        .from(mine)
        .where(and(inArray(mine.organisationId, ids), lte(mine.fromDate, on), or(isNull(mine.toDate), gte(mine.toDate, on))));
      const rows = await db
        .select({ systemId: systemMemberships.systemId, organisationId: systemMemberships.organisationId })
        .from(systemMemberships)
        .where(and(current, or(inArray(systemMemberships.systemId, ids), inArray(systemMemberships.systemId, systems))));
      const systemIds = [...new Set(rows.map((r) => r.systemId))];
      const settings = systemIds.length ? await db.select().from(systemSettings).where(inArray(systemSettings.systemId, systemIds)) : [];
      return { memberships: rows, sharedAreas: new Map(settings.map((s) => [s.systemId, s.sharedAreas as ReadArea[]])) };
    },

    async sharedAreas(systemId) {
      const [row] = await db.select().from(systemSettings).where(eq(systemSettings.systemId, systemId));
      return (row?.sharedAreas ?? []) as ReadArea[];
    },
    async setSharedAreas(systemId, areas) {
      await db
        .insert(systemSettings)
        .values({ systemId, sharedAreas: [...areas] })
        .onConflictDoUpdate({ target: systemSettings.systemId, set: { sharedAreas: [...areas] } });
    },

    async insertPrinciple(systemId, p) {
      const [row] = await db.insert(principles).values({ systemId, ...p }).returning();
      return toPrinciple(row!);
    },
    async listPrinciples(systemId) {
      const rows = await db.select().from(principles).where(eq(principles.systemId, systemId)).orderBy(asc(principles.createdAt), asc(principles.id));
      return rows.map(toPrinciple);
    },
    async findPrinciple(id) {
      const [row] = await db.select().from(principles).where(eq(principles.id, id));
      return row ? toPrinciple(row) : null;
    },
    async updatePrinciple(id, p) {
      const [row] = await db.update(principles).set({ ...p, updatedAt: new Date() }).where(eq(principles.id, id)).returning();
      return toPrinciple(row!);
    },
    async deletePrinciple(id) {
      await db.delete(principles).where(eq(principles.id, id));
    },

    async setContribution(goalId, systemGoalId) {
      if (systemGoalId === null) {
        await db.delete(goalContributions).where(eq(goalContributions.goalId, goalId));
        return;
      }
      await db
        .insert(goalContributions)
        .values({ goalId, systemGoalId })
        .onConflictDoUpdate({ target: goalContributions.goalId, set: { systemGoalId } });
    },
    async contributionOf(goalId) {
      const [row] = await db.select().from(goalContributions).where(eq(goalContributions.goalId, goalId));
      return row?.systemGoalId ?? null;
    },
    async contributionsTo(systemGoalIds) {
      if (!systemGoalIds.length) return [];
      return db
        .select({ goalId: goals.id, organisationId: goals.organisationId, statement: goals.statement, systemGoalId: goalContributions.systemGoalId })
        .from(goalContributions)
        .innerJoin(goals, eq(goals.id, goalContributions.goalId))
        .where(inArray(goalContributions.systemGoalId, [...systemGoalIds]))
        .orderBy(asc(goals.statement));
    },

    async insertCapability(systemId, c) {
      const [row] = await db.insert(capabilities).values({ systemId, ...c }).returning();
      return toCapability(row!);
    },
    async listCapabilities(systemId) {
      const rows = await db.select().from(capabilities).where(eq(capabilities.systemId, systemId)).orderBy(asc(capabilities.name));
      return rows.map(toCapability);
    },
    async findCapability(id) {
      const [row] = await db.select().from(capabilities).where(eq(capabilities.id, id));
      return row ? toCapability(row) : null;
    },
    async findCapabilityByName(systemId, name) {
      const [row] = await db
        .select()
        .from(capabilities)
        .where(and(eq(capabilities.systemId, systemId), sql`lower(${capabilities.name}) = lower(${name})`));
      return row ? toCapability(row) : null;
    },
    async lockCapability(id, mode) {
      // FOR SHARE by writers that depend on the row (entries, assessments, decisions); FOR UPDATE by retire and delete.
      const [row] = await db.select().from(capabilities).where(eq(capabilities.id, id)).for(mode);
      return row ? toCapability(row) : null;
    },
    async setCapabilityRetired(id, retired) {
      const [row] = await db
        .update(capabilities)
        .set({ retiredAt: retired?.at ?? null, retiredBy: retired?.by ?? null, retiredReason: retired?.reason ?? null })
        .where(eq(capabilities.id, id))
        .returning();
      return toCapability(row!);
    },
    async updateCapability(id, c) {
      const [row] = await db.update(capabilities).set(c).where(eq(capabilities.id, id)).returning();
      return toCapability(row!);
    },
    async deleteCapability(id) {
      await db.delete(capabilities).where(eq(capabilities.id, id));
    },
    async upsertEntry(capabilityId, organisationId, f) {
      const values = { ...f, updatedAt: new Date() };
      const [row] = await db
        .insert(capabilityEntries)
        .values({ capabilityId, organisationId, ...values })
        .onConflictDoUpdate({ target: [capabilityEntries.capabilityId, capabilityEntries.organisationId], set: values })
        .returning();
      return toEntry(row!);
    },
    async findEntry(capabilityId, organisationId) {
      const [row] = await db
        .select()
        .from(capabilityEntries)
        .where(and(eq(capabilityEntries.capabilityId, capabilityId), eq(capabilityEntries.organisationId, organisationId)));
      return row ? toEntry(row) : null;
    },
    async deleteEntry(capabilityId, organisationId) {
      await db
        .delete(capabilityEntries)
        .where(and(eq(capabilityEntries.capabilityId, capabilityId), eq(capabilityEntries.organisationId, organisationId)));
    },
    async listEntries(capabilityIds) {
      if (!capabilityIds.length) return [];
      const rows = await db.select().from(capabilityEntries).where(inArray(capabilityEntries.capabilityId, [...capabilityIds]));
      return rows.map(toEntry);
    },

    async findAssessment(capabilityId) {
      const [row] = await db.select().from(capabilityAssessments).where(eq(capabilityAssessments.capabilityId, capabilityId));
      return row ? toAssessment(row) : null;
    },
    async listAssessments(capabilityIds) {
      if (!capabilityIds.length) return [];
      const rows = await db.select().from(capabilityAssessments).where(inArray(capabilityAssessments.capabilityId, [...capabilityIds]));
      return rows.map(toAssessment);
    },
    async putAssessment(a) {
      const set = { scores: a.scores, total: a.total, recommendation: a.recommendation, assessedBy: a.assessedBy, assessedAt: new Date() };
      const [row] = await db
        .insert(capabilityAssessments)
        .values({ capabilityId: a.capabilityId, ...set })
        .onConflictDoUpdate({ target: capabilityAssessments.capabilityId, set })
        .returning();
      return toAssessment(row!);
    },
    async setAssessmentDecision(capabilityId, decisionId, decided) {
      await db.update(capabilityAssessments).set({ decisionId, decided }).where(eq(capabilityAssessments.capabilityId, capabilityId));
    },

    async insertRollup(r) {
      const [row] = await db
        .insert(rollupMeasures)
        .values({ systemId: r.systemId, goalId: r.goalId, name: r.name, kind: r.kind, unit: r.unit, improvementDirection: r.improvementDirection, frequency: r.frequency })
        .returning();
      await db.insert(rollupComponents).values(r.components.map((c) => ({ rollupId: row!.id, ...c })));
      return (await rollupsWhere(eq(rollupMeasures.id, row!.id)))[0]!;
    },
    async listRollups(systemId) {
      return rollupsWhere(eq(rollupMeasures.systemId, systemId));
    },
    async findRollup(id) {
      return (await rollupsWhere(eq(rollupMeasures.id, id)))[0] ?? null;
    },
    async deleteRollup(id) {
      await db.delete(rollupMeasures).where(eq(rollupMeasures.id, id));
    },

    async listDeclarations(initiativeIds) {
      if (!initiativeIds.length) return [];
      const rows = await db.select().from(principleDeclarations).where(inArray(principleDeclarations.initiativeId, [...initiativeIds]));
      return rows.map((r) => ({ initiativeId: r.initiativeId, principleId: r.principleId, stance: r.stance as Stance, reason: r.reason, updatedAt: r.updatedAt }));
    },
    async putDeclaration(d) {
      const set = { stance: d.stance, reason: d.reason, updatedAt: new Date() };
      const [row] = await db
        .insert(principleDeclarations)
        .values({ ...d, updatedAt: set.updatedAt })
        .onConflictDoUpdate({ target: [principleDeclarations.initiativeId, principleDeclarations.principleId], set })
        .returning();
      return { initiativeId: row!.initiativeId, principleId: row!.principleId, stance: row!.stance as Stance, reason: row!.reason, updatedAt: row!.updatedAt };
    },
  };
}
