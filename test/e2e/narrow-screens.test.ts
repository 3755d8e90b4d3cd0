/**
 * Every page of the demo at 320 px, in a real browser: none may scroll sideways (WCAG 2.2 reflow).
 * The pages are found by following the links of the demo's organisations from the start page, so a
 * new page is checked without being listed here; a wide table or chart must scroll inside its own
 * region, not the whole page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath } from '../support/suites.ts';
import { loadDemo } from '../../src/demo/demo.ts';
import { readFourHourSeries } from '../../src/db/reference-series.ts';
import { openForBrowser, type BrowserTestApp, signedInPage } from './browser.ts';

const WIDTH = 320;
/** Enough to reach every kind of page of the demo; the crawl stops there. */
const MAX_PAGES = 150;
/** Links that leave the pages: downloads, the API, sign-out, and assets. */
const NOT_A_PAGE = /^\/(api|assets|static|sign-out)\b|\/(export|download)\b|\.(csv|json|pdf|md|docx|ico|svg|png)$/;

/** The first element that runs past the right edge, outside any scrolling region, with no child running further: the cause, for the failure message. */
const WIDEST = `(() => {
  const limit = document.documentElement.clientWidth + 0.5;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > limit && !clipped(el) && [...el.children].every((c) => c.getBoundingClientRect().right <= box.right - 0.5 || clipped(c))) {
      return el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.') + ' (' + Math.round(box.right) + ' px)';
    }
  }
  return 'nothing found';
})()`;

/**
 * Same-origin links of a kind not yet seen: one page per route shape (ids replaced), so the crawl
 * covers every page type without walking every measure.
 */
function shapeOf(path: string): string {
  return path
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, ':id')
    .replace(/\b\d{4}-(Q[1-4]|\d{2}(-\d{2})?)\b/g, ':date')
    .replace(/\/(versions)\/\d+/g, '/$1/:n')
    .replace(/[?&](page|sort|quarter|cursor)=[^&]*/g, '');
}

describe.skipIf(!chromiumPath)('browser: every demo page at 320 px', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let email: string;
  let password: string;

  beforeAll(async () => {
    t = await openForBrowser('pglite');
    ({ browser, baseUrl } = t);
    ({ email, password } = await loadDemo(t.services, { fourHour: readFourHourSeries() }));
  }, 180_000);
  afterAll(() => t?.close());

  it('has no page that scrolls sideways, signed in as the demo’s editor', { timeout: 300_000 }, async () => {
    const page = await signedInPage(browser, baseUrl, { email, password }, { viewport: { width: WIDTH, height: 800 } });
    const queue = ['/'];
    const seen = new Set<string>([shapeOf('/')]);
    const overflowing: string[] = [];
    let visited = 0;
    while (queue.length > 0 && visited < MAX_PAGES) {
      const path = queue.shift()!;
      const response = await page.goto(`${baseUrl}${path}`);
      visited += 1;
      if (!response || response.status() >= 400 || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      if (overflow > 0) overflowing.push(`${path}: ${overflow} px too wide, from ${await page.evaluate<string>(WIDEST)}`);
      const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const href of links) {
        const target = href.split('#')[0]!;
        if (!target || NOT_A_PAGE.test(target)) continue;
        const shape = shapeOf(target);
        if (seen.has(shape)) continue;
        seen.add(shape);
        queue.push(target);
      }
    }
    // The crawl must reach the kinds of page the demo has, or the check says little.
    expect(visited).toBeGreaterThan(40);
    expect(overflowing).toEqual([]);
  });
});
