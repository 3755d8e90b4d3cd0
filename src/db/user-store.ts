/** People, their memberships, sessions and API tokens in the database. */
import { and, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { apiTokens, memberships, sessions, signInThrottles, users } from './schema.ts';
import type {
  ApiTokenStore,
  Membership,
  SessionStore,
  SignInThrottleStore,
  UserStore,
} from '../services/stores.ts';
import type { ThrottleState } from '../domain/sign-in-limit.ts';
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
    async setPasswordHash(userId, passwordHash) {
      await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
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
    async touch(id, at) {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteForUser(userId, exceptSessionId) {
      const rows = await db
        .delete(sessions)
        .where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return rows.length;
    },
    async deleteExpired(now, idleBefore) {
      await db.delete(sessions).where(idleBefore ? or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore)) : lt(sessions.expiresAt, now));
    },
  };
}

function toApiToken(row: typeof apiTokens.$inferSelect) {
  return {
    id: row.id,
    organisationId: row.organisationId,
    name: row.name,
    role: row.role as Role,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** An ApiTokenStore on a connection or transaction. */
export function createApiTokenStore(db: Db): ApiTokenStore {
  return {
    async insert(t) {
      const [row] = await db.insert(apiTokens).values(t).returning();
      return toApiToken(row!);
    },
    async findByTokenHash(tokenHash) {
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
      return row ? toApiToken(row) : null;
    },
    async findById(id) {
      const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
      return row ? toApiToken(row) : null;
    },
    async list(organisationId, page) {
      const rows = await db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.organisationId, organisationId))
        .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
        .limit(page.limit)
        .offset(page.offset);
      const [count] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(apiTokens)
        .where(eq(apiTokens.organisationId, organisationId));
      return { tokens: rows.map(toApiToken), total: Number(count?.n ?? 0) };
    },
    async revoke(id, at) {
      await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    },
    async touch(id, at) {
      await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
    },
  };
}

function toThrottle(row: typeof signInThrottles.$inferSelect): ThrottleState {
  return {
    failures: row.failures,
    firstFailureAt: row.firstFailureAt,
    lastFailureAt: row.lastFailureAt,
    lockouts: row.lockouts,
    lockedUntil: row.lockedUntil,
  };
}

/** A SignInThrottleStore on a connection or transaction. */
export function createSignInThrottleStore(db: Db): SignInThrottleStore {
  const where = (kind: string, key: string) => and(eq(signInThrottles.kind, kind), eq(signInThrottles.key, key));
  return {
    async find(kind, key) {
      const [row] = await db.select().from(signInThrottles).where(where(kind, key));
      return row ? toThrottle(row) : null;
    },
    async lock(kind, key, now) {
      // Insert-if-missing then select for update: concurrent failures on two instances queue on the row.
      await db
        .insert(signInThrottles)
        .values({ kind, key, failures: 0, firstFailureAt: now, lastFailureAt: now })
        .onConflictDoNothing({ target: [signInThrottles.kind, signInThrottles.key] });
      const [row] = await db.select().from(signInThrottles).where(where(kind, key)).for('update');
      return toThrottle(row!);
    },
    async save(kind, key, state) {
      await db
        .insert(signInThrottles)
        .values({ kind, key, ...state })
        .onConflictDoUpdate({ target: [signInThrottles.kind, signInThrottles.key], set: { ...state } });
    },
    async delete(kind, key) {
      await db.delete(signInThrottles).where(where(kind, key));
    },
    async deleteStale(before, now) {
      await db
        .delete(signInThrottles)
        .where(and(lt(signInThrottles.lastFailureAt, before), or(isNull(signInThrottles.lockedUntil), lt(signInThrottles.lockedUntil, now))));
    },
  };
}
