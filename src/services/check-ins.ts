/** Weekly check-ins by goal owners, and what is due or overdue. */
import { Forbidden, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { canRead, hasRole, requireRead, roleIn, type Actor } from '../domain/person.ts';
import { CHECK_IN_FREQUENCY, timelinessOf, validateCheckIn, type CheckIn, type Timeliness } from '../domain/check-in.ts';
import { addPeriods, periodStartOf } from '../domain/period.ts';
import type { Clock, Storage } from './stores.ts';
import { recordChange } from './audit.ts';

/** One row of the "what is due" list. */
export interface DueItem {
  kind: 'check_in' | 'value';
  goalId: string;
  goalStatement: string;
  measureId: string | null;
  measureName: string | null;
  /** The last period with a check-in or value, or null if never. */
  latest: string | null;
  /** The period that should be filled in next. */
  duePeriod: string;
  timeliness: Timeliness;
  owners: string[];
}

// What the audit trail shows of an edited check-in: the period names which one changed.
function checkInRecord(c: CheckIn): Record<string, unknown> {
  return {
    [`check-in ${c.period}: confidence`]: `${c.confidence} of 5`,
    [`check-in ${c.period}: what happened`]: c.whatHappened,
    [`check-in ${c.period}: what next`]: c.whatNext,
  };
}

/** The use cases for check-ins. */
export function createCheckInService(storage: Storage, clock: Clock) {
  const service = {
    /**
     * Write a goal's check-in for a period: its owners, or editors. There is one per goal per
     * period, so a second one for the same period edits the first (audited before → after).
     */
    async record(actor: Actor, goalId: string, raw: { period?: unknown; whatHappened?: unknown; whatNext?: unknown; confidence?: unknown }): Promise<{ checkIn: CheckIn; updated: boolean }> {
      const goal = isId(goalId) ? await storage.stores.goals.findById(goalId) : null;
      if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
      const isOwner = actor.kind === 'user' && goal.owners.some((o) => o.userId === actor.userId);
      if (!isOwner && !hasRole(roleIn(actor, goal.organisationId), 'editor')) {
        throw new Forbidden('Only the goal’s owners or editors can write its check-in');
      }
      const fields = validateCheckIn(raw, clock());
      return storage.transaction(async (stores) => {
        const { checkIn, before } = await stores.checkIns.upsert(goalId, { userId: actor.kind === 'user' ? actor.userId : null, name: actor.name }, fields);
        if (before) {
          await recordChange(stores, actor, { organisationId: goal.organisationId, entityType: 'goal', entityId: goalId, action: 'updated', before: checkInRecord(before), after: checkInRecord(checkIn) });
        } else {
          await recordChange(stores, actor, { organisationId: goal.organisationId, entityType: 'goal', entityId: goalId, action: 'updated', before: null, after: { checkIn: `${fields.period}: confidence ${fields.confidence} of 5` } });
        }
        return { checkIn, updated: before !== null };
      });
    },

    /** Write a goal's check-in for a period (see `record`), returning only the check-in. */
    async create(actor: Actor, goalId: string, raw: { period?: unknown; whatHappened?: unknown; whatNext?: unknown; confidence?: unknown }): Promise<CheckIn> {
      return (await service.record(actor, goalId, raw)).checkIn;
    },

    /** A goal's check-ins, newest first. */
    async listForGoal(actor: Actor, goalId: string, limit = 52): Promise<CheckIn[]> {
      const goal = isId(goalId) ? await storage.stores.goals.findById(goalId) : null;
      if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
      return storage.stores.checkIns.listForGoal(goalId, limit);
    },

    /**
     * What is due or overdue in an organisation: each goal's weekly check-in, and each measure's
     * value, most behind first. Up-to-date items are left out.
     */
    async due(actor: Actor, organisationId: string): Promise<DueItem[]> {
      requireRead(actor, organisationId, 'goals');
      const now = clock();
      const goals = await storage.stores.goals.list(organisationId);
      const measures = await storage.stores.measures.listForOrganisation(organisationId);
      const [latestCheckIns, latestValues] = await Promise.all([
        storage.stores.checkIns.latestFor(goals.map((g) => g.id)),
        storage.stores.measures.latestPeriods(measures.map((m) => m.id)),
      ]);
      const items: DueItem[] = [];
      // A period is due once it has ended: the one before the current period.
      const lastComplete = (f: 'weekly' | 'monthly') => addPeriods(periodStartOf(now, f), f, -1);
      for (const g of goals) {
        const latest = latestCheckIns.get(g.id)?.period ?? null;
        const timeliness = timelinessOf(latest, lastComplete(CHECK_IN_FREQUENCY), CHECK_IN_FREQUENCY);
        if (timeliness === 'up_to_date') continue;
        items.push({ kind: 'check_in', goalId: g.id, goalStatement: g.statement, measureId: null, measureName: null, latest, duePeriod: lastComplete(CHECK_IN_FREQUENCY), timeliness, owners: g.owners.map((o) => o.name) });
      }
      for (const m of measures) {
        const latest = latestValues.get(m.id) ?? null;
        const timeliness = timelinessOf(latest, lastComplete(m.frequency), m.frequency);
        if (timeliness === 'up_to_date') continue;
        const goal = goals.find((g) => g.id === m.goalId);
        items.push({ kind: 'value', goalId: m.goalId, goalStatement: goal?.statement ?? '', measureId: m.id, measureName: m.name, latest, duePeriod: latest ? addPeriods(latest, m.frequency, 1) : lastComplete(m.frequency), timeliness, owners: m.ownerName ? [m.ownerName] : [] });
      }
      const rank: Record<Timeliness, number> = { stale: 0, overdue: 1, due: 2, up_to_date: 3 };
      return items.sort((a, b) => rank[a.timeliness] - rank[b.timeliness] || (a.latest ?? '').localeCompare(b.latest ?? ''));
    },
  };
  return service;
}

export type CheckInService = ReturnType<typeof createCheckInService>;
