/** Organisations in the database. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { organisations } from './schema.ts';
import type { OrganisationStore } from '../services/stores.ts';
import type { Organisation, OrganisationType } from '../domain/organisation.ts';

function toOrganisation(row: typeof organisations.$inferSelect): Organisation {
  return { id: row.id, code: row.code, name: row.name, type: row.type as OrganisationType };
}

/** An OrganisationStore on a connection or transaction. */
export function createOrganisationStore(db: Db): OrganisationStore {
  return {
    async insert(org) {
      const [row] = await db.insert(organisations).values(org).returning();
      return toOrganisation(row!);
    },
    async findByCode(code) {
      const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
      return row ? toOrganisation(row) : null;
    },
    async findById(id) {
      const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
      return row ? toOrganisation(row) : null;
    },
    async listByIds(ids) {
      if (!ids.length) return [];
      const rows = await db
        .select()
        .from(organisations)
        .where(inArray(organisations.id, [...ids]))
        .orderBy(organisations.name);
      return rows.map(toOrganisation);
    },
    async count() {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
      return Number(row?.n ?? 0);
    },
  };
}
