/** Page objects for loading values from a file and reading the board report. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

async function verify(page: Page, heading: string): Promise<void> {
  expect((await page.locator('h1').first().textContent()) ?? '').toContain(heading);
  await expectAccessible(page);
}

async function follow(page: Page, click: () => Promise<void>): Promise<void> {
  await click();
  await page.waitForLoadState();
}

/** The upload page: a CSV file or pasted rows. */
export class UploadValuesPage {
  constructor(readonly page: Page) {}
  static async openFromGoals(page: Page) {
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Goals' }).click());
    await follow(page, () => page.getByRole('link', { name: 'Upload values' }).click());
    await verify(page, 'Upload values');
    return new UploadValuesPage(page);
  }
  async paste(csv: string) {
    await this.page.getByLabel('Or paste the values').fill(csv);
    return this.check();
  }
  async chooseFile(name: string, csv: string) {
    await this.page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    return this.check();
  }
  private async check() {
    await follow(this.page, () => this.page.getByRole('button', { name: 'Check the values' }).click());
    return new ValuesPreviewPage(this.page);
  }
}

/** The preview: errors to fix, or what storing will do. */
export class ValuesPreviewPage {
  constructor(readonly page: Page) {}
  async verifyReady() {
    await verify(this.page, 'Check the values before you store them');
    return this;
  }
  async verifyErrors() {
    await verify(this.page, 'Fix the file and upload it again');
    return this;
  }
  async summary(): Promise<string> {
    return ((await this.page.getByTestId('change-summary').textContent()) ?? '').trim();
  }
  async errorRows(): Promise<string[]> {
    const rows = await this.page.locator('table tbody tr').allTextContents();
    return rows.map((r) => r.replace(/\s+/g, ' ').trim());
  }
  async store() {
    await follow(this.page, () => this.page.getByRole('button', { name: 'Store these values' }).click());
    await verify(this.page, 'Values stored');
    return this.page;
  }
}

/** The board report, read the way a board member reads it. */
export class BoardReportPage {
  constructor(readonly page: Page) {}
  static async open(page: Page) {
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Board report' }).click());
    await verify(page, 'Board report');
    return new BoardReportPage(page);
  }
  async measureRow(name: string) {
    const row = this.page.getByTestId('board-measure').filter({ hasText: name });
    return {
      variation: await row.getAttribute('data-variation'),
      assurance: await row.getAttribute('data-assurance'),
      text: ((await row.textContent()) ?? '').replace(/\s+/g, ' '),
    };
  }
}
