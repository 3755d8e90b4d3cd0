/** The audit trail in the database. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { auditEvents } from './schema.ts';
import type { AuditStore } from '../services/stores.ts';
import type { AuditAction, Changes } from '../domain/audit.ts';

/** An AuditStore on a connection or transaction. */
export function createAuditStore(db: Db): AuditStore {
  return {
    async record(e) {
      await db.insert(auditEvents).values(e);
    },
    async recordMany(events) {
      // One multi-row insert per thousand events (nine parameters each, well under the limit of 65,535).
      for (let i = 0; i < events.length; i += 1000) await db.insert(auditEvents).values(events.slice(i, i + 1000));
    },
    async changeMark(organisationId) {
      // The count as well as the newest time: a change that commits after a later-stamped one
      // still moves the count.
      const [row] = await db
        .select({ n: sql<string>`count(*)::text`, at: sql<string | null>`max(${auditEvents.at})::text` })
        .from(auditEvents)
        .where(eq(auditEvents.organisationId, organisationId));
      return `${row?.n ?? '0'}@${row?.at ?? ''}`;
    },
    async history(entityType, entityIds, limit) {
      if (!entityIds.length) return [];
      const rows = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityType, entityType), inArray(auditEvents.entityId, [...entityIds])))
        .orderBy(desc(auditEvents.at), desc(auditEvents.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        organisationId: r.organisationId,
        entityType: r.entityType,
        entityId: r.entityId,
        action: r.action as AuditAction,
        actorLabel: r.actorLabel,
        changes: r.changes as Changes,
        at: r.at,
      }));
    },
  };
}
