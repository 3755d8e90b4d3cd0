import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { addQuarters, quarterOf, quarterStart } from '../../src/domain/quarter.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';
import { launchChromium, useScannerFor, serveForBrowser } from './browser.ts';
import { PortfolioPage } from './portfolio-pages.ts';

describe.skipIf(!chromiumPath)('browser journey: ranking an over-capacity portfolio, stopping two things, recording the decision', () => {
  let t: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let baseUrl: string;
  let editor: { email: string; actor: Actor };

  /** A fresh organisation per run, so the journey with and without JavaScript starts the same. */
  async function setUp(label: string): Promise<{ org: Organisation; quarter: string }> {
    const org = await addOrganisation(t.services, `Journey ${label} NHS Trust`);
    const admin = (await addPerson(t.services, org, 'admin', `Admin ${label}`)).actor;
    await t.services.people.addMember(admin, org.id, { email: editor.email, name: 'Edie Editor', role: 'editor', discipline: 'digital' });
    const quarter = addQuarters(quarterOf(t.services.clock()), 1);
    await t.services.portfolio.setCapacity(admin, org.id, [{ quarter, skill: 'design', personWeeks: 6 }, { quarter, skill: 'engineering', personWeeks: 20 }]);
    const add = (name: string, design: number, engineering: number) =>
      t.services.initiatives.create(admin, org.id, {
        name,
        change: `Staff work differently: ${name.toLowerCase()}`,
        demand: [{ quarter, skill: 'design', personWeeks: design }, { quarter, skill: 'engineering', personWeeks: engineering }],
      });
    await add('Bedside observations', 4, 8);
    await add('Easy-read letters', 4, 2);
    await add('Online rebooking', 3, 6);
    for (const [title, pw] of [['Paper bed report', 3], ['Legacy theatre system', 3]] as const) {
      await t.services.stopItems.create(admin, org.id, { title, kind: 'report', reason: 'Nobody uses it', stopOn: quarterStart(quarter), freed: [{ skill: 'design', personWeeks: pw }], status: 'planned' });
    }
    return { org, quarter };
  }

  beforeAll(async () => {
    t = await openTestApp();
    const home = await addOrganisation(t.services, 'Home Trust');
    editor = await addPerson(t.services, home, 'editor', 'Edie Editor', 'digital');
    baseUrl = await serveForBrowser(t.app);
    chromium = await launchChromium();
    browser = chromium.browser;
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 120_000 }, async () => {
      const { org, quarter } = await setUp(javaScriptEnabled ? 'Scripted' : 'Plain');
      const context = await browser.newContext({ javaScriptEnabled });
      context.setDefaultTimeout(10_000);
      if (!javaScriptEnabled) await useScannerFor(context, browser);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Email address').fill(editor.email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();

      let portfolio = await PortfolioPage.open(page, baseUrl, org.code, quarter);
      expect(await portfolio.hasChart()).toBe(true);
      expect(await portfolio.placement('Bedside observations')).toBe('now');
      expect(await portfolio.placement('Easy-read letters')).toBe('not-now');
      expect(await portfolio.why('Easy-read letters')).toContain('Not enough design capacity');
      expect(await portfolio.placement('Online rebooking')).toBe('not-now');

      portfolio = await portfolio.moveUp('Easy-read letters');
      expect(await portfolio.order()).toEqual(['Easy-read letters', 'Bedside observations', 'Online rebooking']);
      expect(await portfolio.placement('Bedside observations')).toBe('not-now');
      portfolio = await portfolio.setRank('Online rebooking', '9');
      expect(await portfolio.errors()).toContain('Enter a whole number from 1 to 3');
      portfolio = await portfolio.setRank('Online rebooking', '2');
      expect(await portfolio.order()).toEqual(['Easy-read letters', 'Online rebooking', 'Bedside observations']);

      expect(await portfolio.capacity('design')).toBe('6');
      let stopList = await portfolio.openStopList();
      stopList = await stopList.markStopped('Paper bed report');
      stopList = await stopList.markStopped('Legacy theatre system');
      expect(await stopList.status('Paper bed report')).toBe('stopped');

      portfolio = await PortfolioPage.open(page, baseUrl, org.code, quarter);
      expect(await portfolio.capacity('design')).toBe('12');
      expect(await portfolio.placement('Online rebooking')).toBe('now');
      expect(await portfolio.placement('Bedside observations')).toBe('now');

      const form = await portfolio.recordDecision();
      expect(await form.saveExpectingErrors()).toContain('Enter what was decided');
      await form.fill({
        what: 'Easy-read letters first; stop the paper bed report and the legacy theatre system',
        options: 'Keep the ranking by score\nPut easy-read letters first',
        rationale: 'Stopping two things frees the design time for all three this quarter.',
        members: ['Edie Editor (Digital)'],
        guest: { name: 'Dr Nia Clinician', discipline: 'Clinical' },
        concerns: ['Initiative: Easy-read letters', 'Stop item: Paper bed report'],
      });
      const log = await form.save();
      const rows = await log.rows();
      expect(rows[0]).toContain('Easy-read letters first');
      expect(rows[0]).toContain('With clinicians');
      expect(rows[0]).toContain('Dr Nia Clinician');
      await context.close();
    });
  }
});
