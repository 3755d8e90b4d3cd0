/** Real Chromium for page tests, with an axe scan (WCAG 2.2 AA) of each page. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { chromiumPath } from '../support/suites.ts';
import { openTestApp, type TestApp } from '../support/app.ts';

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

/** The app on a fresh database, served for the browser, with Chromium launched: one of each per test file. */
export interface BrowserTestApp extends TestApp {
  /** Where the app is served, like http://127.0.0.1:41234. */
  baseUrl: string;
  browser: Browser;
}

/**
 * Build the app on a fresh database (as `openTestApp` does, with the same arguments), serve it and
 * launch Chromium; `close` closes the browser, the app and the database.
 */
export async function openForBrowser(...args: Parameters<typeof openTestApp>): Promise<BrowserTestApp> {
  const t = await openTestApp(...args);
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let baseUrl: string;
  try {
    baseUrl = await serveForBrowser(t.app);
    chromium = await launchChromium();
  } catch (e) {
    await t.close();
    throw e;
  }
  return {
    ...t,
    baseUrl,
    browser: chromium.browser,
    async close() {
      await chromium.close();
      await t.close();
    },
  };
}

export interface PageOptions {
  /** The window's size; 1280 × 800 unless given. */
  viewport?: { width: number; height: number };
  /** With JavaScript off, the context's pages are scanned for accessibility through a twin page. */
  javaScriptEnabled?: boolean;
}

/** A page in a new context, not signed in; with JavaScript off, its scans go through a twin page. */
export async function newPage(browser: Browser, { viewport = { width: 1280, height: 800 }, javaScriptEnabled = true }: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, javaScriptEnabled });
  context.setDefaultTimeout(15_000);
  if (!javaScriptEnabled) await useScannerFor(context, browser);
  return context.newPage();
}

/**
 * A page in a new context, signed in through the sign-in page. By default the form is filled and
 * sent; a journey that checks the sign-in page itself passes `signIn` to go through its own pages.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: { email: string; password: string },
  options: PageOptions & { signIn?: (page: Page, who: { email: string; password: string }) => Promise<unknown> } = {},
): Promise<Page> {
  const page = await newPage(browser, options);
  if (options.signIn) {
    await options.signIn(page, who);
    return page;
  }
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}
