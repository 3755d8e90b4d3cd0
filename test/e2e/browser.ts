/** Real Chromium for page tests, with an axe scan (WCAG 2.2 AA) of each page. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { chromiumPath } from '../support/suites.ts';

/** Launch Debian's Chromium headless, with no network chatter (playwright gives it a fresh profile). */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!chromiumPath) throw new Error('Chromium is not installed');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

// axe runs as a script in the page, which a context without JavaScript cannot do; for those,
// the very same HTML is scanned in a JavaScript-enabled page of the same browser.
const scanners = new WeakMap<BrowserContext, Page>();

/** Mark a context as having JavaScript off, so its pages are scanned through a twin page. */
export async function useScannerFor(context: BrowserContext, browser: Browser): Promise<void> {
  const scanContext = await browser.newContext();
  scanners.set(context, await scanContext.newPage());
  context.on('close', () => void scanContext.close().catch(() => undefined));
}

/** Fail with the list of violations if the page breaks WCAG 2.2 AA. */
export async function expectAccessible(page: Page): Promise<void> {
  let target = page;
  const scanner = scanners.get(page.context());
  if (scanner) {
    // Scripts are removed so the scanned page is exactly what a browser without JavaScript shows;
    // it is served at the same address, so styles and images load as they did.
    const url = page.url();
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    await scanner.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
    await scanner.goto(url, { waitUntil: 'load' });
    await scanner.unroute(url);
    target = scanner;
  }
  const results = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
  );
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** Serve the app on a free loopback port for the browser, and give its address. */
export async function serveForBrowser(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** A page in a new context of the given size, signed in through the sign-in page. */
export async function signedInPage(browser: Browser, baseUrl: string, who: { email: string; password: string }, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}
