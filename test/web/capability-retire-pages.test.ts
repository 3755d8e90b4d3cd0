import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, openTestApp, type TestApp } from '../support/app.ts';
import { addPerson, TEST_PASSWORD, uniqueCode } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

const day = (offset: number, from = new Date()) => new Date(Date.parse(`${from.toISOString().slice(0, 10)}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** Pages to retire, bring back and delete capabilities, to end or correct a membership, and to record entries for several organisations. */
describe('capability, membership and entry pages', () => {
  let t: TestApp;
  let icb: Organisation;
  let other: Organisation;
  let north: Organisation;
  let south: Organisation;
  let east: Organisation;
  let lead: { email: string; actor: Actor };
  let otherLead: Actor;
  let leadBrowser: Browser;
  let memberBrowser: Browser;
  let viewerBrowser: Browser;
  let outsiderBrowser: Browser;
  let bothBrowser: Browser;

  const signedIn = async (email: string) => {
    const b = new Browser(t.app);
    expect((await b.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
    return b;
  };
  const leadActor = () => t.services.systems.withCurrentReads(lead.actor);
  const capability = async (name: string) => t.services.systems.addCapability(await leadActor(), icb.id, { name });

  beforeAll(async () => {
    t = await openTestApp('pglite');
    const s = t.services;
    icb = await s.organisations.add({ code: uniqueCode(), name: 'Moor ICB', type: 'icb' });
    other = await s.organisations.add({ code: uniqueCode(), name: 'Dale ICB', type: 'icb' });
    lead = await addPerson(s, icb, 'editor', 'Moor lead');
    otherLead = (await addPerson(s, other, 'editor', 'Dale lead')).actor;
    const orgs: Organisation[] = [];
    for (const name of ['Moor North Trust', 'Moor South Trust', 'Moor East Place']) {
      const org = await s.organisations.add({ code: uniqueCode(), name, type: name.endsWith('Place') ? 'place' : 'trust' });
      await s.systems.addMembership(lead.actor, icb.id, { organisation: org.code, from: '2023-04-01' });
      orgs.push(org);
    }
    [north, south, east] = orgs as [Organisation, Organisation, Organisation];
    // Members read each other's capabilities, so another member's entry is seen but not changed.
    await s.systems.setSharedAreas(lead.actor, icb.id, ['capabilities']);
    const member = await addPerson(s, north, 'editor', 'North editor');
    // One person edits two members: North and South.
    const southAdmin = (await addPerson(s, south, 'admin', 'South admin')).actor;
    await s.people.addMember(southAdmin, south.id, { email: member.email, name: 'North editor', role: 'editor', discipline: 'digital' });
    const viewer = await addPerson(s, icb, 'viewer', 'Moor viewer');
    const outsider = await addPerson(s, other, 'editor', 'Dale editor');
    const eastOnly = await addPerson(s, east, 'editor', 'East editor');
    leadBrowser = await signedIn(lead.email);
    bothBrowser = await signedIn(member.email);
    memberBrowser = await signedIn(eastOnly.email);
    viewerBrowser = await signedIn(viewer.email);
    outsiderBrowser = await signedIn(outsider.email);
  }, 60_000);
  afterAll(() => t?.close());

  describe('retiring a capability', () => {
    it('retires with a reason from the page, keeps its page marked retired, and brings it back', async () => {
      const c = await capability('Virtual wards');
      await t.services.systems.putEntry(await t.services.systems.withCurrentReads((await addPerson(t.services, north, 'editor')).actor), c.id, north.id, { status: 'building', product: 'Own build' });
      const page = await leadBrowser.get(`/capabilities/${c.id}`);
      expect(page.body).toContain(`href="/capabilities/${c.id}/retire"`);
      expect(page.body).toContain(`href="/capabilities/${c.id}/delete"`);
      const blank = await leadBrowser.submit(`/capabilities/${c.id}/retire`, `/capabilities/${c.id}/retire`, { reason: ' ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('There is a problem');
      expect(blank.body).toContain('href="#reason"');
      expect(blank.body).toContain('Enter the reason for retiring it');
      expect((await t.services.systems.getCapability(await leadActor(), c.id)).capability.retired).toBeNull();
      const done = await leadBrowser.submit(`/capabilities/${c.id}/retire`, `/capabilities/${c.id}/retire`, { reason: 'The region runs virtual wards now' });
      expect(done.statusCode).toBe(303);
      const shown = await leadBrowser.get(done.headers.location as string);
      expect(shown.body).toContain('Capability retired');
      expect(shown.body).toContain('data-testid="retired"');
      expect(shown.body).toContain('by Moor lead');
      expect(shown.body).toContain('The region runs virtual wards now');
      expect(shown.body).toContain('Own build');
      expect(shown.body).not.toContain(`action="/capabilities/${c.id}/assessment"`);
      expect(shown.body).not.toContain(`href="/capabilities/${c.id}/retire"`);
      // Out of the matrix, listed under retired capabilities; members no longer record entries on it.
      const matrix = await leadBrowser.get(`/organisations/${icb.code}/capabilities`);
      const retiredList = matrix.body.slice(matrix.body.indexOf('data-testid="retired"'));
      expect(matrix.body.slice(0, matrix.body.indexOf('id="retired"'))).not.toContain('Virtual wards');
      expect(retiredList).toContain(`href="/capabilities/${c.id}"`);
      expect((await bothBrowser.get(`/capabilities/${c.id}`)).body).not.toContain('data-testid="entry-form"');
      const back = await leadBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/restore`, {});
      expect(back.statusCode).toBe(303);
      expect((await leadBrowser.get(back.headers.location as string)).body).toContain('Capability brought back');
      expect((await leadBrowser.get(`/organisations/${icb.code}/capabilities`)).body).not.toContain('id="retired"');
      const history = await t.storage.stores.audit.history('capability', [c.id], 10);
      expect(history.filter((e) => 'retired' in e.changes)).toHaveLength(2);
    });

    it('refuses a member, a viewer, another system and a form without its CSRF token', async () => {
      const c = await capability('Imaging');
      for (const b of [bothBrowser, viewerBrowser]) {
        expect((await b.get(`/capabilities/${c.id}`)).body).not.toContain(`/capabilities/${c.id}/retire`);
        expect((await b.get(`/capabilities/${c.id}/retire`)).statusCode).toBe(403);
        expect((await b.get(`/capabilities/${c.id}/delete`)).statusCode).toBe(403);
        // Their pages have no such form: post with the token of a page that has one.
        expect((await b.submit('/account/password', `/capabilities/${c.id}/retire`, { reason: 'Mine now' })).statusCode).toBe(403);
        expect((await b.submit('/account/password', `/capabilities/${c.id}/delete`, {})).statusCode).toBe(403);
      }
      const retired = await capability('Cyber security');
      await t.services.systems.retireCapability(await leadActor(), retired.id, 'Run nationally');
      expect((await bothBrowser.submit('/account/password', `/capabilities/${retired.id}/restore`, {})).statusCode).toBe(403);
      expect((await outsiderBrowser.get(`/capabilities/${c.id}/retire`)).statusCode).toBe(404);
      expect((await outsiderBrowser.get(`/capabilities/${c.id}/delete`)).statusCode).toBe(404);
      expect((await outsiderBrowser.submit('/account/password', `/capabilities/${c.id}/delete`, {})).statusCode).toBe(404);
      expect((await outsiderBrowser.submit('/account/password', `/capabilities/${c.id}/retire`, { reason: 'x' })).statusCode).toBe(404);
      await leadBrowser.get(`/capabilities/${c.id}/retire`);
      const forged = await t.app.inject({ method: 'POST', url: `/capabilities/${c.id}/retire`, headers: { cookie: leadBrowser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'reason=forged' });
      expect(forged.statusCode).toBe(403);
      const noToken = await t.app.inject({ method: 'POST', url: `/capabilities/${c.id}/delete`, headers: { cookie: leadBrowser.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
      expect(noToken.statusCode).toBe(403);
      const still = await t.services.systems.getCapability(await leadActor(), c.id);
      expect(still.capability.retired).toBeNull();
      expect((await t.services.systems.getCapability(await leadActor(), retired.id)).capability.retired?.reason).toBe('Run nationally');
    });
  });

  describe('deleting a capability', () => {
    it('says what goes with it, then deletes it with its entries and assessment', async () => {
      const c = await capability('Rostering');
      const editor = await t.services.systems.withCurrentReads((await addPerson(t.services, south, 'editor')).actor);
      await t.services.systems.putEntry(editor, c.id, south.id, { status: 'in_use', product: 'RotaOne' });
      const score = { score: 2, reason: 'Written down' };
      await t.services.systems.putAssessment(await leadActor(), c.id, { commonality: score, standardisation: score, interoperability: score, localVariation: score });
      const confirm = await leadBrowser.get(`/capabilities/${c.id}/delete`);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('Delete Rostering?');
      expect(confirm.body).toContain('Moor South Trust: In use (RotaOne)');
      expect(confirm.body).toContain('Leave it to each member');
      expect(confirm.body).toContain(`href="/capabilities/${c.id}/retire"`);
      const gone = await leadBrowser.submit(`/capabilities/${c.id}/delete`, `/capabilities/${c.id}/delete`, {});
      expect(gone.statusCode).toBe(303);
      expect(gone.headers.location).toBe(`/organisations/${icb.code}/capabilities?done=deleted`);
      expect((await leadBrowser.get(gone.headers.location as string)).body).toContain('Capability deleted');
      expect((await leadBrowser.get(`/capabilities/${c.id}`)).statusCode).toBe(404);
      expect(await t.storage.stores.systems.listEntries([c.id])).toEqual([]);
      expect((await t.storage.stores.audit.history('capability', [c.id], 1))[0]).toMatchObject({ action: 'deleted' });
    });

    it('keeps a capability that a decision concerns, and offers to retire it instead', async () => {
      const c = await capability('Shared care record');
      const score = { score: 5, reason: 'Written down' };
      await t.services.systems.putAssessment(await leadActor(), c.id, { commonality: score, standardisation: score, interoperability: score, localVariation: { score: 1, reason: 'Little' } });
      const decision = await t.services.systems.decideCapability(await leadActor(), c.id, { decided: 'system', decidedOn: day(-1), rationale: 'Care crosses borders', present: [{ name: 'Pat Jones', discipline: 'digital' }] });
      const page = await leadBrowser.get(`/capabilities/${c.id}/delete`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('You cannot delete Shared care record');
      expect(page.body).toContain(`href="/decisions/${decision.id}"`);
      expect(page.body).toContain(`href="/capabilities/${c.id}/retire"`);
      expect(page.body).not.toContain(`action="/capabilities/${c.id}/delete"`);
      // Posting anyway (a form left open before the decision) is refused with the reason.
      const res = await leadBrowser.submit(`/capabilities/${c.id}/retire`, `/capabilities/${c.id}/delete`, {});
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('Retire it instead');
      expect((await leadBrowser.get(`/capabilities/${c.id}`)).statusCode).toBe(200);
    });
  });

  describe('ending and correcting a membership', () => {
    it('ends a current membership and corrects an ended one, with the API’s checks next to the field', async () => {
      const s = t.services;
      const mover = await s.organisations.add({ code: uniqueCode(), name: 'Moor West PCN', type: 'pcn' });
      const m = await s.systems.addMembership(lead.actor, icb.id, { organisation: mover.code, from: '2024-04-01' });
      const url = `/organisations/${icb.code}/memberships/${m.id}/end`;
      expect((await leadBrowser.get(`/organisations/${icb.code}/system`)).body).toContain(`href="${url}"`);
      const form = await leadBrowser.get(url);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('End Moor West PCN’s membership');
      const blank = await leadBrowser.submit(url, url, { to: '' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('href="#to"');
      expect(blank.body).toContain('Enter the last day of the membership');
      const early = await leadBrowser.submit(url, url, { to: '2024-03-01' });
      expect(early.statusCode).toBe(400);
      expect(early.body).toContain('href="#to"');
      expect(early.body).toMatch(/id="to-error"[^]*The last day must be the same as or after the first day/);
      const ended = await leadBrowser.submit(url, url, { to: '2025-03-31' });
      expect(ended.statusCode).toBe(303);
      // It joins another system the next day; a later last day would make it a member of two systems at once.
      await s.systems.addMembership(otherLead, other.id, { organisation: mover.code, from: '2025-04-01' });
      const system = await leadBrowser.get(`/organisations/${icb.code}/system`);
      expect(system.body).toContain('Change the last day');
      const correct = await leadBrowser.get(url);
      expect(correct.body).toContain('Correct the last day of Moor West PCN’s membership');
      expect(correct.body).toContain('value="2025-03-31"');
      expect(correct.body).toContain('Dale ICB: 1 April 2025 to still a member');
      const twoSystems = await leadBrowser.submit(url, url, { to: '2025-06-30' });
      expect(twoSystems.statusCode).toBe(400);
      expect(twoSystems.body).toMatch(/id="to-error"[^]*It is a member of Dale ICB from 2025-04-01 to now: an organisation belongs to one system at a time/);
      const reopen = await leadBrowser.submit(url, url, { to: '' });
      expect(reopen.statusCode).toBe(400);
      expect(reopen.body).toContain('one system at a time');
      const fixed = await leadBrowser.submit(url, url, { to: '2025-03-30' });
      expect(fixed.statusCode).toBe(303);
      const { memberships } = await s.systems.listMemberships(lead.actor, icb.id);
      expect(memberships.find((x) => x.id === m.id)).toMatchObject({ from: '2024-04-01', to: '2025-03-30' });
      const history = await s.systems.membershipHistory(lead.actor, icb.id);
      expect(history.filter((e) => e.entityId === m.id && e.action === 'updated').map((e) => e.changes.to)).toEqual([
        { before: '2025-03-31', after: '2025-03-30' },
        { before: null, after: '2025-03-31' },
      ]);
    });

    it('refuses a member, a viewer, another system and a membership of another system under this address', async () => {
      const { memberships } = await t.services.systems.listMemberships(lead.actor, icb.id);
      const m = memberships.find((x) => x.organisationId === north.id)!;
      const url = `/organisations/${icb.code}/memberships/${m.id}/end`;
      expect((await viewerBrowser.get(url)).statusCode).toBe(403);
      expect((await viewerBrowser.get(`/organisations/${icb.code}/system`)).body).not.toContain(url);
      expect((await bothBrowser.get(url)).statusCode).toBe(403);
      expect((await bothBrowser.submit('/account/password', url, { to: day(-1) })).statusCode).toBe(403);
      expect((await outsiderBrowser.get(url)).statusCode).toBe(404);
      expect((await outsiderBrowser.get(`/organisations/${other.code}/memberships/${m.id}/end`)).statusCode).toBe(404);
      expect((await outsiderBrowser.submit('/account/password', `/organisations/${other.code}/memberships/${m.id}/end`, { to: day(-1) })).statusCode).toBe(404);
      expect((await t.services.systems.listMemberships(lead.actor, icb.id)).memberships.find((x) => x.id === m.id)!.to).toBeNull();
    });
  });

  describe('entries for several organisations', () => {
    it('gives a person who edits two members a form for each, and records the one they choose', async () => {
      const c = await capability('E-prescribing');
      const page = await bothBrowser.get(`/capabilities/${c.id}`);
      expect(page.body).toContain('Where Moor North Trust stands');
      expect(page.body).toContain('Where Moor South Trust stands');
      expect(page.body).not.toContain('Where Moor East Place stands');
      expect(page.body).toContain(`id="${south.code}-product"`);
      const bad = await bothBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { organisation: south.code, status: 'in_use', product: '', supplier: '', contractEnd: '', serves: '', servesReason: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain(`href="#${south.code}-product"`);
      // The message sits in South's form, not North's.
      const southForm = bad.body.slice(bad.body.indexOf('Where Moor South Trust stands'));
      const northForm = bad.body.slice(bad.body.indexOf('Where Moor North Trust stands'), bad.body.indexOf('Where Moor South Trust stands'));
      expect(southForm).toContain('Enter the product or the supplier in use');
      expect(northForm).not.toContain('Enter the product or the supplier in use');
      const ok = await bothBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { organisation: south.code, status: 'in_use', product: 'EPMA South', supplier: '', contractEnd: '2027-03-31', serves: '', servesReason: '' });
      expect(ok.statusCode).toBe(303);
      const okNorth = await bothBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { organisation: north.code, status: 'needed', product: '', supplier: '', contractEnd: '', serves: '', servesReason: '' });
      expect(okNorth.statusCode).toBe(303);
      const entries = await t.storage.stores.systems.listEntries([c.id]);
      expect(entries.map((e) => [e.organisationId, e.status, e.product]).sort()).toEqual([[north.id, 'needed', ''], [south.id, 'in_use', 'EPMA South']].sort());
      const after = await bothBrowser.get(`/capabilities/${c.id}`);
      expect(after.body).toContain('Moor South Trust: In use: EPMA South');
      expect(after.body).toContain('Moor North Trust: Needed, nothing in place');
      expect(after.body).toMatch(new RegExp(`id="${south.code}-product"[^>]*value="EPMA South"|value="EPMA South"[^>]*id="${south.code}-product"`));
    });

    it('refuses a tampered choice of organisation, storing nothing', async () => {
      const c = await capability('Patient portal');
      const fields = { status: 'in_use', product: 'Tampered', supplier: '', contractEnd: '', serves: '', servesReason: '' };
      // Another member it reads but may not edit, the system itself, and an organisation it cannot see.
      expect((await bothBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { ...fields, organisation: east.code })).statusCode).toBe(403);
      expect((await bothBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { ...fields, organisation: icb.code })).statusCode).toBe(403);
      expect((await bothBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { ...fields, organisation: other.code })).statusCode).toBe(404);
      // A member's single editor gets the plain form, for its own organisation only.
      const single = await memberBrowser.get(`/capabilities/${c.id}`);
      expect(single.body).toContain('Where Moor East Place stands');
      expect(single.body).toContain('id="product"');
      expect((await memberBrowser.submit(`/capabilities/${c.id}`, `/capabilities/${c.id}/entry`, { ...fields, organisation: north.code })).statusCode).toBe(403);
      expect(await t.storage.stores.systems.listEntries([c.id])).toEqual([]);
    });
  });
});
