/** Page objects of the story: the story, writing it, settings, versions and the public page. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

async function verify<T extends { page: Page }>(p: T, heading: string | RegExp): Promise<T> {
  const h1 = (await p.page.locator('h1').first().textContent()) ?? '';
  if (typeof heading === 'string') expect(h1).toContain(heading);
  else expect(h1).toMatch(heading);
  await expectAccessible(p.page);
  return p;
}

async function follow(page: Page, name: string | RegExp) {
  await page.getByRole('link', { name }).first().click();
  await page.waitForLoadState();
}

export class StoryPage {
  constructor(readonly page: Page) {}
  /** From any signed-in page, through the header's Story link. */
  static async openFromMenu(page: Page) {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Story' }).click();
    await page.waitForLoadState();
    return verify(new StoryPage(page), 'Our digital strategy');
  }
  sectionHeadings() {
    return this.page.locator('.app-story-body h2').allTextContents();
  }
  async write() {
    await follow(this.page, 'Write the mission and narrative');
    return verify(new StoryEditPage(this.page), 'Write the story');
  }
  async settings() {
    await follow(this.page, /^Story settings/);
    return verify(new StorySettingsPage(this.page), 'Story settings');
  }
  async publish(note: string) {
    await this.page.getByLabel('Note (optional)').fill(note);
    await this.page.getByRole('button', { name: 'Publish version' }).click();
    await this.page.waitForLoadState();
    return verify(new StoryPage(this.page), 'Our digital strategy');
  }
  flash() {
    return this.page.locator('.nhsuk-notification-banner').textContent();
  }
  async versions() {
    await follow(this.page, 'see and compare them');
    return verify(new VersionsPage(this.page), 'Published versions');
  }
}

export class StoryEditPage {
  constructor(readonly page: Page) {}
  async save(mission: string) {
    await this.page.getByLabel('Mission').fill(mission);
    await this.page.getByRole('button', { name: 'Save and check' }).click();
    await this.page.waitForLoadState();
    return verify(new StoryEditPage(this.page), 'Write the story');
  }
  readability() {
    return this.page.locator('[data-testid="readability-mission"]').textContent();
  }
  async backToStory() {
    await follow(this.page, 'Back to the story');
    return verify(new StoryPage(this.page), 'Our digital strategy');
  }
}

export class StorySettingsPage {
  constructor(readonly page: Page) {}
  async turnOnPublicPage() {
    await this.page.getByLabel('Show the latest published version on a public page').check();
    await this.page.getByRole('button', { name: 'Save settings' }).click();
    await this.page.waitForLoadState();
    return verify(new StorySettingsPage(this.page), 'Story settings');
  }
  async backToStory() {
    await follow(this.page, 'Back to the story');
    return verify(new StoryPage(this.page), 'Our digital strategy');
  }
}

export class VersionsPage {
  constructor(readonly page: Page) {}
  async compare() {
    await this.page.getByRole('button', { name: 'Compare' }).click();
    await this.page.waitForLoadState();
    return verify(new ComparePage(this.page), /compared with version/);
  }
}

export class ComparePage {
  constructor(readonly page: Page) {}
  groups() {
    return this.page.locator('h2').allTextContents();
  }
}

export class PublicStoryPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/public/${code}/strategy`);
    return verify(new PublicStoryPage(page), 'Our digital strategy');
  }
  text() {
    return this.page.locator('body').innerText();
  }
}
