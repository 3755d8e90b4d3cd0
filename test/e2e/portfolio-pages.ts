/** Page objects for the portfolio journey: the portfolio, the stop list, the decision form and log. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState();
}

/** The portfolio of one quarter: the ranking against the capacity line. */
export class PortfolioPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string, quarter: string) {
    await page.goto(`${baseUrl}/organisations/${code}/portfolio?quarter=${quarter}`);
    return new PortfolioPage(page).verify();
  }
  async verify(): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Portfolio');
    await expectAccessible(this.page);
    return this;
  }
  private row(name: string) {
    return this.page.locator('[data-testid="ranked"]').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
  async order(): Promise<string[]> {
    return this.page.locator('[data-testid="ranked"] td:nth-child(2) a').allTextContents();
  }
  async placement(name: string): Promise<string | null> {
    return this.row(name).getAttribute('data-placement');
  }
  async why(name: string): Promise<string> {
    return (await this.row(name).locator('[data-testid="why"]').textContent().catch(() => '')) ?? '';
  }
  async capacity(skill: string): Promise<string> {
    return ((await this.page.locator(`[data-testid="capacity-${skill}"]`).textContent()) ?? '').trim();
  }
  async hasChart(): Promise<boolean> {
    return (await this.page.locator('[data-testid="capacity-chart"] svg[role="img"]').count()) === 1;
  }
  async moveUp(name: string) {
    await this.page.getByRole('button', { name: `Move up ${name}` }).click();
    await settle(this.page);
    return this.verify();
  }
  async setRank(name: string, rank: string) {
    await this.page.getByLabel(`New rank for ${name}`).fill(rank);
    await this.page.getByRole('button', { name: `Set rank for ${name}` }).click();
    await settle(this.page);
    return this.verify();
  }
  async errors(): Promise<string> {
    return (await this.page.locator('.nhsuk-error-summary').textContent()) ?? '';
  }
  async openStopList() {
    await this.page.getByRole('navigation', { name: 'Choices' }).getByRole('link', { name: 'Stop list and do differently' }).click();
    await settle(this.page);
    return new StopListPage(this.page).verify();
  }
  async recordDecision() {
    await this.page.getByRole('link', { name: 'Record a decision about this ranking' }).click();
    await settle(this.page);
    return new DecisionFormPage(this.page).verify();
  }
}

/** The stop list. */
export class StopListPage {
  constructor(readonly page: Page) {}
  async verify(): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Stop list');
    await expectAccessible(this.page);
    return this;
  }
  async markStopped(title: string) {
    await this.page.getByRole('button', { name: `Mark as stopped: ${title}` }).click();
    await settle(this.page);
    return this.verify();
  }
  async status(title: string): Promise<string | null> {
    return this.page.locator('[data-testid="stop-item"]').filter({ hasText: title }).getAttribute('data-status');
  }
}

/** The form that records a decision. */
export class DecisionFormPage {
  constructor(readonly page: Page) {}
  async verify(): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Record a decision');
    await expectAccessible(this.page);
    return this;
  }
  async fill(d: { what: string; rationale: string; options: string; members: string[]; guest?: { name: string; discipline: string }; concerns: string[] }) {
    await this.page.getByLabel('What was decided').fill(d.what);
    await this.page.getByLabel('Options considered (optional)').fill(d.options);
    await this.page.getByLabel('Why').fill(d.rationale);
    for (const m of d.members) await this.page.getByLabel(m).check();
    if (d.guest) {
      await this.page.locator('#guest-name-0').fill(d.guest.name);
      await this.page.locator('#guest-discipline-0').selectOption({ label: d.guest.discipline });
    }
    for (const c of d.concerns) await this.page.getByLabel(c).check();
    return this;
  }
  async saveExpectingErrors(): Promise<string> {
    await this.page.getByRole('button', { name: 'Record the decision' }).click();
    await settle(this.page);
    await this.verify();
    return (await this.page.locator('.nhsuk-error-summary').textContent()) ?? '';
  }
  async save() {
    await this.page.getByRole('button', { name: 'Record the decision' }).click();
    await settle(this.page);
    return new DecisionLogPage(this.page).verify();
  }
}

/** The decision log. */
export class DecisionLogPage {
  constructor(readonly page: Page) {}
  async verify(): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Decision log');
    await expectAccessible(this.page);
    return this;
  }
  async rows(): Promise<string[]> {
    return this.page.locator('[data-testid="decision"]').allTextContents();
  }
}
