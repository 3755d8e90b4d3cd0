import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addOrganisation, addPerson, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { openForBrowser, type BrowserTestApp, signedInPage } from './browser.ts';
import { ProblemListPage, throughSignInPage } from './pages.ts';

describe.skipIf(!chromiumPath)('browser journey: a problem with evidence, found and traced', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let email: string;

  beforeAll(async () => {
    t = await openForBrowser();
    ({ browser, baseUrl } = t);
    const org = await addOrganisation(t.services, 'Journey Valley NHS Trust');
    const person = await addPerson(t.services, org, 'editor', 'Jo Journey');
    email = person.email;
    // Another problem, so the filter has something to leave out.
    await t.services.problems.create(person.actor, org.id, buildProblem({ title: 'Rota gaps', themes: ['workforce'], affected: 'staff' }));
  });
  afterAll(() => t?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 90_000 }, async () => {
      const page = await signedInPage(browser, baseUrl, { email, password: TEST_PASSWORD }, { javaScriptEnabled, signIn: throughSignInPage(baseUrl) });
      const title = `Letters unreadable for people with a learning disability (${javaScriptEnabled ? 'js' : 'no js'})`;
      const list = new ProblemListPage(page);

      const form = await list.addProblem();
      await form.saveExpectingErrors();
      expect(await form.errors()).toContain('Enter a title');

      await form.fill({
        title,
        description: 'Appointment letters use clinical jargon and no easy-read version exists.',
        affected: 'Patients',
        group: 'outpatients with a learning disability',
        severity: '4',
        reach: '350',
        themes: 'accessibility, outpatients',
        evidence: { kind: 'Patient feedback', summary: '41 PALS contacts about letters in a year', count: '41' },
      });
      const problem = await (await form.save()).verify(title);
      expect(await problem.evidence()).toEqual(['41 PALS contacts about letters in a year']);

      const all = await problem.backToList();
      const filtered = await all.filter({ theme: 'accessibility', affected: 'patients' });
      const titles = await filtered.titles();
      expect(titles).toContain(title);
      expect(titles).not.toContain('Rota gaps');

      const again = await filtered.open(title);
      const history = await again.history();
      expect(history.some((h) => h.includes('Jo Journey') && h.includes('Created'))).toBe(true);
      expect(history.some((h) => h.includes('Added evidence') && h.includes('41 PALS contacts'))).toBe(true);
      await page.context().close();
    });
  }
});
