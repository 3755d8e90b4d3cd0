/**
 * Portfolio benchmark: the real app on an in-memory PGlite, one organisation with 500 initiatives
 * that each need several skills in each of 8 quarters, capacity set for every quarter and skill,
 * and a stop list, served on a random loopback port. autocannon (in a worker thread) loads the
 * portfolio page (ranking, capacity line per skill, the SVG chart of 8 quarters and its table)
 * and a bare page with the same layout and a static table of the same number of rows, made here
 * and not part of the app, in interleaved slices so that a shared machine's changing load falls
 * on both alike. Prints requests per second for both and their ratio (aim: the portfolio at 30%
 * or more of the bare page), then how long one request takes right after a change, when the
 * kept portfolio is worked out again, and when it is kept. Prints figures; it is not a timed test.
 * Figures on the shared 2-core machine: docs/decisions/0009-portfolio-and-decision-log.md.
 * Run: npm run bench:portfolio
 */
import { createRequire } from 'node:module';
import { openDatabase } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { createApp } from '../src/web/app.ts';
import { addBarePage, BARE_PATH, listenForBench } from './bare-page.ts';
import { SKILLS } from '../src/domain/initiative.ts';
import { addQuarters, quarterOf } from '../src/domain/quarter.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const INITIATIVES = 500;
const QUARTERS = 8;
/** Seconds of load per page (default 10), split into interleaved slices. */
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const AIM = 0.3;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; its promise API is all this needs.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sampleRss, 50);
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

console.log(`Setting up: 1 organisation, ${INITIATIVES} initiatives × ${QUARTERS} quarters of demand, on PGlite in memory…`);
const connection = await openDatabase({ dataDir: 'memory://' });
const services = createServices(createStorage(connection), loadReferenceOrganisations());
const org = await services.organisations.add({ code: 'XBENCH', name: 'Benchmark Valley NHS Trust', type: 'trust' });
const password = 'five hundred initiatives over eight quarters';
const user = await services.people.createUser({ email: 'bench@example.nhs.uk', name: 'Bea Bench', password, organisationId: org.id, role: 'admin', discipline: 'digital' });
const actor: Actor = { kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'admin']]) };
const random = createRandom(20270101);
const here = quarterOf(new Date());
const quarters = Array.from({ length: QUARTERS }, (_, n) => addQuarters(here, n));
await services.portfolio.setCapacity(actor, org.id, quarters.flatMap((quarter) => SKILLS.map((skill) => ({ quarter, skill, personWeeks: 200 + Math.round(random() * 200) }))));
for (let i = 0; i < INITIATIVES; i++) {
  const demand = quarters.flatMap((quarter) =>
    SKILLS.filter(() => random() < 0.4).map((skill) => ({ quarter, skill, personWeeks: 1 + Math.round(random() * 8) })),
  );
  await services.initiatives.create(actor, org.id, {
    name: `Initiative ${i + 1}: a change in how a service works`,
    change: 'Teams work in a new way, described here for the benchmark.',
    demand,
    scores: { patient_value: 1 + Math.floor(random() * 5), effort: 1 + Math.floor(random() * 5) },
    wontDoReason: i % 25 === 24 ? 'Technology-led, with no problem behind it' : null,
  });
}
for (let s = 0; s < 20; s++) {
  await services.stopItems.create(actor, org.id, { title: `Stop item ${s + 1}`, reason: 'Frees capacity', stopOn: '2020-01-01', status: 'stopped', freed: [{ skill: SKILLS[s % SKILLS.length]!, personWeeks: 5 }] });
}
const { token } = await services.people.signIn('bench@example.nhs.uk', password);

// The bare page: the same layout.njk through the same environment and context as reply.render,
// with a static table of as many rows as the ranking and no data behind it.
const rows = Array.from({ length: INITIATIVES }, (_, k) =>
  `<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">${k + 1}</td><td class="nhsuk-table__cell"><a href="#">Initiative ${k + 1}: a change in how a service works</a></td>` +
  '<td class="nhsuk-table__cell">Product 4, Engineering 6, Data 2</td><td class="nhsuk-table__cell">3.5</td><td class="nhsuk-table__cell">Now</td></tr>',
).join('');

const app = await createApp(services, { logger: false });
addBarePage(app, services, org.code, `<table class="nhsuk-table"><tbody class="nhsuk-table__body">${rows}</tbody></table>`);
const { base, headers, check } = await listenForBench(app, token);

interface Tally {
  requests: number;
  seconds: number;
  failed: number;
  p50: number[];
  p99: number[];
}

async function slice(path: string, seconds: number, tally: Tally): Promise<void> {
  const result = await autocannon({ url: base + path, headers, connections: CONNECTIONS, duration: seconds, workers: 1 });
  tally.requests += result.requests.total;
  tally.seconds += seconds;
  tally.failed += result.non2xx + result.errors + result.timeouts;
  tally.p50.push(result.latency.p50);
  tally.p99.push(result.latency.p99);
}

function report(label: string, tally: Tally, size: number): number {
  const rate = tally.requests / tally.seconds;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(14)} ${rate.toFixed(1).padStart(8)} requests/s  ` +
      `latency p50 ${median(tally.p50)} ms, p99 ${median(tally.p99)} ms (medians of the slices)  ` +
      `page ${(size / 1024).toFixed(0)} KiB${tally.failed ? `  (${tally.failed} failed)` : ''}`,
  );
  return rate;
}

const REPORT_PATH = `/organisations/${org.code}/portfolio?quarter=${addQuarters(here, 1)}`;
// The load on a shared machine drifts: each page gets the same slices, interleaved ABBA, so a
// drift falls on both alike.
const SLICES = 5;
const sliceSeconds = Math.max(1, Math.round(DURATION_SECONDS / SLICES));
console.log(`Serving on ${base}; autocannon ${CONNECTIONS} connections in a worker thread, ${SLICES} slices of ${sliceSeconds} s per page, interleaved.\n`);
const reportSize = await check(REPORT_PATH);
const bareSize = await check(BARE_PATH);
// Warm up: JIT, template compilation and the statistics cache, as on a running server.
for (const path of [REPORT_PATH, BARE_PATH]) await autocannon({ url: base + path, headers, connections: CONNECTIONS, duration: 1, workers: 1 });
const reportTally: Tally = { requests: 0, seconds: 0, failed: 0, p50: [], p99: [] };
const bareTally: Tally = { requests: 0, seconds: 0, failed: 0, p50: [], p99: [] };
for (let k = 0; k < SLICES; k++) {
  const order = k % 2 === 0 ? [REPORT_PATH, BARE_PATH] : [BARE_PATH, REPORT_PATH];
  for (const path of order) await slice(path, sliceSeconds, path === REPORT_PATH ? reportTally : bareTally);
}
const reportRate = report('portfolio', reportTally, reportSize);
const bareRate = report('bare page', bareTally, bareSize);
sampleRss();
clearInterval(sampler);
const ratio = reportRate / bareRate;
console.log(`\nratio          ${(ratio * 100).toFixed(1)}% of the bare page's throughput (aim: ${AIM * 100}% or more) — ${ratio >= AIM ? 'met' : 'NOT met'}`);
console.log(`peak RSS       ${mib(peakRss)} (server, database and load generator in one process)`);

// The portfolio is kept until the organisation's data changes: what one reader waits for the first
// time after a change (a re-rank, moved back and forth so the data set ends as it began), when it
// is worked out again, against a request that finds it kept.
const moving = (await services.initiatives.list(actor, org.id))[1]!;
const timed = async () => {
  const started = performance.now();
  await check(REPORT_PATH);
  return performance.now() - started;
};
const afterChange: number[] = [];
const whenKept: number[] = [];
for (let k = 0; k < 10; k++) {
  await services.initiatives.move(actor, moving.id, k % 2 === 0 ? 'up' : 'down');
  afterChange.push(await timed());
  whenKept.push(await timed());
}
const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`one request    ${middle(afterChange).toFixed(0)} ms after a change (the portfolio worked out again), ${middle(whenKept).toFixed(0)} ms when kept (medians of 10)`);

await app.close();
await connection.close();
