import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';
import { addPeriods } from '../../src/domain/period.ts';

// Wednesday 11 June 2025: this week began on Monday 9 June; the last complete week on 2 June.
const NOW = new Date('2025-06-11T10:00:00Z');

const idFrom = (location: unknown) => String(location).split('/')[2]!.split('?')[0]!;

describe('goal and measure pages', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let editor: { email: string; actor: Actor };
  let viewer: { email: string; actor: Actor };
  let outsider: { email: string; actor: Actor };
  let problemId: string;
  let ownerId: string;

  async function signedIn(email: string): Promise<Browser> {
    const b = new Browser(t.app);
    const res = await b.signIn(email, TEST_PASSWORD);
    expect(res.statusCode).toBe(303);
    return b;
  }

  async function addGoal(overrides: Record<string, unknown> = {}) {
    return t.services.goals.create(editor.actor, org.id, {
      statement: 'Letters reach the GP within a day',
      problemIds: [problemId],
      ownerIds: [ownerId],
      ...overrides,
    });
  }

  async function addMeasure(goalId: string, overrides: Record<string, unknown> = {}) {
    return t.services.measures.create(editor.actor, goalId, {
      name: 'Letters sent within 24 hours',
      definition: 'Letters sent within 24 hours of discharge, divided by all discharges',
      unit: 'percentage',
      improvementDirection: 'increase',
      target: 90,
      frequency: 'weekly',
      dataSource: 'Synthetic data: made up for testing',
      ...overrides,
    });
  }

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => NOW);
    org = await addOrganisation(t.services, 'Alpha Trust');
    other = await addOrganisation(t.services, 'Beta Trust');
    editor = await addPerson(t.services, org, 'editor', 'Edna Editor');
    viewer = await addPerson(t.services, org, 'viewer', 'Vic Viewer');
    outsider = await addPerson(t.services, other, 'admin', 'Olu Outsider');
    ownerId = editor.actor.kind === 'user' ? editor.actor.userId : '';
    problemId = (
      await t.services.problems.create(
        editor.actor,
        org.id,
        buildProblem({ title: 'GPs wait days for discharge letters' }),
      )
    ).id;
  });
  afterAll(() => t?.close());

  it('sends people who are not signed in to the sign-in page', async () => {
    const res = await new Browser(t.app).get(`/organisations/${org.code}/goals`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/sign-in?next=');
  });

  it('sets a goal linked to a problem through the form, and shows it with its owners and history', async () => {
    const b = await signedIn(editor.email);
    const form = await b.get(`/organisations/${org.code}/goals/new?problemId=${problemId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('GPs wait days for discharge letters');
    expect(form.body).toMatch(new RegExp(`value="${problemId}" checked`));
    expect(form.body).toContain('Edna Editor');
    expect(form.body).toContain('Clinical');
    expect(form.body).toContain('Safe practice');
    const res = await b.submit(
      `/organisations/${org.code}/goals/new`,
      `/organisations/${org.code}/goals`,
      {
        statement: 'GPs get discharge letters within 24 hours, by March 2026',
        forWhom: 'patients leaving the medical wards',
        byWhen: '2026-03-31',
        problemIds: problemId,
        ownerIds: ownerId,
        wgll: 'safe_practice',
      },
    );
    expect(res.statusCode).toBe(303);
    const page = await b.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Goal set');
    expect(page.body).toContain('GPs get discharge letters within 24 hours, by March 2026');
    expect(page.body).toContain('31 March 2026');
    expect(page.body).toContain(`href="/problems/${problemId}"`);
    expect(page.body).toMatch(/Edna Editor <span class="app-meta">\(Clinical\)/);
    expect(page.body).not.toContain('Solution-first');
    expect(page.body).toMatch(/data-testid="history"[\s\S]*Created/);

    const problem = await b.get(`/problems/${problemId}`);
    expect(problem.body).toContain('GPs get discharge letters within 24 hours, by March 2026');
    expect(problem.body).toContain(`href="/goals/${idFrom(res.headers.location)}"`);
  });

  it('re-renders the goal form with the error summary and keeps what was typed', async () => {
    const b = await signedIn(editor.email);
    const res = await b.submit(
      `/organisations/${org.code}/goals/new`,
      `/organisations/${org.code}/goals`,
      {
        statement: '',
        forWhom: 'kept for whom',
        byWhen: '31/03/2026',
        problemIds: problemId,
      },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('href="#statement"');
    expect(res.body).toContain('href="#byWhen"');
    expect(res.body).toContain('value="kept for whom"');
    expect(res.body).toMatch(new RegExp(`value="${problemId}" checked`));
    expect(res.body).toMatch(/<title>Error: /);
  });

  it('flags a goal with no problem as solution-first, on the list and on its page', async () => {
    const goal = await addGoal({ statement: 'Buy a new patient portal', problemIds: [] });
    const b = await signedIn(viewer.email);
    const list = await b.get(`/organisations/${org.code}/goals`);
    expect(list.statusCode).toBe(200);
    const card = list.body
      .split('data-testid="goal"')
      .find((c) => c.includes('Buy a new patient portal'))!;
    expect(card).toContain('Solution-first: not linked to a problem');
    const page = await b.get(`/goals/${goal.id}`);
    expect(page.body).toContain('Solution-first: not linked to a problem');
  });

  it('unticking every problem on the edit form makes the goal solution-first', async () => {
    const goal = await addGoal({ statement: 'Goal to unlink' });
    const b = await signedIn(editor.email);
    const res = await b.submit(`/goals/${goal.id}/edit`, `/goals/${goal.id}/edit`, {
      statement: 'Goal to unlink',
      forWhom: '',
      byWhen: '',
    });
    expect(res.statusCode).toBe(303);
    const page = await b.get(`/goals/${goal.id}`);
    expect(page.body).toContain('Solution-first: not linked to a problem');
    expect(page.body).toMatch(/Problems:[\s\S]*GPs wait days for discharge letters/);
  });

  it('writes a check-in, with the current week as the default and clear errors', async () => {
    const goal = await addGoal({ statement: 'Goal with check-ins' });
    const b = await signedIn(editor.email);
    const page = await b.get(`/goals/${goal.id}`);
    expect(page.body).toMatch(/id="checkInPeriod" name="period"[^>]* value="2025-06-09"/);

    const bad = await b.submit(`/goals/${goal.id}`, `/goals/${goal.id}/check-ins`, {
      period: '2025-06-10',
      whatHappened: '',
      whatNext: 'Keep going',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('nhsuk-error-summary');
    expect(bad.body).toContain('href="#checkInPeriod"');
    expect(bad.body).toContain('href="#whatHappened"');
    expect(bad.body).toContain('href="#confidence"');
    expect(bad.body).toContain('weekly periods start on a Monday');
    expect(bad.body).toContain('Keep going');

    const ok = await b.submit(`/goals/${goal.id}`, `/goals/${goal.id}/check-ins`, {
      period: '2025-06-09',
      whatHappened: 'Ward 7 started sending letters electronically',
      whatNext: 'Ward 8 starts on Monday',
      confidence: '4',
    });
    expect(ok.statusCode).toBe(303);
    const after = await b.get(ok.headers.location as string);
    expect(after.body).toContain('Check-in saved');
    expect(after.body).toContain('Check-in for the week of 9 Jun 2025');
    expect(after.body).toContain('Ward 7 started sending letters electronically');
    expect(after.body).toContain('4 – confident');
    expect(after.body).toMatch(/data-testid="history"[\s\S]*Wrote a check-in/);

    const again = await b.submit(`/goals/${goal.id}`, `/goals/${goal.id}/check-ins`, {
      period: '2025-06-09',
      whatHappened: 'Wards 7 and 8 send letters electronically',
      whatNext: 'Ward 9 starts on Monday',
      confidence: '5',
    });
    expect(again.statusCode).toBe(303);
    const edited = await b.get(again.headers.location as string);
    expect(edited.body).toContain('Check-in updated: this week already had a check-in');
    expect(edited.body.match(/Check-in for the week of 9 Jun 2025/g)).toHaveLength(1);
    expect(edited.body).toContain('Wards 7 and 8 send letters electronically');
    expect(edited.body).toMatch(/data-testid="history"[\s\S]*check-in 2025-06-09: what happened/);
  });

  it('does not show the check-in, value or edit forms to a viewer who does not own the goal', async () => {
    const goal = await addGoal({ statement: 'Goal viewers can read' });
    const b = await signedIn(viewer.email);
    const page = await b.get(`/goals/${goal.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Save check-in');
    expect(page.body).not.toContain('Change the goal');
    const measure = await addMeasure(goal.id);
    const measurePage = await b.get(`/measures/${measure.id}`);
    expect(measurePage.statusCode).toBe(200);
    expect(measurePage.body).not.toContain('Save value');
    expect(measurePage.body).not.toContain('Add rebase');
    expect((await b.get(`/measures/${measure.id}/edit`)).statusCode).toBe(403);
    expect((await b.get(`/goals/${goal.id}/measures/new`)).statusCode).toBe(403);
    expect((await b.get(`/organisations/${org.code}/goals/new`)).statusCode).toBe(403);
  });

  it('adds a measure through the form, with errors first', async () => {
    const goal = await addGoal({ statement: 'Goal with a measure' });
    const b = await signedIn(editor.email);
    const form = await b.get(`/goals/${goal.id}/measures/new`);
    expect(form.body).toContain('Making Data Count (recommended)');
    expect(form.body).toContain('Edna Editor (Clinical)');
    const bad = await b.submit(`/goals/${goal.id}/measures/new`, `/goals/${goal.id}/measures`, {
      name: '',
      definition: 'Kept definition',
      target: 'lots',
      frequency: 'weekly',
      spcPreset: 'mdc',
    });
    expect(bad.statusCode).toBe(400);
    for (const id of ['name', 'unit', 'improvementDirection', 'target'])
      expect(bad.body).toContain(`href="#${id}"`);
    expect(bad.body).toContain('Kept definition');

    const ok = await b.submit(`/goals/${goal.id}/measures/new`, `/goals/${goal.id}/measures`, {
      name: 'Letters sent within 24 hours',
      definition: 'Letters sent within 24 hours of discharge, divided by all discharges',
      unit: 'percentage',
      improvementDirection: 'increase',
      target: '90',
      targetFrom: '2025-04-01',
      frequency: 'weekly',
      dataSource: 'Synthetic data: made up for this test',
      ownerUserId: ownerId,
      spcPreset: 'nhsr',
      baseline: '',
    });
    expect(ok.statusCode).toBe(303);
    const page = await b.get(ok.headers.location as string);
    expect(page.body).toContain('Measure added');
    expect(page.body).toContain('Source: Synthetic data: made up for this test');
    expect(page.body).toContain('NHS-R “plot the dots”');
    expect(page.body).toContain('90% from 2025-04-01');
    expect(page.body).toContain('No values yet');
    const goalPage = await b.get(`/goals/${goal.id}`);
    expect(goalPage.body).toContain('Letters sent within 24 hours');
  });

  it('enters a value with the form, corrects it, and shows the chart, table and icons', async () => {
    const goal = await addGoal({ statement: 'Goal with values' });
    const measure = await addMeasure(goal.id);
    await t.services.measures.recordValues(
      editor.actor,
      measure.id,
      Array.from({ length: 14 }, (_, i) => ({
        period: addPeriods('2025-05-26', 'weekly', i - 13),
        value: 70 + (i % 4),
      })),
    );
    const b = await signedIn(editor.email);
    const page = await b.get(`/measures/${measure.id}`);
    expect(page.body).toMatch(/id="valuePeriod" name="period"[^>]* value="2025-06-02"/);

    const bad = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/values`, {
      period: '2025-06-03',
      value: 'lots',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#valuePeriod"');
    expect(bad.body).toContain('href="#value"');
    expect(bad.body).toContain('value="lots"');

    const comma = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/values`, {
      period: '2025-06-09',
      value: '74,5',
    });
    expect(comma.statusCode).toBe(400);
    expect(comma.body).toMatch(/id="value-error"[\s\S]*?“74,5” uses a comma for decimals: use a full stop, like 74.5/);
    expect(comma.body).toMatch(/id="valuePeriod-error"[\s\S]*?2025-06-09 has not finished yet: the last period that may be entered is 2025-06-02/);

    const added = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/values`, {
      period: '2025-06-02',
      value: '74.5',
      note: '',
    });
    expect(added.statusCode).toBe(303);
    const shown = await b.get(added.headers.location as string);
    expect(shown.body).toContain('Value saved for week of 2 Jun 2025');
    expect(shown.body).toMatch(/data-testid="value-list"[\s\S]*week of 2 Jun 2025[\s\S]*74.5%/);
    expect(shown.body).toMatch(/<svg[^>]*class="app-spc-chart app-spc-chart--full"/);
    // The values and the chart's data are one table, not two.
    expect(shown.body.match(/data-testid="value-list"/g)).toHaveLength(1);
    expect(shown.body).not.toContain('data-testid="spc-table"');
    expect(shown.body).toContain('Lower process limit');
    expect(shown.body).toContain('No significant change: common cause variation');
    expect(shown.body).toContain('Target will be missed consistently');
    expect(shown.body).toMatch(/data-testid="reading">[^<]*common cause variation/);
    expect(shown.body).toMatch(/data-testid="history"[\s\S]*Entered a value/);

    const same = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/values`, {
      period: '2025-06-02',
      value: '74.5',
    });
    expect((await b.get(same.headers.location as string)).body).toContain(
      'No change: the value for week of 2 Jun 2025 was already stored',
    );
    const corrected = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/values`, {
      period: '2025-06-02',
      value: '75',
      note: 'recounted',
    });
    const after = await b.get(corrected.headers.location as string);
    expect(after.body).toContain('Value corrected for week of 2 Jun 2025');
    expect(after.body).toContain('recounted');
    expect((await t.services.measures.getWithValues(editor.actor, measure.id)).values).toHaveLength(
      15,
    );
  });

  it('adds and removes a rebase and an annotation on the measure page', async () => {
    const measure = await addMeasure((await addGoal({ statement: 'Goal with a rebase' })).id);
    await t.services.measures.recordValues(
      editor.actor,
      measure.id,
      Array.from({ length: 6 }, (_, i) => ({
        period: addPeriods('2025-06-02', 'weekly', i - 5),
        value: 50 + i,
      })),
    );
    const b = await signedIn(editor.email);
    const noReason = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/rebases`, {
      period: '2025-05-12',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#rebaseReason"');
    const notMonday = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/rebases`, {
      period: '2025-05-13',
      reason: 'x',
    });
    expect(notMonday.body).toContain('href="#rebasePeriod"');
    const ok = await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/rebases`, {
      period: '2025-05-12',
      reason: 'New triage went live',
    });
    expect(ok.statusCode).toBe(303);
    let page = await b.get(`/measures/${measure.id}`);
    expect(page.body).toMatch(
      /data-testid="rebase-list"[\s\S]*week of 12 May 2025[\s\S]*New triage went live/,
    );
    expect((await t.services.measures.get(editor.actor, measure.id)).rebases).toEqual([
      { period: '2025-05-12', reason: 'New triage went live' },
    ]);
    await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/rebases/remove`, {
      period: '2025-05-12',
    });
    expect((await t.services.measures.get(editor.actor, measure.id)).rebases).toEqual([]);

    const badNote = await b.submit(
      `/measures/${measure.id}`,
      `/measures/${measure.id}/annotations`,
      { period: '2025-05-19', label: '' },
    );
    expect(badNote.body).toContain('href="#annotationLabel"');
    await b.submit(`/measures/${measure.id}`, `/measures/${measure.id}/annotations`, {
      period: '2025-05-19',
      label: 'E-letters live',
    });
    page = await b.get(`/measures/${measure.id}`);
    expect(page.body).toMatch(/data-testid="annotation-list"[\s\S]*E-letters live/);
    expect(page.body).toMatch(/app-spc-chart__annotations[\s\S]*E-letters live/);
    const annotationId = (await t.services.measures.get(editor.actor, measure.id)).annotations[0]!
      .id;
    await b.submit(
      `/measures/${measure.id}`,
      `/measures/${measure.id}/annotations/${annotationId}/remove`,
      {},
    );
    expect((await t.services.measures.get(editor.actor, measure.id)).annotations).toEqual([]);
  });

  it('changes and deletes a measure and a goal after confirming', async () => {
    const goal = await addGoal({ statement: 'Goal to delete' });
    const measure = await addMeasure(goal.id, { name: 'Measure to delete' });
    const b = await signedIn(editor.email);
    const edit = await b.get(`/measures/${measure.id}/edit`);
    expect(edit.body).toContain('value="Measure to delete"');
    const changed = await b.submit(`/measures/${measure.id}/edit`, `/measures/${measure.id}/edit`, {
      name: 'Measure renamed',
      definition: 'd',
      unit: 'count',
      improvementDirection: 'decrease',
      frequency: 'weekly',
      spcPreset: 'mdc',
      target: '',
      targetFrom: '',
      dataSource: '',
      ownerUserId: '',
      baseline: '',
    });
    expect(changed.statusCode).toBe(303);
    expect((await b.get(`/measures/${measure.id}`)).body).toMatch(
      /History[\s\S]*Name:[\s\S]*Measure to delete[\s\S]*Measure renamed/,
    );
    expect((await b.get(`/measures/${measure.id}/delete`)).body).toContain(
      'Are you sure you want to delete the measure “Measure renamed”?',
    );
    const gone = await b.submit(
      `/measures/${measure.id}/delete`,
      `/measures/${measure.id}/delete`,
      {},
    );
    expect(gone.headers.location).toBe(`/goals/${goal.id}?saved=1#measures`);
    expect((await b.get(`/measures/${measure.id}`)).statusCode).toBe(404);

    expect((await b.get(`/goals/${goal.id}/delete`)).body).toContain(
      'Are you sure you want to delete the goal “Goal to delete”?',
    );
    const deleted = await b.submit(`/goals/${goal.id}/delete`, `/goals/${goal.id}/delete`, {});
    expect(deleted.headers.location).toBe(`/organisations/${org.code}/goals`);
    expect((await b.get(`/goals/${goal.id}`)).statusCode).toBe(404);
  });

  it('lists, adds, changes and deletes strategic objectives', async () => {
    const b = await signedIn(editor.email);
    const empty = await b.submit(
      `/organisations/${org.code}/objectives`,
      `/organisations/${org.code}/objectives`,
      { title: '', description: 'kept' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#title"');
    expect(empty.body).toContain('kept');
    const added = await b.submit(
      `/organisations/${org.code}/objectives`,
      `/organisations/${org.code}/objectives`,
      { title: 'Care closer to home', description: '' },
    );
    expect(added.statusCode).toBe(303);
    const list = await b.get(`/organisations/${org.code}/objectives`);
    expect(list.body).toContain('Care closer to home');
    const [objective] = await t.services.goals.listObjectives(editor.actor, org.id);
    expect((await b.get(`/organisations/${org.code}/goals/new`)).body).toContain(
      'Care closer to home',
    );
    await b.submit(
      `/organisations/${org.code}/objectives/${objective!.id}/edit`,
      `/organisations/${org.code}/objectives/${objective!.id}/edit`,
      { title: 'Care at home', description: 'Fewer trips' },
    );
    expect((await b.get(`/organisations/${org.code}/objectives`)).body).toContain('Care at home');
    expect(
      (await b.get(`/organisations/${org.code}/objectives/${objective!.id}/delete`)).body,
    ).toContain('Are you sure you want to delete the objective “Care at home”?');
    await b.submit(
      `/organisations/${org.code}/objectives/${objective!.id}/delete`,
      `/organisations/${org.code}/objectives/${objective!.id}/delete`,
      {},
    );
    expect(await t.services.goals.listObjectives(editor.actor, org.id)).toEqual([]);
    const viewing = await signedIn(viewer.email);
    expect((await viewing.get(`/organisations/${org.code}/objectives`)).body).not.toContain(
      'Add objective',
    );
  });

  it('lists a stale measure and a missing check-in on the due page', async () => {
    const goal = await addGoal({ statement: 'Goal that has gone quiet' });
    const measure = await addMeasure(goal.id, { name: 'Measure nobody updates' });
    await t.services.measures.recordValues(editor.actor, measure.id, [
      { period: '2025-04-07', value: 50 },
    ]);
    const b = await signedIn(viewer.email);
    const page = await b.get(`/organisations/${org.code}/due`);
    expect(page.statusCode).toBe(200);
    const rows = page.body.split('data-testid="due-item"');
    const stale = rows.find((r) => r.includes('Measure nobody updates'))!;
    expect(stale).toContain('Stale: no value for more than two weeks');
    expect(stale).toContain(
      'The latest value is for the week of 7 Apr 2025. The next is due for the week of 14 Apr 2025.',
    );
    expect(stale).toContain(`href="/measures/${measure.id}#enter-value"`);
    const checkIn = rows.find(
      (r) => r.includes('Weekly check-in') && r.includes('Goal that has gone quiet'),
    )!;
    expect(checkIn).toContain(
      'No check-in has been written yet. One is due for the week of 2 Jun 2025.',
    );
    expect(checkIn).toContain('None written yet');
    expect(checkIn).toContain('Edna Editor');
  });

  it('shows the Goals and Due items in the header', async () => {
    const b = await signedIn(editor.email);
    const page = await b.get(`/organisations/${org.code}/goals`);
    expect(page.body).toContain(`href="/organisations/${org.code}/goals"`);
    expect(page.body).toContain(`href="/organisations/${org.code}/due"`);
  });

  it('does not show another organisation’s goals or measures', async () => {
    const goal = await addGoal({ statement: 'Private to Alpha' });
    const measure = await addMeasure(goal.id);
    const b = await signedIn(outsider.email);
    for (const url of [
      `/organisations/${org.code}/goals`,
      `/organisations/${org.code}/goals/new`,
      `/organisations/${org.code}/objectives`,
      `/organisations/${org.code}/due`,
      `/goals/${goal.id}`,
      `/goals/${goal.id}/edit`,
      `/goals/${goal.id}/measures/new`,
      `/measures/${measure.id}`,
      `/measures/${measure.id}/edit`,
    ]) {
      expect(`${url} → ${(await b.get(url)).statusCode}`).toBe(`${url} → 404`);
    }
    const post = await b.submit(
      `/organisations/${other.code}/objectives`,
      `/measures/${measure.id}/values`,
      { period: '2025-06-02', value: '1' },
    );
    expect(post.statusCode).toBe(404);
    expect((await t.services.measures.getWithValues(editor.actor, measure.id)).values).toEqual([]);
  });
});
