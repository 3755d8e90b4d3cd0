import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Actor } from '../../src/domain/person.ts';
import { openTestApp, Browser, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, addWeeklyMeasure, buildProblem, TEST_PASSWORD } from '../support/builders.ts';

const NOW = new Date('2025-03-12T10:00:00Z');
const steady = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

describe('review pages', () => {
  let t: TestApp;
  let org: Organisation;
  let other: Organisation;
  let editor: { email: string; actor: Actor };
  let viewer: { email: string; actor: Actor };
  let outsider: { email: string; actor: Actor };
  let concernId: string;

  beforeAll(async () => {
    t = await openTestApp('pglite', {}, () => NOW);
    const s = t.services;
    org = await addOrganisation(s, 'Alpha Trust');
    other = await addOrganisation(s, 'Beta Trust');
    editor = await addPerson(s, org, 'editor', 'Edna Editor');
    viewer = await addPerson(s, org, 'viewer', 'Vic Viewer');
    outsider = await addPerson(s, other, 'editor', 'Olga Outsider');
    const editorId = editor.actor.kind === 'user' ? editor.actor.userId : '';
    const problem = await s.problems.create(editor.actor, org.id, buildProblem());
    const goal = await s.goals.create(editor.actor, org.id, { statement: 'Fewer missed appointments', problemIds: [problem.id], ownerIds: [editorId] });
    concernId = (await addWeeklyMeasure(s, editor.actor, goal.id, { name: 'Missed appointments', improvementDirection: 'decrease' }, [...steady, 30], '2025-03-03')).id;
  });
  afterAll(async () => t?.close());

  async function signedIn(who: { email: string }) {
    const b = new Browser(t.app);
    await b.signIn(who.email, TEST_PASSWORD);
    return b;
  }

  it('shows the queue with its evidence, and lets an editor open, decide and close a review', async () => {
    const b = await signedIn(editor);
    const queue = await b.get(`/organisations/${org.code}/review`);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Missed appointments');
    expect(queue.body).toContain('special-cause concern');
    const url = `/organisations/${org.code}/review`;
    const empty = await b.submit(url, `/organisations/${org.code}/reviews`, { heldOn: '2025-03-12' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('a review needs at least one person');
    const guestOnly = await b.submit(url, `/organisations/${org.code}/reviews`, { heldOn: '2025-03-12', guestName0: 'Pat Rep' });
    expect(guestOnly.body).toContain('Choose the guest’s discipline');
    const opened = await b.submit(url, `/organisations/${org.code}/reviews`, { heldOn: '2025-03-12', guestName0: 'Pat Rep', guestDiscipline0: 'patients_representative' });
    expect(opened.statusCode).toBe(303);
    const reviewUrl = opened.headers.location as string;
    const page = await b.get(reviewUrl);
    expect(page.body).toContain('Pat Rep');
    const key = `measure_concern:${concernId}`;
    const bad = await b.submit(reviewUrl, `${reviewUrl}/decisions`, { itemKey: key, outcome: 'continue', rationale: 'One-off', nextReviewDate: '2025-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The next review date must be in the future');
    expect(bad.body).toContain('href="#nextReviewDate-');
    const ok = await b.submit(reviewUrl, `${reviewUrl}/decisions`, { itemKey: key, outcome: 'continue', rationale: 'One-off', nextReviewDate: '2025-04-01' });
    expect(ok.statusCode).toBe(303);
    const after = await b.get(ok.headers.location as string);
    expect(after.body).toContain('The decision is recorded in the decision log');
    expect(after.body).toMatch(/data-testid="decided-item" data-key="measure_concern:/);
    const closed = await b.submit(reviewUrl, `${reviewUrl}/close`, {});
    expect(closed.statusCode).toBe(303);
    expect((await b.get(reviewUrl)).body).toContain('Left for next time');
    const board = await b.get(`/organisations/${org.code}/board-report`);
    expect(board.statusCode).toBe(200);
    expect(board.body).toMatch(/data-testid="board-decided-item"><strong>Continue<\/strong>: <a href="\/measures\/[^"]+">Missed appointments/);
    expect(board.body).toContain('data-testid="board-health"');
    expect(board.body).toContain('Decisions needed');
  });

  it('shows the health checks with why they matter, to viewers too', async () => {
    const b = await signedIn(viewer);
    const res = await b.get(`/organisations/${org.code}/health-checks`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Why it matters');
    expect(res.body).toContain('data-check="empty_stop_list" data-passed="false"');
    expect((await b.get(`/organisations/${org.code}/review`)).body).not.toContain('Open the review');
  });

  it('refuses bad settings with a message next to the field, and keeps them from viewers', async () => {
    const b = await signedIn(editor);
    const url = `/organisations/${org.code}/review-settings`;
    const bad = await b.submit(url, url, { frequency: 'weekly', maxPrioritiesNow: 'seven', problemPriorityThreshold: '8000', staleAfterPeriods: '2', buzzwords: 'AI' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be a whole number of 1 or more');
    const v = await signedIn(viewer);
    expect((await v.get(url)).body).not.toContain('Save the settings');
  });

  it('hides one organisation’s review from another', async () => {
    const b = await signedIn(outsider);
    expect((await b.get(`/organisations/${org.code}/review`)).statusCode).toBe(404);
    expect((await b.get(`/organisations/${org.code}/health-checks`)).statusCode).toBe(404);
  });
});
