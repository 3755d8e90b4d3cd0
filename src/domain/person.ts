/** People: roles, disciplines, and who may do what in an organisation. */
import { InvalidInput, Forbidden } from './errors.ts';

export const ROLES = ['viewer', 'contributor', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Viewer: can read everything in the organisation',
  contributor: 'Contributor: can also add problems and evidence, and edit problems they raised',
  editor: 'Editor: can also edit and delete any record and enter values',
  admin: 'Admin: can also manage members and API tokens',
};

export const DISCIPLINES = [
  'board',
  'clinical',
  'operational',
  'digital',
  'finance',
  'workforce',
  'patients_representative',
  'other',
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const DISCIPLINE_LABELS: Record<Discipline, string> = {
  board: 'Board',
  clinical: 'Clinical',
  operational: 'Operational',
  digital: 'Digital',
  finance: 'Finance',
  workforce: 'Workforce',
  patients_representative: 'Patients’ representative',
  other: 'Other',
};

/** Whether a value is a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether a value is a discipline. */
export function isDiscipline(value: string): value is Discipline {
  return (DISCIPLINES as readonly string[]).includes(value);
}

/** The kinds of strategy content that a system can share between its members, or read of them. */
export const READ_AREAS = ['problems', 'goals', 'initiatives', 'capabilities'] as const;
export type ReadArea = (typeof READ_AREAS)[number];

export const READ_AREA_LABELS: Record<ReadArea, string> = {
  problems: 'Problems and evidence',
  goals: 'Goals, measures and check-ins',
  initiatives: 'Initiatives, stop items and decisions',
  capabilities: 'Capabilities (products, suppliers and contracts)',
};

/**
 * Organisations an actor may read without belonging to them, and which areas: granted by the
 * system memberships current when the actor is resolved (see services/system-access.ts).
 */
export type ReadGrants = ReadonlyMap<string, ReadonlySet<ReadArea>>;

/** Who is acting: a signed-in person, or an API token of one organisation. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      name: string;
      email: string;
      /** organisation id → role */
      roles: ReadonlyMap<string, Role>;
      reads?: ReadGrants;
    }
  | { kind: 'token'; tokenId: string; name: string; organisationId: string; role: Role; reads?: ReadGrants };

/** The actor's role in an organisation, or null if they are not a member. */
export function roleIn(actor: Actor, organisationId: string): Role | null {
  if (actor.kind === 'token') return actor.organisationId === organisationId ? actor.role : null;
  return actor.roles.get(organisationId) ?? null;
}

/**
 * Whether the actor may read an area of an organisation's content: any member of it may; so may
 * the people of its system, and other members where the system shares that area, while the
 * membership is current. Writing always needs a role in the organisation itself (requireRole).
 */
export function canRead(actor: Actor, organisationId: string, area: ReadArea): boolean {
  if (roleIn(actor, organisationId) !== null) return true;
  return actor.reads?.get(organisationId)?.has(area) ?? false;
}

/** Whether the actor belongs to an organisation or may read any of its content through a system. */
export function canSeeOrganisation(actor: Actor, organisationId: string): boolean {
  return roleIn(actor, organisationId) !== null || (actor.reads?.has(organisationId) ?? false);
}

/**
 * Throw unless the actor may read an area of an organisation (for lists of it): as
 * `requireRole(…, 'viewer')` always did, Forbidden, since the caller already named the
 * organisation (the edges answer 404 for an organisation the caller cannot see at all).
 */
export function requireRead(actor: Actor, organisationId: string, area: ReadArea): void {
  if (!canRead(actor, organisationId, area)) throw new Forbidden('You need to be a viewer to do this');
}

const RANK: Record<Role, number> = { viewer: 0, contributor: 1, editor: 2, admin: 3 };

/** Whether a role is at least another. */
export function hasRole(role: Role | null, atLeast: Role): boolean {
  return role !== null && RANK[role] >= RANK[atLeast];
}

/** Throw Forbidden unless the actor has at least `atLeast` in the organisation. */
export function requireRole(actor: Actor, organisationId: string, atLeast: Role): Role {
  const role = roleIn(actor, organisationId);
  if (!hasRole(role, atLeast)) {
    throw new Forbidden(`You need to be ${/^[aeiou]/.test(atLeast) ? 'an' : 'a'} ${atLeast} to do this`);
  }
  return role as Role;
}

/** A label for the audit trail. */
export function describeActor(actor: Actor): string {
  return actor.kind === 'user' ? actor.name : `API token “${actor.name}”`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalise an email address and reject one of the wrong shape. */
export function parseEmail(input: string, field = 'email'): string {
  const email = input.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new InvalidInput('Enter a valid email address', {
      [field]: 'Enter an email address in the correct format, like name@example.nhs.uk',
    });
  }
  return email;
}

export { validatePassword } from './password-policy.ts';
