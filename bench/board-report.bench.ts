/**
 * Board report benchmark: the real app on an in-memory PGlite, one organisation with 50 measures
 * of 156 weekly values each, served on a random loopback port. autocannon (in a worker thread,
 * so it does not share the server's event loop) loads the board report page and a bare page with
 * the same layout and similar static content, made here and not part of the app, in interleaved
 * slices so that a shared machine's changing load falls on both alike.
 * Prints the report page's weight before compression (aim: 150 KiB or less) and with gzip and
 * brotli, requests per second for both pages, their ratio (aim: the board report at 50% or more
 * of the bare page) and the process's peak RSS. Prints figures; it is not a timed test.
 * Run: npm run bench:board
 */
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { openDatabase } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { createApp } from '../src/web/app.ts';
import { DEFAULT_LOAD_LIMITS } from '../src/web/load-shedding.ts';
import { addBarePage, BARE_PATH, listenForBench } from './bare-page.ts';
import { addPeriods, periodStartOf } from '../src/domain/period.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const GOALS = 10;
const MEASURES_PER_GOAL = 5;
const WEEKS = 156;
/** Seconds of load per page (default 10), split into interleaved slices. */
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const AIM = 0.5;
const WEIGHT_AIM_KIB = 150;

interface AutocannonResult {
  requests: { average: number; total: number };
  '2xx': number;
  latency: { p50: number; p99: number; average: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; its promise API is all this needs.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;


/** Weekly series with the odd step, drift or outlier, so the report has signals of every kind. */
function generateSeries(random: () => number): number[] {
  let level = 40 + 50 * random();
  const noise = 1 + 5 * random();
  const values: number[] = [];
  for (let i = 0; i < WEEKS; i++) {
    if (random() < 0.01) level += noise * 4 * (random() - 0.5);
    let v = level + noise * (random() + random() + random() - 1.5);
    if (random() < 0.01) v += noise * 6 * (random() - 0.5);
    // A percentage stays within 0 to 100, as the measure service requires.
    values.push(Math.min(100, Math.max(0, Math.round(v * 10) / 10)));
  }
  return values;
}

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sampleRss, 50);

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

console.log(`Setting up: 1 organisation, ${GOALS * MEASURES_PER_GOAL} measures × ${WEEKS} weekly values, on PGlite in memory…`);
const connection = await openDatabase({ dataDir: 'memory://' });
const services = createServices(createStorage(connection), loadReferenceOrganisations());
const org = await services.organisations.add({ code: 'XBENCH', name: 'Benchmark Valley NHS Trust', type: 'trust' });
const password = 'board report timing run, not a secret';
const user = await services.people.createUser({ email: 'bench@example.nhs.uk', name: 'Bea Bench', password, organisationId: org.id, role: 'admin', discipline: 'digital' });
const actor: Actor = { kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'admin']]) };
const random = createRandom(20250312);
const lastWeek = addPeriods(periodStartOf(new Date(), 'weekly'), 'weekly', -1);
const directions = ['increase', 'decrease', 'neutral'] as const;
for (let g = 0; g < GOALS; g++) {
  const goal = await services.goals.create(actor, org.id, { statement: `Goal ${g + 1}: an outcome for patients that improves week by week`, ownerIds: [user.id] });
  for (let k = 0; k < MEASURES_PER_GOAL; k++) {
    const values = generateSeries(random);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const direction = directions[(g + k) % 3]!;
    const measure = await services.measures.create(actor, goal.id, {
      name: `Measure ${g + 1}.${k + 1}`,
      definition: 'A synthetic weekly measure for the benchmark.',
      unit: 'percentage',
      improvementDirection: direction,
      target: direction === 'neutral' ? null : Math.round(mean + (random() - 0.5) * 20),
      frequency: 'weekly',
      dataSource: 'Synthetic benchmark data',
      ownerUserId: user.id,
    });
    await services.measures.recordValues(actor, measure.id, values.map((value, i) => ({ period: addPeriods(lastWeek, 'weekly', i - (WEEKS - 1)), value })));
  }
  await services.checkIns.create(actor, goal.id, { period: lastWeek, whatHappened: 'Work went to plan this week.', whatNext: 'Carry on with the next step.', confidence: 3 });
}
const { token } = await services.people.signIn('bench@example.nhs.uk', password);

// The bare page: the same layout.njk, rendered through the same environment and context as
// reply.render, with static content of a similar shape (ten goals of five rows) but no data.
const rows = Array.from({ length: MEASURES_PER_GOAL }, (_, k) =>
  `<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__cell"><a href="#">Measure ${k + 1}</a> <span class="app-meta">Higher is better</span></th>` +
  '<td class="nhsuk-table__cell">64.2% week of 3 Mar 2025</td><td class="nhsuk-table__cell">70%</td><td class="nhsuk-table__cell">Common cause</td>' +
  '<td class="nhsuk-table__cell">Hit and miss</td><td class="nhsuk-table__cell">Chart</td><td class="nhsuk-table__cell">Bea Bench. Up to date</td></tr>',
).join('');
const sections = Array.from({ length: GOALS }, (_, g) =>
  `<section class="app-board-goal"><h2 class="nhsuk-heading-m">Goal ${g + 1}: an outcome for patients that improves week by week</h2>` +
  '<table class="nhsuk-table-responsive"><caption class="nhsuk-table__caption">Measures of this goal</caption><thead class="nhsuk-table__head"><tr>' +
  ['Measure', 'Latest value', 'Target', 'Variation', 'Assurance', 'Chart', 'Owner and updates'].map((h) => `<th scope="col" class="nhsuk-table__header">${h}</th>`).join('') +
  `</tr></thead><tbody class="nhsuk-table__body">${rows}</tbody></table>` +
  '<h3 class="nhsuk-heading-s">Latest check-in</h3><p>Work went to plan this week. Carry on with the next step.</p></section>',
).join('');

// The production limits on work in flight, but a long wait instead of a refusal: a busy shared
// machine would otherwise answer some requests with 503 and count them as served.
const app = await createApp(services, { logger: false, load: { ...DEFAULT_LOAD_LIMITS, maxQueue: 1000, maxWaitMs: 120_000 } });
addBarePage(app, services, org.code, sections);
const { base, headers, check } = await listenForBench(app, token);

/** The bytes on the wire for one encoding (fetch would decompress them). */
function wireBytes(path: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { headers: { ...headers, 'accept-encoding': encoding } }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => (n += chunk.length));
      res.on('end', () => resolve(n));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Tally {
  requests: number;
  seconds: number;
  failed: number;
  p50: number[];
  p99: number[];
}

async function slice(path: string, seconds: number, tally: Tally): Promise<void> {
  // A page slower than 10 s on a busy machine is still an answer: wait for it rather than count it failed.
  const result = await autocannon({ url: base + path, headers, connections: CONNECTIONS, duration: seconds, workers: 1, timeout: 60 });
  // Only answered pages count.
  tally.requests += result['2xx'];
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

const REPORT_PATH = `/organisations/${org.code}/board-report`;
// The load on a shared machine drifts: each page gets the same slices, interleaved ABBA, so a
// drift falls on both alike.
const SLICES = 5;
const sliceSeconds = Math.max(1, Math.round(DURATION_SECONDS / SLICES));
console.log(`Serving on ${base}; autocannon ${CONNECTIONS} connections in a worker thread, ${SLICES} slices of ${sliceSeconds} s per page, interleaved.\n`);
const reportSize = await check(REPORT_PATH);
const bareSize = await check(BARE_PATH);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `report page    ${kib(reportSize)} of HTML before compression (aim: ${WEIGHT_AIM_KIB} KiB or less) — ${reportSize / 1024 <= WEIGHT_AIM_KIB ? 'met' : 'NOT met'}; ` +
    `gzip ${kib(await wireBytes(REPORT_PATH, 'gzip'))}, brotli ${kib(await wireBytes(REPORT_PATH, 'br'))}`,
);
console.log(`bare page      ${kib(bareSize)} of HTML before compression\n`);
// Warm up: JIT, template compilation and the statistics cache, as on a running server.
for (const path of [REPORT_PATH, BARE_PATH]) await autocannon({ url: base + path, headers, connections: CONNECTIONS, duration: 1, workers: 1 });
const reportTally: Tally = { requests: 0, seconds: 0, failed: 0, p50: [], p99: [] };
const bareTally: Tally = { requests: 0, seconds: 0, failed: 0, p50: [], p99: [] };
for (let k = 0; k < SLICES; k++) {
  const order = k % 2 === 0 ? [REPORT_PATH, BARE_PATH] : [BARE_PATH, REPORT_PATH];
  for (const path of order) await slice(path, sliceSeconds, path === REPORT_PATH ? reportTally : bareTally);
}
const reportRate = report('board report', reportTally, reportSize);
const bareRate = report('bare page', bareTally, bareSize);
sampleRss();
clearInterval(sampler);
const ratio = reportRate / bareRate;
console.log(`\nratio          ${(ratio * 100).toFixed(1)}% of the bare page's throughput (aim: ${AIM * 100}% or more) — ${ratio >= AIM ? 'met' : 'NOT met'}`);
console.log(`peak RSS       ${mib(peakRss)} (server, database and load generator in one process)`);

await app.close();
await connection.close();
