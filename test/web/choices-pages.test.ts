import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';
import { addQuarters, quarterOf, quarterStart } from '../../src/domain/quarter.ts';
import { INITIATIVES_PAGE } from '../../src/web/routes/choices/initiative-pages.ts';

describe('portfolio, initiative, stop list and decision pages', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let editor: { email: string; actor: Actor };
  let viewer: { email: string; actor: Actor };
  let outsider: { email: string; actor: Actor };
  const q = () => quarterOf(t.services.clock());

  async function signedIn(email: string): Promise<Browser> {
    const b = new Browser(t.app);
    expect((await b.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
    return b;
  }

  beforeAll(async () => {
    t = await openTestApp();
    org = await addOrganisation(t.services, 'Alpha Trust');
    other = await addOrganisation(t.services, 'Beta Trust');
    editor = await addPerson(t.services, org, 'editor', 'Eve Editor', 'digital');
    viewer = await addPerson(t.services, org, 'viewer');
    outsider = await addPerson(t.services, other, 'editor');
  });
  afterAll(() => t?.close());

  it('shows clear empty states before anything is set', async () => {
    const b = await signedIn(viewer.email);
    const portfolio = await b.get(`/organisations/${org.code}/portfolio`);
    expect(portfolio.statusCode).toBe(200);
    expect(portfolio.body).toContain('No capacity has been set yet');
    expect(portfolio.body).toContain('There are no initiatives yet');
    expect((await b.get(`/organisations/${org.code}/capacity`)).body).toContain('No capacity has been set for these quarters yet');
    expect((await b.get(`/organisations/${org.code}/stop-list`)).body).toContain('Nothing is on the stop list yet');
    expect((await b.get(`/organisations/${org.code}/decisions`)).body).toContain('No decision has been recorded yet');
    expect((await b.get(`/organisations/${org.code}/initiatives`)).body).toContain('There are no initiatives yet');
  });

  it('lets an editor set capacity, add initiatives, re-rank without JavaScript, stop an item and record a decision', async () => {
    const b = await signedIn(editor.email);
    const cap = await b.submit(`/organisations/${org.code}/capacity`, `/organisations/${org.code}/capacity`, { from: q(), [`c-${q()}-design`]: '6', [`c-${addQuarters(q(), 1)}-design`]: '6' });
    expect(cap.statusCode).toBe(303);
    const bad = await b.submit(`/organisations/${org.code}/capacity`, `/organisations/${org.code}/capacity`, { from: q(), [`c-${q()}-design`]: 'six' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain(`href="#c-${q()}-design"`);

    const noChange = await b.submit(`/organisations/${org.code}/initiatives/new`, `/organisations/${org.code}/initiatives`, { name: 'New app', change: '' });
    expect(noChange.statusCode).toBe(400);
    expect(noChange.body).toContain('technology alone is not an initiative');
    const add = (name: string, pw: string) =>
      b.submit(`/organisations/${org.code}/initiatives/new`, `/organisations/${org.code}/initiatives`, { name, change: `Nurses ${name} at the bedside`, [`d-${q()}-design`]: pw, [`d-${addQuarters(q(), 1)}-design`]: pw, 'score-patient_value': '5' });
    const first = await add('Record observations', '5');
    expect(first.statusCode).toBe(303);
    await add('Plan discharge', '4');
    let page = await b.get(`/organisations/${org.code}/portfolio?quarter=${addQuarters(q(), 1)}`);
    expect(page.body).toContain('1 now and 1 not now');
    expect(page.body).toContain('Not enough design capacity');

    const list = await t.services.initiatives.list(editor.actor, org.id);
    const second = list[1]!;
    const moved = await b.submit(`/organisations/${org.code}/portfolio`, `/initiatives/${second.id}/move`, { direction: 'up', quarter: addQuarters(q(), 1) });
    expect(moved.statusCode).toBe(303);
    expect((await t.services.initiatives.list(editor.actor, org.id))[0]!.id).toBe(second.id);
    const badRank = await b.submit(`/organisations/${org.code}/portfolio`, `/initiatives/${second.id}/rank`, { rank: '0' });
    expect(badRank.statusCode).toBe(400);
    expect(badRank.body).toContain('Enter a whole number from 1 to 2');

    const stop = await b.submit(`/organisations/${org.code}/stop-items/new`, `/organisations/${org.code}/stop-items`, {
      title: 'Paper observation charts',
      kind: 'report',
      reason: 'Observations are recorded at the bedside',
      stopOn: quarterStart(addQuarters(q(), 1)),
      'freed-design': '5',
      status: 'planned',
    });
    expect(stop.statusCode).toBe(303);
    const negative = await b.submit(`/organisations/${org.code}/stop-items/new`, `/organisations/${org.code}/stop-items`, { title: 'x', reason: 'y', stopOn: '2027-01-01', 'freed-data': '-2' });
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('cannot be negative');
    const item = (await t.services.stopItems.list(editor.actor, org.id))[0]!;
    expect((await b.submit(`/organisations/${org.code}/stop-list`, `/stop-items/${item.id}/stop`, {})).statusCode).toBe(303);
    page = await b.get(`/organisations/${org.code}/portfolio?quarter=${addQuarters(q(), 1)}`);
    expect(page.body).toContain('2 now and 0 not now');

    const nobody = await b.submit(`/organisations/${org.code}/decisions/new`, `/organisations/${org.code}/decisions`, { kind: 'stop', decidedOn: '2025-01-01', what: 'Stop paper charts', rationale: 'Frees design' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('a decision needs at least one person in the room');
    const userId = editor.actor.kind === 'user' ? editor.actor.userId : '';
    const recorded = await b.submit(`/organisations/${org.code}/decisions/new`, `/organisations/${org.code}/decisions`, {
      kind: 'stop',
      decidedOn: t.services.clock().toISOString().slice(0, 10),
      what: 'Stop paper charts',
      rationale: 'Frees design for discharge',
      present: userId,
      items: `stop_item:${item.id}`,
    });
    expect(recorded.statusCode).toBe(303);
    const log = await b.get(`/organisations/${org.code}/decisions`);
    expect(log.body).toContain('Stop paper charts');
    expect(log.body).toContain('Digital team only');
    const decision = (await t.services.decisions.list(editor.actor, org.id)).decisions[0]!;
    const shown = await b.get(`/decisions/${decision.id}`);
    expect(shown.body).toContain('Paper observation charts');
    expect(shown.body).toContain('cannot be changed or deleted');
  });

  it('refuses viewers’ changes and hides another organisation’s pages', async () => {
    const v = await signedIn(viewer.email);
    expect((await v.get(`/organisations/${org.code}/initiatives/new`)).statusCode).toBe(403);
    expect((await v.get(`/organisations/${org.code}/decisions/new`)).statusCode).toBe(403);
    const page = await v.get(`/organisations/${org.code}/portfolio`);
    expect(page.body).not.toContain('Move up');
    const o = await signedIn(outsider.email);
    const mine = (await t.services.initiatives.list(editor.actor, org.id))[0]!;
    expect((await o.get(`/initiatives/${mine.id}`)).statusCode).toBe(404);
    expect((await o.get(`/organisations/${org.code}/portfolio`)).statusCode).toBe(404);
    expect((await o.get(`/organisations/${org.code}/decisions`)).statusCode).toBe(404);
  });

  it('changes a stop item and the do-differently list with forms, each change in its history, editors only', async () => {
    const b = await signedIn(editor.email);
    const item = await t.services.stopItems.create(editor.actor, org.id, { title: 'Fax referrals', kind: 'contract', reason: 'e-Referral replaces it', stopOn: '2027-06-30', freed: [{ skill: 'engineering', personWeeks: 2 }] });
    const form = await b.get(`/stop-items/${item.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Fax referrals"');
    expect(form.body).toContain('id="freed-engineering" name="freed-engineering" type="text" value="2"');
    const bad = await b.submit(`/stop-items/${item.id}/edit`, `/stop-items/${item.id}/edit`, { title: 'Fax referrals', kind: 'contract', reason: 'e-Referral replaces it', stopOn: '2027-02-30', 'freed-engineering': '-1', status: 'planned' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#stopOn"');
    expect(bad.body).toContain('href="#freed-engineering"');
    expect((await t.services.stopItems.get(editor.actor, item.id)).stopOn).toBe('2027-06-30');
    const saved = await b.submit(`/stop-items/${item.id}/edit`, `/stop-items/${item.id}/edit`, { title: 'Fax referrals', kind: 'contract', reason: 'e-Referral replaces it', stopOn: '2027-03-31', 'freed-engineering': '3', status: 'planned' });
    expect(saved.statusCode).toBe(303);
    const changed = await t.services.stopItems.get(editor.actor, item.id);
    expect(changed).toMatchObject({ stopOn: '2027-03-31', freed: [{ skill: 'engineering', personWeeks: 3 }] });
    expect((await b.get(`/stop-items/${item.id}/edit`)).body).toMatch(/data-testid="history"[\s\S]*2027-06-30[\s\S]*2027-03-31/);

    const problem = await t.services.problems.create(editor.actor, org.id, buildProblem({ title: 'Referrals are retyped' }));
    const none = await b.submit(`/organisations/${org.code}/do-differently/new`, `/organisations/${org.code}/do-differently`, { title: '', description: 'x' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#title"');
    const added = await b.submit(`/organisations/${org.code}/do-differently/new`, `/organisations/${org.code}/do-differently`, { title: 'Clinicians triage referrals together', description: 'A weekly joint triage replaces retyping', problemIds: problem.id });
    expect(added.statusCode).toBe(303);
    const change = (await t.services.doDifferently.list(editor.actor, org.id)).find((c) => c.title === 'Clinicians triage referrals together')!;
    const list = await b.get(`/organisations/${org.code}/stop-list`);
    expect(list.body).toContain(`href="/do-differently/${change.id}/edit"`);
    expect(list.body).toContain(`href="/do-differently/${change.id}/delete"`);
    const edit = await b.get(`/do-differently/${change.id}/edit`);
    expect(edit.body).toContain('value="Clinicians triage referrals together"');
    expect(edit.body).toMatch(new RegExp(`value="${problem.id}" checked`));
    const blank = await b.submit(`/do-differently/${change.id}/edit`, `/do-differently/${change.id}/edit`, { title: ' ', description: 'A weekly joint triage replaces retyping' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('nhsuk-error-message');
    expect((await t.services.doDifferently.get(editor.actor, change.id)).title).toBe('Clinicians triage referrals together');
    // Unticking the problem unlinks it.
    expect((await b.submit(`/do-differently/${change.id}/edit`, `/do-differently/${change.id}/edit`, { title: 'Clinicians and clerks triage referrals together', description: 'A weekly joint triage replaces retyping' })).statusCode).toBe(303);
    expect(await t.services.doDifferently.get(editor.actor, change.id)).toMatchObject({ title: 'Clinicians and clerks triage referrals together', problemIds: [] });
    expect((await b.get(`/do-differently/${change.id}/edit`)).body).toMatch(/data-testid="history"[\s\S]*Clinicians and clerks triage/);

    const v = await signedIn(viewer.email);
    expect((await v.get(`/do-differently/${change.id}/edit`)).statusCode).toBe(403);
    expect((await v.get(`/do-differently/${change.id}/delete`)).statusCode).toBe(403);
    expect((await v.get(`/stop-items/${item.id}/edit`)).statusCode).toBe(403);
    expect((await v.get(`/organisations/${org.code}/stop-list`)).body).not.toContain(`/do-differently/${change.id}/edit`);
    const o = await signedIn(outsider.email);
    expect((await o.get(`/do-differently/${change.id}/edit`)).statusCode).toBe(404);
    expect((await o.get(`/do-differently/${change.id}/delete`)).statusCode).toBe(404);

    const confirm = await b.get(`/do-differently/${change.id}/delete`);
    expect(confirm.body).toContain('Are you sure you want to remove');
    expect((await b.submit(`/do-differently/${change.id}/delete`, `/do-differently/${change.id}/delete`, {})).statusCode).toBe(303);
    expect((await t.services.doDifferently.list(editor.actor, org.id)).some((c) => c.id === change.id)).toBe(false);
    expect((await b.get(`/organisations/${org.code}/stop-list?removed=1`)).body).toContain('Removed from the do-differently list');
    const audit = await t.storage.stores.audit.history('do_differently', [change.id], 10);
    expect(audit.map((e) => e.action)).toEqual(['deleted', 'updated', 'created']);
    expect(audit[0]!.changes.title).toEqual({ before: 'Clinicians and clerks triage referrals together', after: null });
  });

  it('lists initiatives a page at a time, in rank order', async () => {
    const big = await addOrganisation(t.services, 'Gamma Trust');
    const lead = await addPerson(t.services, big, 'editor');
    for (let n = 1; n <= INITIATIVES_PAGE + 1; n++) {
      await t.services.initiatives.create(lead.actor, big.id, { name: `Change ${String(n).padStart(2, '0')}`, change: `Teams work differently, step ${n}` });
    }
    const b = await signedIn(lead.email);
    const first = await b.get(`/organisations/${big.code}/initiatives`);
    expect(first.body).toContain(`${INITIATIVES_PAGE + 1} initiatives in rank order, page 1 of 2`);
    expect(first.body.match(/href="\/initiatives\/[^"]+"/g)).toHaveLength(INITIATIVES_PAGE);
    expect(first.body).toContain(`href="/organisations/${big.code}/initiatives?page=2"`);
    const second = await b.get(`/organisations/${big.code}/initiatives?page=2`);
    expect(second.body).toContain(`Change ${INITIATIVES_PAGE + 1}`);
    expect(second.body).not.toContain('Change 01<');
    expect((await b.get(`/organisations/${big.code}/initiatives?page=nonsense`)).statusCode).toBe(200);
  });

  it('lists initiatives on the goal and problem pages they serve', async () => {
    const problem = await t.services.problems.create(editor.actor, org.id, buildProblem({ title: 'Observations are written twice' }));
    const goal = await t.services.goals.create(editor.actor, org.id, { statement: 'Observations recorded once, at the bedside', problemIds: [problem.id] });
    await t.services.initiatives.create(editor.actor, org.id, { name: 'Bedside observations', change: 'Nurses record at the bedside', problemIds: [problem.id], goalIds: [goal.id] });
    const b = await signedIn(viewer.email);
    expect((await b.get(`/problems/${problem.id}`)).body).toContain('Bedside observations');
    expect((await b.get(`/goals/${goal.id}`)).body).toContain('Bedside observations');
  });

  it('lists on a measure page the initiatives expected to move it, with their hypothesis, and only those', async () => {
    const goal = await t.services.goals.create(editor.actor, org.id, { statement: 'Letters reach GPs within a day' });
    const measure = await t.services.measures.create(editor.actor, goal.id, { name: 'Letters sent within 24 hours', definition: 'Share of letters sent within 24 hours.', unit: 'percentage', frequency: 'weekly', improvementDirection: 'increase' });
    const unrelated = await t.services.measures.create(editor.actor, goal.id, { name: 'Letters typed', definition: 'Letters typed each week.', unit: 'count', frequency: 'weekly', improvementDirection: 'increase' });
    const byDate = quarterStart(addQuarters(q(), 2));
    await t.services.initiatives.create(editor.actor, org.id, { name: 'Letters written in clinic', change: 'Clinicians dictate the letter before the patient leaves', goalIds: [goal.id], hypotheses: [{ measureId: measure.id, expectation: 'Special-cause improvement in letters sent within 24 hours', byDate }] });
    const b = await signedIn(viewer.email);
    const page = (await b.get(`/measures/${measure.id}`)).body;
    expect(page).toMatch(/data-testid="measure-initiatives"[\s\S]*Letters written in clinic[\s\S]*Special-cause improvement in letters sent within 24 hours[\s\S]*by /);
    expect(page).toContain(byDate);
    const other = (await b.get(`/measures/${unrelated.id}`)).body;
    expect(other).not.toContain('Letters written in clinic');
    expect(other).toContain('No initiative has a hypothesis about this measure yet');
  });
});
