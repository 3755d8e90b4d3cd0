import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addPerson, addWeeklyMeasure, TEST_PASSWORD, uniqueCode } from '../support/builders.ts';
import { chromiumPath } from '../support/suites.ts';
import { addPeriods, periodStartOf } from '../../src/domain/period.ts';
import { addMonths } from '../../src/domain/system.ts';
import { openForBrowser, type BrowserTestApp, signedInPage } from './browser.ts';
import { AlignmentPage, CapabilitiesPage, CapabilityPage, MemberSystemPage, PrinciplesPage, RollupFormPage, SystemPage, contributeFromGoalForm, openDeclarationsFromInitiative } from './system-pages.ts';

describe.skipIf(!chromiumPath)('browser journey: an ICS lead sets principles, assesses capabilities and sees alignment; a member declares an exception', () => {
  let t: BrowserTestApp;
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
    for (const [i, m] of members.entries()) {
      const goal = await s.goals.create(m.editor.actor, m.org.id, { statement: `${m.org.name}: virtual wards take more patients` });
      await s.systems.setContribution(m.editor.actor, goal.id, homeGoal.id);
      await addWeeklyMeasure(s, m.editor.actor, goal.id, { name: 'Virtual ward admissions', improvementDirection: 'increase', definition: 'Admissions to a virtual ward in the week.' } as never, Array.from({ length: 20 }, (_, k) => 10 * (i + 1) + (k % 4)), lastWeek);
    }
    // A second goal of the first member, not yet linked: the member links it from the goal form.
    const dataGoal = await s.goals.create(members[0]!.editor.actor, members[0]!.org.id, { statement: `${label} North Trust: clinicians record observations once` });
    const caps = [];
    for (const name of ['Shared care record', 'E-prescribing', 'Rostering', 'Virtual wards']) caps.push(await s.systems.addCapability(leadActor, icb.id, { name }));
    await s.systems.putEntry(members[0]!.editor.actor, caps[3]!.id, members[0]!.org.id, { status: 'building', product: 'Own build' });
    await s.systems.putEntry(members[1]!.editor.actor, caps[3]!.id, members[1]!.org.id, { status: 'building', supplier: 'Partner' });
    // Contracts for e-prescribing end within 24 months in two members: a convergence opportunity.
    for (const [i, m] of members.slice(0, 2).entries()) await s.systems.putEntry(m.editor.actor, caps[1]!.id, m.org.id, { status: 'in_use', product: `EPMA ${i + 1}`, contractEnd: addMonths(s.clock().toISOString().slice(0, 10), 6 + i) });
    const initiative = await s.initiatives.create(members[0]!.editor.actor, members[0]!.org.id, { name: 'Remote monitoring', change: 'Nurses review readings each morning' });
    return { icb, lead, members, caps, initiative, dataGoal, expectedLatest: members.map((_, i) => 10 * (i + 1) + (19 % 4)) };
  }

  beforeAll(async () => {
    t = await openForBrowser('pglite');
    ({ browser, baseUrl } = t);
  }, 180_000);
  afterAll(() => t?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 240_000 }, async () => {
      const w = await setUp(javaScriptEnabled ? 'Scripted' : 'Plain');
      let page = await signedInPage(browser, baseUrl, { email: w.lead.email, password: TEST_PASSWORD }, { javaScriptEnabled });

      // Intent and principles.
      let principles = await PrinciplesPage.open(page, baseUrl, w.icb.code);
      principles = await principles.add('', '');
      expect(await principles.errors()).toContain('Enter the principle');
      principles = await principles.add('New interfaces use FHIR UK Core', 'One standard, built once');
      principles = await principles.add('Patients prove who they are with NHS login', 'One identity for patients');
      if (!javaScriptEnabled) {
        principles = await principles.change('New interfaces use FHIR UK Core', 'New interfaces use FHIR UK Core and open APIs');
        expect(await principles.titles()).toContain('New interfaces use FHIR UK Core and open APIs');
      } else {
        expect(await principles.titles()).toEqual(['New interfaces use FHIR UK Core', 'Patients prove who they are with NHS login']);
      }

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
        // The decision log is checked in one of the two runs, to keep the journey short.
        if (i === 0 && javaScriptEnabled) {
          const lead = `${javaScriptEnabled ? 'Scripted' : 'Plain'} ICS lead`;
          expect(await cap.decide('Run it once for the whole system', 'Common, standard and critical', lead)).toContain('Run it once');
          // The decision is in the decision log, with who was present.
          await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'decision log' }).click()]);
          await page.waitForLoadState();
          const logged = (await page.locator('main').textContent()) ?? '';
          expect(logged).toContain('Shared care record: run it once for the whole system');
          expect(logged).toContain(lead);
        }
      }

      // A capability a decision concerns cannot be deleted: its Delete link says why, and offers retiring it.
      if (javaScriptEnabled) {
        const shared = await CapabilityPage.open(page, baseUrl, w.caps[0]!.id, 'Shared care record');
        const refused = await (await shared.openDelete('Shared care record')).blocked();
        expect(refused).toContain('in the decision log concern');
        expect(refused).toContain('Retire Shared care record');
      }

      // The landscape on a phone (without JavaScript: the layout is CSS alone): the matrix
      // becomes a list and nothing scrolls sideways.
      if (!javaScriptEnabled) {
        await page.setViewportSize({ width: 320, height: 720 });
        const landscape = await CapabilitiesPage.open(page, baseUrl, w.icb.code);
        expect(await landscape.fitsWidth()).toBe(true);
        expect(await landscape.visibleMatrix()).toBe('list');
        expect(await landscape.text('convergence')).toContain('E-prescribing');
        await page.setViewportSize({ width: 1280, height: 720 });
        // Rostering is retired from its page: it stays readable, marked with the reason.
        const rostering = await CapabilityPage.open(page, baseUrl, w.caps[2]!.id, 'Rostering');
        expect(await rostering.retire('Rostering', 'Each trust keeps its own rota system')).toContain('Each trust keeps its own rota system');
      }

      // Rostering (retired in the run without JavaScript) is deleted from its page: the confirmation
      // says what goes with it, and the landscape no longer lists it.
      const confirm = await (await CapabilityPage.open(page, baseUrl, w.caps[2]!.id, 'Rostering')).openDelete('Rostering');
      expect(await confirm.goes()).toContain('No member has recorded an entry');
      expect(await confirm.goes()).toContain('The system-or-local assessment: Leave it to each member');
      const landscape = await confirm.delete();
      expect(await landscape.flash()).toContain('Capability deleted');
      expect(await landscape.mainText()).not.toContain('Rostering');
      expect(await landscape.mainText()).toContain('E-prescribing');

      // Alignment: what lines up, where nobody contributes, and duplication.
      const alignment = await AlignmentPage.open(page, baseUrl, w.icb.code);
      const goals = await alignment.goals();
      expect(goals.find((g) => g.includes('cared for at home'))).toContain('North Trust');
      expect(await alignment.text('uncontributed')).toContain('Staff enter data once');
      expect(await alignment.text('duplication')).toContain('Virtual wards');
      // A roll-up measure defined from the page; its chart agrees with the members' values.
      const rollup = await (await RollupFormPage.from(alignment)).addSum('Virtual ward admissions across the system', w.members.map((m) => m.org.id));
      expect(await rollup.hasChart()).toBe(true);
      const [total, ...each] = await rollup.latest();
      const names = await rollup.members();
      expect(each).toEqual(names.map((n) => String(w.expectedLatest[w.members.findIndex((m) => m.org.name === n)])));
      expect(total).toBe(String(w.expectedLatest.reduce((a, b) => a + b, 0)));

      // A member leaves the system: the lead ends its membership from the system's page (a last day
      // before the first is refused next to the field), then corrects the last day.
      const leaving = w.members[2]!.org.name;
      let system = await SystemPage.open(page, baseUrl, w.icb.code);
      expect(await system.membership(leaving)).toContain('Still a member');
      const end = await system.openMembershipEnd(new RegExp(`^End the membership of ${leaving}$`), `End ${leaving}’s membership`);
      expect(await end.summary()).toContain('First day 1 July 2022');
      expect(await end.saveExpectingError('2022-06-30', 'End the membership')).toContain('The last day must be the same as or after the first day');
      system = await end.save('2025-03-31', 'End the membership');
      expect(await system.flash()).toContain('Membership updated');
      expect(await system.membership(leaving)).toMatch(/1 July 2022 31 March 2025 Ended/);
      const correct = await system.openMembershipEnd(new RegExp(`^Change the last day of the membership of ${leaving} from 1 July 2022$`), `Correct the last day of ${leaving}’s membership`);
      expect(await correct.summary()).toContain('Last day 31 March 2025');
      system = await correct.save('2024-03-31', 'Save the last day');
      expect(await system.flash()).toContain('Membership updated');
      expect(await system.membership(leaving)).toMatch(/1 July 2022 31 March 2024 Ended/);

      // A member sees the principles and asks for an exception.
      await page.context().close();
      page = await signedInPage(browser, baseUrl, { email: w.members[0]!.editor.email, password: TEST_PASSWORD }, { javaScriptEnabled });
      const mine = await MemberSystemPage.open(page, baseUrl, w.members[0]!.org.code);
      expect(await mine.principles()).toContain('Patients prove who they are with NHS login');
      let declarations = await openDeclarationsFromInitiative(page, baseUrl, w.initiative.id);
      declarations = await declarations.declareException('NHS login', '');
      expect(await declarations.errors()).toContain('Enter the reason');
      declarations = await declarations.declareException('NHS login', 'The supplier adds NHS login next spring');
      expect(await declarations.stance('NHS login')).toContain('The supplier adds NHS login next spring');

      // The member links a goal to the system goal nobody served, from the goal form.
      await contributeFromGoalForm(page, baseUrl, w.dataGoal.id, 'Staff enter data once');
      const after = await AlignmentPage.open(page, baseUrl, w.icb.code);
      expect((await after.goals()).find((g) => g.includes('Staff enter data once'))).toContain('clinicians record observations once');
      expect(await after.text('exceptions')).toContain('The supplier adds NHS login next spring');
      await page.context().close();
    });
  }
});
