import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { addPeriods } from '../../src/domain/period.ts';
import { openForBrowser, type BrowserTestApp, signedInPage } from './browser.ts';
import { ProblemListPage } from './pages.ts';
import { GoalListPage, ProblemGoalsSection, signInToProblems } from './goal-pages.ts';

// Wednesday 11 June 2025: this week began on Monday 9 June; the last complete week on 2 June.
const NOW = new Date('2025-06-11T10:00:00Z');

describe.skipIf(!chromiumPath)(
  'browser journey: from a problem to a goal, a measure and its first value',
  () => {
    let t: BrowserTestApp;
    let browser: Browser;
    let baseUrl: string;
    let org: Organisation;
    let email: string;
    let actor: Actor;

    beforeAll(async () => {
      t = await openForBrowser('pglite', {}, () => NOW);
      ({ browser, baseUrl } = t);
      org = await addOrganisation(t.services, 'Journey Valley NHS Trust');
      const person = await addPerson(t.services, org, 'editor', 'Jo Journey');
      email = person.email;
      actor = person.actor;
    });
    afterAll(() => t?.close());

    for (const javaScriptEnabled of [true, false]) {
      it(
        `works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`,
        { timeout: 120_000 },
        async () => {
          const page = await signedInPage(browser, baseUrl, { email, password: TEST_PASSWORD }, {
            javaScriptEnabled,
            signIn: (p, who) => signInToProblems(p, baseUrl, org.code, who.email, who.password),
          });
          const run = javaScriptEnabled ? 'js' : 'no js';
          const problemTitle = `GPs wait days for discharge letters (${run})`;
          const statement = `GPs get discharge letters within 24 hours, by March 2026 (${run})`;
          const measureName = `Letters sent within 24 hours (${run})`;

          // A problem, with its evidence.
          const problems = new ProblemListPage(page);
          const problemForm = await problems.addProblem();
          await problemForm.fill({
            title: problemTitle,
            description: 'Letters are typed after the patient leaves, so GPs wait days for them.',
            affected: 'Patients and staff',
            group: 'patients leaving the medical wards',
            severity: '4',
            reach: '1200',
            themes: 'discharge',
          });
          const problem = await (await problemForm.save()).verify(problemTitle);

          // A goal that answers it: the problem is already ticked on the form.
          const goalForm = await new ProblemGoalsSection(problem.page).setGoal();
          expect(await goalForm.problemTicked(problemTitle)).toBe(true);
          await goalForm.saveExpectingErrors();
          expect(await goalForm.errors()).toContain(
            'Enter the outcome: what improves, for whom, by when',
          );
          await goalForm.fill({
            statement,
            forWhom: 'patients leaving the medical wards',
            byWhen: '2026-03-31',
            owners: ['Jo Journey'],
            wgll: ['Improve care'],
          });
          const goal = await (await goalForm.save()).verify(statement);
          expect(await goal.problems()).toEqual([problemTitle]);
          expect(await goal.isSolutionFirst()).toBe(false);

          // A check-in: errors first, then this week's.
          await goal.checkInWithoutText();
          await goal.verify(statement);
          expect(await goal.errors()).toEqual(
            expect.arrayContaining(['Say what happened this week', 'Say what happens next']),
          );
          await goal.checkIn({
            whatHappened: 'Ward 7 sends letters electronically',
            whatNext: 'Ward 8 starts on Monday',
            confidence: '4 – confident',
          });
          await goal.verify(statement);
          expect((await goal.checkIns())[0]).toContain('Ward 7 sends letters electronically');

          // A measure of the goal.
          const measureForm = await goal.addMeasure();
          await measureForm.saveExpectingErrors();
          expect(await measureForm.errors()).toEqual(
            expect.arrayContaining(['Enter a name', 'Select a unit']),
          );
          await measureForm.fill({
            name: measureName,
            definition:
              'Letters sent to the GP within 24 hours of discharge, divided by all discharges from the medical wards',
            unit: 'Percentage',
            direction: 'Higher is better',
            target: '90',
            frequency: 'Weekly',
            dataSource: 'Synthetic data, made up for this test',
            owner: 'Jo Journey (Clinical)',
          });
          let measure = await (await measureForm.save()).verify(measureName);

          // Fourteen earlier weeks come from the data warehouse; this week's value is entered by hand.
          const measureId = new URL(page.url()).pathname.split('/')[2]!;
          await t.services.measures.recordValues(
            actor,
            measureId,
            Array.from({ length: 14 }, (_, i) => ({
              period: addPeriods('2025-05-26', 'weekly', i - 13),
              value: 70 + (i % 4),
            })),
          );
          measure = await measure.reload(measureName);
          expect(await measure.suggestedPeriod()).toBe('2025-06-02');
          await measure.enterValue({ value: 'seventy' });
          await measure.verify(measureName);
          expect(await measure.errors()).toEqual(['“seventy” is not a number: write digits with a full stop for decimals, like 33.5']);
          await measure.enterValue({ value: '74.5', note: 'Ward 7 live' });
          await measure.verify(measureName);
          expect(await measure.flash()).toContain('Value saved for week of 2 Jun 2025');

          // The chart, its table and its icons, each in words.
          expect(await measure.chartName()).toContain(measureName);
          expect(await measure.chartPoints()).toBe(15);
          const rows = await measure.tableRows();
          expect(rows).toHaveLength(15);
          // Newest first: each value with its variation, mean, limits and note, in one table.
          expect(rows[0]).toEqual([
            'week of 2 Jun 2025',
            '74.5%',
            'Common cause',
            expect.stringMatching(/%$/),
            expect.stringMatching(/%$/),
            expect.stringMatching(/%$/),
            'Ward 7 live',
          ]);
          expect(await measure.icons()).toEqual({
            variation: 'No significant change: common cause variation',
            assurance: 'Target will be missed consistently',
          });
          expect(await measure.reading()).toContain('common cause variation');
          expect((await measure.values())[0]).toMatch(/^week of 2 Jun 2025 74\.5% Common cause .+ Ward 7 live$/);

          // Back to the goal: the measure is listed with its small chart; the list shows the goal.
          const again = await measure.backToGoal(statement);
          expect(await again.measures()).toEqual([measureName]);
          const list = await GoalListPage.open(page, baseUrl, org.code);
          expect(await list.statements()).toContain(statement);
          expect(await list.solutionFirst(statement)).toBe(false);
          await list.due();
          await page.context().close();
        },
      );
    }
  },
);
