/** People, their memberships, sessions and API tokens in the database. */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { apiTokens, memberships, sessions, users } from './schema.ts';
import type {
  ApiTokenStore,
  Membership,
  SessionStore,
  UserStore,
} from '../services/stores.ts';
import type { Discipline, Role } from '../domain/person.ts';

function toMembership(row: typeof memberships.$inferSelect): Membership {
  return {
    userId: row.userId,
    organisationId: row.organisationId,
    role: row.role as Role,
    discipline: row.discipline as Discipline,
  };
}

/** A UserStore on a connection or transaction. */
export function createUserStore(db: Db): UserStore {
  return {
    async insert(user) {
      const [row] = await db.insert(users).values(user).returning();
      return row!;
    },
    async findByEmail(email) {
      const [row] = await db.select().from(users).where(eq(users.email, email));
      return row ?? null;
    },
    async findById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },
    async memberships(userId) {
      const rows = await db.select().from(memberships).where(eq(memberships.userId, userId));
      return rows.map(toMembership);
    },
    async upsertMembership(m) {
      await db
        .insert(memberships)
        .values(m)
        .onConflictDoUpdate({
          target: [memberships.userId, memberships.organisationId],
          set: { role: m.role, discipline: m.discipline },
        });
    },
    async findMembership(userId, organisationId) {
      const [row] = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
      return row ? toMembership(row) : null;
    },
    async removeMembership(userId, organisationId) {
      await db
        .delete(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
    },
    async listMembers(organisationId) {
      const rows = await db
        .select({ m: memberships, email: users.email, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organisationId, organisationId))
        .orderBy(users.name);
      return rows.map((r) => ({ ...toMembership(r.m), email: r.email, name: r.name }));
    },
    async countAdmins(organisationId) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(memberships)
        .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'admin')));
      return Number(row?.n ?? 0);
    },
  };
}

/** A SessionStore on a connection or transaction. */
export function createSessionStore(db: Db): SessionStore {
  return {
    async insert(s) {
      const [row] = await db.insert(sessions).values(s).returning();
      return row!;
    },
    async findByTokenHash(tokenHash) {
      const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
      return row ?? null;
    },
    async setOrganisation(id, organisationId) {
      await db.update(sessions).set({ organisationId }).where(eq(sessions.id, id));
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteExpired(now) {
      await db.delete(sessions).where(lt(sessions.expiresAt, now));
    },
  };
}

/** An ApiTokenStore on a connection or transaction. */
export function createApiTokenStore(db: Db): ApiTokenStore {
  return {
    async insert(t) {
      const [row] = await db.insert(apiTokens).values(t).returning();
      return { ...row!, role: row!.role as Role };
    },
    async findByTokenHash(tokenHash) {
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
      return row ? { ...row, role: row.role as Role } : null;
    },
  };
}
