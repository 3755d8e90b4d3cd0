/**
 * System benchmark: one ICB with 40 member organisations, each with 50 weekly measures of 156
 * values (312,000 values), 10 capabilities with an entry per member, and a roll-up over one
 * measure of each member. Times the alignment view and one roll-up measure's SPC through the
 * services, and, in the same run and interleaved, reading the same rows straight from the stores
 * with none of the work on them. Prints medians and their ratios (aim: within 3×). Not a timed test.
 * Run: npm run bench:system
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { addPeriods, periodStartOf } from '../src/domain/period.ts';
import { ENTRY_STATUSES } from '../src/domain/system.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 40);
const MEASURES = 50;
const GOALS = 5;
const WEEKS = 156;
const CAPABILITIES = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const AIM = 3;

const connection = await openDatabase({ dataDir: 'memory://' });
const storage = createStorage(connection);
const services = createServices(storage, loadReferenceOrganisations());
const stores = storage.stores;
const random = createRandom(20261201);
const lastWeek = addPeriods(periodStartOf(new Date(), 'weekly'), 'weekly', -1);
const started = performance.now();
console.log(`Setting up: 1 ICB, ${MEMBERS} members × ${MEASURES} measures × ${WEEKS} weekly values, ${CAPABILITIES} capabilities, on PGlite in memory…`);

const icb = await services.organisations.add({ code: 'XBICB', name: 'Benchmark ICB', type: 'icb' });
const leadUser = await services.people.createUser({ email: 'lead@bench.example', name: 'Lead', password: 'benchmark password, not a secret', organisationId: icb.id, role: 'admin', discipline: 'digital' });
let lead: Actor = { kind: 'user', userId: leadUser.id, name: 'Lead', email: 'lead@bench.example', roles: new Map([[icb.id, 'admin']]) };
const systemGoals = [];
for (let g = 0; g < 5; g++) systemGoals.push(await services.goals.create(lead, icb.id, { statement: `System goal ${g + 1}` }));
const capabilities = [];
for (let c = 0; c < CAPABILITIES; c++) capabilities.push(await services.systems.addCapability(lead, icb.id, { name: `Capability ${c + 1}` }));
await services.systems.addPrinciple(lead, icb.id, { title: 'Data stays in the UK', rationale: 'UK GDPR' });

const rollupParts: { measureId: string }[] = [];
for (let m = 0; m < MEMBERS; m++) {
  const code = `XB${String(m).padStart(3, '0')}`;
  const org = await services.organisations.add({ code, name: `Member ${m + 1}`, type: 'trust' });
  const user = await services.people.createUser({ email: `m${m}@bench.example`, name: `Editor ${m}`, password: 'benchmark password, not a secret', organisationId: org.id, role: 'editor', discipline: 'digital' });
  await services.systems.addMembership(lead, icb.id, { organisation: code, from: '2022-07-01' });
  const editor = await services.systems.withCurrentReads({ kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'editor']]) });
  for (let g = 0; g < GOALS; g++) {
    const goal = await services.goals.create(editor, org.id, { statement: `Member ${m + 1} goal ${g + 1}` });
    if (g === 0) await services.systems.setContribution(editor, goal.id, systemGoals[m % 4]!.id);
    // Measures through the store and values in one statement per goal: the setup is not what is measured.
    const ids: string[] = [];
    for (let k = 0; k < MEASURES / GOALS; k++) {
      const measure = await stores.measures.insert(goal.id, org.id, {
        name: `Measure ${g + 1}.${k + 1}`,
        definition: g === 0 && k === 0 ? 'Patients admitted to a virtual ward in the week.' : `Synthetic measure ${g}.${k}.`,
        unit: 'count',
        improvementDirection: 'increase',
        target: null,
        targetFrom: null,
        frequency: 'weekly',
        dataSource: 'Synthetic benchmark data',
        ownerUserId: null,
        spcPreset: 'mdc',
        baseline: null,
        rebases: [],
      });
      ids.push(measure.id);
      if (g === 0 && k === 0) rollupParts.push({ measureId: measure.id });
    }
    await connection.db.execute(sql`insert into measure_values (measure_id, period, value)
      select m.id, d::date, round(20 + 40 * (${random()} + m.n * 0.01) + 6 * (random() - 0.5))
      from unnest(${`{${ids.join(',')}}`}::uuid[]) with ordinality as m(id, n),
           generate_series(${addPeriods(lastWeek, 'weekly', -(WEEKS - 1))}::date, ${lastWeek}::date, interval '7 days') d`);
  }
  for (const c of capabilities) {
    const status = ENTRY_STATUSES[Math.floor(random() * ENTRY_STATUSES.length)]!;
    const months = Math.floor(random() * 48);
    await services.systems.putEntry(editor, c.id, org.id, { status, product: status === 'in_use' ? 'Product' : '', contractEnd: status === 'in_use' ? addPeriods(lastWeek, 'weekly', months * 4) : null });
  }
  await services.initiatives.create(editor, org.id, { name: `Initiative of member ${m + 1}`, change: 'Teams work in a new way' });
}
lead = await services.systems.withCurrentReads(lead);
const rollup = await services.systems.createRollup(lead, icb.id, { name: 'Virtual ward admissions', kind: 'sum', improvementDirection: 'increase', components: rollupParts });
console.log(`Set up in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);

// Reading the same rows as the alignment view, straight from the stores, with nothing done to them.
async function readAlignmentRows(): Promise<number> {
  const [goals, memberships, caps, rollups] = await Promise.all([stores.goals.list(icb.id), stores.systems.listMemberships(icb.id), stores.systems.listCapabilities(icb.id), stores.systems.listRollups(icb.id)]);
  const [contributions, entries, assessments, principles] = await Promise.all([
    stores.systems.contributionsTo(goals.map((g) => g.id)),
    stores.systems.listEntries(caps.map((c) => c.id)),
    stores.systems.listAssessments(caps.map((c) => c.id)),
    stores.systems.listPrinciples(icb.id),
  ]);
  const initiatives = (await Promise.all(memberships.map((m) => stores.initiatives.list(m.organisationId)))).flat();
  const declarations = await stores.systems.listDeclarations(initiatives.map((i) => i.id));
  let values = 0;
  for (const r of rollups) {
    const ids = r.components.map((c) => c.measureId);
    const [v] = await Promise.all([stores.measures.valuesFor(ids), stores.measures.findByIds(ids)]);
    for (const list of v.values()) values += list.length;
  }
  return goals.length + memberships.length + contributions.length + entries.length + assessments.length + principles.length + initiatives.length + declarations.length + values;
}

// Reading the roll-up's rows: its definition, its members' measures and their values.
async function readRollupRows(): Promise<number> {
  const r = (await stores.systems.findRollup(rollup.id))!;
  const ids = r.components.map((c) => c.measureId);
  const [v] = await Promise.all([stores.measures.valuesFor(ids), stores.measures.findByIds(ids)]);
  let n = 0;
  for (const list of v.values()) n += list.length;
  return n;
}

const timings: Record<string, number[]> = { alignment: [], alignmentRows: [], rollup: [], rollupRows: [] };
async function time(key: string, work: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await work();
  timings[key]!.push(performance.now() - t0);
}

const rows = await readAlignmentRows();
const rollupRows = await readRollupRows();
// Warm up the JIT and the connection.
for (let i = 0; i < 3; i++) {
  await services.systems.alignment(lead, icb.id);
  await readAlignmentRows();
  await services.systems.rollupSeries(lead, rollup.id);
  await readRollupRows();
}
// Interleaved ABBA, so a shared machine's changing load falls on both alike.
for (let i = 0; i < ROUNDS; i++) {
  const pairs: [string, () => Promise<unknown>][] = [
    ['alignment', () => services.systems.alignment(lead, icb.id)],
    ['alignmentRows', readAlignmentRows],
    ['rollup', () => services.systems.rollupSeries(lead, rollup.id)],
    ['rollupRows', readRollupRows],
  ];
  for (const [k, w] of i % 2 ? pairs.reverse() : pairs) await time(k, w);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const line = (label: string, key: string) => console.log(`${label.padEnd(34)} ${median(timings[key]!).toFixed(1).padStart(8)} ms (median of ${ROUNDS})`);
line('alignment view', 'alignment');
line(`reading its ${rows.toLocaleString('en-GB')} rows`, 'alignmentRows');
line(`one roll-up's SPC (${rollupParts.length} members)`, 'rollup');
line(`reading its ${rollupRows.toLocaleString('en-GB')} values`, 'rollupRows');
const r1 = median(timings.alignment!) / median(timings.alignmentRows!);
const r2 = median(timings.rollup!) / median(timings.rollupRows!);
console.log(`\nalignment ratio  ${r1.toFixed(2)}× reading the same rows (aim: within ${AIM}×) — ${r1 <= AIM ? 'met' : 'NOT met'}`);
console.log(`roll-up ratio    ${r2.toFixed(2)}× reading the same rows (aim: within ${AIM}×) — ${r2 <= AIM ? 'met' : 'NOT met'}`);
await connection.close();
