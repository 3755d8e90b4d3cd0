/**
 * Review benchmark: one organisation with 200 measures of 156 weekly values each, 100
 * initiatives with hypotheses and demand, and capacity, on an in-memory PGlite. Times, in the same
 * run and interleaved: reading the same rows the queue reads (measures, their values, goals,
 * check-ins, problems, initiatives, capacity, stop items), building the review queue, and running
 * the health checks, each cold (new services: no statistics cached) and warm (statistics cached by
 * measure and version). Prints medians and the ratios to the read (aim: within 3×). Prints
 * figures; it is not a timed test.
 * Run: npm run bench:review
 */
import { openDatabase } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { addPeriods, periodStartOf } from '../src/domain/period.ts';
import { addQuarters, quarterOf } from '../src/domain/quarter.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const GOALS = 20;
const MEASURES_PER_GOAL = 10;
const WEEKS = 156;
const INITIATIVES = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const AIM = 3;

function generateSeries(random: () => number): number[] {
  let level = 40 + 50 * random();
  const noise = 1 + 5 * random();
  const values: number[] = [];
  for (let i = 0; i < WEEKS; i++) {
    if (random() < 0.01) level += noise * 4 * (random() - 0.5);
    let v = level + noise * (random() + random() + random() - 1.5);
    if (random() < 0.01) v += noise * 6 * (random() - 0.5);
    values.push(Math.round(v * 10) / 10);
  }
  return values;
}

console.log(`Setting up: ${GOALS * MEASURES_PER_GOAL} measures × ${WEEKS} weekly values and ${INITIATIVES} initiatives, on PGlite in memory…`);
const connection = await openDatabase({ dataDir: 'memory://' });
const storage = createStorage(connection);
const reference = loadReferenceOrganisations();
let services = createServices(storage, reference);
const org = await services.organisations.add({ code: 'XREVW', name: 'Benchmark Valley NHS Trust', type: 'trust' });
const user = await services.people.createUser({ email: 'bench@example.nhs.uk', name: 'Bea Bench', password: 'a timing run, not a secret', organisationId: org.id, role: 'admin', discipline: 'clinical' });
const actor: Actor = { kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'admin']]) };
const random = createRandom(20251201);
const lastWeek = addPeriods(periodStartOf(new Date(), 'weekly'), 'weekly', -1);
const directions = ['increase', 'decrease', 'neutral'] as const;
const problem = await services.problems.create(actor, org.id, { title: 'Letters reach GPs late', description: 'Letters are typed after the patient leaves.', affected: 'both', severity: 4, reach: 1200 });
const measureIds: { goalId: string; measureId: string }[] = [];
for (let g = 0; g < GOALS; g++) {
  const goal = await services.goals.create(actor, org.id, { statement: `Goal ${g + 1}: an outcome for patients that improves week by week`, ownerIds: [user.id], problemIds: [problem.id] });
  for (let k = 0; k < MEASURES_PER_GOAL; k++) {
    const m = await services.measures.create(actor, goal.id, { name: `Measure ${g + 1}.${k + 1}`, definition: 'Counted each week.', unit: 'count', frequency: 'weekly', improvementDirection: directions[k % 3], target: k % 2 ? 50 : null, dataSource: 'Synthetic benchmark data' });
    const values = generateSeries(random);
    // A few measures stop early, so the queue has stale values to raise.
    const end = k === 9 ? addPeriods(lastWeek, 'weekly', -5) : lastWeek;
    await services.measures.recordValues(actor, m.id, values.map((value, i) => ({ period: addPeriods(end, 'weekly', i - (WEEKS - 1)), value: Math.round(value) })));
    measureIds.push({ goalId: goal.id, measureId: m.id });
  }
}
const current = quarterOf(new Date());
await services.portfolio.setCapacity(actor, org.id, [0, 1, 2, 3].flatMap((q) => [{ quarter: addQuarters(current, q), skill: 'engineering', personWeeks: 200 }, { quarter: addQuarters(current, q), skill: 'design', personWeeks: 60 }]));
for (let i = 0; i < INITIATIVES; i++) {
  const linked = measureIds[(i * 7) % measureIds.length]!;
  await services.initiatives.create(actor, org.id, {
    name: `Initiative ${i + 1}`,
    change: 'Clinic clerks phone every patient who has not confirmed two days ahead',
    status: i % 3 === 0 ? 'in_progress' : i % 3 === 1 ? 'committed' : 'proposed',
    problemIds: [problem.id],
    goalIds: [linked.goalId],
    hypotheses: [{ measureId: linked.measureId, expectation: 'Special-cause improvement', byDate: addPeriods(lastWeek, 'weekly', -(i % 20)) }],
    demand: [0, 1, 2, 3].flatMap((q) => [{ quarter: addQuarters(current, q), skill: 'engineering', personWeeks: 4 + (i % 5) }, { quarter: addQuarters(current, q), skill: 'design', personWeeks: 1 + (i % 3) }]),
    startQuarter: addQuarters(current, -2),
    endQuarter: addQuarters(current, i % 10 === 0 ? -1 : 3),
    ownerId: user.id,
  });
}

/** The same rows the queue and the checks read, straight from the stores. */
async function readRows(): Promise<number> {
  const s = storage.stores;
  const [goals, measures, problems, initiatives, capacity, stopItems] = await Promise.all([
    s.goals.list(org.id),
    s.measures.listForOrganisation(org.id),
    s.problems.list(org.id, {}, { limit: 1_000_000, offset: 0 }),
    s.initiatives.list(org.id),
    s.capacity.list(org.id),
    s.stopItems.list(org.id),
  ]);
  const [values] = await Promise.all([s.measures.valuesFor(measures.map((m) => m.id)), s.checkIns.latestFor(goals.map((g) => g.id))]);
  let n = goals.length + problems.problems.length + initiatives.length + capacity.length + stopItems.length;
  for (const v of values.values()) n += v.length;
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const rows = await readRows();
const queue = await services.reviews.queue(actor, org.id);
const checks = await services.healthChecks.run(actor, org.id);
console.log(`Rows read: ${rows.toLocaleString('en-GB')}. Queue: ${queue.items.length} items. Health checks: ${checks.filter((c) => !c.passed).length} of ${checks.length} need attention.`);

const t = { read: [] as number[], queueCold: [] as number[], queueWarm: [] as number[], checksCold: [] as number[], checksWarm: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  t.read.push(await time(readRows));
  services = createServices(storage, reference);
  t.queueCold.push(await time(() => services.reviews.queue(actor, org.id)));
  t.queueWarm.push(await time(() => services.reviews.queue(actor, org.id)));
  services = createServices(storage, reference);
  t.checksCold.push(await time(() => services.healthChecks.run(actor, org.id)));
  t.checksWarm.push(await time(() => services.healthChecks.run(actor, org.id)));
}
const read = median(t.read);
const line = (label: string, xs: number[]) => {
  const m = median(xs);
  const ratio = m / read;
  return `${label.padEnd(34)} ${m.toFixed(1).padStart(8)} ms   ${ratio.toFixed(2)}× the read${label.startsWith('Read') ? '' : ratio <= AIM ? '   (within the aim)' : '   (over the aim)'}`;
};
console.log(`\nMedians of ${ROUNDS} interleaved rounds (aim: within ${AIM}× of reading the same rows):`);
console.log(line('Read the rows', t.read));
console.log(line('Build the queue, cold', t.queueCold));
console.log(line('Build the queue, statistics cached', t.queueWarm));
console.log(line('Health checks, cold', t.checksCold));
console.log(line('Health checks, statistics cached', t.checksWarm));
await connection.close();
