/** Initiatives and their ranking: every change and every re-rank is audited. */
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { formatIsoDate, parseIsoDate } from '../domain/period.ts';
import { canRead, requireRead, requireRole, type Actor } from '../domain/person.ts';
import {
  initiativeFieldsOf,
  isRanked,
  readNumber,
  validateInitiative,
  validateInitiativePatch,
  type Initiative,
  type InitiativeFields,
  type RawInitiative,
} from '../domain/initiative.ts';
import { DEFAULT_CRITERIA, weightedScore } from '../domain/portfolio.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Clock, Storage, Stores } from './stores.ts';
import { recordChange } from './audit.ts';

/** The days an initiative stopped or paused, as the store keeps them beside its fields. */
type StatusDates = { stoppedOn: string | null; pausedOn: string | null };

function auditRecord(f: InitiativeFields, dates: StatusDates): Record<string, unknown> {
  return { ...f, ...dates };
}

/** Whether an initiative takes a place in the ranking that people re-order. */
export function isRankable(i: Pick<Initiative, 'status' | 'wontDoReason'>): boolean {
  return isRanked(i.status) && !i.wontDoReason;
}

/** The use cases for initiatives and the ranking. */
export function createInitiativeService(storage: Storage, clock: Clock) {
  async function load(stores: Stores, actor: Actor, id: string): Promise<Initiative> {
    const i = isId(id) ? await stores.initiatives.findById(id) : null;
    if (!i || !canRead(actor, i.organisationId, 'initiatives')) throw new NotFound('Initiative');
    return i;
  }

  async function criterionKeys(stores: Stores, organisationId: string): Promise<string[]> {
    return ((await stores.scoringModels.get(organisationId)) ?? DEFAULT_CRITERIA).map((c) => c.key);
  }

  // Links must point at records of the same organisation: problems, goals, measures, members.
  async function checkLinks(stores: Stores, organisationId: string, f: InitiativeFields): Promise<void> {
    const errors: Record<string, string> = {};
    for (const id of f.problemIds) {
      const p = isId(id) ? await stores.problems.findById(id) : null;
      if (!p || p.organisationId !== organisationId) errors.problemIds = `There is no problem ${id} in this organisation`;
    }
    for (const id of f.goalIds) {
      const g = isId(id) ? await stores.goals.findById(id) : null;
      if (!g || g.organisationId !== organisationId) errors.goalIds = `There is no goal ${id} in this organisation`;
    }
    for (const [i, h] of f.hypotheses.entries()) {
      const m = isId(h.measureId) ? await stores.measures.findById(h.measureId) : null;
      if (!m || m.organisationId !== organisationId) errors[`hypotheses[${i}].measureId`] = `There is no measure ${h.measureId} in this organisation`;
    }
    for (const [field, id] of [['ownerId', f.ownerId], ['sponsorId', f.sponsorId]] as const) {
      if (id === null) continue;
      const m = isId(id) ? await stores.users.findMembership(id, organisationId) : null;
      if (!m) errors[field] = `${field === 'ownerId' ? 'The owner' : 'The sponsor'} must be a member of this organisation`;
    }
    if (Object.keys(errors).length) throw new InvalidInput('The initiative links to records it cannot', errors);
  }

  // A stop or a pause is dated the day it happens (or `on`); it keeps its day while the status stays.
  function datesFor(before: Initiative | null, f: InitiativeFields, on?: string): StatusDates {
    const since = (status: 'stopped' | 'paused', kept: string | null | undefined) =>
      f.status !== status ? null : on ? on : before?.status === status && kept ? kept : formatIsoDate(clock());
    return { stoppedOn: since('stopped', before?.stoppedOn), pausedOn: since('paused', before?.pausedOn) };
  }
  const datesOf = (i: Initiative): StatusDates => ({ stoppedOn: i.stoppedOn, pausedOn: i.pausedOn });

  /** Put the rankable initiatives in `order` first (1, 2, …), the rest after in their old order; audit what moved. */
  async function writeOrder(stores: Stores, actor: Actor, organisationId: string, all: Initiative[], order: Initiative[]): Promise<void> {
    const rest = all.filter((i) => !order.includes(i));
    const next = [...order, ...rest].map((i, n) => ({ id: i.id, rank: n + 1, name: i.name, was: i.rank }));
    const moved = next.filter((n) => n.rank !== n.was);
    if (!moved.length) return;
    await stores.initiatives.setRanks(organisationId, next);
    const position = (list: Initiative[], i: { id: string }) => list.findIndex((x) => x.id === i.id) + 1;
    const beforeOrder = all.filter(isRankable);
    const changed = order.filter((i) => position(beforeOrder, i) !== position(order, i));
    await recordChange(stores, actor, {
      organisationId,
      entityType: 'portfolio',
      entityId: organisationId,
      action: 'updated',
      before: Object.fromEntries(changed.map((i) => [i.name, position(beforeOrder, i)])),
      after: Object.fromEntries(changed.map((i) => [i.name, position(order, i)])),
    });
  }

  async function reorder(actor: Actor, organisationId: string, arrange: (ranked: Initiative[]) => Initiative[]): Promise<Initiative[]> {
    requireRole(actor, organisationId, 'editor');
    return storage.transaction(async (stores) => {
      const all = await stores.initiatives.list(organisationId);
      const ranked = all.filter(isRankable);
      await writeOrder(stores, actor, organisationId, all, arrange(ranked));
      return (await stores.initiatives.list(organisationId)).filter(isRankable);
    });
  }

  return {
    /** Every initiative of an organisation, in rank order. */
    async list(actor: Actor, organisationId: string): Promise<Initiative[]> {
      requireRead(actor, organisationId, 'initiatives');
      return storage.stores.initiatives.list(organisationId);
    },

    /** One initiative. */
    get(actor: Actor, id: string): Promise<Initiative> {
      return load(storage.stores, actor, id);
    },

    /** Initiatives meant to move a goal. */
    async listForGoal(actor: Actor, goalId: string): Promise<Initiative[]> {
      const list = isId(goalId) ? await storage.stores.initiatives.listForGoal(goalId) : [];
      return list.filter((i) => canRead(actor, i.organisationId, 'initiatives'));
    },

    /** Initiatives that address a problem. */
    async listForProblem(actor: Actor, problemId: string): Promise<Initiative[]> {
      const list = isId(problemId) ? await storage.stores.initiatives.listForProblem(problemId) : [];
      return list.filter((i) => canRead(actor, i.organisationId, 'initiatives'));
    },

    /** Initiatives with a hypothesis about a measure: what is expected to move it. */
    async listForMeasure(actor: Actor, measureId: string): Promise<Initiative[]> {
      const list = isId(measureId) ? await storage.stores.initiatives.listForMeasure(measureId) : [];
      return list.filter((i) => canRead(actor, i.organisationId, 'initiatives'));
    },

    /** Add an initiative at the bottom of the ranking (editors). */
    async create(actor: Actor, organisationId: string, raw: RawInitiative): Promise<Initiative> {
      requireRole(actor, organisationId, 'editor');
      return storage.transaction(async (stores) => {
        const fields = validateInitiative(raw, await criterionKeys(stores, organisationId));
        await checkLinks(stores, organisationId, fields);
        const rank = await stores.initiatives.nextRank(organisationId);
        let created = await stores.initiatives.insert(organisationId, fields, rank);
        const dates = datesFor(null, fields);
        if (dates.stoppedOn || dates.pausedOn) created = await stores.initiatives.update(created.id, { ...fields, ...dates });
        await recordChange(stores, actor, { organisationId, entityType: 'initiative', entityId: created.id, action: 'created', before: null, after: auditRecord(fields, dates) });
        return created;
      });
    },

    /** Change an initiative; fields left out keep their values (editors). */
    async update(actor: Actor, id: string, raw: RawInitiative): Promise<Initiative> {
      return storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        const fields = validateInitiativePatch(before, raw, await criterionKeys(stores, before.organisationId));
        await checkLinks(stores, before.organisationId, fields);
        const dates = datesFor(before, fields);
        const after = await stores.initiatives.update(id, { ...fields, ...dates });
        await recordChange(stores, actor, {
          organisationId: before.organisationId,
          entityType: 'initiative',
          entityId: id,
          action: 'updated',
          before: auditRecord(initiativeFieldsOf(before), datesOf(before)),
          after: auditRecord(fields, dates),
        });
        return after;
      });
    },

    /**
     * Stop an initiative from a day (default today): it needs no capacity in the quarters after.
     * Pass `stores` to stop it inside another service's transaction (a review's decision).
     */
    async stop(actor: Actor, id: string, options: { on?: string; stores?: Stores } = {}): Promise<Initiative> {
      if (options.on !== undefined && !parseIsoDate(options.on)) {
        throw new InvalidInput('The stop date is not valid', { stoppedOn: 'Enter a real date, like 2027-03-31' });
      }
      const work = async (stores: Stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        const fields = { ...initiativeFieldsOf(before), status: 'stopped' as const };
        const dates = datesFor(before, fields, options.on);
        const after = await stores.initiatives.update(id, { ...fields, ...dates });
        await recordChange(stores, actor, {
          organisationId: before.organisationId,
          entityType: 'initiative',
          entityId: id,
          action: 'updated',
          before: { status: before.status, ...datesOf(before) },
          after: { status: 'stopped', ...dates },
        });
        return after;
      };
      return options.stores ? work(options.stores) : storage.transaction(work);
    },

    /** Delete an initiative (editors). */
    async delete(actor: Actor, id: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        await stores.initiatives.delete(id);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'initiative', entityId: id, action: 'deleted', before: auditRecord(initiativeFieldsOf(before), datesOf(before)), after: null });
      });
    },

    /** Move an initiative one place up or down the ranking (editors). */
    async move(actor: Actor, id: string, direction: 'up' | 'down'): Promise<Initiative[]> {
      const target = await load(storage.stores, actor, id);
      if (!isRankable(target)) throw new InvalidInput('This initiative is not in the ranking', { rank: 'Only initiatives that are not stopped, done or won’t do are ranked' });
      return reorder(actor, target.organisationId, (ranked) => {
        const order = [...ranked];
        const at = order.findIndex((i) => i.id === id);
        const to = direction === 'up' ? at - 1 : at + 1;
        if (at < 0 || to < 0 || to >= order.length) return order;
        [order[at], order[to]] = [order[to]!, order[at]!];
        return order;
      });
    },

    /** Put an initiative at a place in the ranking, 1 = first (editors). */
    async setRank(actor: Actor, id: string, rawRank: unknown): Promise<Initiative[]> {
      const target = await load(storage.stores, actor, id);
      if (!isRankable(target)) throw new InvalidInput('This initiative is not in the ranking', { rank: 'Only initiatives that are not stopped, done or won’t do are ranked' });
      const rank = readNumber(rawRank);
      return reorder(actor, target.organisationId, (ranked) => {
        if (rank === null || !Number.isInteger(rank) || rank < 1 || rank > ranked.length) {
          throw new InvalidInput('The rank is not valid', { rank: `Enter a whole number from 1 to ${ranked.length}` });
        }
        const order = ranked.filter((i) => i.id !== id);
        order.splice(rank - 1, 0, ranked.find((i) => i.id === id)!);
        return order;
      });
    },

    /** Rank by the scoring model: highest weighted score first, unscored last, ties in their current order (editors). */
    async rankByScore(actor: Actor, organisationId: string): Promise<Initiative[]> {
      requireRole(actor, organisationId, 'editor');
      const criteria = (await storage.stores.scoringModels.get(organisationId)) ?? DEFAULT_CRITERIA;
      return reorder(actor, organisationId, (ranked) =>
        ranked
          .map((i, n) => ({ i, n, s: weightedScore(i.scores, criteria) }))
          .sort((a, b) => (b.s ?? -1) - (a.s ?? -1) || a.n - b.n)
          .map((x) => x.i),
      );
    },

    /** The history of an initiative, newest first. */
    async history(actor: Actor, id: string): Promise<AuditEvent[]> {
      await load(storage.stores, actor, id);
      return storage.stores.audit.history('initiative', [id], 200);
    },

    /** Every re-rank of an organisation's portfolio, newest first. */
    async rankingHistory(actor: Actor, organisationId: string, limit = 20): Promise<AuditEvent[]> {
      requireRead(actor, organisationId, 'initiatives');
      return storage.stores.audit.history('portfolio', [organisationId], limit);
    },
  };
}

export type InitiativeService = ReturnType<typeof createInitiativeService>;
