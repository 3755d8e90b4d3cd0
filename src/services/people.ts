/** People: accounts, sign-in sessions, API tokens and membership of organisations. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Conflict, Forbidden, InvalidInput, NotFound, TooManyAttempts, Unauthenticated } from '../domain/errors.ts';
import {
  isDiscipline,
  isRole,
  parseEmail,
  requireRole,
  roleIn,
  validatePassword,
  type Actor,
  type Discipline,
  type Role,
} from '../domain/person.ts';
import type { ApiToken, Clock, Member, Storage, Stores, ThrottleKind, User } from './stores.ts';
import { recordChange, recordEvent } from './audit.ts';
import { isId } from '../domain/ids.ts';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, describeWait, lockRemainingMs, recordFailure } from '../domain/sign-in-limit.ts';
import { parseTokenExpiry, tokenStatus, type TokenStatus } from '../domain/api-token.ts';
import { formatIsoDate } from '../domain/period.ts';
import { readGrantsFor } from './system-access.ts';

/** How long a session lasts: ended after `idleMinutes` unused, and `absoluteHours` after sign-in whatever happens. */
export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMinutes: 30, absoluteHours: 12 };

// Last-seen and last-used times are written at most once a minute, not on every request.
const TOUCH_EVERY_MS = 60_000;

/** Why a session is no longer signed in. */
export type SessionEnded = 'idle' | 'absolute';

/** An API token as admins see it (never its secret). */
export interface ApiTokenView extends ApiToken {
  status: TokenStatus;
}

/** The key sign-in failures of an email are counted under, whether or not it is a valid address. */
function accountKey(emailInput: string): string {
  return emailInput.trim().toLowerCase().slice(0, 320);
}

/** A stable id for the audit trail of an email that has no account, so its events stay together. */
function entityIdForEmail(email: string): string {
  const h = createHash('sha256').update(`sign-in:${email}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function accountLockedMessage(ms: number): string {
  return `Too many attempts for this account. Wait ${describeWait(ms)} and try again, or ask your admin to reset your password.`;
}

function addressLockedMessage(ms: number): string {
  return `Too many failed sign-ins from your network. Wait ${describeWait(ms)} and try again, or ask your admin to reset your password.`;
}

/** sha256 of a secret token: tokens are random and long, so a fast hash is safe to store. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id (its Algorithm.Argon2id = 2); a test checks the $argon2id$ prefix.
  return hash(password, { algorithm: 2 });
}

// Verifying against a fixed hash when the email is unknown keeps the response time the same,
// so sign-in does not reveal which addresses have accounts.
let dummyHash: Promise<string> | null = null;

function validateName(name: string): string {
  const n = name.trim();
  if (!n) throw new InvalidInput('Enter a name', { name: 'Enter the person’s full name' });
  if (n.length > 200) throw new InvalidInput('Name is too long', { name: 'Name must be 200 characters or fewer' });
  return n;
}

function parseRole(value: string): Role {
  if (!isRole(value)) {
    throw new InvalidInput('Choose a role', { role: 'Select a role: viewer, contributor, editor or admin' });
  }
  return value;
}

function parseDiscipline(value: string): Discipline {
  if (!isDiscipline(value)) throw new InvalidInput('Choose a discipline', { discipline: 'Select a discipline' });
  return value;
}

async function actorFor(stores: Stores, user: User, now: Date): Promise<Actor> {
  const ms = await stores.users.memberships(user.id);
  const roles = new Map(ms.map((m) => [m.organisationId, m.role]));
  return {
    kind: 'user',
    userId: user.id,
    name: user.name,
    email: user.email,
    roles,
    reads: await readGrantsFor(stores, [...roles.keys()], formatIsoDate(now)),
  };
}

/** The signed-in state of a browser session. */
export interface SignedIn {
  sessionId: string;
  actor: Extract<Actor, { kind: 'user' }>;
  /** The organisation the person is working in (their first, if not chosen). */
  organisationId: string | null;
}

/** The use cases for people. */
export function createPeopleService(storage: Storage, clock: Clock, sessionSettings: SessionSettings = DEFAULT_SESSION_SETTINGS) {
  const idleMs = sessionSettings.idleMinutes * 60_000;
  const absoluteMs = sessionSettings.absoluteHours * 3_600_000;

  /** Count a wrong password against the account and the address, audit it, and say what happens next. */
  async function recordSignInFailure(email: string, user: User | null, address: string | null, reason: string): Promise<Error> {
    const now = clock();
    return storage.transaction(async (stores) => {
      const entity = { entityType: user ? 'user' : 'sign_in', entityId: user?.id ?? entityIdForEmail(email) };
      const addressState = address ? await stores.signInThrottles.lock('address', address, now) : null;
      const addressWasLocked = lockRemainingMs(addressState, now) > 0;
      const accountState = await stores.signInThrottles.lock('account', email, now);
      // Locked while this password was being checked (guesses sent at once): refused like any
      // attempt on a locked account, so a burst reveals no more answers than the limit allows.
      const lockedMeanwhile = lockRemainingMs(accountState, now);
      if (lockedMeanwhile) return new TooManyAttempts(accountLockedMessage(lockedMeanwhile), Math.ceil(lockedMeanwhile / 1000));
      // While the address is locked, each wrong password locks its account at once (docs/decisions/0007).
      const account = recordFailure(accountState, now, ACCOUNT_LIMIT, { lockNow: addressWasLocked });
      await stores.signInThrottles.save('account', email, account.state);
      const addr = addressState && address ? recordFailure(addressState, now, ADDRESS_LIMIT) : null;
      if (addr && address) await stores.signInThrottles.save('address', address, addr.state);
      const base = { organisationId: null, ...entity, actorLabel: email || '(no email given)' };
      await recordEvent(stores, null, { ...base, action: 'sign_in_failed', details: { email, address, reason } });
      if (account.lockedForMs) {
        await recordEvent(stores, null, {
          ...base, action: 'locked_out',
          details: { email, address, locked: 'account', minutes: account.lockedForMs / 60_000, lockout: account.state.lockouts },
        });
      }
      if (addr?.lockedForMs) {
        await recordEvent(stores, null, {
          ...base, action: 'locked_out',
          details: { email, address, locked: 'address', minutes: addr.lockedForMs / 60_000, lockout: addr.state.lockouts },
        });
      }
      if (account.lockedForMs) {
        // Locked by one slip because the network is busy with failures: say so, not "too many attempts".
        const message = addressWasLocked ? addressLockedMessage(account.lockedForMs) : accountLockedMessage(account.lockedForMs);
        return new TooManyAttempts(message, Math.ceil(account.lockedForMs / 1000));
      }
      const addressWait = addr ? lockRemainingMs(addr.state, now) : 0;
      if (addressWait) return new TooManyAttempts(addressLockedMessage(addressWait), Math.ceil(addressWait / 1000));
      return new InvalidInput('The email address or password is not right', {
        email: 'Enter the email address and password of your account',
      });
    });
  }

  /** Refuse at once, without checking the password, while the account is locked. */
  async function refuseIfAccountLocked(email: string): Promise<void> {
    const wait = lockRemainingMs(await storage.stores.signInThrottles.find('account' satisfies ThrottleKind, email), clock());
    if (wait) throw new TooManyAttempts(accountLockedMessage(wait), Math.ceil(wait / 1000));
  }

  async function checkPassword(user: User | null, password: string): Promise<boolean> {
    if (!user) {
      dummyHash ??= hashPassword('a password nobody has, used for timing');
      await verify(await dummyHash, password).catch(() => false);
      return false;
    }
    return verify(user.passwordHash, password).catch(() => false);
  }

  const service = {
    /** The session limits in force, for the cookie's lifetime. */
    sessionSettings,

    /** Create an account, optionally as a member of an organisation. */
    async createUser(input: {
      email: string;
      name: string;
      password: string;
      organisationId?: string;
      role?: string;
      discipline?: string;
    }, actor: Actor | null = null): Promise<User> {
      const email = parseEmail(input.email);
      const name = validateName(input.name);
      validatePassword(input.password, { email });
      const role = input.organisationId ? parseRole(input.role ?? 'viewer') : null;
      const discipline = input.organisationId ? parseDiscipline(input.discipline ?? 'other') : null;
      const passwordHash = await hashPassword(input.password);
      return storage.transaction(async (stores) => {
        if (await stores.users.findByEmail(email)) {
          throw new Conflict('An account with that email already exists', {
            email: 'An account with that email address already exists',
          });
        }
        const user = await stores.users.insert({ email, name, passwordHash });
        await recordChange(stores, actor, {
          organisationId: input.organisationId ?? null,
          entityType: 'user',
          entityId: user.id,
          action: 'created',
          before: null,
          after: { email, name },
        });
        if (input.organisationId && role && discipline) {
          await stores.users.upsertMembership({ userId: user.id, organisationId: input.organisationId, role, discipline });
          await recordChange(stores, actor, {
            organisationId: input.organisationId,
            entityType: 'membership',
            entityId: user.id,
            action: 'created',
            before: null,
            after: { email, role, discipline },
          });
        }
        return user;
      });
    },

    /**
     * Check an email and password and open a session; returns the raw session token. Failures are
     * limited per account and per client address (TooManyAttempts), and every outcome is audited.
     */
    async signIn(emailInput: string, password: string, client: { address?: string | null } = {}): Promise<{ token: string; session: SignedIn }> {
      const key = accountKey(emailInput);
      const address = client.address ?? null;
      await refuseIfAccountLocked(key);
      let email: string | null = null;
      try {
        email = parseEmail(emailInput);
      } catch {
        email = null;
      }
      const user = email ? await storage.stores.users.findByEmail(email) : null;
      const ok = await checkPassword(user, password);
      if (!ok || !user) throw await recordSignInFailure(key, user, address, user ? 'wrong password' : 'no such account');
      const now = clock();
      const token = newToken('tls');
      const actor = (await actorFor(storage.stores, user, clock())) as SignedIn['actor'];
      const first = [...actor.roles.keys()][0] ?? null;
      const session = await storage.transaction(async (stores) => {
        // A lock that began while the password was being checked holds for the right password too:
        // otherwise guesses sent at once would all be answered, the right one included.
        const lockedMeanwhile = lockRemainingMs(await stores.signInThrottles.lock('account', key, now), now);
        if (lockedMeanwhile) throw new TooManyAttempts(accountLockedMessage(lockedMeanwhile), Math.ceil(lockedMeanwhile / 1000));
        // A correct password clears the account's failures; the address's stay (docs/decisions/0007).
        await stores.signInThrottles.delete('account', key);
        const created = await stores.sessions.insert({
          tokenHash: hashToken(token),
          userId: user.id,
          organisationId: first,
          expiresAt: new Date(now.getTime() + absoluteMs),
          lastSeenAt: now,
        });
        await recordEvent(stores, actor, {
          organisationId: null, entityType: 'user', entityId: user.id, action: 'signed_in', details: { email: user.email, address },
        });
        return created;
      });
      // Sign-in is rare enough to tidy up after: ended sessions and old failures are removed here.
      await storage.stores.sessions.deleteExpired(now, new Date(now.getTime() - idleMs));
      await storage.stores.signInThrottles.deleteStale(new Date(now.getTime() - ACCOUNT_LIMIT.forgetAfterMs), now);
      return { token, session: { sessionId: session.id, actor, organisationId: first } };
    },

    /** The session for a raw session token, or why it ended, or null if unknown. */
    async checkSession(token: string): Promise<{ signedIn: SignedIn } | { ended: SessionEnded } | null> {
      const session = await storage.stores.sessions.findByTokenHash(hashToken(token));
      if (!session) return null;
      const now = clock().getTime();
      const ended: SessionEnded | null =
        session.expiresAt.getTime() <= now ? 'absolute' : session.lastSeenAt.getTime() + idleMs <= now ? 'idle' : null;
      if (ended) {
        await storage.stores.sessions.delete(session.id);
        return { ended };
      }
      const user = await storage.stores.users.findById(session.userId);
      if (!user) return null;
      if (now - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await storage.stores.sessions.touch(session.id, new Date(now));
      const actor = (await actorFor(storage.stores, user, clock())) as SignedIn['actor'];
      let organisationId = session.organisationId;
      if (!organisationId || !actor.roles.has(organisationId)) organisationId = [...actor.roles.keys()][0] ?? null;
      return { signedIn: { sessionId: session.id, actor, organisationId } };
    },

    /** The session for a raw session token, or null if unknown or ended. */
    async resolveSession(token: string): Promise<SignedIn | null> {
      const result = await service.checkSession(token);
      return result && 'signedIn' in result ? result.signedIn : null;
    },

    /** Switch the organisation a session is working in. */
    async switchOrganisation(signedIn: SignedIn, organisationId: string): Promise<void> {
      if (!signedIn.actor.roles.has(organisationId)) throw new NotFound('Organisation');
      await storage.stores.sessions.setOrganisation(signedIn.sessionId, organisationId);
    },

    /** End a session (audited when the person is known). */
    async signOut(sessionId: string, actor: Actor | null = null): Promise<void> {
      await storage.transaction(async (stores) => {
        await stores.sessions.delete(sessionId);
        if (actor?.kind === 'user') {
          await recordEvent(stores, actor, {
            organisationId: null, entityType: 'user', entityId: actor.userId, action: 'signed_out', details: { email: actor.email },
          });
        }
      });
    },

    /**
     * Change the signed-in person's password: the current one must be right (wrong ones count against
     * the sign-in limit), the new one must meet the policy; every other session of theirs ends.
     */
    async changePassword(
      signedIn: SignedIn,
      input: { currentPassword: string; newPassword: string; confirmPassword: string },
      client: { address?: string | null } = {},
    ): Promise<{ sessionsEnded: number }> {
      const actor = signedIn.actor;
      const key = accountKey(actor.email);
      await refuseIfAccountLocked(key);
      const user = await storage.stores.users.findById(actor.userId);
      if (!user) throw new Unauthenticated();
      const fields: Record<string, string> = {};
      if (!input.currentPassword) fields.currentPassword = 'Enter your current password';
      else if (!(await checkPassword(user, input.currentPassword))) {
        const failure = await recordSignInFailure(key, user, client.address ?? null, 'wrong current password when changing it');
        if (failure instanceof TooManyAttempts) throw failure;
        fields.currentPassword = 'Your current password is not right';
      }
      if (!input.newPassword) fields.newPassword = 'Enter a new password';
      else {
        try {
          validatePassword(input.newPassword, { field: 'newPassword', email: user.email });
          if (input.newPassword === input.currentPassword) fields.newPassword = 'Your new password must be different from your current one';
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          Object.assign(fields, e.fields);
        }
      }
      if (!fields.newPassword && input.confirmPassword !== input.newPassword) {
        fields.confirmPassword = 'The passwords do not match: type your new password again';
      }
      if (Object.keys(fields).length) throw new InvalidInput('The password was not changed', fields);
      const passwordHash = await hashPassword(input.newPassword);
      return storage.transaction(async (stores) => {
        await stores.users.setPasswordHash(user.id, passwordHash);
        const sessionsEnded = await stores.sessions.deleteForUser(user.id, signedIn.sessionId);
        await stores.signInThrottles.delete('account', key);
        await recordEvent(stores, actor, {
          organisationId: null, entityType: 'user', entityId: user.id, action: 'password_changed', details: { email: user.email, sessionsEnded },
        });
        return { sessionsEnded };
      });
    },

    /** Set a person's password from the command line (an operator's reset); ends all their sessions. */
    async resetPassword(emailInput: string, password: string): Promise<User> {
      const email = parseEmail(emailInput);
      const user = await storage.stores.users.findByEmail(email);
      if (!user) throw new NotFound('Account');
      validatePassword(password, { email });
      const passwordHash = await hashPassword(password);
      return storage.transaction(async (stores) => {
        await stores.users.setPasswordHash(user.id, passwordHash);
        const sessionsEnded = await stores.sessions.deleteForUser(user.id, null);
        await stores.signInThrottles.delete('account', email);
        await recordEvent(stores, null, {
          organisationId: null, entityType: 'user', entityId: user.id, action: 'password_changed', details: { email, sessionsEnded, reset: true },
        });
        return user;
      });
    },

    /** Create an API token for an organisation, optionally expiring; returns the raw token, shown once. */
    async createToken(
      input: { organisationId: string; name: string; role?: string; expiresInDays?: string | number; expires?: string },
      actor: Actor | null = null,
    ) {
      if (actor) requireRole(actor, input.organisationId, 'admin');
      const fields: Record<string, string> = {};
      const name = input.name.trim();
      if (!name || name.length > 100) fields.name = 'Enter a label of up to 100 characters, like "data warehouse"';
      let role: Role = 'editor';
      try {
        role = parseRole(input.role ?? 'editor');
        if (role === 'admin') fields.role = 'A token can be a viewer, contributor or editor';
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        Object.assign(fields, e.fields);
      }
      let expiresAt: Date | null = null;
      try {
        expiresAt = parseTokenExpiry({ expiresInDays: input.expiresInDays, expires: input.expires }, clock());
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        Object.assign(fields, e.fields);
      }
      if (Object.keys(fields).length) {
        const message = fields.name ? 'Give the token a label' : fields.role ? 'Tokens cannot be admins' : 'The token is not valid';
        throw new InvalidInput(message, fields);
      }
      const token = newToken('tl');
      const stored = await storage.transaction(async (stores) => {
        const t = await stores.apiTokens.insert({ tokenHash: hashToken(token), organisationId: input.organisationId, name, role, expiresAt });
        await recordChange(stores, actor, {
          organisationId: input.organisationId,
          entityType: 'api_token',
          entityId: t.id,
          action: 'created',
          before: null,
          after: { name, role, expiresAt: expiresAt?.toISOString() ?? null },
        });
        return t;
      });
      return { token, apiToken: stored };
    },

    /** An organisation's API tokens, newest first (admins, or the command line with no actor). */
    async listTokens(actor: Actor | null, organisationId: string, page = { limit: 50, offset: 0 }): Promise<{ tokens: ApiTokenView[]; total: number }> {
      if (actor) requireRole(actor, organisationId, 'admin');
      const now = clock();
      const { tokens, total } = await storage.stores.apiTokens.list(organisationId, page);
      return { tokens: tokens.map((t) => ({ ...t, status: tokenStatus(t, now) })), total };
    },

    /** One API token of an organisation (admins); another organisation's is NotFound. */
    async getToken(actor: Actor | null, tokenId: string, organisationId?: string): Promise<ApiTokenView> {
      const t = isId(tokenId) ? await storage.stores.apiTokens.findById(tokenId) : null;
      if (!t || (organisationId && t.organisationId !== organisationId)) throw new NotFound('API token');
      if (actor) {
        if (!roleIn(actor, t.organisationId)) throw new NotFound('API token');
        requireRole(actor, t.organisationId, 'admin');
      }
      return { ...t, status: tokenStatus(t, clock()) };
    },

    /** Revoke an API token at once (audited); revoking one already revoked changes nothing. */
    async revokeToken(actor: Actor | null, tokenId: string, organisationId?: string): Promise<ApiTokenView> {
      const t = await service.getToken(actor, tokenId, organisationId);
      if (t.revokedAt) return t;
      const now = clock();
      await storage.transaction(async (stores) => {
        await stores.apiTokens.revoke(t.id, now);
        await recordEvent(stores, actor, {
          organisationId: t.organisationId, entityType: 'api_token', entityId: t.id, action: 'revoked', details: { name: t.name, role: t.role },
        });
      });
      return { ...t, revokedAt: now, status: 'revoked' };
    },

    /** The actor for a raw API token, or Unauthenticated (unknown, revoked or expired, saying which). */
    async resolveToken(token: string): Promise<Actor> {
      const t = await storage.stores.apiTokens.findByTokenHash(hashToken(token));
      if (!t) throw new Unauthenticated('The API token is not valid');
      const now = clock();
      const status = tokenStatus(t, now);
      if (status === 'revoked') throw new Unauthenticated('This API token has been revoked. Ask an admin of your organisation for a new one.');
      if (status === 'expired') throw new Unauthenticated('This API token has expired. Ask an admin of your organisation for a new one.');
      if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() >= TOUCH_EVERY_MS) await storage.stores.apiTokens.touch(t.id, now);
      const reads = await readGrantsFor(storage.stores, [t.organisationId], formatIsoDate(now));
      return { kind: 'token', tokenId: t.id, name: t.name, organisationId: t.organisationId, role: t.role, reads };
    },

    /** The members of an organisation (any member may see who else is). */
    async listMembers(actor: Actor, organisationId: string): Promise<Member[]> {
      requireRole(actor, organisationId, 'viewer');
      return storage.stores.users.listMembers(organisationId);
    },

    /** Add a person to an organisation (admins only); creates their account if it is new. */
    async addMember(
      actor: Actor,
      organisationId: string,
      input: { email: string; name: string; role: string; discipline: string; password?: string },
    ): Promise<Member> {
      requireRole(actor, organisationId, 'admin');
      const fields: Record<string, string> = {};
      const collect = <T>(f: () => T): T | null => {
        try {
          return f();
        } catch (e) {
          if (e instanceof InvalidInput) Object.assign(fields, e.fields);
          else throw e;
          return null;
        }
      };
      const email = collect(() => parseEmail(input.email));
      const role = collect(() => parseRole(input.role));
      const discipline = collect(() => parseDiscipline(input.discipline));
      const existing = email ? await storage.stores.users.findByEmail(email) : null;
      let name = '';
      let passwordHash: string | null = null;
      if (!existing) {
        name = collect(() => validateName(input.name)) ?? '';
        if (!input.password) fields.password = 'Enter a first password for this new account (12 characters or more)';
        else collect(() => validatePassword(input.password ?? '', { email }));
      }
      if (Object.keys(fields).length) throw new InvalidInput('The member is not valid', fields);
      if (!existing) passwordHash = await hashPassword(input.password ?? '');
      return storage.transaction(async (stores) => {
        let user = existing ?? (await stores.users.findByEmail(email!));
        if (!user) {
          user = await stores.users.insert({ email: email!, name, passwordHash: passwordHash! });
          await recordChange(stores, actor, {
            organisationId, entityType: 'user', entityId: user.id, action: 'created', before: null, after: { email, name },
          });
        }
        const before = await stores.users.findMembership(user.id, organisationId);
        if (before) {
          throw new Conflict(`${user.email} is already a member`, { email: `${user.email} is already a member of this organisation` });
        }
        await stores.users.upsertMembership({ userId: user.id, organisationId, role: role!, discipline: discipline! });
        await recordChange(stores, actor, {
          organisationId, entityType: 'membership', entityId: user.id, action: 'created', before: null,
          after: { email: user.email, role, discipline },
        });
        return { userId: user.id, organisationId, role: role!, discipline: discipline!, email: user.email, name: user.name };
      });
    },

    /** Change a member's role or discipline (admins only; an organisation keeps at least one admin). */
    async updateMember(actor: Actor, organisationId: string, userId: string, input: { role: string; discipline: string }): Promise<void> {
      requireRole(actor, organisationId, 'admin');
      const role = parseRole(input.role);
      const discipline = parseDiscipline(input.discipline);
      await storage.transaction(async (stores) => {
        const before = isId(userId) ? await stores.users.findMembership(userId, organisationId) : null;
        if (!before) throw new NotFound('Member');
        if (before.role === 'admin' && role !== 'admin' && (await stores.users.countAdmins(organisationId)) <= 1) {
          throw new InvalidInput('An organisation needs an admin', { role: 'This is the only admin: make someone else an admin first' });
        }
        await stores.users.upsertMembership({ userId, organisationId, role, discipline });
        await recordChange(stores, actor, {
          organisationId, entityType: 'membership', entityId: userId, action: 'updated',
          before: { role: before.role, discipline: before.discipline }, after: { role, discipline },
        });
      });
    },

    /** Remove a member (admins only; not the last admin). */
    async removeMember(actor: Actor, organisationId: string, userId: string): Promise<void> {
      requireRole(actor, organisationId, 'admin');
      await storage.transaction(async (stores) => {
        const before = isId(userId) ? await stores.users.findMembership(userId, organisationId) : null;
        if (!before) throw new NotFound('Member');
        if (before.role === 'admin' && (await stores.users.countAdmins(organisationId)) <= 1) {
          throw new Forbidden('This is the only admin: make someone else an admin first');
        }
        await stores.users.removeMembership(userId, organisationId);
        await recordChange(stores, actor, {
          organisationId, entityType: 'membership', entityId: userId, action: 'deleted',
          before: { role: before.role, discipline: before.discipline }, after: null,
        });
      });
    },

    /** Membership history of an organisation's members. */
    async memberHistory(actor: Actor, organisationId: string, userIds: string[]) {
      requireRole(actor, organisationId, 'viewer');
      const events = await storage.stores.audit.history('membership', userIds, 200);
      return events.filter((e) => e.organisationId === organisationId);
    },
  };
  return service;
}

export type PeopleService = ReturnType<typeof createPeopleService>;
