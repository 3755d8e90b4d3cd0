import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestApp, type TestApp } from '../support/app.ts';
import { addPerson, addWeeklyMeasure, TEST_PASSWORD, uniqueCode } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { addPeriods, periodStartOf } from '../../src/domain/period.ts';
import { launchChromium, useScannerFor, serveForBrowser } from './browser.ts';
import { AlignmentPage, CapabilityPage, DeclarationsPage, PrinciplesPage } from './system-pages.ts';

describe.skipIf(!chromiumPath)('browser journey: an ICS lead sets principles, assesses capabilities and sees alignment; a member declares an exception', () => {
  let t: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let baseUrl: string;

  /** A fresh system per run: an ICB, three members, a system goal, capabilities, measures and a roll-up. */
  async function setUp(label: string) {
    const s = t.services;
    const icb = await s.organisations.add({ code: uniqueCode(), name: `${label} ICB`, type: 'icb' });
    const lead = await addPerson(s, icb, 'editor', `${label} ICS lead`);
    const members = [];
    for (const name of ['North Trust', 'South Trust', 'East Place']) {
      const org = await s.organisations.add({ code: uniqueCode(), name: `${label} ${name}`, type: name.endsWith('Place') ? 'place' : 'trust' });
      const editor = await addPerson(s, org, 'editor', `${label} ${name} editor`);
      await s.systems.addMembership(lead.actor, icb.id, { organisation: org.code, from: '2022-07-01' });
      members.push({ org, editor: { ...editor, actor: await s.systems.withCurrentReads(editor.actor) } });
    }
    const leadActor = await s.systems.withCurrentReads(lead.actor);
    const homeGoal = await s.goals.create(leadActor, icb.id, { statement: 'More people are cared for at home' });
    await s.goals.create(leadActor, icb.id, { statement: 'Staff enter data once' });
    const lastWeek = addPeriods(periodStartOf(s.clock(), 'weekly'), 'weekly', -1);
    const parts = [];
    for (const [i, m] of members.entries()) {
      const goal = await s.goals.create(m.editor.actor, m.org.id, { statement: `${m.org.name}: virtual wards take more patients` });
      await s.systems.setContribution(m.editor.actor, goal.id, homeGoal.id);
      const measure = await addWeeklyMeasure(s, m.editor.actor, goal.id, { name: 'Virtual ward admissions', improvementDirection: 'increase', definition: 'Admissions to a virtual ward in the week.' } as never, Array.from({ length: 20 }, (_, k) => 10 * (i + 1) + (k % 4)), lastWeek);
      parts.push({ measureId: measure.id });
    }
    await s.systems.createRollup(leadActor, icb.id, { name: 'Virtual ward admissions across the system', kind: 'sum', improvementDirection: 'increase', components: parts });
    const caps = [];
    for (const name of ['Shared care record', 'E-prescribing', 'Rostering', 'Virtual wards']) caps.push(await s.systems.addCapability(leadActor, icb.id, { name }));
    await s.systems.putEntry(members[0]!.editor.actor, caps[3]!.id, members[0]!.org.id, { status: 'building', product: 'Own build' });
    await s.systems.putEntry(members[1]!.editor.actor, caps[3]!.id, members[1]!.org.id, { status: 'building', supplier: 'Partner' });
    const initiative = await s.initiatives.create(members[0]!.editor.actor, members[0]!.org.id, { name: 'Remote monitoring', change: 'Nurses review readings each morning' });
    return { icb, lead, members, caps, initiative, expectedLatest: members.map((_, i) => 10 * (i + 1) + (19 % 4)) };
  }

  beforeAll(async () => {
    t = await openTestApp('pglite');
    baseUrl = await serveForBrowser(t.app);
    chromium = await launchChromium();
    browser = chromium.browser;
  }, 180_000);
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 240_000 }, async () => {
      const w = await setUp(javaScriptEnabled ? 'Scripted' : 'Plain');
      const context = await browser.newContext({ javaScriptEnabled });
      context.setDefaultTimeout(15_000);
      if (!javaScriptEnabled) await useScannerFor(context, browser);
      const page = await context.newPage();
      await signIn(page, w.lead.email);

      // Intent and principles.
      let principles = await PrinciplesPage.open(page, baseUrl, w.icb.code);
      principles = await principles.add('', '');
      expect(await principles.errors()).toContain('Enter the principle');
      principles = await principles.add('New interfaces use FHIR UK Core', 'One standard, built once');
      principles = await principles.add('Patients prove who they are with NHS login', 'One identity for patients');
      expect(await principles.titles()).toEqual(['New interfaces use FHIR UK Core', 'Patients prove who they are with NHS login']);

      // Three capabilities assessed to a recommendation, one decided.
      const plans: [number, string, Parameters<CapabilityPage['score']>[0], string][] = [
        [0, 'Shared care record', { commonality: [5, 'All need it'], standardisation: [4, 'Same process'], interoperability: [5, 'Care crosses borders'], localVariation: [1, 'Little gain'] }, 'Run it once for the whole system'],
        [1, 'E-prescribing', { commonality: [3, 'Some prescribe'], standardisation: [3, 'Differs'], interoperability: [3, 'Medicines move'], localVariation: [3, 'Wards differ'] }, 'Hybrid'],
        [2, 'Rostering', { commonality: [3, 'Some roster'], standardisation: [2, 'Terms differ'], interoperability: [1, 'Rarely crosses'], localVariation: [4, 'Own patterns'] }, 'Leave it to each member'],
      ];
      for (const [i, name, scores, expected] of plans) {
        const cap = await CapabilityPage.open(page, baseUrl, w.caps[i]!.id, name);
        expect(await cap.rule()).toContain('9 or more: run it once for the whole system');
        await cap.score(scores);
        expect(await cap.recommendation()).toContain(expected);
        if (i === 0) expect(await cap.decide('Run it once for the whole system', 'Common, standard and critical', `${javaScriptEnabled ? 'Scripted' : 'Plain'} ICS lead`)).toContain('Run it once');
      }

      // Alignment: what lines up, where nobody contributes, and duplication.
      const alignment = await AlignmentPage.open(page, baseUrl, w.icb.code);
      const goals = await alignment.goals();
      expect(goals.find((g) => g.includes('cared for at home'))).toContain('North Trust');
      expect(await alignment.text('uncontributed')).toContain('Staff enter data once');
      expect(await alignment.text('duplication')).toContain('Virtual wards');
      const rollup = await alignment.openRollup('Virtual ward admissions across the system');
      expect(await rollup.hasChart()).toBe(true);
      const [total, ...each] = await rollup.latest();
      expect(each).toEqual(w.expectedLatest.map(String));
      expect(total).toBe(String(w.expectedLatest.reduce((a, b) => a + b, 0)));

      // A member sees the principles and asks for an exception.
      await context.clearCookies();
      await signIn(page, w.members[0]!.editor.email);
      let declarations = await DeclarationsPage.open(page, baseUrl, w.initiative.id);
      declarations = await declarations.declareException('NHS login', '');
      expect(await declarations.errors()).toContain('Enter the reason');
      declarations = await declarations.declareException('NHS login', 'The supplier adds NHS login next spring');
      expect(await declarations.stance('NHS login')).toContain('The supplier adds NHS login next spring');
      await context.close();
    });
  }
});
