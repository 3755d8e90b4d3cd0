/** Page objects: what a person sees and does on each page, in their words. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

/** Every page a journey visits is checked for accessibility. */
abstract class ThroughlinePage {
  constructor(readonly page: Page) {}
  async verify(heading: string | RegExp): Promise<this> {
    const h1 = (await this.page.locator('h1').first().textContent()) ?? '';
    if (typeof heading === 'string') expect(h1).toContain(heading);
    else expect(h1).toMatch(heading);
    await expectAccessible(this.page);
    return this;
  }
}

export class SignInPage extends ThroughlinePage {
  static async open(page: Page, baseUrl: string) {
    await page.goto(`${baseUrl}/sign-in`);
    return new SignInPage(page).verify('Sign in');
  }
  async signIn(email: string, password: string) {
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForLoadState();
    // People land on the board report; the journey goes on from the Problems link in the header.
    await this.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Problems' }).click();
    await this.page.waitForLoadState();
    return new ProblemListPage(this.page).verify('Problems');
  }
}

export class ProblemListPage extends ThroughlinePage {
  async addProblem() {
    await this.page.getByRole('button', { name: 'Add a problem' }).click();
    await this.page.waitForLoadState();
    return new ProblemFormPage(this.page).verify('Add a problem');
  }
  async filter(by: { theme?: string; affected?: string; status?: string }) {
    if (by.theme) await this.page.getByLabel('Theme').selectOption(by.theme);
    if (by.affected) await this.page.getByLabel('Who feels it').selectOption(by.affected);
    if (by.status) await this.page.getByLabel('Status').selectOption(by.status);
    await this.page.getByRole('button', { name: 'Filter problems' }).click();
    await this.page.waitForLoadState();
    return this.verify('Problems');
  }
  async titles(): Promise<string[]> {
    return this.page.locator('[data-testid="problem-list"] tbody tr td:first-child a').allTextContents();
  }
  async open(title: string) {
    await this.page.getByRole('link', { name: title }).click();
    await this.page.waitForLoadState();
    return new ProblemPage(this.page).verify(title);
  }
}

export class ProblemFormPage extends ThroughlinePage {
  async fill(p: {
    title: string; description: string; affected: string; group: string; severity: string; reach: string; themes: string;
    evidence?: { kind: string; summary: string; count?: string };
  }) {
    await this.page.getByLabel('Title').fill(p.title);
    await this.page.getByLabel('Description').fill(p.description);
    await this.page.getByRole('radio', { name: p.affected, exact: true }).check();
    await this.page.getByLabel('Which group (optional)').fill(p.group);
    await this.page.getByRole('group', { name: 'How severe is it?' }).getByLabel(p.severity, { exact: false }).first().check();
    await this.page.getByLabel('Reach: people affected per month').fill(p.reach);
    await this.page.getByLabel('Themes (optional)').fill(p.themes);
    if (p.evidence) {
      await this.page.getByLabel('Kind of evidence').selectOption({ label: p.evidence.kind });
      await this.page.getByLabel('Summary').fill(p.evidence.summary);
      if (p.evidence.count) await this.page.getByLabel('Count (optional)').fill(p.evidence.count);
    }
    return this;
  }
  async save() {
    await this.page.getByRole('button', { name: 'Save problem' }).click();
    await this.page.waitForLoadState();
    return new ProblemPage(this.page);
  }
  async saveExpectingErrors() {
    await this.page.getByRole('button', { name: 'Save problem' }).click();
    await this.page.waitForLoadState();
    return this.verify('Add a problem');
  }
  async errors(): Promise<string[]> {
    return this.page.locator('.nhsuk-error-summary__list li').allTextContents().then((l) => l.map((s) => s.trim()));
  }
}

export class ProblemPage extends ThroughlinePage {
  async evidence(): Promise<string[]> {
    return this.page.locator('[data-testid="evidence"] .nhsuk-card__description').allTextContents();
  }
  async history(): Promise<string[]> {
    return this.page.locator('[data-testid="history"] tbody tr').allTextContents().then((l) => l.map((s) => s.replace(/\s+/g, ' ').trim()));
  }
  async backToList() {
    await this.page.getByRole('link', { name: 'All problems' }).click();
    await this.page.waitForLoadState();
    return new ProblemListPage(this.page).verify('Problems');
  }
}

/** For `signedInPage`: sign in through the sign-in page, checked, on to the problems it lands on. */
export function throughSignInPage(baseUrl: string) {
  return async (page: Page, who: { email: string; password: string }) => (await SignInPage.open(page, baseUrl)).signIn(who.email, who.password);
}
