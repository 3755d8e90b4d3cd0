/**
 * The web server as `npm start` runs it: bin/server.js, from the bundle that scripts/build-server.js
 * makes (rebuilt when a source is newer), on the embedded database with the demo.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE, bundleIsFresh, loadServerBundle } from '../../scripts/build-server.js';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_TRUST } from '../../src/demo/demo-content.ts';
import { chromiumPath } from '../support/suites.ts';

const SERVER = fileURLToPath(new URL('../../bin/server.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'throughline-bundle-'));
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGINT');
  rmSync(scratch, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Cookies from a response, merged into a jar. */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (name) jar.set(name.trim(), value.join('='));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Start bin/server.js with the demo as `npm start` does, until it says it listens. */
async function startBin(port: number, dataDir: string): Promise<{ child: ChildProcess; printed: string }> {
  const output: string[] = [];
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: String(port), THROUGHLINE_DATA_DIR: dataDir, THROUGHLINE_DEMO: '1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (/is running at/.test(output.join(''))) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server ended (${code}) before it listened:\n${output.join('')}`)));
  });
  return { child, printed: output.join('') };
}

describe('the server bundle', () => {
  it('is stale when a source file, the lock file or the package is newer than it, and fresh otherwise', () => {
    const root = join(scratch, 'tree');
    mkdirSync(join(root, 'src', 'web'), { recursive: true });
    for (const file of ['package.json', 'package-lock.json', 'src/main.ts', 'src/web/app.ts']) writeFileSync(join(root, file), '{}');
    const bundle = join(root, 'dist', 'server.js');
    expect(bundleIsFresh({ root, bundle })).toBe(false);

    mkdirSync(join(root, 'dist'));
    writeFileSync(bundle, '');
    const builtAt = statSync(bundle).mtime;
    const past = new Date(builtAt.getTime() - 60_000);
    for (const file of ['package.json', 'package-lock.json', 'src/main.ts', 'src/web/app.ts']) utimesSync(join(root, file), past, past);
    expect(bundleIsFresh({ root, bundle })).toBe(true);

    const later = new Date(builtAt.getTime() + 60_000);
    utimesSync(join(root, 'src', 'web', 'app.ts'), later, later);
    expect(bundleIsFresh({ root, bundle })).toBe(false);
    utimesSync(join(root, 'src', 'web', 'app.ts'), past, past);
    utimesSync(join(root, 'package-lock.json'), later, later);
    expect(bundleIsFresh({ root, bundle })).toBe(false);
  });

  it('is compiled with a code cache written for that very bundle, and without one when the bundle changes', () => {
    const dir = join(scratch, 'cached');
    mkdirSync(dir, { recursive: true });
    const bundle = join(dir, 'server.cjs');
    writeFileSync(bundle, 'exports.startServer = () => "first";\n');
    const first = loadServerBundle({ bundle });
    expect(first.usedCache).toBe(false);
    expect((first.exports.startServer as () => string)()).toBe('first');
    expect(first.saveCodeCache()).toBe(true);
    expect(statSync(`${bundle}.cache`).size).toBeGreaterThan(0);

    const second = loadServerBundle({ bundle });
    expect(second.usedCache).toBe(true);
    expect(second.saveCodeCache()).toBe(false);
    expect((second.exports.startServer as () => string)()).toBe('first');

    // A new bundle of the same length: the cache names the old one, so it is not used.
    const later = new Date(statSync(bundle).mtime.getTime() + 60_000);
    writeFileSync(bundle, 'exports.startServer = () => "other";\n');
    utimesSync(bundle, later, later);
    const third = loadServerBundle({ bundle });
    expect(third.usedCache).toBe(false);
    expect((third.exports.startServer as () => string)()).toBe('other');
  });

  it('starts the server with the demo from the bundle, serves pages, assets, the board report and a PDF, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const { child, printed } = await startBin(port, join(scratch, 'data'));
    expect(printed).not.toContain('could not be built');
    expect(printed).toMatch(/started in \d+\.\d s/);
    // It ran from the bundle, which is now as new as its source.
    expect(bundleIsFresh()).toBe(true);
    expect(statSync(BUNDLE).size).toBeGreaterThan(100_000);

    const base = `http://127.0.0.1:${port}`;
    const jar = new Map<string, string>();
    const signInPage = await fetch(`${base}/sign-in`);
    keepCookies(jar, signInPage);
    const html = await signInPage.text();
    expect(signInPage.status).toBe(200);
    expect(html).toContain('nhsuk-header');
    const stylesheet = /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/.exec(html)?.[1];
    expect(stylesheet).toBeTruthy();
    const css = await fetch(`${base}${stylesheet}`);
    expect(css.status).toBe(200);
    expect((await css.text()).length).toBeGreaterThan(1000);

    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const signedIn = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
      body: new URLSearchParams({ _csrf: csrf, email: DEMO_ADMIN.email, password: DEMO_PASSWORD }).toString(),
    });
    expect(signedIn.status).toBe(303);
    keepCookies(jar, signedIn);

    const report = await fetch(`${base}/organisations/${DEMO_TRUST.code}/board-report`, { headers: { cookie: cookieHeader(jar) } });
    expect(report.status).toBe(200);
    const board = await report.text();
    expect(board).toContain(DEMO_TRUST.name);
    expect(board).toContain('<svg');

    // The packages left out of the bundle load from node_modules: the API documentation's assets,
    // and the PDF browser driver with the first PDF.
    const docs = await fetch(`${base}/api/docs/`);
    expect(docs.status).toBe(200);
    const docsScript = /<script[^>]+src="\.?\/?([^"]+\.js)"/.exec(await docs.text())?.[1];
    expect(docsScript).toBeTruthy();
    expect((await fetch(`${base}/api/docs/${docsScript}`)).status).toBe(200);

    const pdf = await fetch(`${base}/organisations/${DEMO_TRUST.code}/story/export?format=pdf`, { headers: { cookie: cookieHeader(jar) } });
    if (chromiumPath) {
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      // Without Chromium the export says how to install it (decision 13).
      expect(pdf.status).toBe(503);
      expect(await pdf.text()).toContain('PDF export needs Chromium');
    }

    // Ctrl-C runs the server's own shutdown (the app, the PDF browser, then the database), even
    // after a PDF has started a browser with signal handlers of its own.
    // Once started, the server writes V8's code cache of the bundle for the next start.
    const cache = `${BUNDLE}.cache`;
    for (let waited = 0; !existsSync(cache) && waited < 20_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
    const written = statSync(cache).mtimeMs;

    const exit = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    server = undefined;

    // A restart compiles from that cache (and so leaves it as it was), and works.
    const again = await startBin(port, join(scratch, 'data'));
    expect(again.printed).not.toContain('Loading the demo data');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3500));
    expect(statSync(cache).mtimeMs).toBe(written);
    const stopped = new Promise((resolve) => again.child.once('exit', resolve));
    again.child.kill('SIGINT');
    expect(await stopped).toBe(0);
    server = undefined;
  }, 120_000);
});
