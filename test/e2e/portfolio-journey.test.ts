import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { addQuarters, quarterOf, quarterStart } from '../../src/domain/quarter.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';
import { openForBrowser, type BrowserTestApp, signedInPage } from './browser.ts';
import { PortfolioPage } from './portfolio-pages.ts';

// One app and one browser for the file; each run (with and without JavaScript) has an
// organisation of its own, so both start from the same over-capacity portfolio.
describe.skipIf(!chromiumPath)('browser journey: ranking an over-capacity portfolio, stopping two things, recording the decision', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let editor: { email: string; actor: Actor };

  /** Design capacity 6 a quarter: the three initiatives need 11, so two fall below the line. */
  async function setUp(label: string): Promise<{ org: Organisation; quarter: string; admin: Actor }> {
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
    return { org, quarter, admin };
  }

  beforeAll(async () => {
    t = await openForBrowser();
    ({ browser, baseUrl } = t);
    const home = await addOrganisation(t.services, 'Home Trust');
    editor = await addPerson(t.services, home, 'editor', 'Edie Editor', 'digital');
  }, 180_000);
  afterAll(() => t?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 120_000 }, async () => {
      const { org, quarter, admin } = await setUp(javaScriptEnabled ? 'Scripted' : 'Plain');
      const page = await signedInPage(browser, baseUrl, { email: editor.email, password: TEST_PASSWORD }, { javaScriptEnabled });

      // Over capacity: what falls below the line, and which skill runs out.
      let portfolio = await PortfolioPage.open(page, baseUrl, org.code, quarter);
      expect(await portfolio.hasChart()).toBe(true);
      expect(await portfolio.lineSummary()).toBe(`1 now and 2 not now in ${quarter}.`);
      expect(await portfolio.placement('Bedside observations')).toBe('now');
      expect(await portfolio.placement('Easy-read letters')).toBe('not-now');
      expect(await portfolio.why('Easy-read letters')).toBe('Not enough design capacity');
      expect(await portfolio.placement('Online rebooking')).toBe('not-now');
      expect(await portfolio.skillLine('design')).toEqual({ committed: '4', demand: '11 (5 over)' });

      // Re-rank with the buttons and the rank field, a wrong rank first.
      portfolio = await portfolio.moveUp('Easy-read letters');
      expect(await portfolio.order()).toEqual(['Easy-read letters', 'Bedside observations', 'Online rebooking']);
      expect(await portfolio.placement('Easy-read letters')).toBe('now');
      expect(await portfolio.placement('Bedside observations')).toBe('not-now');
      portfolio = await portfolio.moveDown('Bedside observations');
      expect(await portfolio.order()).toEqual(['Easy-read letters', 'Online rebooking', 'Bedside observations']);
      portfolio = await portfolio.setRank('Online rebooking', '9', true);
      expect(await portfolio.errors()).toContain('Enter a whole number from 1 to 3');
      portfolio = await portfolio.setRank('Online rebooking', '1');
      expect(await portfolio.order()).toEqual(['Online rebooking', 'Easy-read letters', 'Bedside observations']);
      expect(await portfolio.placement('Online rebooking')).toBe('now');
      expect(await portfolio.placement('Easy-read letters')).toBe('not-now');
      expect(await page.getByTestId('ranking-history').locator('li').count()).toBe(3);

      // Stop two things: the design they free lifts the capacity line, and all three fit.
      expect(await portfolio.capacity('design')).toBe('6');
      let stopList = await portfolio.openStopList();
      stopList = await stopList.markStopped('Paper bed report');
      stopList = await stopList.markStopped('Legacy theatre system', true);
      expect(await stopList.status('Paper bed report')).toBe('stopped');
      expect(await stopList.status('Legacy theatre system')).toBe('stopped');

      portfolio = await PortfolioPage.open(page, baseUrl, org.code, quarter, false);
      expect(await portfolio.capacity('design')).toBe('12');
      expect(await portfolio.lineSummary()).toBe(`3 now and 0 not now in ${quarter}.`);
      expect(await portfolio.placement('Easy-read letters')).toBe('now');
      expect(await portfolio.placement('Bedside observations')).toBe('now');
      expect(await portfolio.skillLine('design')).toEqual({ committed: '11', demand: '11' });

      // Record the decision with who was in the room.
      const form = await portfolio.recordDecision();
      expect(await form.saveExpectingErrors()).toContain('Enter what was decided');
      await form.fill({
        what: 'Online rebooking first; stop the paper bed report and the legacy theatre system',
        options: 'Keep the ranking by score\nPut online rebooking first',
        rationale: 'Stopping two things frees the design time for all three next quarter.',
        members: ['Edie Editor (Digital)'],
        guest: { name: 'Dr Nia Clinician', discipline: 'Clinical' },
        concerns: ['Initiative: Online rebooking', 'Stop item: Paper bed report', 'Stop item: Legacy theatre system'],
      });
      const log = await form.save();
      const rows = await log.rows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Online rebooking first');
      expect(rows[0]).toContain('With clinicians');
      expect(rows[0]).toContain('Edie Editor (Digital)');
      expect(rows[0]).toContain('Dr Nia Clinician (Clinical, guest)');
      const recorded = (await t.services.decisions.list(admin, org.id)).decisions[0]!;
      expect(recorded.items.map((i) => i.type).sort()).toEqual(['initiative', 'stop_item', 'stop_item']);
      await page.context().close();
    });
  }
});
