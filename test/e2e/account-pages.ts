/** Page objects for the account pages: API tokens and changing a password. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

async function verify(page: Page, heading: string | RegExp): Promise<void> {
  const h1 = (await page.locator('h1').first().textContent()) ?? '';
  if (typeof heading === 'string') expect(h1).toContain(heading);
  else expect(h1).toMatch(heading);
  await expectAccessible(page);
}

async function follow(page: Page, click: () => Promise<void>): Promise<void> {
  await click();
  await page.waitForLoadState();
}

export class TokenListPage {
  constructor(readonly page: Page) {}
  static async fromMembers(page: Page): Promise<TokenListPage> {
    await follow(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Members' }).click());
    await verify(page, 'Members');
    await follow(page, () => page.getByRole('link', { name: 'API tokens' }).click());
    await verify(page, 'API tokens');
    return new TokenListPage(page);
  }
  async create(): Promise<TokenFormPage> {
    await follow(this.page, () => this.page.getByRole('button', { name: 'Create an API token' }).click());
    await verify(this.page, 'Create an API token');
    return new TokenFormPage(this.page);
  }
  async rows(): Promise<string[]> {
    return this.page.locator('[data-testid="token-list"] tbody tr').allTextContents();
  }
  async revoke(name: string): Promise<TokenListPage> {
    await follow(this.page, () => this.page.getByRole('link', { name: `Revoke ${name}` }).click());
    await verify(this.page, `Revoke the API token “${name}”`);
    await follow(this.page, () => this.page.getByRole('button', { name: 'Revoke token' }).click());
    await verify(this.page, 'API tokens');
    return this;
  }
}

export class TokenFormPage {
  constructor(readonly page: Page) {}
  async createExpectingErrors(): Promise<string[]> {
    await follow(this.page, () => this.page.getByRole('button', { name: 'Create token' }).click());
    await verify(this.page, 'Create an API token');
    return (await this.page.locator('.nhsuk-error-summary__list li').allTextContents()).map((s) => s.trim());
  }
  async fill(t: { name: string; role: string; days: string }): Promise<void> {
    await this.page.getByLabel('Name', { exact: true }).fill(t.name);
    await this.page.getByRole('radio', { name: new RegExp(`^${t.role}:`) }).check();
    await this.page.getByLabel('Expires after (days, optional)').fill(t.days);
  }
  async create(): Promise<{ secret: string; back(): Promise<TokenListPage> }> {
    await follow(this.page, () => this.page.getByRole('button', { name: 'Create token' }).click());
    await verify(this.page, 'API token created');
    const secret = await this.page.getByLabel('API token').inputValue();
    const page = this.page;
    return {
      secret,
      async back() {
        await follow(page, () => page.getByRole('link', { name: 'Back to API tokens' }).click());
        await verify(page, 'API tokens');
        return new TokenListPage(page);
      },
    };
  }
}

export class ChangePasswordPage {
  constructor(readonly page: Page) {}
  static async fromHeader(page: Page): Promise<ChangePasswordPage> {
    await follow(page, () => page.getByRole('link', { name: 'Change password' }).click());
    await verify(page, 'Change your password');
    return new ChangePasswordPage(page);
  }
  async change(p: { current: string; next: string; confirm: string }): Promise<string[]> {
    await this.page.getByLabel('Current password').fill(p.current);
    await this.page.getByLabel('New password', { exact: true }).fill(p.next);
    await this.page.getByLabel('Confirm new password').fill(p.confirm);
    await follow(this.page, () => this.page.getByRole('button', { name: 'Change password' }).click());
    await verify(this.page, 'Change your password');
    return (await this.page.locator('.nhsuk-error-summary__list li').allTextContents()).map((s) => s.trim());
  }
  async banner(): Promise<string> {
    return (await this.page.locator('.nhsuk-notification-banner').textContent()) ?? '';
  }
}
