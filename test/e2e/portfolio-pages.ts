/**
 * Page objects for the portfolio journey: the portfolio, the stop list, the decision form and log.
 * Each distinct page is scanned for accessibility once per run (`scan`); a page seen again after
 * a re-rank or a stop only checks its heading, which keeps the journey quick.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState();
}

/** The portfolio of one quarter: the ranking against the capacity line. */
export class PortfolioPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string, quarter: string, scan = true) {
    await page.goto(`${baseUrl}/organisations/${code}/portfolio?quarter=${quarter}`);
    return new PortfolioPage(page).verify(scan);
  }
  async verify(scan = true): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Portfolio');
    if (scan) await expectAccessible(this.page);
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
  async skillLine(skill: string): Promise<{ committed: string; demand: string }> {
    const cells = await this.page.locator(`[data-testid="skill-lines"] tr[data-skill="${skill}"] td`).allTextContents();
    return { committed: (cells[2] ?? '').trim(), demand: (cells[3] ?? '').trim() };
  }
  async lineSummary(): Promise<string> {
    return ((await this.page.getByTestId('line-summary').textContent()) ?? '').trim();
  }
  async moveUp(name: string) {
    await this.page.getByRole('button', { name: `Move up ${name}`, exact: true }).click();
    await settle(this.page);
    return this.verify(false);
  }
  async moveDown(name: string) {
    await this.page.getByRole('button', { name: `Move down ${name}`, exact: true }).click();
    await settle(this.page);
    return this.verify(false);
  }
  async setRank(name: string, rank: string, scan = false) {
    await this.page.getByLabel(`New rank for ${name}`, { exact: true }).fill(rank);
    await this.page.getByRole('button', { name: `Set rank for ${name}`, exact: true }).click();
    await settle(this.page);
    return this.verify(scan);
  }
  async errors(): Promise<string> {
    return (await this.page.locator('.nhsuk-error-summary').textContent()) ?? '';
  }
  async openStopList(scan = false) {
    await this.page.getByRole('navigation', { name: 'Choices' }).getByRole('link', { name: 'Stop list and do differently' }).click();
    await settle(this.page);
    return new StopListPage(this.page).verify(scan);
  }
  async recordDecision() {
    await this.page.getByRole('button', { name: 'Record a decision about this ranking' }).click();
    await settle(this.page);
    return new DecisionFormPage(this.page).verify(false);
  }
}

/** The stop list. */
export class StopListPage {
  constructor(readonly page: Page) {}
  async verify(scan = true): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Stop list');
    if (scan) await expectAccessible(this.page);
    return this;
  }
  async markStopped(title: string, scan = false) {
    await this.page.getByRole('button', { name: `Mark as stopped ${title}`, exact: true }).click();
    await settle(this.page);
    return this.verify(scan);
  }
  async status(title: string): Promise<string | null> {
    return this.page.locator('[data-testid="stop-item"]').filter({ hasText: title }).getAttribute('data-status');
  }
}

/** The form that records a decision. */
export class DecisionFormPage {
  constructor(readonly page: Page) {}
  async verify(scan = true): Promise<this> {
    expect(await this.page.locator('h1').textContent()).toContain('Record a decision');
    if (scan) await expectAccessible(this.page);
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
