/** The board report and measure pages in a real browser: widths, chart text and the first screen. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { addPeriods } from '../../src/domain/period.ts';
import { openForBrowser, type BrowserTestApp, expectAccessible, signedInPage } from './browser.ts';

// Wednesday 11 June 2025: the last complete week began on Monday 2 June.
const NOW = new Date('2025-06-11T10:00:00Z');
const LAST_WEEK = '2025-06-02';
const WIDTHS = [320, 768, 1280];

// Two years of weeks with a step up near the end, so limits, signals and a rebase all show.
function series(level: number, step: number): number[] {
  return Array.from({ length: 104 }, (_, i) => level + (i > 90 ? step : 0) + ((i * 7) % 5) - 2);
}

// Run in the page (as text, because the project's types hold no DOM): every pair of text boxes
// in each chart that overlap, and any text that runs out of its chart, in words.
const OVERLAPPING_CHART_TEXT = `(() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.app-spc-chart')) {
    const boxes = [...svg.querySelectorAll('text')]
      .map((t) => ({ text: t.textContent || '', box: t.getBBox() }))
      .filter((b) => b.box.width > 0 && b.box.height > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        if (!apart) out.push('“' + boxes[i].text + '” overlaps “' + boxes[j].text + '”');
      }
    }
    const view = svg.viewBox.baseVal;
    for (const b of boxes) {
      if (b.box.x < view.x - 0.5 || b.box.x + b.box.width > view.x + view.width + 0.5) out.push('“' + b.text + '” runs out of the chart');
    }
  }
  return out;
})()`;

async function overlappingChartText(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(OVERLAPPING_CHART_TEXT);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** How many text elements the charts on the page hold, so a check of no overlaps is not empty. */
async function chartTextCount(page: Page): Promise<number> {
  return page.evaluate<number>("document.querySelectorAll('svg.app-spc-chart text').length");
}

describe.skipIf(!chromiumPath)('browser: the board report and a measure page at 320, 768 and 1280 px', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let email: string;
  let orgCode: string;
  let measureId: string;

  beforeAll(async () => {
    t = await openForBrowser('pglite', {}, () => NOW);
    ({ browser, baseUrl } = t);
    const org = await addOrganisation(t.services, 'Layout Valley NHS Trust');
    orgCode = org.code;
    const person = await addPerson(t.services, org, 'editor', 'Professor Philippa Longname-Whittington');
    email = person.email;
    const problem = await t.services.problems.create(person.actor, org.id, buildProblem());
    const goal = await t.services.goals.create(person.actor, org.id, {
      statement: 'Patients leaving the emergency department are admitted, transferred or discharged within four hours of arriving',
      problemIds: [problem.id],
    });
    const values = series(70, 6);
    const measure = await t.services.measures.create(person.actor, goal.id, {
      name: 'Patients seen within four hours of arrival at the emergency department',
      definition: 'Patients seen within four hours ÷ all patients',
      unit: 'percentage',
      improvementDirection: 'increase',
      target: 71,
      frequency: 'weekly',
      dataSource: 'Synthetic test data',
      rebases: [{ period: addPeriods(LAST_WEEK, 'weekly', -12), reason: 'New triage model' }],
    });
    await t.services.measures.recordValues(person.actor, measure.id, values.map((value, i) => ({ period: addPeriods(LAST_WEEK, 'weekly', i - (values.length - 1)), value })));
    measureId = measure.id;
    // Annotations a week apart and a rebase beside them: their labels must not overprint.
    for (const [weeksBack, label] of [[12, 'New triage model'], [11, 'Extra consultant shifts'], [10, 'Winter ward opened'], [40, 'Go-live']] as const) {
      await t.services.measures.addAnnotation(person.actor, measure.id, { period: addPeriods(LAST_WEEK, 'weekly', -weeksBack), label });
    }
    await addWeeklyMeasure(t.services, person.actor, goal.id, { name: 'Ambulance handovers over 30 minutes', improvementDirection: 'decrease', target: 12 }, series(14, -5), LAST_WEEK);
    await addWeeklyMeasure(t.services, person.actor, goal.id, { name: 'Attendances', improvementDirection: 'neutral' }, series(2400, 90), LAST_WEEK);
  }, 180_000);
  afterAll(() => t?.close());

  const signedIn = (width: number, height = 800) => signedInPage(browser, baseUrl, { email, password: TEST_PASSWORD }, { viewport: { width, height } });


  it('shows the summary first and never scrolls sideways, at every width', { timeout: 120_000 }, async () => {
    for (const width of WIDTHS) {
      const page = await signedIn(width);
      await page.goto(`${baseUrl}/organisations/${orgCode}/board-report`);
      expect(await horizontalOverflow(page), `board report at ${width} px`).toBe(0);
      // The summary comes before the first goal.
      const order = await page.evaluate<number>(
        "document.querySelector('[data-testid=\"board-summary\"]').compareDocumentPosition(document.querySelector('[data-testid=\"board-goal\"]')) & Node.DOCUMENT_POSITION_FOLLOWING",
      );
      expect(order, `summary before the goals at ${width} px`).toBeTruthy();
      // Each measure row stays inside the page's content column.
      const rights = await page.locator('[data-testid="board-measure"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
      const clientWidth = await page.evaluate<number>('document.documentElement.clientWidth');
      expect(rights).toHaveLength(3);
      for (const right of rights) expect(right).toBeLessThanOrEqual(clientWidth + 0.5);
      expect(await overlappingChartText(page)).toEqual([]);
      if (width === 1280) await expectAccessible(page);
      await page.context().close();
    }
  });

  it('puts the value form in the first screen of a measure page, with no overlapping chart text', { timeout: 120_000 }, async () => {
    const page = await signedIn(1280, 800);
    await page.goto(`${baseUrl}/measures/${measureId}`);
    const form = page.getByTestId('value-form');
    const box = await form.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height, 'the whole value form fits in 1280 × 800').toBeLessThanOrEqual(800);
    expect(await page.getByRole('button', { name: 'Save value' }).isVisible()).toBe(true);
    // The chart draws the annotations and the rebase note, laid out apart.
    const texts = await page.locator('[data-testid="spc-chart"] svg text').allTextContents();
    // (An annotation's text holds its dated <title> after the label.)
    for (const label of ['New triage model', 'Extra consultant shifts', 'Winter ward opened', 'Limits recalculated']) {
      expect(texts.some((t) => t.startsWith(label)), label).toBe(true);
    }
    expect(await chartTextCount(page)).toBeGreaterThan(10);
    expect(await overlappingChartText(page)).toEqual([]);
    await expectAccessible(page);
    await page.context().close();
  });

  it('never scrolls a measure page sideways, at every width', { timeout: 120_000 }, async () => {
    for (const width of WIDTHS) {
      const page = await signedIn(width);
      await page.goto(`${baseUrl}/measures/${measureId}`);
      expect(await horizontalOverflow(page), `measure page at ${width} px`).toBe(0);
      expect(await overlappingChartText(page)).toEqual([]);
      await page.context().close();
    }
  });
});
