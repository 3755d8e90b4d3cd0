/** Page objects for the system journey: principles, a capability's assessment and decision, alignment, a roll-up, declarations. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible } from './browser.ts';

/** What a part of the page says, its white space collapsed. */
async function wordsIn(part: Locator): Promise<string> {
  return ((await part.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The notification banner a saved form comes back with. */
const flashOf = async (page: Page) => (await page.locator('.nhsuk-notification-banner').textContent()) ?? '';

async function arrive(page: Page, heading: string | RegExp): Promise<void> {
  await page.waitForLoadState();
  const h1 = (await page.locator('h1').first().textContent()) ?? '';
  if (typeof heading === 'string') expect(h1).toContain(heading);
  else expect(h1).toMatch(heading);
  await expectAccessible(page);
}

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()]);
}

export class PrinciplesPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/principles`);
    await arrive(page, 'Principles');
    return new PrinciplesPage(page);
  }
  async add(title: string, rationale: string) {
    await this.page.getByLabel('Principle', { exact: true }).fill(title);
    await this.page.getByLabel('Rationale').fill(rationale);
    await submit(this.page, 'Add principle');
    await arrive(this.page, 'Principles');
    return this;
  }
  /** Change a principle through its own form. */
  async change(title: string, newTitle: string) {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name: `Change or remove “${title}”` }).click()]);
    await arrive(this.page, 'Change the principle');
    await this.page.getByLabel('Principle', { exact: true }).fill(newTitle);
    await submit(this.page, 'Save principle');
    await arrive(this.page, 'Principles');
    return this;
  }
  async errors() {
    return (await this.page.locator('.nhsuk-error-summary').textContent()) ?? '';
  }
  async titles() {
    return this.page.getByTestId('principles').locator('h2').allTextContents();
  }
}

export class CapabilityPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, id: string, name: string) {
    await page.goto(`${baseUrl}/capabilities/${id}`);
    await arrive(page, name);
    return new CapabilityPage(page);
  }
  async rule() {
    return (await this.page.locator('.nhsuk-inset-text').textContent()) ?? '';
  }
  async score(scores: Record<'commonality' | 'standardisation' | 'interoperability' | 'localVariation', [number, string]>) {
    for (const [key, [n, reason]] of Object.entries(scores)) {
      await this.page.locator(`#${key}-score${n === 1 ? '' : `-${n}`}`).check();
      await this.page.locator(`#${key}-reason`).fill(reason);
    }
    await submit(this.page, 'Save scores');
    await arrive(this.page, /./);
    return this;
  }
  /** Retire the capability from its page, without JavaScript as with it; answers the retired notice. */
  async retire(name: string, reason: string) {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name: `Retire ${name}` }).click()]);
    await arrive(this.page, `Retire ${name}`);
    await this.page.getByLabel('Why is it retired?').fill(reason);
    await submit(this.page, 'Retire capability');
    await arrive(this.page, name);
    return (await this.page.getByTestId('retired').textContent()) ?? '';
  }
  async recommendation() {
    return (await this.page.getByTestId('recommendation').textContent()) ?? '';
  }
  /** Follow the capability's Delete link: the confirmation, or the page that says why it cannot go. */
  async openDelete(name: string) {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name: `Delete ${name}` }).click()]);
    await arrive(this.page, new RegExp(`^(Delete ${name}\\?|You cannot delete ${name})$`));
    return new CapabilityDeletePage(this.page);
  }
  async decide(choice: string, rationale: string, present: string) {
    await this.page.getByLabel(choice).check();
    await this.page.getByLabel('Rationale').fill(rationale);
    await this.page.getByRole('checkbox', { name: present }).check();
    await submit(this.page, 'Record decision');
    await arrive(this.page, /./);
    return (await this.page.getByTestId('decided').textContent()) ?? '';
  }
}

export class CapabilityDeletePage {
  constructor(readonly page: Page) {}
  /** What the confirmation says goes with the capability. */
  async goes() {
    return (await this.page.getByTestId('delete-goes').textContent()) ?? '';
  }
  /** Why the capability cannot be deleted, on the page that refuses it. */
  async blocked() {
    return (await this.page.getByTestId('delete-blocked').textContent()) ?? '';
  }
  /** Confirm: the landscape follows, without the capability. */
  async delete() {
    await submit(this.page, 'Delete capability');
    await arrive(this.page, 'Capabilities across');
    return new CapabilitiesPage(this.page);
  }
}

export class AlignmentPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/alignment`);
    await arrive(page, 'Alignment');
    return new AlignmentPage(page);
  }
  async text(testId: string) {
    return (await this.page.getByTestId(testId).first().textContent()) ?? '';
  }
  async goals() {
    return this.page.getByTestId('system-goal').allTextContents();
  }
  async openRollup(name: string) {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name }).click()]);
    await arrive(this.page, name);
    return new RollupPage(this.page);
  }
}

export class RollupPage {
  constructor(readonly page: Page) {}
  async hasChart() {
    return (await this.page.getByTestId('spc-chart').locator('svg').count()) > 0;
  }
  /** The members named in the contributions table, in its order. */
  async members() {
    return (await this.page.getByTestId('contributions').locator('thead th').allTextContents()).slice(2);
  }
  /** The latest row: the system's value and each member's. */
  async latest() {
    return this.page.getByTestId('contributions').locator('tbody tr').first().locator('td').allTextContents();
  }
}

export class DeclarationsPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, initiativeId: string) {
    await page.goto(`${baseUrl}/initiatives/${initiativeId}/principles`);
    await arrive(page, 'the system’s principles');
    return new DeclarationsPage(page);
  }
  async declareException(principle: string, reason: string) {
    const card = this.page.getByTestId('principle').filter({ hasText: principle });
    await card.getByLabel('Asks for an exception').check();
    await card.getByLabel('Reason (needed for an exception)').fill(reason);
    await Promise.all([this.page.waitForNavigation(), card.getByRole('button', { name: 'Save' }).click()]);
    await arrive(this.page, 'the system’s principles');
    return this;
  }
  async errors() {
    return (await this.page.locator('.nhsuk-error-summary').textContent()) ?? '';
  }
  async stance(principle: string) {
    return (await this.page.getByTestId('principle').filter({ hasText: principle }).getByTestId('stance').textContent()) ?? '';
  }
}

export class RollupFormPage {
  constructor(readonly page: Page) {}
  /** Follow the alignment page's link to the form. */
  static async from(alignment: AlignmentPage) {
    await Promise.all([alignment.page.waitForNavigation(), alignment.page.getByRole('link', { name: 'Add a roll-up measure' }).click()]);
    await arrive(alignment.page, 'Add a roll-up measure');
    return new RollupFormPage(alignment.page);
  }
  /** A sum of counts over the first count measure of each listed member. */
  async addSum(name: string, memberIds: readonly string[]) {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    await this.page.getByLabel('A sum of counts').check();
    await this.page.getByLabel('Higher is better').check();
    for (const id of memberIds) await this.page.locator(`#measure-${id}`).selectOption({ index: 1 });
    await submit(this.page, 'Add roll-up measure');
    await arrive(this.page, name);
    return new RollupPage(this.page);
  }
}

export class CapabilitiesPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/capabilities`);
    await arrive(page, 'Capabilities across');
    return new CapabilitiesPage(page);
  }
  /** Whether the page fits the viewport's width without scrolling sideways. */
  async fitsWidth() {
    return (await this.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')) === true;
  }
  async visibleMatrix(): Promise<'table' | 'list'> {
    return (await this.page.locator('.app-matrix__table').isVisible()) ? 'table' : 'list';
  }
  async text(testId: string) {
    return (await this.page.getByTestId(testId).first().textContent()) ?? '';
  }
  async flash() {
    return flashOf(this.page);
  }
  /** The page's main content, in words. */
  async mainText() {
    return (await this.page.locator('main').textContent()) ?? '';
  }
}

/** The system's own page: its memberships, each with a link to end it or correct its last day. */
export class SystemPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/system`);
    await arrive(page, 'the system');
    return new SystemPage(page);
  }
  async flash() {
    return flashOf(this.page);
  }
  /** A membership's row of the table, in words. */
  async membership(organisation: string) {
    const row = this.page.getByTestId('memberships').locator('tbody tr').filter({ hasText: organisation });
    return wordsIn(row);
  }
  /** Follow a membership's link, "End" while it lasts, "Change the last day" once it has one. */
  async openMembershipEnd(link: RegExp, heading: string) {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name: link }).click()]);
    await arrive(this.page, heading);
    return new MembershipEndPage(this.page, heading);
  }
}

/** The page that ends a membership or corrects its last day. */
export class MembershipEndPage {
  constructor(readonly page: Page, readonly heading: string) {}
  /** The membership's dates, as the page's summary says them. */
  async summary() {
    return wordsIn(this.page.locator('.nhsuk-summary-list'));
  }
  /** Send a last day the page refuses: it comes back with the message next to the field. */
  async saveExpectingError(lastDay: string, button: string) {
    await this.fillAndSend(lastDay, button);
    await arrive(this.page, this.heading);
    return wordsIn(this.page.locator('#to-error, .nhsuk-error-message').first());
  }
  /** Save the last day: the system's page follows. */
  async save(lastDay: string, button: string) {
    await this.fillAndSend(lastDay, button);
    await arrive(this.page, 'the system');
    return new SystemPage(this.page);
  }
  private async fillAndSend(lastDay: string, button: string) {
    await this.page.getByLabel('Last day').fill(lastDay);
    await submit(this.page, button);
  }
}

export class MemberSystemPage {
  constructor(readonly page: Page) {}
  static async open(page: Page, baseUrl: string, code: string) {
    await page.goto(`${baseUrl}/organisations/${code}/system`);
    await arrive(page, 'Your system');
    return new MemberSystemPage(page);
  }
  async principles() {
    return (await this.page.getByTestId('principles').textContent()) ?? '';
  }
}

/** A member's goal form: say which system goal the goal serves. */
export async function contributeFromGoalForm(page: Page, baseUrl: string, goalId: string, systemGoal: string) {
  await page.goto(`${baseUrl}/goals/${goalId}/edit`);
  await arrive(page, 'Change the goal');
  await page.getByLabel(/Which goal of .* does it serve/).selectOption({ label: systemGoal });
  await submit(page, 'Save goal');
  await page.waitForLoadState();
}

/** From an initiative's own page to its declarations against the system's principles. */
export async function openDeclarationsFromInitiative(page: Page, baseUrl: string, initiativeId: string) {
  await page.goto(`${baseUrl}/initiatives/${initiativeId}`);
  await page.waitForLoadState();
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /The system’s principles/ }).click()]);
  await arrive(page, 'the system’s principles');
  return new DeclarationsPage(page);
}
