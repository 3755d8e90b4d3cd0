/** The stop list and the do-differently list. */
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { canRead, requireRead, requireRole, type Actor } from '../domain/person.ts';
import {
  stopItemFieldsOf,
  validateDoDifferently,
  validateStopItem,
  validateStopItemPatch,
  type DoDifferently,
  type RawDoDifferently,
  type RawStopItem,
  type StopItem,
} from '../domain/stop-item.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Storage, Stores } from './stores.ts';
import { recordChange } from './audit.ts';

/** The use cases for stop items. */
export function createStopItemService(storage: Storage) {
  async function load(stores: Stores, actor: Actor, id: string): Promise<StopItem> {
    const s = isId(id) ? await stores.stopItems.findById(id) : null;
    if (!s || !canRead(actor, s.organisationId, 'initiatives')) throw new NotFound('Stop item');
    return s;
  }

  async function checkOwner(stores: Stores, organisationId: string, ownerId: string | null): Promise<void> {
    if (ownerId === null) return;
    const m = isId(ownerId) ? await stores.users.findMembership(ownerId, organisationId) : null;
    if (!m) throw new InvalidInput('The stop item links to records it cannot', { ownerId: 'The owner must be a member of this organisation' });
  }

  return {
    /** Every stop item of an organisation, by stop date. */
    async list(actor: Actor, organisationId: string): Promise<StopItem[]> {
      requireRead(actor, organisationId, 'initiatives');
      return storage.stores.stopItems.list(organisationId);
    },

    /** One stop item. */
    get(actor: Actor, id: string): Promise<StopItem> {
      return load(storage.stores, actor, id);
    },

    /** Add something the organisation will stop (editors). */
    async create(actor: Actor, organisationId: string, raw: RawStopItem): Promise<StopItem> {
      requireRole(actor, organisationId, 'editor');
      const fields = validateStopItem(raw);
      return storage.transaction(async (stores) => {
        await checkOwner(stores, organisationId, fields.ownerId);
        const created = await stores.stopItems.insert(organisationId, fields);
        await recordChange(stores, actor, { organisationId, entityType: 'stop_item', entityId: created.id, action: 'created', before: null, after: { ...fields } });
        return created;
      });
    },

    /** Change a stop item; fields left out keep their values (editors). Pass `stores` to do it in another transaction. */
    async update(actor: Actor, id: string, raw: RawStopItem, options: { stores?: Stores } = {}): Promise<StopItem> {
      const work = async (stores: Stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        const fields = validateStopItemPatch(before, raw);
        await checkOwner(stores, before.organisationId, fields.ownerId);
        const after = await stores.stopItems.update(id, fields);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'stop_item', entityId: id, action: 'updated', before: { ...stopItemFieldsOf(before) }, after: { ...fields } });
        return after;
      };
      return options.stores ? work(options.stores) : storage.transaction(work);
    },

    /** The history of a stop item, newest first. */
    async history(actor: Actor, id: string): Promise<AuditEvent[]> {
      await load(storage.stores, actor, id);
      return storage.stores.audit.history('stop_item', [id], 200);
    },
  };
}

/** The use cases for the do-differently list. */
export function createDoDifferentlyService(storage: Storage) {
  async function load(stores: Stores, actor: Actor, id: string): Promise<DoDifferently> {
    const d = isId(id) ? await stores.doDifferently.findById(id) : null;
    if (!d || !canRead(actor, d.organisationId, 'initiatives')) throw new NotFound('Change');
    return d;
  }

  async function checkProblems(stores: Stores, organisationId: string, problemIds: readonly string[]): Promise<void> {
    for (const id of problemIds) {
      const p = isId(id) ? await stores.problems.findById(id) : null;
      if (!p || p.organisationId !== organisationId) {
        throw new InvalidInput('The change links to records it cannot', { problemIds: `There is no problem ${id} in this organisation` });
      }
    }
  }

  const record = (d: { title: string; description: string; problemIds: string[] }) => ({ title: d.title, description: d.description, problemIds: d.problemIds });

  return {
    /** Every item of the do-differently list. */
    async list(actor: Actor, organisationId: string): Promise<DoDifferently[]> {
      requireRead(actor, organisationId, 'initiatives');
      return storage.stores.doDifferently.list(organisationId);
    },

    /** Items that answer a problem. */
    async listForProblem(actor: Actor, problemId: string): Promise<DoDifferently[]> {
      const list = isId(problemId) ? await storage.stores.doDifferently.listForProblem(problemId) : [];
      return list.filter((d) => canRead(actor, d.organisationId, 'initiatives'));
    },

    /** One item. */
    get(actor: Actor, id: string): Promise<DoDifferently> {
      return load(storage.stores, actor, id);
    },

    /** Add a change in how work is done (editors). */
    async create(actor: Actor, organisationId: string, raw: RawDoDifferently): Promise<DoDifferently> {
      requireRole(actor, organisationId, 'editor');
      const fields = validateDoDifferently(raw);
      return storage.transaction(async (stores) => {
        await checkProblems(stores, organisationId, fields.problemIds);
        const created = await stores.doDifferently.insert(organisationId, fields);
        await recordChange(stores, actor, { organisationId, entityType: 'do_differently', entityId: created.id, action: 'created', before: null, after: record(fields) });
        return created;
      });
    },

    /** Change an item (editors). */
    async update(actor: Actor, id: string, raw: RawDoDifferently): Promise<DoDifferently> {
      return storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        const fields = validateDoDifferently({ ...record(before), ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) });
        await checkProblems(stores, before.organisationId, fields.problemIds);
        const after = await stores.doDifferently.update(id, fields);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'do_differently', entityId: id, action: 'updated', before: record(before), after: record(fields) });
        return after;
      });
    },

    /** The history of an item, newest first. */
    async history(actor: Actor, id: string): Promise<AuditEvent[]> {
      await load(storage.stores, actor, id);
      return storage.stores.audit.history('do_differently', [id], 200);
    },

    /** Remove an item (editors); the organisation's history keeps what it said. */
    async delete(actor: Actor, id: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        await stores.doDifferently.delete(id);
        await recordChange(stores, actor, { organisationId: before.organisationId, entityType: 'do_differently', entityId: id, action: 'deleted', before: record(before), after: null });
      });
    },
  };
}

export type StopItemService = ReturnType<typeof createStopItemService>;
export type DoDifferentlyService = ReturnType<typeof createDoDifferentlyService>;
