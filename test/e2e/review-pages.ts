/** Page objects of the review: the queue, a review meeting, and the health checks. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

async function verify(page: Page, heading: string): Promise<void> {
  expect((await page.locator('h1').first().textContent()) ?? '').toContain(heading);
  await expectAccessible(page);
}

export class ReviewQueuePage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/review`);
    await verify(page, 'Review');
    return new ReviewQueuePage(page);
  }
  async itemKinds(): Promise<string[]> {
    return this.page.locator('[data-testid="review-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
  }
  async openReview(people: string[], guest: { name: string; discipline: string }) {
    for (const p of people) await this.page.getByLabel(p, { exact: false }).first().check();
    await this.page.getByLabel('Guest 1 name').fill(guest.name);
    await this.page.getByLabel('Guest 1 discipline').selectOption({ label: guest.discipline });
    await this.page.getByRole('button', { name: 'Open the review' }).click();
    await this.page.waitForLoadState();
    await verify(this.page, 'Review of');
    return new ReviewMeetingPage(this.page);
  }
}

export class ReviewMeetingPage {
  constructor(readonly page: Page) {}
  private item(title: string) {
    return this.page.locator('[data-testid="decide-item"]').filter({ hasText: title });
  }
  async decide(title: string, d: { outcome: 'Continue' | 'Pivot' | 'Pause' | 'Stop'; rationale: string; nextReviewDate?: string }) {
    const item = this.item(title).first();
    await item.getByLabel(d.outcome, { exact: true }).check();
    await item.getByLabel('Reason, or what changes').fill(d.rationale);
    if (d.nextReviewDate) await item.getByLabel('Next review date').fill(d.nextReviewDate);
    await item.getByRole('button', { name: 'Record the decision' }).click();
    await this.page.waitForLoadState();
    await verify(this.page, 'Review of');
    return this;
  }
  async errors(): Promise<string> {
    return (await this.page.locator('.nhsuk-error-summary').textContent()) ?? '';
  }
  async decided(): Promise<string[]> {
    return this.page.locator('[data-testid="decided-item"]').allTextContents();
  }
  async close() {
    await this.page.getByRole('button', { name: 'Close the review' }).click();
    await this.page.waitForLoadState();
    await verify(this.page, 'Review of');
    return this;
  }
}

export class HealthChecksPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/health-checks`);
    await verify(page, 'Strategy health checks');
    return new HealthChecksPage(page);
  }
  async failing(): Promise<string[]> {
    return this.page.locator('[data-testid="health-check"][data-passed="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-check') ?? ''));
  }
}
