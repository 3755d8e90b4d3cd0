/**
 * Public strategy page benchmark: the real app on in-memory PGlite, a published story of 20
 * measures, served on a random loopback port. autocannon (in a worker thread) loads the public
 * page, /public/{code}/strategy (the page from memory, its one-row read at most once a second),
 * and a bare page made here: the same bytes from a route that reads nothing, in interleaved slices.
 * Prints requests per second for both and their ratio (aim: 70% or more). Not a timed test.
 * Run: npm run bench:public
 */
import { createRequire } from 'node:module';
import { createApp } from '../src/web/app.ts';
import { setUpStory } from './story-setup.ts';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const AIM = 0.7;
const SLICES = 5;

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
// autocannon ships no types; its promise API is all this needs.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

console.log('Setting up: a published story of 4 goals × 5 measures × 104 weekly values, on PGlite in memory…');
const { connection, services, org } = await setUpStory(4, 5);
const app = await createApp(services, { logger: false });
let bareHtml = '';
app.get('/bench/bare', { schema: { hide: true } }, async (_request, reply) => {
  reply.header('cache-control', 'public, max-age=60');
  return reply.type('text/html; charset=utf-8').send(bareHtml);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const PUBLIC_PATH = `/public/${org.code}/strategy`;
const first = await fetch(base + PUBLIC_PATH);
if (first.status !== 200) throw new Error(`${PUBLIC_PATH} answered ${first.status}`);
bareHtml = await first.text();

const tally = new Map<string, { requests: number; seconds: number; failed: number; p50: number[]; p99: number[] }>();
async function slice(path: string, seconds: number) {
  const r = await autocannon({ url: base + path, connections: CONNECTIONS, duration: seconds, workers: 1 });
  const t = tally.get(path) ?? { requests: 0, seconds: 0, failed: 0, p50: [], p99: [] };
  t.requests += r.requests.total;
  t.seconds += seconds;
  t.failed += r.non2xx + r.errors + r.timeouts;
  t.p50.push(r.latency.p50);
  t.p99.push(r.latency.p99);
  tally.set(path, t);
}
const sliceSeconds = Math.max(1, Math.round(DURATION_SECONDS / SLICES));
console.log(`Serving on ${base}; autocannon ${CONNECTIONS} connections in a worker thread, ${SLICES} slices of ${sliceSeconds} s per page, interleaved. Page ${(bareHtml.length / 1024).toFixed(0)} KiB.\n`);
for (const path of [PUBLIC_PATH, '/bench/bare']) await autocannon({ url: base + path, connections: CONNECTIONS, duration: 1, workers: 1 });
for (let k = 0; k < SLICES; k++) {
  for (const path of k % 2 === 0 ? [PUBLIC_PATH, '/bench/bare'] : ['/bench/bare', PUBLIC_PATH]) await slice(path, sliceSeconds);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rate = (path: string, label: string) => {
  const t = tally.get(path)!;
  const r = t.requests / t.seconds;
  console.log(`${label.padEnd(12)} ${r.toFixed(1).padStart(8)} requests/s  latency p50 ${median(t.p50)} ms, p99 ${median(t.p99)} ms${t.failed ? `  (${t.failed} failed)` : ''}`);
  return r;
};
const ratio = rate(PUBLIC_PATH, 'public page') / rate('/bench/bare', 'bare page');
console.log(`\nratio        ${(ratio * 100).toFixed(1)}% of the bare page's throughput (aim: ${AIM * 100}% or more) — ${ratio >= AIM ? 'met' : 'NOT met'}`);
await app.close();
await connection.close();
