/**
 * Load benchmark: the real server (`bin/server.js`, as `npm start` runs it) in a process of its own,
 * on the embedded database and, when BENCH_DATABASE_URL is set, on PostgreSQL, with one organisation
 * of 50 measures × 156 weekly values. autocannon, in this process, sends 100 connections for 60 s
 * (`--duration N` to shorten, `--connections N`) at the board report page with a session cookie,
 * then at the board report JSON with an API token. Per engine and target it prints requests per
 * second (and answers other than 503 per second), p50 and p99, the requests with no answer within
 * 10 s, 5xx other than 503, 503 counts, and the server's peak memory. The baseline of the same run
 * is `/health` through the same server, for the ratio of the report's throughput to it.
 * Aim: 0 unanswered, 0 5xx other than 503, p99 within 10× p50. Prints figures; not a timed test.
 * Run: npm run bench:load [-- --duration 10] [--engine pglite|postgres]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Connection } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { SESSION_COOKIE } from '../src/web/auth.ts';
import { addPeriods, periodStartOf } from '../src/domain/period.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '100' }, engine: { type: 'string', default: 'both' } } });
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const NO_ANSWER_SECONDS = 10;
const GOALS = 10;
const MEASURES_PER_GOAL = 5;
const WEEKS = 156;
const SERVER = fileURLToPath(new URL('../bin/server.js', import.meta.url));

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  '5xx': number;
  statusCodeStats?: Record<string, { count: number }>;
}
// autocannon ships no types; its promise API is all this needs.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');

/** The server process's peak resident set size so far (VmHWM), in KiB. */
function peakRssKib(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

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
  return { code, session, token };
}

/** Start `bin/server.js` on a free port and wait until /health answers. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', THROUGHLINE_DEMO: '0', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not start within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function line(label: string, r: AutocannonResult, seconds: number, serverPid: number, baseline?: number): number {
  const rate = r.requests.total / seconds;
  const status = r.statusCodeStats ?? {};
  const s503 = status['503']?.count ?? 0;
  const other5xx = r['5xx'] - s503;
  const served = (r.requests.total - s503) / seconds;
  const ratio = r.latency.p50 > 0 ? r.latency.p99 / r.latency.p50 : 0;
  console.log(
    `${label.padEnd(20)} ${rate.toFixed(1).padStart(7)} req/s (${served.toFixed(1)} not 503)  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms (${ratio.toFixed(1)}× p50)  ` +
      `no answer in ${NO_ANSWER_SECONDS} s: ${r.timeouts}  5xx other than 503: ${other5xx}  503: ${s503}  other errors: ${r.errors - r.timeouts}  ` +
      `server peak RSS ${mib(peakRssKib(serverPid))}` +
      (baseline ? `  ${((rate / baseline) * 100).toFixed(1)}% of /health` : ''),
  );
  return rate;
}

async function run(engine: string, connection: Connection, serverEnv: Record<string, string>): Promise<void> {
  console.log(`\n${engine}: seeding ${GOALS * MEASURES_PER_GOAL} measures × ${WEEKS} weekly values…`);
  const { code, session, token } = await seed(connection);
  await connection.close(); // the embedded database takes one process at a time: the server's now
  const { child, base } = await startServer(serverEnv);
  try {
    const hit = (path: string, headers: Record<string, string>, duration: number) =>
      autocannon({ url: base + path, headers, connections: CONNECTIONS, duration, timeout: NO_ANSWER_SECONDS });
    const page = { path: `/organisations/${code}/board-report`, headers: { cookie: `${SESSION_COOKIE}=${session}`, accept: 'text/html' } };
    const json = { path: `/api/v1/organisations/${code}/board-report`, headers: { authorization: `Bearer ${token}` } };
    for (const t of [page, json]) {
      const res = await fetch(base + t.path, { headers: t.headers });
      if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}`);
      await res.arrayBuffer();
    }
    const pid = child.pid!;
    const seconds = Math.min(10, DURATION);
    console.log(`load average before: ${load()}`);
    const baseline = line('/health (baseline)', await hit('/health', {}, seconds), seconds, pid);
    line('board report HTML', await hit(page.path, page.headers, DURATION), DURATION, pid, baseline);
    line('board report JSON', await hit(json.path, json.headers, DURATION), DURATION, pid, baseline);
    console.log(`load average after: ${load()}`);
  } finally {
    await stopServer(child);
  }
}

console.log(`${CONNECTIONS} connections, ${DURATION} s per target, against bin/server.js in its own process; aim: 0 unanswered, 0 5xx other than 503, p99 within 10× p50.`);
const dir = mkdtempSync(join(tmpdir(), 'throughline-load-'));
try {
  if (args.engine !== 'postgres') {
    const dataDir = join(dir, 'data');
    await run('Embedded database (PGlite)', await openDatabase({ dataDir }), { THROUGHLINE_DATA_DIR: dataDir, DATABASE_URL: '' });
  }
  if (args.engine === 'pglite') console.log('\nPostgreSQL: not run (--engine pglite)');
  else if (process.env.BENCH_DATABASE_URL) {
    const databaseUrl = process.env.BENCH_DATABASE_URL;
    await run('PostgreSQL', await openDatabase({ databaseUrl }), { DATABASE_URL: databaseUrl });
  } else console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL to a throwaway database to run it too)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
