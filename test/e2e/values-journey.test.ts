import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addOrganisation, addPerson, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { addPeriods } from '../../src/domain/period.ts';
import { analyseSeries } from '../../src/spc/index.ts';
import { openForBrowser, type BrowserTestApp, signedInPage } from './browser.ts';
import { throughSignInPage } from './pages.ts';
import { BoardReportPage, UploadValuesPage } from './value-pages.ts';

// Wednesday 11 June 2025: the last complete week began on Monday 2 June.
const NOW = new Date('2025-06-11T10:00:00Z');
const LAST_WEEK = '2025-06-02';

// A year of weekly values: 40 weeks around 80%, then 12 weeks around 90% — a sustained rise.
function yearOfValues(): { period: string; value: number }[] {
  const wobble = [0, 1.5, -1, 0.5, -1.5, 1, -0.5, 2, -2, 0.5];
  return Array.from({ length: 52 }, (_, i) => ({
    period: addPeriods(LAST_WEEK, 'weekly', i - 51),
    value: (i < 40 ? 80 : 90) + wobble[i % wobble.length]!,
  }));
}

describe.skipIf(!chromiumPath)('browser journey: a year of values by CSV upload, read in the board report', () => {
  let t: BrowserTestApp;
  let browser: Browser;
  let baseUrl: string;
  let email: string;

  beforeAll(async () => {
    t = await openForBrowser('pglite', {}, () => NOW);
    ({ browser, baseUrl } = t);
    const org = await addOrganisation(t.services, 'Upload Valley NHS Trust');
    const person = await addPerson(t.services, org, 'editor', 'Uma Upload');
    email = person.email;
    for (const name of ['Discharges before noon (js)', 'Discharges before noon (no js)']) {
      const problem = await t.services.problems.create(person.actor, org.id, buildProblem());
      const goal = await t.services.goals.create(person.actor, org.id, { statement: `More patients home before noon: ${name}`, problemIds: [problem.id] });
      await t.services.measures.create(person.actor, goal.id, {
        name, definition: 'Discharges before 12:00 / all discharges', unit: 'percentage',
        improvementDirection: 'increase', target: 95, frequency: 'weekly',
      });
    }
  });
  afterAll(() => t?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 120_000 }, async () => {
      const page = await signedInPage(browser, baseUrl, { email, password: TEST_PASSWORD }, { javaScriptEnabled, signIn: throughSignInPage(baseUrl) });
      const measure = javaScriptEnabled ? 'Discharges before noon (js)' : 'Discharges before noon (no js)';
      const values = yearOfValues();
      const csv = ['measure,period,value', ...values.map((v) => `${measure},${v.period},${v.value}`)].join('\n');

      // A file with a mistake is refused row by row, and nothing is stored.
      const bad = await (await UploadValuesPage.openFromGoals(page)).paste(`${csv}\n${measure},2025-06-03,abc`);
      await bad.verifyErrors();
      expect((await bad.errorRows()).join(' ')).toMatch(/54.*period.*not the start of a week/);

      // The whole year, pasted with JavaScript or sent as a file without it.
      const upload = await UploadValuesPage.openFromGoals(page);
      const preview = javaScriptEnabled ? await upload.paste(csv) : await upload.chooseFile('discharges.csv', csv);
      await preview.verifyReady();
      expect(await preview.summary()).toContain('add 52 values');
      await preview.store();

      const report = await BoardReportPage.open(page);
      const row = await report.measureRow(measure);
      const expected = analyseSeries({ values: values.map((v) => v.value) }, { preset: 'mdc', direction: 'increase', target: 95 });
      expect(expected.variation).toBe('improvement_high');
      expect(expected.assurance).toBe('fail');
      expect(row.variation).toBe(expected.variation);
      expect(row.assurance).toBe(expected.assurance);
      expect(row.text).toMatch(new RegExp(`Latest(\\s+value)?\\s*${String(values.at(-1)!.value).replace('.', '\\.')}%`));
      await page.context().close();
    });
  }
});
