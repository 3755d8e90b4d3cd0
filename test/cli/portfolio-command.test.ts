import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { addOrganisation, addPerson } from '../support/builders.ts';
import { createProgram, runProgram } from '../../src/cli/program.ts';
import { quarterOf } from '../../src/domain/quarter.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { createFakeIo } from './fake-io.ts';

describe('throughline portfolio', () => {
  let world: TestWorld;
  let org: Organisation;

  const run = async (args: string[]) => {
    const fake = createFakeIo();
    const code = await runProgram(createProgram(world.services, fake.io), args, fake.io);
    return { code, out: fake.stdout(), err: fake.stderr() };
  };

  beforeAll(async () => {
    world = await openTestWorld();
    org = await addOrganisation(world.services);
    const editor = (await addPerson(world.services, org, 'editor')).actor;
    const q = quarterOf(world.services.clock());
    await world.services.portfolio.setCapacity(editor, org.id, [{ quarter: q, skill: 'data', personWeeks: 5 }]);
    for (const [name, pw] of [['Shared care record in clinic', 4], ['Dashboard for everything', 3]] as const) {
      await world.services.initiatives.create(editor, org.id, { name, change: `Clinic teams change: ${name}`, demand: [{ quarter: q, skill: 'data', personWeeks: pw }] });
    }
  });
  afterAll(() => world?.close());

  it('prints the ranking against the capacity line, and which skill runs out', async () => {
    const r = await run(['portfolio', '--organisation', org.code.toLowerCase()]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1\s+Shared care record in clinic\s+Now/);
    expect(r.out).toMatch(/2\s+Dashboard for everything\s+Not now\s+not enough data/);
  });

  it('prints JSON with placements and per-skill capacity and demand', async () => {
    const r = await run(['portfolio', '--organisation', org.code, '--format', 'json', '--quarter', quarterOf(world.services.clock())]);
    const body = JSON.parse(r.out) as { items: { placement: string }[]; skills: { skill: string; capacity: number; committed: number; demand: number }[] };
    expect(body.items.map((i) => i.placement)).toEqual(['now', 'not-now']);
    expect(body.skills.find((s) => s.skill === 'data')).toMatchObject({ capacity: 5, committed: 4, demand: 7 });
  });

  it('says what is wrong with a quarter that does not exist', async () => {
    const r = await run(['portfolio', '--organisation', org.code, '--quarter', '2027-Q5']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a quarter');
  });
});
