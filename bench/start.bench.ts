/**
 * Start-up benchmark: `node bin/server.js` on the embedded database with the demo, twice in a new
 * data directory (the first start creates the database and loads the demo; the second is a
 * restart), against a bare `new PGlite(dir)` in a new and then the same directory, each in its own
 * Node process, in the same run. Times are to the line that says the server listens (the server
 * answers from then on), from the server's bundle, built before the first start if the source is
 * newer, and with the database template if npm install made it (decision 0018); CPU is the process's own (user + system), which a busy machine inflates
 * less than the wall clock. Prints figures and ratios; it is not a timed test.
 * Run: npm run bench:start [-- --runs N]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from '../scripts/build-server.js';
import { DATABASE_TEMPLATE, usableTemplate } from '../src/db/database-template.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.PORT ?? 0) || 56443;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;

interface Start {
  ms: number;
  cpu: number | null;
  lines: string[];
}

/** The CPU seconds (user + system, all threads) a running process has used, from /proc. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Run a Node process until a line of its output matches `done`, then stop it. */
function runUntil(args: string[], env: NodeJS.ProcessEnv, done: RegExp, stayMs = 0): Promise<Start> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let output = '';
    let finished = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const parts = output.split('\n');
      output = parts.pop() ?? '';
      for (const line of parts) {
        if (line.trim() && !line.startsWith('{')) lines.push(line.trim());
        if (!finished && done.test(line)) {
          finished = true;
          const ms = performance.now() - started;
          const cpu = child.pid ? cpuSeconds(child.pid) : null;
          child.once('exit', () => resolve({ ms, cpu, lines }));
          setTimeout(() => child.kill('SIGINT'), stayMs);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!finished) reject(new Error(`${args.join(' ')} ended (${code}) before it was ready:\n${lines.join('\n')}${output}`));
    });
  });
}

const BARE = `
import { PGlite } from '@electric-sql/pglite';
const started = performance.now();
const db = new PGlite(process.argv[1]);
await db.waitReady;
console.log('open ' + (performance.now() - started).toFixed(0) + ' ms');
await db.close();
console.log('bare ready');
`;

// The first start runs on for 4 s, as any real run does, so that it writes the bundle's code
// cache (3 s after it listens, decision 0017) for the restart, as it would for the next start.
const server = (dataDir: string, stayMs = 0) =>
  runUntil(['bin/server.js'], { THROUGHLINE_DATA_DIR: dataDir, PORT: String(PORT), THROUGHLINE_DEMO: '1' }, /is running at/, stayMs);
// The bare open compiles PGlite's WebAssembly as the server does (bin/server.js), at once.
const bare = (dataDir: string) => runUntil(['--no-wasm-async-compilation', '--input-type=module', '-e', BARE, dataDir], {}, /bare ready/);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cpu = (r: Start) => (r.cpu === null ? '' : `, CPU ${r.cpu.toFixed(2)} s`);
const phases = (r: Start) => r.lines.filter((l) => /ready at|loaded in/.test(l)).join(' ');

// The server runs from its bundle (decision 0017): build it first if the source changed, so no
// start measured here includes a build.
if (await ensureServerBuilt()) console.log('Built the server bundle first (its source had changed).');
// A first start copies the database template when npm install made one (decision 0018); the
// bare new PGlite is what a new directory costs without it.
console.log(usableTemplate(DATABASE_TEMPLATE) ? 'The database template is there: a first start copies it.' : 'No usable database template (npm run build makes one): a first start sets the database up.');
console.log(`Start-up on the embedded database with the demo, ${RUNS} run(s); load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${(await import('node:os')).cpus().length} cores.`);
for (let run = 1; run <= RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'throughline-start-'));
  try {
    const bareFresh = await bare(join(dir, 'bare'));
    const bareAgain = await bare(join(dir, 'bare'));
    const first = await server(join(dir, 'data'), 4000);
    const restart = await server(join(dir, 'data'));
    const openOf = (r: Start) => r.lines.find((l) => l.startsWith('open '))?.slice(5) ?? '?';
    console.log(`\nRun ${run} (load ${loadavg()[0]!.toFixed(2)})`);
    console.log(`  bare PGlite, new directory:      ${s(bareFresh.ms)} process${cpu(bareFresh)} (open ${openOf(bareFresh)})`);
    console.log(`  first start (new database, demo): ${s(first.ms)}${cpu(first)}; ${(first.ms / bareFresh.ms).toFixed(2)}× the bare new PGlite  [aim ≤ 10 s]`);
    console.log(`      ${phases(first)}`);
    console.log(`  bare PGlite, same directory:     ${s(bareAgain.ms)} process${cpu(bareAgain)} (open ${openOf(bareAgain)})`);
    console.log(`  restart:                          ${s(restart.ms)}${cpu(restart)}; ${(restart.ms / bareAgain.ms).toFixed(2)}× the bare PGlite reopen  [aim ≤ 2 s]`);
    console.log(`      ${phases(restart)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
