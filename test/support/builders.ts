/** Test-data builders: valid records with overrides. */
import { randomBytes } from 'node:crypto';
import type { Services } from '../../src/services/index.ts';
import type { Actor, Role } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Measure } from '../../src/domain/measure.ts';
import { addPeriods } from '../../src/domain/period.ts';

let counter = 0;

/** A unique fictional ODS-shaped code, e.g. "X1A2". */
export function uniqueCode(): string {
  counter++;
  return `X${randomBytes(2).toString('hex').toUpperCase()}${counter % 10}`.slice(0, 6);
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** A problem's fields, valid unless overridden. */
export function buildProblem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Discharge letters reach GPs late',
    description: 'Letters are typed after the patient leaves, so GPs wait days for them.',
    affected: 'both',
    affectedGroup: 'patients leaving the medical wards',
    severity: 4,
    reach: 1200,
    themes: ['discharge', 'communication'],
    status: 'open',
    ...overrides,
  };
}

/** An evidence item, valid unless overridden. */
export function buildEvidence(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'operational_data',
    summary: 'Median time from discharge to letter sent: 4.2 days (Q3 audit)',
    link: 'https://example.org/audit',
    count: 310,
    ...overrides,
  };
}

/** An organisation added by hand with a unique code. */
export async function addOrganisation(services: Services, name = 'Test Trust'): Promise<Organisation> {
  return services.organisations.add({ code: uniqueCode(), name, type: 'trust' });
}

/** A person with a role in an organisation, and the Actor for them. */
export async function addPerson(
  services: Services,
  organisation: Organisation,
  role: Role,
  name = `${role} person`,
  discipline = 'clinical',
): Promise<{ email: string; actor: Actor }> {
  const email = `${role}.${randomBytes(4).toString('hex')}@example.nhs.uk`;
  const user = await services.people.createUser({
    email,
    name,
    password: TEST_PASSWORD,
    organisationId: organisation.id,
    role,
    discipline,
  });
  const actor: Actor = {
    kind: 'user',
    userId: user.id,
    name: user.name,
    email,
    roles: new Map([[organisation.id, role]]),
  };
  return { email, actor };
}

/** A weekly count measure under a goal, with `values` ending in the week starting `lastPeriod`. */
export async function addWeeklyMeasure(
  services: Services,
  actor: Actor,
  goalId: string,
  fields: { name: string; improvementDirection: string; target?: number | null; unit?: string },
  values: number[],
  lastPeriod: string,
): Promise<Measure> {
  const m = await services.measures.create(actor, goalId, {
    definition: 'Counted each week.',
    unit: 'count',
    frequency: 'weekly',
    dataSource: 'Synthetic test data',
    target: fields.target ?? null,
    ...fields,
  });
  const first = addPeriods(lastPeriod, 'weekly', -(values.length - 1));
  await services.measures.recordValues(actor, m.id, values.map((value, i) => ({ period: addPeriods(first, 'weekly', i), value })));
  return m;
}
