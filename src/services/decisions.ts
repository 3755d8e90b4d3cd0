/** The decision log: record decisions (never change them), supersede them, and read them. */
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { canRead, isDiscipline, requireRead, requireRole, type Actor } from '../domain/person.ts';
import {
  DECISION_KINDS,
  validateDecision,
  type Attendee,
  type Decision,
  type DecisionItem,
  type DecisionItemRef,
  type DecisionKind,
  type RawDecision,
} from '../domain/decision.ts';
import type { DecisionFilter, DecisionPage, Storage, Stores } from './stores.ts';
import { recordChange } from './audit.ts';

/** What a decision item resolves to: the organisation it belongs to and a label to show. */
export interface ResolvedItem {
  organisationId: string;
  label: string;
}

/** Finds a record a decision may concern; null when there is no such record. */
export type DecisionItemResolver = (stores: Stores, id: string) => Promise<ResolvedItem | null>;

/**
 * The record types a decision may concern, each with how to find it. Another area adds its own
 * type here (a line each), so its decisions can name its records.
 */
export const DECISION_ITEM_RESOLVERS: Record<string, DecisionItemResolver> = {
  initiative: async (stores, id) => {
    const r = await stores.initiatives.findById(id);
    return r && { organisationId: r.organisationId, label: r.name };
  },
  stop_item: async (stores, id) => {
    const r = await stores.stopItems.findById(id);
    return r && { organisationId: r.organisationId, label: r.title };
  },
  do_differently: async (stores, id) => {
    const r = await stores.doDifferently.findById(id);
    return r && { organisationId: r.organisationId, label: r.title };
  },
  problem: async (stores, id) => {
    const r = await stores.problems.findById(id);
    return r && { organisationId: r.organisationId, label: r.title };
  },
  goal: async (stores, id) => {
    const r = await stores.goals.findById(id);
    return r && { organisationId: r.organisationId, label: r.statement };
  },
  measure: async (stores, id) => {
    const r = await stores.measures.findById(id);
    return r && { organisationId: r.organisationId, label: r.name };
  },
  review: async (stores, id) => {
    const r = await stores.reviews.findById(id);
    return r && { organisationId: r.organisationId, label: `Review of ${r.heldOn}` };
  },
  decision: async (stores, id) => {
    const r = await stores.decisions.findById(id);
    return r && { organisationId: r.organisationId, label: r.what };
  },
};

/** The words for a decision item type, as shown next to the field. */
function typeName(type: string): string {
  return type.replace(/_/g, ' ');
}

function auditRecord(d: Decision): Record<string, unknown> {
  return {
    kind: d.kind,
    decidedOn: d.decidedOn,
    what: d.what,
    options: d.options,
    rationale: d.rationale,
    present: d.present.map((a) => `${a.name} (${a.discipline})`),
    items: d.items,
    supersedesId: d.supersedesId,
  };
}

/**
 * Record a decision inside the caller's transaction (`stores`), with its audit record. For
 * another service that records a decision as part of its own change (a review's stop, a
 * system-or-local choice). Only editors record decisions. Throws InvalidInput with `fields`.
 */
export async function recordDecision(
  stores: Stores,
  actor: Actor,
  organisationId: string,
  raw: RawDecision,
  today: Date,
): Promise<Decision> {
  requireRole(actor, organisationId, 'editor');
  const draft = validateDecision(raw, today);
  const errors: Record<string, string> = {};
  const present: Attendee[] = [];
  for (const [i, a] of draft.present.entries()) {
    if (a.kind === 'guest') {
      present.push(a);
      continue;
    }
    const membership = isId(a.userId) ? await stores.users.findMembership(a.userId, organisationId) : null;
    const user = membership ? await stores.users.findById(a.userId) : null;
    if (!membership || !user) errors[`present[${i}].userId`] = `${a.userId} is not a member of this organisation`;
    else present.push({ kind: 'member', userId: user.id, name: user.name, discipline: isDiscipline(membership.discipline) ? membership.discipline : 'other' });
  }
  for (const [i, item] of draft.items.entries()) {
    const resolve = DECISION_ITEM_RESOLVERS[item.type];
    if (!resolve) {
      errors[`items[${i}].type`] = `A decision cannot concern a ${typeName(item.type)}: use ${Object.keys(DECISION_ITEM_RESOLVERS).map(typeName).join(', ')}`;
      continue;
    }
    const found = isId(item.id) ? await resolve(stores, item.id) : null;
    if (!found || found.organisationId !== organisationId) errors[`items[${i}].id`] = `There is no ${typeName(item.type)} ${item.id} in this organisation`;
  }
  if (draft.supersedesId) {
    const earlier = isId(draft.supersedesId) ? await stores.decisions.findById(draft.supersedesId) : null;
    if (!earlier || earlier.organisationId !== organisationId) errors.supersedesId = 'There is no such decision in this organisation to supersede';
    else if (earlier.supersededById) errors.supersedesId = 'That decision has already been superseded: supersede the later decision instead';
  }
  if (Object.keys(errors).length) throw new InvalidInput('The decision is not valid', errors);
  const decision = await stores.decisions.insert(organisationId, {
    ...draft,
    present,
    recordedBy: actor.name,
    recordedByUserId: actor.kind === 'user' ? actor.userId : null,
  });
  await recordChange(stores, actor, { organisationId, entityType: 'decision', entityId: decision.id, action: 'created', before: null, after: auditRecord(decision) });
  if (decision.supersedesId) {
    await recordChange(stores, actor, {
      organisationId,
      entityType: 'decision',
      entityId: decision.supersedesId,
      action: 'updated',
      before: { supersededById: null },
      after: { supersededById: decision.id },
    });
  }
  return decision;
}

const MAX_PAGE = 100;

/** The use cases for the decision log. */
export function createDecisionService(storage: Storage, clock: () => Date) {
  async function load(stores: Stores, actor: Actor, id: string): Promise<Decision> {
    const d = isId(id) ? await stores.decisions.findById(id) : null;
    if (!d || !canRead(actor, d.organisationId, 'initiatives')) throw new NotFound('Decision');
    return d;
  }

  return {
    /**
     * Record a decision (editors). Pass `stores` to record it inside another service's
     * transaction; otherwise it is its own transaction.
     */
    async record(actor: Actor, organisationId: string, raw: RawDecision, options: { stores?: Stores } = {}): Promise<Decision> {
      if (options.stores) return recordDecision(options.stores, actor, organisationId, raw, clock());
      requireRole(actor, organisationId, 'editor');
      return storage.transaction((stores) => recordDecision(stores, actor, organisationId, raw, clock()));
    },

    /** One decision, if the actor may see it. */
    get(actor: Actor, id: string): Promise<Decision> {
      return load(storage.stores, actor, id);
    },

    /** A page of an organisation's decisions, newest first. */
    async list(actor: Actor, organisationId: string, filter: DecisionFilter = {}, page = { limit: 50, offset: 0 }): Promise<DecisionPage> {
      requireRead(actor, organisationId, 'initiatives');
      if (filter.kind && !(DECISION_KINDS as readonly string[]).includes(filter.kind)) {
        throw new InvalidInput('Choose a kind of decision', { kind: 'Choose a kind of decision from the list' });
      }
      const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_PAGE);
      const offset = Math.max(0, Math.floor(page.offset));
      return storage.stores.decisions.list(organisationId, filter, { limit, offset });
    },

    /** Every decision that concerns one record, newest first. */
    async listFor(actor: Actor, organisationId: string, item: DecisionItem): Promise<Decision[]> {
      requireRead(actor, organisationId, 'initiatives');
      return (await storage.stores.decisions.list(organisationId, { item }, { limit: MAX_PAGE, offset: 0 })).decisions;
    },

    /** The items of a decision with their current labels (null when a record has since gone). */
    async describeItems(actor: Actor, decision: Decision): Promise<DecisionItemRef[]> {
      requireRead(actor, decision.organisationId, 'initiatives');
      return Promise.all(
        decision.items.map(async (item) => {
          const resolve = DECISION_ITEM_RESOLVERS[item.type];
          const found = resolve ? await resolve(storage.stores, item.id) : null;
          return { ...item, label: found && found.organisationId === decision.organisationId ? found.label : null };
        }),
      );
    },

    /** The kinds, for filters and forms. */
    kinds(): readonly DecisionKind[] {
      return DECISION_KINDS;
    },
  };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
