import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { openForBrowser, type BrowserTestApp, newPage, signedInPage } from './browser.ts';
import { throughSignInPage } from './pages.ts';
import { PublicStoryPage, StoryPage } from './story-pages.ts';

describe.skipIf(!chromiumPath)('browser journey: the story written, published, compared and read in public', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let email: string;
  let org: Organisation;

  beforeAll(async () => {
    t = await openForBrowser();
    ({ browser, baseUrl } = t);
    org = await addOrganisation(t.services, 'Journey Valley NHS Trust');
    const person = await addPerson(t.services, org, 'admin', 'Jo Journey');
    email = person.email;
    const problem = await t.services.problems.create(person.actor, org.id, buildProblem({ title: 'Letters arrive after the appointment' }));
    const goal = await t.services.goals.create(person.actor, org.id, { statement: 'Fewer missed appointments by next year', problemIds: [problem.id] });
    await addWeeklyMeasure(t.services, person.actor, goal.id, { name: 'Appointments missed', improvementDirection: 'decrease', target: 8 }, Array.from({ length: 20 }, (_, i) => 10 + (i % 3)), '2025-03-03');
    await t.services.checkIns.create(person.actor, goal.id, { period: '2025-03-03', whatHappened: 'Private supplier talks this week', whatNext: 'More talks', confidence: 3 });
  });
  afterAll(() => t?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 120_000 }, async () => {
      const page = await signedInPage(browser, baseUrl, { email, password: TEST_PASSWORD }, { javaScriptEnabled, signIn: throughSignInPage(baseUrl) });
      const story = await StoryPage.openFromMenu(page);
      // The parts with something to tell, in order; the mission appears once the board has written it.
      const headings = (await story.sectionHeadings()).filter((h) => h !== 'Our mission');
      expect(headings).toEqual(['Why we need to change', 'What will change', 'How we will know it is working', 'Who made this strategy']);

      const edit = await (await story.write()).save(`Patients wait less and know what is happening (${javaScriptEnabled ? 'js' : 'no js'}). We will leverage digital going forward.`);
      expect(await edit.readability()).toContain('Instead of “leverage”');
      let back = await edit.backToStory();
      back = await back.publish('First version');
      expect(await back.flash()).toMatch(/Version \d+ published/);
      back = await back.publish('Second version');
      const compare = await (await back.versions()).compare();
      expect((await compare.groups()).length).toBeGreaterThan(0);

      await (await (await StoryPage.openFromMenu(page)).settings()).turnOnPublicPage();

      const anonymous = await newPage(browser, { javaScriptEnabled });
      const publicPage = await PublicStoryPage.open(anonymous, baseUrl, org.code);
      const text = await publicPage.text();
      expect(text).toContain('Letters arrive after the appointment');
      expect(text).toContain(javaScriptEnabled ? '(js)' : '(no js)');
      expect(text).not.toContain('Private supplier talks');
      expect(text).not.toContain('Jo Journey');
      await anonymous.context().close();
      await page.context().close();
    });
  }
});
