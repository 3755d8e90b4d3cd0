import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath } from '../support/suites.ts';
import { loadDemo, type DemoSignIn } from '../../src/demo/demo.ts';
import { DEMO_REVIEW_INITIATIVES } from '../../src/demo/demo-review-content.ts';
import { addPeriods, formatIsoDate, periodStartOf } from '../../src/domain/period.ts';
import { addQuarters, quarterOf } from '../../src/domain/quarter.ts';
import type { Actor } from '../../src/domain/person.ts';
import { openForBrowser, type BrowserTestApp, expectAccessible, signedInPage } from './browser.ts';
import { throughSignInPage } from './pages.ts';
import { HealthChecksPage, ReviewMeetingPage, ReviewQueuePage } from './review-pages.ts';

// One demo for the file: the run with JavaScript opens the week's review and continues a concern;
// the run without JavaScript goes on in the same review, stops an initiative and closes it.
describe.skipIf(!chromiumPath)('browser journey: the week’s review on the demo data', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let demo: DemoSignIn;
  let actor: Actor;
  let trustId: string;
  const stopped = DEMO_REVIEW_INITIATIVES[0]!.name;

  beforeAll(async () => {
    t = await openForBrowser();
    ({ browser, baseUrl } = t);
    demo = await loadDemo(t.services);
    actor = (await t.services.people.signIn(demo.email, demo.password)).session.actor;
    trustId = (await t.services.organisations.getByCode(demo.organisationCode)).id;
  }, 180_000);
  afterAll(() => t?.close());

  const nextReview = () => addPeriods(periodStartOf(t.services.clock(), 'weekly'), 'weekly', 4);

  it('with JavaScript: sees items raised by real SPC signals, records who is present and continues one with a reason', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, baseUrl, demo, { javaScriptEnabled: true, signIn: throughSignInPage(baseUrl) });
    const queue = await ReviewQueuePage.open(page, baseUrl, demo.organisationCode);
    const kinds = await queue.itemKinds();
    expect(kinds).toEqual(expect.arrayContaining(['initiative_no_improvement', 'measure_concern', 'measure_stale']));
    const meeting = await queue.openReview(['Clinical', 'Operational'], { name: 'Grace Adeyemi', discipline: 'Patients’ representative' });
    await meeting.decide('Outpatient appointments missed', { outcome: 'Continue', rationale: 'Reminders restart next week', nextReviewDate: '2000-01-01' });
    expect(await meeting.errors()).toContain('The next review date must be in the future');
    await meeting.decide('Outpatient appointments missed', { outcome: 'Continue', rationale: 'Reminders restart next week', nextReviewDate: nextReview() });
    expect((await meeting.decided()).join(' ')).toContain('Outpatient appointments missed');
    await page.context().close();
  });

  it('without JavaScript: stops an initiative, its capacity returns, and the decisions reach the log and the board report', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, baseUrl, demo, { javaScriptEnabled: false, signIn: throughSignInPage(baseUrl) });
    await ReviewQueuePage.open(page, baseUrl, demo.organisationCode);
    await page.getByTestId('open-review-link').click();
    await page.waitForLoadState();
    const nextQuarter = addQuarters(quarterOf(t.services.clock()), 1);
    const committed = async () => (await t.services.portfolio.portfolio(actor, trustId, nextQuarter)).skills.find((s) => s.skill === 'engineering')!;
    const before = await committed();
    const meeting = await new ReviewMeetingPage(page).decide(stopped, { outcome: 'Stop', rationale: 'No fewer summaries returned after two quarters' });
    expect((await meeting.decided()).join(' ')).toContain(stopped);
    const after = await committed();
    expect(after.demand).toBeLessThan(before.demand);
    await meeting.close();
    expect(await page.getByTestId('left-open').count()).toBe(1);

    await page.goto(`${baseUrl}/organisations/${demo.organisationCode}/decisions`);
    await expectAccessible(page);
    const log = (await page.locator('main').textContent()) ?? '';
    expect(log).toContain(`Stop: ${stopped}`);
    expect(log).toContain('Continue: Outpatient appointments missed');

    await page.goto(`${baseUrl}/organisations/${demo.organisationCode}/board-report`);
    await expectAccessible(page);
    const decided = await page.getByTestId('board-decided-item').allTextContents();
    expect(decided.join(' ')).toContain(stopped);
    expect(decided.some((d) => d.includes(formatIsoDate(t.services.clock())))).toBe(true);

    const checks = await HealthChecksPage.open(page, baseUrl, demo.organisationCode);
    expect(await checks.failing()).toEqual(expect.arrayContaining(['solution_first_initiatives', 'tech_only_initiatives', 'buzzwords', 'measures_without_recent_values', 'digital_only_decisions']));
    await page.context().close();
  });
});
