/** Goals and the organisation's strategic objectives. */
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { canRead, requireRead, requireRole, type Actor } from '../domain/person.ts';
import { validateGoal, validateObjective, type Goal, type GoalFields, type RawGoal, type StrategicObjective } from '../domain/goal.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Storage, Stores } from './stores.ts';
import { recordChange } from './audit.ts';

function record(g: Goal | GoalFields): Record<string, unknown> {
  return {
    statement: g.statement,
    forWhom: g.forWhom,
    byWhen: g.byWhen,
    wgll: g.wgll,
    problemIds: g.problemIds,
    objectiveIds: g.objectiveIds,
    ownerIds: 'ownerIds' in g ? g.ownerIds : g.owners.map((o) => o.userId),
  };
}

/** The use cases for goals. */
export function createGoalService(storage: Storage) {
  async function load(stores: Stores, actor: Actor, id: string): Promise<Goal> {
    const goal = isId(id) ? await stores.goals.findById(id) : null;
    if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
    return goal;
  }

  // Links must point at records of the same organisation: problems, objectives, member owners.
  async function checkLinks(stores: Stores, organisationId: string, fields: GoalFields): Promise<void> {
    const errors: Record<string, string> = {};
    for (const id of fields.problemIds) {
      const p = isId(id) ? await stores.problems.findById(id) : null;
      if (!p || p.organisationId !== organisationId) errors.problemIds = `There is no problem ${id} in this organisation`;
    }
    for (const id of fields.objectiveIds) {
      const o = isId(id) ? await stores.goals.findObjective(id) : null;
      if (!o || o.organisationId !== organisationId) errors.objectiveIds = `There is no strategic objective ${id} in this organisation`;
    }
    for (const id of fields.ownerIds) {
      const m = isId(id) ? await stores.users.findMembership(id, organisationId) : null;
      if (!m) errors.ownerIds = `Owner ${id} is not a member of this organisation`;
    }
    if (Object.keys(errors).length) throw new InvalidInput('The goal links to records it cannot', errors);
  }

  return {
    /** Every goal of an organisation. */
    async list(actor: Actor, organisationId: string): Promise<Goal[]> {
      requireRead(actor, organisationId, 'goals');
      return storage.stores.goals.list(organisationId);
    },

    /** One goal. */
    get(actor: Actor, id: string): Promise<Goal> {
      return load(storage.stores, actor, id);
    },

    /** Goals linked to a problem. */
    async listForProblem(actor: Actor, problemId: string): Promise<Goal[]> {
      const goals = isId(problemId) ? await storage.stores.goals.listForProblem(problemId) : [];
      return goals.filter((g) => canRead(actor, g.organisationId, 'goals'));
    },

    /** Set a new goal (editors). */
    async create(actor: Actor, organisationId: string, raw: RawGoal): Promise<Goal> {
      requireRole(actor, organisationId, 'editor');
      const fields = validateGoal(raw);
      return storage.transaction(async (stores) => {
        await checkLinks(stores, organisationId, fields);
        const goal = await stores.goals.insert(organisationId, fields);
        await recordChange(stores, actor, { organisationId, entityType: 'goal', entityId: goal.id, action: 'created', before: null, after: record(fields) });
        return goal;
      });
    },

    /** Change a goal; fields left out keep their values. */
    async update(actor: Actor, id: string, raw: RawGoal): Promise<Goal> {
      return storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        const merged: RawGoal = { ...record(before) };
        for (const [k, v] of Object.entries(raw)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
        const fields = validateGoal(merged);
        await checkLinks(stores, before.organisationId, fields);
        const after = await stores.goals.update(id, fields);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'goal', entityId: id, action: 'updated', before: record(before), after: record(fields) });
        return after;
      });
    },

    /** Delete a goal with its measures, values and check-ins (editors). */
    async delete(actor: Actor, id: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        await stores.goals.delete(id);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'goal', entityId: id, action: 'deleted', before: record(before), after: null });
      });
    },

    /** The history of a goal, newest first. */
    async history(actor: Actor, id: string): Promise<AuditEvent[]> {
      await load(storage.stores, actor, id);
      return storage.stores.audit.history('goal', [id], 200);
    },

    /** The organisation's own strategic objectives. */
    async listObjectives(actor: Actor, organisationId: string): Promise<StrategicObjective[]> {
      requireRead(actor, organisationId, 'goals');
      return storage.stores.goals.listObjectives(organisationId);
    },

    /** Record a strategic objective of the organisation (editors). */
    async addObjective(actor: Actor, organisationId: string, raw: { title?: unknown; description?: unknown }): Promise<StrategicObjective> {
      requireRole(actor, organisationId, 'editor');
      const o = validateObjective(raw);
      return storage.transaction(async (stores) => {
        const created = await stores.goals.insertObjective(organisationId, o);
        await recordChange(stores, actor, { organisationId, entityType: 'strategic_objective', entityId: created.id, action: 'created', before: null, after: o });
        return created;
      });
    },

    /** Change a strategic objective (editors). */
    async updateObjective(actor: Actor, id: string, raw: { title?: unknown; description?: unknown }): Promise<StrategicObjective> {
      return storage.transaction(async (stores) => {
        const before = isId(id) ? await stores.goals.findObjective(id) : null;
        if (!before || !canRead(actor, before.organisationId, 'goals')) throw new NotFound('Strategic objective');
        requireRole(actor, before.organisationId, 'editor');
        const o = validateObjective({ title: raw.title ?? before.title, description: raw.description ?? before.description });
        const after = await stores.goals.updateObjective(id, o);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'strategic_objective', entityId: id, action: 'updated', before: { title: before.title, description: before.description }, after: o });
        return after;
      });
    },

    /** Delete a strategic objective (editors); goals lose the link. */
    async deleteObjective(actor: Actor, id: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const before = isId(id) ? await stores.goals.findObjective(id) : null;
        if (!before || !canRead(actor, before.organisationId, 'goals')) throw new NotFound('Strategic objective');
        requireRole(actor, before.organisationId, 'editor');
        await stores.goals.deleteObjective(id);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'strategic_objective', entityId: id, action: 'deleted', before: { title: before.title, description: before.description }, after: null });
      });
    },
  };
}

export type GoalService = ReturnType<typeof createGoalService>;
