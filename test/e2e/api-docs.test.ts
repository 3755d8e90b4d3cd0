/** The API documentation page in a real browser: it draws under the content security policy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath } from '../support/suites.ts';
import { openForBrowser, type BrowserTestApp } from './browser.ts';

// Run in the page before any of its scripts: collect every report of a broken policy.
const LISTEN_FOR_VIOLATIONS = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '') + ':' + e.lineNumber);
});`;

describe.skipIf(!chromiumPath)('browser: the API documentation page', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    t = await openForBrowser('pglite');
    ({ browser, baseUrl } = t);
  });

  afterAll(() => t?.close());

  it('lists the API operations with no content security policy violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(LISTEN_FOR_VIOLATIONS);
    const console: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') console.push(message.text());
    });
    await page.goto(`${baseUrl}/api/docs`, { waitUntil: 'load' });
    // Swagger UI draws the operations from the OpenAPI document once its scripts have run.
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(0);
    // Give late styles (those set by script after drawing) a moment to be reported.
    await page.locator('.opblock').first().click();
    await page.waitForTimeout(500);
    const violations = await page.evaluate<string[]>('window.__violations');
    expect(violations).toEqual([]);
    expect(console.filter((text) => /content security policy/i.test(text))).toEqual([]);
    await context.close();
  });
});
