/**
 * Load benchmark: the real app on the embedded database (and on PostgreSQL when
 * BENCH_DATABASE_URL is set) with one organisation of 50 measures × 156 weekly values, served on a
 * loopback port. autocannon (in a worker thread) sends 100 connections for 60 s (`--duration N`
 * to shorten) at the board report page with a session cookie, then at the board report JSON with
 * an API token. Prints requests per second, p50 and p99, the requests with no answer within 10 s,
 * 5xx and 503 counts, and peak memory; the baseline of the same run is a bare `/health` request
 * through the same server, for the ratio of the report's throughput to it.
 * Aim: 0 unanswered, 0 5xx other than 503, p99 within 10× p50. Prints figures; not a timed test.
 * Run: npm run bench:load [-- --duration 10]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { openDatabase, type Connection } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { createApp } from '../src/web/app.ts';
import { SESSION_COOKIE } from '../src/web/auth.ts';
import { addPeriods, periodStartOf } from '../src/domain/period.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '100' } } });
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const NO_ANSWER_SECONDS = 10;
const GOALS = 10;
const MEASURES_PER_GOAL = 5;
const WEEKS = 156;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  '5xx': number;
  statusCodeStats?: Record<string, { count: number }>;
}
// autocannon ships no types; its promise API is all this needs.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sampleRss, 100);
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

async function seed(connection: Connection) {
  const services = createServices(createStorage(connection), loadReferenceOrganisations());
  const code = `XL${Math.floor(Math.random() * 9000 + 1000)}`;
  const org = await services.organisations.add({ code, name: 'Load Test Valley NHS Trust', type: 'trust' });
  const password = 'benchmark password, not a secret';
  const email = `load-${code.toLowerCase()}@example.nhs.uk`;
  const user = await services.people.createUser({ email, name: 'Lou Load', password, organisationId: org.id, role: 'admin', discipline: 'digital' });
  const actor: Actor = { kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'admin']]) };
  const random = createRandom(20251201);
  const lastWeek = addPeriods(periodStartOf(new Date(), 'weekly'), 'weekly', -1);
  for (let g = 0; g < GOALS; g++) {
    const goal = await services.goals.create(actor, org.id, { statement: `Goal ${g + 1}: an outcome for patients that improves week by week`, ownerIds: [user.id] });
    for (let k = 0; k < MEASURES_PER_GOAL; k++) {
      const measure = await services.measures.create(actor, goal.id, {
        name: `Measure ${g + 1}.${k + 1}`, definition: 'A synthetic weekly measure.', unit: 'percentage',
        improvementDirection: 'increase', target: 80, frequency: 'weekly', dataSource: 'Synthetic', ownerUserId: user.id,
      });
      let level = 40 + 40 * random();
      const values = Array.from({ length: WEEKS }, (_, i) => {
        level = Math.min(95, Math.max(5, level + (random() - 0.5) * 2));
        return { period: addPeriods(lastWeek, 'weekly', i - (WEEKS - 1)), value: Math.round(level * 10) / 10 };
      });
      await services.measures.recordValues(actor, measure.id, values);
    }
    await services.checkIns.create(actor, goal.id, { period: lastWeek, whatHappened: 'Work went to plan.', whatNext: 'Carry on.', confidence: 3 });
  }
  const { token: session } = await services.people.signIn(email, password);
  const { token } = await services.people.createToken({ organisationId: org.id, name: 'load benchmark' });
  return { services, code, session, token };
}

function line(label: string, r: AutocannonResult, seconds: number, baseline?: number): number {
  const rate = r.requests.total / seconds;
  const status = r.statusCodeStats ?? {};
  const s503 = status['503']?.count ?? 0;
  const other5xx = r['5xx'] - s503;
  const ratio = r.latency.p50 > 0 ? r.latency.p99 / r.latency.p50 : 0;
  console.log(
    `${label.padEnd(22)} ${rate.toFixed(1).padStart(7)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms (${ratio.toFixed(1)}× p50)  ` +
      `no answer in ${NO_ANSWER_SECONDS} s: ${r.timeouts}  5xx other than 503: ${other5xx}  503: ${s503}  errors: ${r.errors}` +
      (baseline ? `  ${((rate / baseline) * 100).toFixed(1)}% of /health` : ''),
  );
  return rate;
}

async function run(engine: string, connection: Connection): Promise<void> {
  console.log(`\n${engine}: seeding ${GOALS * MEASURES_PER_GOAL} measures × ${WEEKS} weekly values…`);
  const { services, code, session, token } = await seed(connection);
  const app = await createApp(services, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const load = (path: string, headers: Record<string, string>, duration: number) =>
    autocannon({ url: base + path, headers, connections: CONNECTIONS, duration, timeout: NO_ANSWER_SECONDS, workers: 1 });
  const page = { path: `/organisations/${code}/board-report`, headers: { cookie: `${SESSION_COOKIE}=${session}`, accept: 'text/html' } };
  const json = { path: `/api/v1/organisations/${code}/board-report`, headers: { authorization: `Bearer ${token}` } };
  for (const t of [page, json]) {
    const res = await fetch(base + t.path, { headers: t.headers });
    if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}`);
    await res.arrayBuffer();
  }
  await load(page.path, page.headers, 2); // warm up the statistics cache and templates
  peakRss = 0;
  const baseline = line('/health (baseline)', await load('/health', {}, Math.min(10, DURATION)), Math.min(10, DURATION));
  line('board report HTML', await load(page.path, page.headers, DURATION), DURATION, baseline);
  line('board report JSON', await load(json.path, json.headers, DURATION), DURATION, baseline);
  sampleRss();
  console.log(`peak RSS during the load: ${mib(peakRss)} (server, database and load generator in one process)`);
  await app.close();
}

console.log(`${CONNECTIONS} connections, ${DURATION} s per target; aim: 0 unanswered, 0 5xx other than 503, p99 within 10× p50.`);
const embedded = await openDatabase({ dataDir: 'memory://' });
await run('Embedded database (PGlite)', embedded);
await embedded.close();
if (process.env.BENCH_DATABASE_URL) {
  const pg = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL });
  await run('PostgreSQL', pg);
  await pg.close();
} else console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL to a throwaway database to run it too)');
clearInterval(sampler);
