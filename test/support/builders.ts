/** Test-data builders: valid records with overrides. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Services } from '../../src/services/index.ts';
import type { Actor, Role } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Measure, Unit } from '../../src/domain/measure.ts';
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

/** `n` weekly measures, named `prefix 1`…, of one new goal tied to one new problem, with no values. */
export async function addEmptyWeeklyMeasures(services: Services, actor: Actor, organisationId: string, prefix: string, n: number, unit: Unit = 'count'): Promise<Measure[]> {
  const problem = await services.problems.create(actor, organisationId, buildProblem());
  const goal = await services.goals.create(actor, organisationId, { statement: `${prefix}: letters reach GPs within a day`, problemIds: [problem.id] });
  const out: Measure[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await services.measures.create(actor, goal.id, { name: `${prefix} ${i + 1}`, definition: 'Counted', unit, improvementDirection: 'increase', frequency: 'weekly' }));
  }
  return out;
}

/** A text as a stream in chunks of 64 KiB, as a file is read. */
export function streamInChunks(text: string): Readable {
  const bytes = Buffer.from(text);
  return Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
}
