/** People: accounts, sign-in sessions, API tokens and membership of organisations. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated } from '../domain/errors.ts';
import {
  isDiscipline,
  isRole,
  parseEmail,
  requireRole,
  validatePassword,
  type Actor,
  type Discipline,
  type Role,
} from '../domain/person.ts';
import type { Clock, Member, Storage, Stores, User } from './stores.ts';
import { recordChange } from './audit.ts';
import { isId } from '../domain/ids.ts';
import { formatIsoDate } from '../domain/period.ts';
import { readGrantsFor } from './system-access.ts';

const SESSION_DAYS = 7;

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
export function createPeopleService(storage: Storage, clock: Clock) {
  return {
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
      validatePassword(input.password);
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

    /** Check an email and password and open a session; returns the raw session token. */
    async signIn(emailInput: string, password: string): Promise<{ token: string; session: SignedIn }> {
      const fail = () =>
        new InvalidInput('The email address or password is not right', {
          email: 'Enter the email address and password of your account',
        });
      let email: string;
      try {
        email = parseEmail(emailInput);
      } catch {
        throw fail();
      }
      const user = await storage.stores.users.findByEmail(email);
      if (!user) {
        dummyHash ??= hashPassword('a password nobody has, used for timing');
        await verify(await dummyHash, password).catch(() => false);
        throw fail();
      }
      const ok = await verify(user.passwordHash, password).catch(() => false);
      if (!ok) throw fail();
      // Sign-in is rare enough to tidy up after: expired sessions are removed here.
      await storage.stores.sessions.deleteExpired(clock());
      const token = newToken('tls');
      const actor = (await actorFor(storage.stores, user, clock())) as SignedIn['actor'];
      const first = [...actor.roles.keys()][0] ?? null;
      const expiresAt = new Date(clock().getTime() + SESSION_DAYS * 86_400_000);
      const session = await storage.stores.sessions.insert({
        tokenHash: hashToken(token),
        userId: user.id,
        organisationId: first,
        expiresAt,
      });
      return { token, session: { sessionId: session.id, actor, organisationId: first } };
    },

    /** The session for a raw session token, or null if unknown or expired. */
    async resolveSession(token: string): Promise<SignedIn | null> {
      const session = await storage.stores.sessions.findByTokenHash(hashToken(token));
      if (!session) return null;
      if (session.expiresAt.getTime() <= clock().getTime()) {
        await storage.stores.sessions.delete(session.id);
        return null;
      }
      const user = await storage.stores.users.findById(session.userId);
      if (!user) return null;
      const actor = (await actorFor(storage.stores, user, clock())) as SignedIn['actor'];
      let organisationId = session.organisationId;
      if (!organisationId || !actor.roles.has(organisationId)) organisationId = [...actor.roles.keys()][0] ?? null;
      return { sessionId: session.id, actor, organisationId };
    },

    /** Switch the organisation a session is working in. */
    async switchOrganisation(signedIn: SignedIn, organisationId: string): Promise<void> {
      if (!signedIn.actor.roles.has(organisationId)) throw new NotFound('Organisation');
      await storage.stores.sessions.setOrganisation(signedIn.sessionId, organisationId);
    },

    /** End a session. */
    async signOut(sessionId: string): Promise<void> {
      await storage.stores.sessions.delete(sessionId);
    },

    /** Create an API token for an organisation; returns the raw token, shown once. */
    async createToken(input: { organisationId: string; name: string; role?: string }, actor: Actor | null = null) {
      const name = input.name.trim();
      if (!name || name.length > 100) {
        throw new InvalidInput('Give the token a label', { name: 'Enter a label of up to 100 characters, like "data warehouse"' });
      }
      const role = parseRole(input.role ?? 'editor');
      if (role === 'admin') throw new InvalidInput('Tokens cannot be admins', { role: 'A token can be a viewer, contributor or editor' });
      if (actor) requireRole(actor, input.organisationId, 'admin');
      const token = newToken('tl');
      const stored = await storage.transaction(async (stores) => {
        const t = await stores.apiTokens.insert({ tokenHash: hashToken(token), organisationId: input.organisationId, name, role });
        await recordChange(stores, actor, {
          organisationId: input.organisationId,
          entityType: 'api_token',
          entityId: t.id,
          action: 'created',
          before: null,
          after: { name, role },
        });
        return t;
      });
      return { token, apiToken: stored };
    },

    /** The actor for a raw API token, or Unauthenticated. */
    async resolveToken(token: string): Promise<Actor> {
      const t = await storage.stores.apiTokens.findByTokenHash(hashToken(token));
      if (!t || t.revokedAt) throw new Unauthenticated('The API token is not valid');
      const reads = await readGrantsFor(storage.stores, [t.organisationId], formatIsoDate(clock()));
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
        else collect(() => validatePassword(input.password ?? ''));
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
}

export type PeopleService = ReturnType<typeof createPeopleService>;
