/** Page objects for goals and measures: what a person sees and does on each page, in their words. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';
import { ProblemListPage, SignInPage } from './pages.ts';

/** Sign in and go to the organisation's problems, wherever the home page leads. */
export async function signInToProblems(
  page: Page,
  baseUrl: string,
  code: string,
  email: string,
  password: string,
) {
  await SignInPage.open(page, baseUrl);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  await page.goto(`${baseUrl}/organisations/${code}/problems`);
  return new ProblemListPage(page).verify('Problems');
}

/** Every page a journey visits is checked for accessibility. */
abstract class GoalAreaPage {
  constructor(readonly page: Page) {}
  async verify(heading: string | RegExp): Promise<this> {
    const h1 = (await this.page.locator('h1').first().textContent()) ?? '';
    if (typeof heading === 'string') expect(h1).toContain(heading);
    else expect(h1).toMatch(heading);
    await expectAccessible(this.page);
    return this;
  }
  protected async click(role: 'button' | 'link', name: string): Promise<void> {
    await this.page.getByRole(role, { name, exact: true }).first().click();
    await this.page.waitForLoadState();
  }
  async errors(): Promise<string[]> {
    return this.page
      .locator('.nhsuk-error-summary__list li')
      .allTextContents()
      .then((l) => l.map((s) => s.trim()));
  }
  async flash(): Promise<string> {
    return ((await this.page.locator('.nhsuk-notification-banner').textContent()) ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  }
}

/** The goals section of a problem's page: the goals that answer it, and a way to set one. */
export class ProblemGoalsSection extends GoalAreaPage {
  async goals(): Promise<string[]> {
    return this.page
      .locator('[data-testid="problem-goals"] li')
      .allTextContents()
      .then((l) => l.map((s) => s.trim()));
  }
  async setGoal() {
    await this.click('button', 'Set a goal for this problem');
    return new GoalFormPage(this.page).verify('Set a goal');
  }
}

export class GoalListPage extends GoalAreaPage {
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/goals`);
    return new GoalListPage(page).verify('Goals');
  }
  async statements(): Promise<string[]> {
    return this.page
      .locator('[data-testid="goal"] h2')
      .allTextContents()
      .then((l) => l.map((s) => s.trim()));
  }
  async solutionFirst(statement: string): Promise<boolean> {
    const card = this.page.locator('[data-testid="goal"]').filter({ hasText: statement });
    return (await card.locator('[data-testid="solution-first"]').count()) > 0;
  }
  async open(statement: string) {
    await this.click('link', statement);
    return new GoalPage(this.page).verify(statement);
  }
  async due() {
    await this.page.getByRole('navigation').getByRole('link', { name: 'Due', exact: true }).click();
    await this.page.waitForLoadState();
    return new DuePage(this.page).verify('Due and overdue');
  }
}

export class GoalFormPage extends GoalAreaPage {
  async fill(g: {
    statement: string;
    forWhom: string;
    byWhen: string;
    owners: string[];
    wgll: string[];
  }) {
    await this.page.getByLabel('Outcome: what improves, for whom, by when').fill(g.statement);
    await this.page.getByLabel('For whom (optional)').fill(g.forWhom);
    await this.page.getByLabel('By when (optional)').fill(g.byWhen);
    for (const owner of g.owners)
      await this.page.getByRole('checkbox', { name: owner, exact: true }).check();
    for (const w of g.wgll) await this.page.getByRole('checkbox', { name: w, exact: true }).check();
    return this;
  }
  async problemTicked(title: string): Promise<boolean> {
    return this.page.getByRole('checkbox', { name: title, exact: true }).isChecked();
  }
  async save() {
    await this.click('button', 'Save goal');
    return new GoalPage(this.page);
  }
  async saveExpectingErrors() {
    await this.click('button', 'Save goal');
    return this.verify('Set a goal');
  }
}

export class GoalPage extends GoalAreaPage {
  async problems(): Promise<string[]> {
    return this.page
      .locator('[data-testid="goal-problems"] li')
      .allTextContents()
      .then((l) => l.map((s) => s.trim()));
  }
  async isSolutionFirst(): Promise<boolean> {
    return (await this.page.getByText('Solution-first: not linked to a problem').count()) > 0;
  }
  async measures(): Promise<string[]> {
    return this.page
      .locator('[data-testid="measure"] h3')
      .allTextContents()
      .then((l) => l.map((s) => s.trim()));
  }
  async addMeasure() {
    await this.click('button', 'Add a measure');
    return new MeasureFormPage(this.page).verify('Add a measure');
  }
  async openMeasure(name: string) {
    await this.click('link', name);
    return new MeasurePage(this.page).verify(name);
  }
  async checkIn(c: { whatHappened: string; whatNext: string; confidence: string }) {
    await this.page.getByLabel('What happened this week').fill(c.whatHappened);
    await this.page.getByLabel('What happens next').fill(c.whatNext);
    await this.page.getByRole('radio', { name: c.confidence, exact: true }).check();
    await this.click('button', 'Save check-in');
    return this;
  }
  async checkInWithoutText() {
    await this.click('button', 'Save check-in');
    return this;
  }
  async checkIns(): Promise<string[]> {
    return this.page
      .locator('[data-testid="check-in"]')
      .allTextContents()
      .then((l) => l.map((s) => s.replace(/\s+/g, ' ').trim()));
  }
}

export class MeasureFormPage extends GoalAreaPage {
  async fill(m: {
    name: string;
    definition: string;
    unit: string;
    direction: string;
    target: string;
    frequency: string;
    dataSource: string;
    owner: string;
  }) {
    await this.page.getByLabel('Name', { exact: true }).fill(m.name);
    await this.page.getByLabel('Definition', { exact: true }).fill(m.definition);
    await this.page.getByLabel('Unit', { exact: true }).selectOption({ label: m.unit });
    await this.page.getByRole('radio', { name: m.direction, exact: true }).check();
    await this.page.getByLabel('Target (optional)').fill(m.target);
    await this.page.getByRole('radio', { name: m.frequency, exact: true }).check();
    await this.page.getByLabel('Data source (optional)').fill(m.dataSource);
    await this.page.getByLabel('Owner (optional)').selectOption({ label: m.owner });
    return this;
  }
  async save() {
    await this.click('button', 'Save measure');
    return new MeasurePage(this.page);
  }
  async saveExpectingErrors() {
    await this.click('button', 'Save measure');
    return this.verify('Add a measure');
  }
}

export class MeasurePage extends GoalAreaPage {
  async reload(name: string) {
    await this.page.reload();
    await this.page.waitForLoadState();
    return this.verify(name);
  }
  async suggestedPeriod(): Promise<string> {
    return this.page.getByLabel('Period', { exact: true }).inputValue();
  }
  async enterValue(v: { value: string; note?: string; period?: string }) {
    if (v.period) await this.page.getByLabel('Period', { exact: true }).fill(v.period);
    await this.page.getByLabel('Value', { exact: true }).fill(v.value);
    if (v.note) await this.page.getByLabel('Note (optional)').fill(v.note);
    await this.click('button', 'Save value');
    return this;
  }
  async chartName(): Promise<string> {
    return (
      (await this.page
        .locator('[data-testid="spc-chart"] svg[role="img"] > title')
        .textContent()) ?? ''
    );
  }
  async chartPoints(): Promise<number> {
    const counts = await this.page.locator('[data-testid="spc-chart"] .app-spc-chart__point-group').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    return counts.reduce((a, b) => a + b, 0);
  }
  async tableRows(): Promise<string[][]> {
    const rows = this.page.locator('[data-testid="value-list"] tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      out.push((await rows.nth(i).locator('th, td').allTextContents()).map((s) => s.trim()));
    }
    return out;
  }
  async icons(): Promise<{ variation: string; assurance: string }> {
    const text = async (id: string) =>
      (
        (await this.page
          .locator(`[data-testid="${id}"] > span:not([aria-hidden])`)
          .textContent()) ?? ''
      )
        .replace(/\s+/g, ' ')
        .trim();
    return { variation: await text('variation'), assurance: await text('assurance') };
  }
  async reading(): Promise<string> {
    return ((await this.page.locator('[data-testid="reading"]').textContent()) ?? '').trim();
  }
  async values(): Promise<string[]> {
    return this.page
      .locator('[data-testid="value-list"] tbody tr')
      .allTextContents()
      .then((l) => l.map((s) => s.replace(/\s+/g, ' ').trim()));
  }
  async backToGoal(statement: string) {
    await this.click('link', 'Back to the goal');
    return new GoalPage(this.page).verify(statement);
  }
}

export class DuePage extends GoalAreaPage {
  async items(): Promise<string[]> {
    return this.page
      .locator('[data-testid="due-item"]')
      .allTextContents()
      .then((l) => l.map((s) => s.replace(/\s+/g, ' ').trim()));
  }
}
