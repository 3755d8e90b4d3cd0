import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, openTestApp, type TestApp } from '../support/app.ts';
import { addPerson, addWeeklyMeasure, TEST_PASSWORD, uniqueCode } from '../support/builders.ts';
import { addPeriods, periodStartOf } from '../../src/domain/period.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

/** The pages behind every write of the systems API: principles, capabilities, roll-ups, goals' contributions. */
describe('system editing pages', () => {
  let t: TestApp;
  let icb: Organisation;
  let other: Organisation;
  let lead: { email: string; actor: Actor };
  let lead2: Actor;
  const members: { org: Organisation; editor: { email: string; actor: Actor }; measureId: string }[] = [];
  let leadBrowser: Browser;
  let memberBrowser: Browser;
  let homeGoalId: string;
  let otherGoalId: string;

  beforeAll(async () => {
    t = await openTestApp('pglite');
    const s = t.services;
    icb = await s.organisations.add({ code: uniqueCode(), name: 'Edit ICB', type: 'icb' });
    other = await s.organisations.add({ code: uniqueCode(), name: 'Other ICB', type: 'icb' });
    lead = await addPerson(s, icb, 'editor', 'Edit lead');
    lead2 = (await addPerson(s, other, 'editor', 'Other lead')).actor;
    const lastWeek = addPeriods(periodStartOf(s.clock(), 'weekly'), 'weekly', -1);
    for (const [i, name] of ['Edit North Trust', 'Edit South Trust'].entries()) {
      const org = await s.organisations.add({ code: uniqueCode(), name, type: 'trust' });
      const editor = await addPerson(s, org, 'editor', `${name} editor`);
      await s.systems.addMembership(lead.actor, icb.id, { organisation: org.code, from: '2023-04-01' });
      const actor = await s.systems.withCurrentReads(editor.actor);
      const goal = await s.goals.create(actor, org.id, { statement: `${name}: more care at home` });
      const definition = i === 0 ? 'Admissions to a virtual ward in the week.' : 'Admissions to a virtual ward in the week';
      const m = await addWeeklyMeasure(s, actor, goal.id, { name: 'Virtual ward admissions', improvementDirection: 'increase', definition } as never, [10 + i, 11 + i, 12 + i, 13 + i], lastWeek);
      await addWeeklyMeasure(s, actor, goal.id, { name: 'Beds', improvementDirection: 'neutral', definition: `Beds open at ${name}` } as never, [5, 5, 5, 5], lastWeek);
      members.push({ org, editor: { ...editor, actor }, measureId: m.id });
    }
    const leadActor = await s.systems.withCurrentReads(lead.actor);
    homeGoalId = (await s.goals.create(leadActor, icb.id, { statement: 'More people are cared for at home' })).id;
    otherGoalId = (await s.goals.create(lead2, other.id, { statement: 'Another system’s goal' })).id;
    leadBrowser = new Browser(t.app);
    expect((await leadBrowser.signIn(lead.email, TEST_PASSWORD)).statusCode).toBe(303);
    memberBrowser = new Browser(t.app);
    expect((await memberBrowser.signIn(members[0]!.editor.email, TEST_PASSWORD)).statusCode).toBe(303);
  }, 60_000);
  afterAll(() => t?.close());

  const leadActor = () => t.services.systems.withCurrentReads(lead.actor);

  describe('principles', () => {
    let id: string;
    beforeAll(async () => {
      id = (await t.services.systems.addPrinciple(await leadActor(), icb.id, { title: 'Data stays in the UK', rationale: 'Law and trust' })).id;
    });

    it('lets the system’s editor change a principle, with the message next to the field when it is blank', async () => {
      const list = await leadBrowser.get(`/organisations/${icb.code}/principles`);
      expect(list.body).toContain(`href="/principles/${id}/edit"`);
      const blank = await leadBrowser.submit(`/principles/${id}/edit`, `/principles/${id}/edit`, { title: '', rationale: 'Law and trust' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('There is a problem');
      expect(blank.body).toContain('href="#title"');
      expect((await t.services.systems.getPrinciple(await leadActor(), id)).title).toBe('Data stays in the UK');
      const ok = await leadBrowser.submit(`/principles/${id}/edit`, `/principles/${id}/edit`, { title: 'Data is stored and processed in the UK', rationale: 'Law and trust' });
      expect(ok.statusCode).toBe(303);
      expect((await leadBrowser.get(ok.headers.location as string)).body).toContain('Data is stored and processed in the UK');
      const history = await t.storage.stores.audit.history('principle', [id], 10);
      expect(history.some((e) => e.action === 'updated')).toBe(true);
    });

    it('refuses a member organisation’s editor changing or removing the system’s principle', async () => {
      expect((await memberBrowser.get(`/principles/${id}/edit`)).statusCode).toBe(403);
      expect((await memberBrowser.get(`/organisations/${icb.code}/principles`)).body).not.toContain(`/principles/${id}/edit`);
      const post = await memberBrowser.submit(`/organisations/${members[0]!.org.code}/system`, `/principles/${id}/delete`, {});
      expect(post.statusCode).toBe(403);
      expect((await t.services.systems.listPrinciples(await leadActor(), icb.id)).map((p) => p.id)).toContain(id);
    });

    it('lets the system’s editor remove a principle', async () => {
      const gone = await t.services.systems.addPrinciple(await leadActor(), icb.id, { title: 'Paper forms only', rationale: 'A mistake' });
      const res = await leadBrowser.submit(`/principles/${gone.id}/edit`, `/principles/${gone.id}/delete`, {});
      expect(res.statusCode).toBe(303);
      expect((await leadBrowser.get(res.headers.location as string)).body).toContain('Principle removed');
      expect((await t.services.systems.listPrinciples(await leadActor(), icb.id)).map((p) => p.id)).not.toContain(gone.id);
    });
  });

  describe('an organisation’s own principles', () => {
    it('lets a trust’s editor add, change and remove its own principles from its system page, with the error summary', async () => {
      const trust = members[0]!.org;
      const systemPage = await memberBrowser.get(`/organisations/${trust.code}/system`);
      expect(systemPage.body).toContain(`href="/organisations/${trust.code}/principles"`);
      expect(systemPage.body).toContain('has set no principles of its own yet');
      const url = `/organisations/${trust.code}/principles`;
      const page = await memberBrowser.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Our own principles');
      expect(page.body).toContain(`href="/organisations/${icb.code}/principles"`);
      const blank = await memberBrowser.submit(url, url, { title: '', rationale: 'Staff asked for it' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('There is a problem');
      expect(blank.body).toContain('href="#title"');
      expect(blank.body).toContain('Staff asked for it');
      const added = await memberBrowser.submit(url, url, { title: 'We buy once and reuse', rationale: 'Staff asked for it' });
      expect(added.statusCode).toBe(303);
      const listed = await memberBrowser.get(added.headers.location as string);
      expect(listed.body).toContain('Principle added');
      const own = (await t.services.systems.listPrinciples(members[0]!.editor.actor, trust.id))[0]!;
      expect(own).toMatchObject({ systemId: trust.id, title: 'We buy once and reuse' });
      expect(listed.body).toContain(`href="/principles/${own.id}/edit"`);
      expect((await memberBrowser.get(`/organisations/${trust.code}/system`)).body).toContain('We buy once and reuse');
      const form = await memberBrowser.get(`/principles/${own.id}/edit`);
      expect(form.body).toContain(`href="/organisations/${trust.code}/principles"`);
      expect(form.body).not.toContain('Members’ declarations');
      const changed = await memberBrowser.submit(`/principles/${own.id}/edit`, `/principles/${own.id}/edit`, { title: 'We buy once and reuse across the trust', rationale: 'Staff asked for it' });
      expect(changed.statusCode).toBe(303);
      expect(changed.headers.location).toBe(`/organisations/${trust.code}/principles?done=changed`);
      const history = await t.storage.stores.audit.history('principle', [own.id], 10);
      expect(history.map((e) => e.action).sort()).toEqual(['created', 'updated']);
      const removed = await memberBrowser.submit(`/principles/${own.id}/edit`, `/principles/${own.id}/delete`, {});
      expect(removed.statusCode).toBe(303);
      expect(await t.services.systems.listPrinciples(members[0]!.editor.actor, trust.id)).toEqual([]);
    });

    it('refuses the trust’s viewer, its system’s editor and another organisation’s editor', async () => {
      const trust = members[0]!.org;
      const own = await t.services.systems.addPrinciple(members[0]!.editor.actor, trust.id, { title: 'Open standards first', rationale: 'So we can change supplier' });
      const viewer = await addPerson(t.services, trust, 'viewer', 'Edit North viewer');
      const viewerBrowser = new Browser(t.app);
      expect((await viewerBrowser.signIn(viewer.email, TEST_PASSWORD)).statusCode).toBe(303);
      const url = `/organisations/${trust.code}/principles`;
      const seen = await viewerBrowser.get(url);
      expect(seen.body).toContain('Open standards first');
      expect(seen.body).not.toContain('Add a principle');
      expect(seen.body).not.toContain(`/principles/${own.id}/edit`);
      // A viewer's page has no form: post with the token of a page that has one.
      expect((await viewerBrowser.submit('/account/password', url, { title: 'x', rationale: 'y' })).statusCode).toBe(403);
      expect((await viewerBrowser.get(`/principles/${own.id}/edit`)).statusCode).toBe(403);
      expect((await viewerBrowser.submit('/account/password', `/principles/${own.id}/delete`, {})).statusCode).toBe(403);
      // The system reads its member's principles but does not change them.
      expect((await leadBrowser.get(url)).body).not.toContain('Add a principle');
      expect((await leadBrowser.submit(`/organisations/${icb.code}/principles`, url, { title: 'x', rationale: 'y' })).statusCode).toBe(403);
      expect((await leadBrowser.submit(`/organisations/${icb.code}/principles`, `/principles/${own.id}/edit`, { title: 'x', rationale: 'y' })).statusCode).toBe(403);
      // Another organisation's editor sees nothing of it.
      const outsider = new Browser(t.app);
      const far = await addPerson(t.services, other, 'editor', 'Far editor');
      expect((await outsider.signIn(far.email, TEST_PASSWORD)).statusCode).toBe(303);
      expect((await outsider.get(url)).statusCode).toBe(404);
      expect((await outsider.get(`/principles/${own.id}/edit`)).statusCode).toBe(404);
      expect((await t.services.systems.listPrinciples(members[0]!.editor.actor, trust.id)).map((p) => p.title)).toEqual(['Open standards first']);
    });
  });

  describe('capabilities', () => {
    it('lets the system’s editor rename a capability and refuses a name already in the catalogue', async () => {
      const a = await t.services.systems.addCapability(await leadActor(), icb.id, { name: 'Rostering' });
      await t.services.systems.addCapability(await leadActor(), icb.id, { name: 'Imaging' });
      expect((await leadBrowser.get(`/capabilities/${a.id}`)).body).toContain(`href="/capabilities/${a.id}/edit"`);
      const clash = await leadBrowser.submit(`/capabilities/${a.id}/edit`, `/capabilities/${a.id}/edit`, { name: 'Imaging', description: '' });
      expect(clash.statusCode).toBe(400);
      expect(clash.body).toContain('Imaging is already in the catalogue');
      const ok = await leadBrowser.submit(`/capabilities/${a.id}/edit`, `/capabilities/${a.id}/edit`, { name: 'Rostering and e-rostering', description: 'Staff rotas' });
      expect(ok.statusCode).toBe(303);
      expect((await leadBrowser.get(ok.headers.location as string)).body).toContain('Rostering and e-rostering');
    });

    it('lets a member record its own entry but not change the catalogue', async () => {
      const c = await t.services.systems.addCapability(await leadActor(), icb.id, { name: 'E-prescribing' });
      expect((await memberBrowser.get(`/capabilities/${c.id}/edit`)).statusCode).toBe(403);
      const page = await memberBrowser.get(`/capabilities/${c.id}`);
      expect(page.body).toContain(`Where ${members[0]!.org.name} stands`);
      expect(page.body).not.toContain(`/capabilities/${c.id}/edit`);
      const res = await memberBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { organisation: members[0]!.org.code, status: 'in_use', product: 'EPMA', supplier: '', contractEnd: '2027-03-31', serves: 'partly', servesReason: 'Slow on wards' });
      expect(res.statusCode).toBe(303);
      expect((await leadBrowser.get(`/organisations/${icb.code}/capabilities`)).body).toContain('EPMA');
    });
  });

  describe('roll-up measures', () => {
    it('offers each current member’s count measures on the form, to the system’s editors only', async () => {
      const form = await leadBrowser.get(`/organisations/${icb.code}/rollups/new`);
      expect(form.statusCode).toBe(200);
      for (const m of members) expect(form.body).toContain(`name="measure-${m.org.id}"`);
      expect(form.body).toContain('Virtual ward admissions: Admissions to a virtual ward in the week');
      expect((await memberBrowser.get(`/organisations/${icb.code}/rollups/new`)).statusCode).toBe(403);
    });

    it('refuses measures whose definitions differ, next to the member’s field, storing nothing', async () => {
      const beds = (await t.services.measures.listForOrganisation(await leadActor(), members[1]!.org.id)).find((m) => m.name === 'Beds')!;
      const res = await leadBrowser.submit(`/organisations/${icb.code}/rollups/new`, `/organisations/${icb.code}/rollups`, {
        name: 'Admissions',
        shape: 'sum',
        improvementDirection: 'increase',
        goalId: '',
        [`measure-${members[0]!.org.id}`]: members[0]!.measureId,
        [`measure-${members[1]!.org.id}`]: beds.id,
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`href="#measure-${members[1]!.org.id}"`);
      expect(res.body).toContain('differs from that of');
      expect(await t.services.systems.listRollups(await leadActor(), icb.id)).toHaveLength(0);
      const none = await leadBrowser.submit(`/organisations/${icb.code}/rollups/new`, `/organisations/${icb.code}/rollups`, { name: '', shape: '', improvementDirection: '' });
      expect(none.statusCode).toBe(400);
      for (const href of ['#name', '#shape', '#improvementDirection']) expect(none.body).toContain(`href="${href}"`);
    });

    it('adds a roll-up whose chart agrees with its members’ values, and removes it', async () => {
      const res = await leadBrowser.submit(`/organisations/${icb.code}/rollups/new`, `/organisations/${icb.code}/rollups`, {
        name: 'Virtual ward admissions across the system',
        shape: 'sum',
        improvementDirection: 'increase',
        goalId: homeGoalId,
        ...Object.fromEntries(members.map((m) => [`measure-${m.org.id}`, m.measureId])),
      });
      expect(res.statusCode).toBe(303);
      const page = await leadBrowser.get(res.headers.location as string);
      expect(page.body).toContain('Roll-up measure added');
      expect(page.body).toContain('<svg');
      // The latest week: 13 + 14.
      expect(page.body).toMatch(/<td class="nhsuk-table__cell">27<\/td><td class="nhsuk-table__cell">13<\/td><td class="nhsuk-table__cell">14<\/td>/);
      const id = (res.headers.location as string).split('/')[2]!.split('?')[0]!;
      expect((await memberBrowser.submit(`/organisations/${members[0]!.org.code}/system`, `/rollups/${id}/delete`, {})).statusCode).toBe(403);
      const removed = await leadBrowser.submit(`/rollups/${id}`, `/rollups/${id}/delete`, {});
      expect(removed.statusCode).toBe(303);
      expect(await t.services.systems.listRollups(await leadActor(), icb.id)).toHaveLength(0);
    });
  });

  describe('a member’s goal and the system’s goals', () => {
    it('says on the goal form which system goal it serves', async () => {
      const org = members[0]!.org;
      const form = await memberBrowser.get(`/organisations/${org.code}/goals/new`);
      expect(form.body).toContain('Which goal of Edit ICB does it serve?');
      expect(form.body).toContain('More people are cared for at home');
      const res = await memberBrowser.submit(`/organisations/${org.code}/goals/new`, `/organisations/${org.code}/goals`, { statement: 'Frail people stay at home after a fall', systemGoalId: homeGoalId });
      expect(res.statusCode).toBe(303);
      const goalId = (res.headers.location as string).split('/')[2]!.split('?')[0]!;
      expect(await t.services.systems.contributionOf(members[0]!.editor.actor, goalId)).toBe(homeGoalId);
      const shown = await memberBrowser.get(`/goals/${goalId}`);
      expect(shown.body).toContain('Serves the system goal');
      expect(shown.body).toContain(`href="/goals/${homeGoalId}"`);
      const edit = await memberBrowser.get(`/goals/${goalId}/edit`);
      expect(edit.body).toMatch(new RegExp(`value="${homeGoalId}" selected`));
    });

    it('refuses a contribution to another system’s goal on the goal form, creating no goal', async () => {
      const org = members[0]!.org;
      const before = (await t.services.goals.list(members[0]!.editor.actor, org.id)).length;
      const res = await memberBrowser.submit(`/organisations/${org.code}/goals/new`, `/organisations/${org.code}/goals`, { statement: 'A goal for somebody else', systemGoalId: otherGoalId });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('href="#systemGoalId"');
      expect(res.body).toContain('Choose a goal of Edit ICB');
      expect(await t.services.goals.list(members[0]!.editor.actor, org.id)).toHaveLength(before);
    });
  });

  it('links an initiative to its declarations against the system’s principles', async () => {
    const initiative = await t.services.initiatives.create(members[0]!.editor.actor, members[0]!.org.id, { name: 'Remote monitoring', change: 'Nurses review readings each morning' });
    const page = await memberBrowser.get(`/initiatives/${initiative.id}`);
    expect(page.body).toContain(`href="/initiatives/${initiative.id}/principles"`);
  });

  it('ends a membership from the page, keeps it as history, and shows the member its move', async () => {
    const s = t.services;
    const mover = await s.organisations.add({ code: uniqueCode(), name: 'Moving Place', type: 'place' });
    const moverEditor = await addPerson(s, mover, 'viewer', 'Moving viewer');
    const m = await s.systems.addMembership(lead.actor, icb.id, { organisation: mover.code, from: '2024-04-01' });
    const page = `/organisations/${icb.code}/system`;
    expect((await leadBrowser.get(page)).body).toContain(`/memberships/${m.id}/end`);
    const early = await leadBrowser.submit(page, `/organisations/${icb.code}/memberships/${m.id}/end`, { to: '2024-03-01' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The last day must be the same as or after the first day');
    const end = new Date(Date.parse(`${s.clock().toISOString().slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const ended = await leadBrowser.submit(page, `/organisations/${icb.code}/memberships/${m.id}/end`, { to: end });
    expect(ended.statusCode).toBe(303);
    const after = await leadBrowser.get(page);
    expect(after.body).toContain('Ended');
    // An ended membership keeps its link, to correct the last day.
    expect(after.body).toMatch(new RegExp(`/memberships/${m.id}/end">Change the last day`));
    await s.systems.addMembership(lead2, other.id, { organisation: mover.code, from: s.clock().toISOString().slice(0, 10) });
    const viewer = new Browser(t.app);
    expect((await viewer.signIn(moverEditor.email, TEST_PASSWORD)).statusCode).toBe(303);
    const mine = await viewer.get(`/organisations/${mover.code}/system`);
    expect(mine.body).toContain('Your system: Other ICB');
    expect(mine.body).toContain('Membership history');
    expect(mine.body).toContain('Edit ICB');
    // The former system no longer reads the member's work, and the member no longer reads it.
    expect((await viewer.get(`/organisations/${icb.code}/principles`)).statusCode).toBe(404);
  });
});
