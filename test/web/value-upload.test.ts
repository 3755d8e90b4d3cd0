import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Browser, cookiesOf, csrfOf, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, buildProblem, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Measure } from '../../src/domain/measure.ts';
import type { Actor } from '../../src/domain/person.ts';

/** A multipart/form-data body, encoded by the platform's own FormData as a browser would. */
async function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string; type?: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([file.content], { type: file.type ?? 'text/csv' }), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

/** The value of a hidden field, as a browser would read it. */
function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('uploading values', () => {
  let t: TestApp;
  let org: Organisation;
  let editor: Actor;
  let editorEmail: string;
  let viewerEmail: string;
  let outsiderEmail: string;
  let weekly: Measure;
  let monthly: Measure;

  beforeAll(async () => {
    t = await openTestApp();
    org = await addOrganisation(t.services, 'Upload Trust');
    const added = await addPerson(t.services, org, 'editor', 'Edna Editor');
    editor = added.actor;
    editorEmail = added.email;
    viewerEmail = (await addPerson(t.services, org, 'viewer', 'Vic Viewer')).email;
    const other = await addOrganisation(t.services, 'Other Trust');
    outsiderEmail = (await addPerson(t.services, other, 'editor', 'Olu Outsider')).email;
    const problem = await t.services.problems.create(editor, org.id, buildProblem());
    const goal = await t.services.goals.create(editor, org.id, { statement: 'Letters reach GPs within a day by March 2026', problemIds: [problem.id] });
    const base = { definition: 'What is counted', unit: 'percentage', improvementDirection: 'increase' };
    weekly = await t.services.measures.create(editor, goal.id, { ...base, name: 'Letters sent within 24 hours', frequency: 'weekly' });
    monthly = await t.services.measures.create(editor, goal.id, { ...base, name: 'Patient satisfaction', frequency: 'monthly' });
  });
  afterAll(() => t?.close());

  const uploadUrl = () => `/organisations/${org.code}/values/upload`;
  const confirmUrl = () => `/organisations/${org.code}/values/confirm`;
  const stored = async (m: Measure) => (await t.services.measures.getWithValues(editor, m.id)).values;

  async function signedIn(email = editorEmail): Promise<Browser> {
    const b = new Browser(t.app);
    await b.signIn(email, TEST_PASSWORD);
    return b;
  }

  /** Post a multipart form from `formUrl` (taking its CSRF token unless `csrf` is given) to `action`. */
  async function post(b: Browser, formUrl: string, action: string, fields: Record<string, string>, file?: Parameters<typeof multipart>[1], csrf?: string): Promise<LightMyRequestResponse> {
    const page = await b.get(formUrl);
    const token = csrf ?? csrfOf(page.body);
    const body = await multipart(token ? { _csrf: token, ...fields } : fields, file);
    const res = await t.app.inject({
      method: 'POST',
      url: action,
      remoteAddress: b.remoteAddress,
      headers: { cookie: b.cookies, 'content-type': body.contentType },
      payload: body.payload,
    });
    b.cookies = cookiesOf(res, b.cookies);
    return res;
  }

  /** Submit the confirm form of a preview page as a browser would. */
  async function confirm(b: Browser, preview: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const body = await multipart({ _csrf: hiddenValue(preview.body, '_csrf'), measureId: hiddenValue(preview.body, 'measureId'), csv: hiddenValue(preview.body, 'csv') });
    const res = await t.app.inject({
      method: 'POST',
      url: confirmUrl(),
      remoteAddress: b.remoteAddress,
      headers: { cookie: b.cookies, 'content-type': body.contentType },
      payload: body.payload,
    });
    b.cookies = cookiesOf(res, b.cookies);
    return res;
  }

  it('sends people who are not signed in to the sign-in page', async () => {
    const res = await new Browser(t.app).get(uploadUrl());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(uploadUrl())}`);
  });

  it('shows the form with a file upload, a box to paste into, the measures and an example of each layout', async () => {
    const b = await signedIn();
    const res = await b.get(`${uploadUrl()}?measure=${monthly.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toMatch(/<input class="nhsuk-file-upload__input" id="file" name="file" type="file"/);
    expect(res.body).toContain('name="csv"');
    expect(res.body).toContain('name="_csrf"');
    expect(res.body).toMatch(new RegExp(`<option value="${monthly.id}" selected>Patient satisfaction \\(monthly\\)</option>`));
    expect(res.body).toContain('measure,period,value,note\nLetters sent within 24 hours,');
    expect(res.body).toContain('period,value,note\n');
    expect(res.body).toContain(`<code>${weekly.id}</code>`);
    expect(res.body).toContain('Weekly (Mondays)');
  });

  it('previews an uploaded file without storing it, then stores it on confirm and says what changed', async () => {
    const b = await signedIn();
    const csv = 'measure,period,value,note\nLetters sent within 24 hours,2025-06-02,80,\nPatient satisfaction,2025-05-01,91,"survey, May"\nletters sent within 24 hours,2025-06-09,82.5,\n';
    const preview = await post(b, uploadUrl(), uploadUrl(), { csv: '', measureId: '' }, { name: 'june.csv', content: csv });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Check the values before you store them');
    expect(preview.body).toContain('File: june.csv');
    expect(preview.body).toContain('This will add 3 values, change 0 and leave 0 unchanged.');
    expect(preview.body).toContain('data-testid="confirm-form"');
    expect(await stored(weekly)).toEqual([]);
    expect(hiddenValue(preview.body, 'csv')).toBe(csv);

    const done = await confirm(b, preview);
    expect(done.statusCode).toBe(303);
    const result = await b.get(done.headers.location as string);
    expect(result.body).toContain('Values stored');
    expect(result.body).toContain('Added 3, changed 0, unchanged 0.');
    expect(await stored(weekly)).toEqual([
      { period: '2025-06-02', value: 80, note: '' },
      { period: '2025-06-09', value: 82.5, note: '' },
    ]);
    expect(await stored(monthly)).toEqual([{ period: '2025-05-01', value: 91, note: 'survey, May' }]);

    // The same file again: the preview and the result both say nothing changes.
    const again = await post(b, uploadUrl(), uploadUrl(), {}, { name: 'june.csv', content: csv });
    expect(again.body).toContain('This will add 0 values, change 0 and leave 3 unchanged.');
    expect(again.body).toContain('Every value in this file is already stored');
    expect(again.body).not.toContain('data-testid="confirm-form"');
    const repeat = await confirm(b, preview);
    const repeated = await b.get(repeat.headers.location as string);
    expect(repeated.body).toContain('Nothing changed: every value was already stored (3 values).');
  });

  it('previews pasted values of one chosen measure, warns of replaced values, and stores them', async () => {
    const b = await signedIn();
    await t.services.measures.recordValues(editor, weekly.id, [{ period: '2025-03-03', value: 10 }]);
    const preview = await post(b, uploadUrl(), uploadUrl(), { csv: 'period\tvalue\n2025-03-03\t11\n2025-03-10\t12\n', measureId: weekly.id });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('This will add 1 value, change 1 and leave 0 unchanged.');
    expect(preview.body).toContain('Stored values will be replaced');
    const done = await confirm(b, preview);
    const result = await b.get(done.headers.location as string);
    expect(result.body).toContain('Added 1, changed 1, unchanged 0.');
    expect((await stored(weekly)).filter((v) => v.period.startsWith('2025-03'))).toEqual([
      { period: '2025-03-03', value: 11, note: '' },
      { period: '2025-03-10', value: 12, note: '' },
    ]);
  });

  it('lists every problem by row and column with the NHS error summary, and stores nothing', async () => {
    const b = await signedIn();
    const csv = [
      'measure,period,value',
      'Letters sent within 24 hours,2025-07-07,ninety',
      'Letters sent within 24 hours,2025-07-08,90',
      'Letters sent within 24 hours,2099-01-05,90',
      'Beds free,2025-07-07,3',
      'Letters sent within 24 hours,2025-07-14,1',
      'Letters sent within 24 hours,2025-07-14,2',
      'Patient satisfaction,2025-07-01,90',
    ].join('\n');
    const res = await post(b, uploadUrl(), uploadUrl(), {}, { name: 'bad.csv', content: csv });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('href="#row-errors"');
    expect(res.body).toContain('The file has 5 problems. Nothing has been stored.');
    expect(res.body).toMatch(/<title>Error: Fix the file and upload it again/);
    const rows = [...res.body.matchAll(/<tr class="nhsuk-table__row" data-testid="row-error">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ['2', 'value', '“ninety” is not a number: write digits with a full stop for decimals, like 33.5'],
      ['3', 'period', '2025-07-08 is not the start of a week: weekly periods start on a Monday (2025-07-07)'],
      ['4', 'period', expect.stringMatching(/^2099-01-05 is in the future: the last period that may be entered is \d{4}-\d{2}-\d{2} \(week of /)],
      ['5', 'measure', 'Unknown measure “Beds free”: use the name or id of one of this organisation’s measures'],
      ['7', 'period', 'Duplicate of row 6: Letters sent within 24 hours has 2025-07-14 twice. Keep one row for each measure and period'],
    ]);
    expect(res.body).not.toContain('data-testid="confirm-form"');
    expect((await stored(monthly)).some((v) => v.period === '2025-07-01')).toBe(false);
  });

  it('names each row whose value breaks the number format or the unit’s bounds in the preview', async () => {
    const b = await signedIn();
    const res = await post(b, uploadUrl(), uploadUrl(), { csv: 'period,value\n2025-03-03,"33,5"\n2025-03-10,"1,000"\n2025-03-17,101\n2025-03-24,50\n', measureId: weekly.id });
    expect(res.statusCode).toBe(400);
    const rows = [...res.body.matchAll(/<tr class="nhsuk-table__row" data-testid="row-error">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ['2', 'value', '“33,5” uses a comma for decimals: use a full stop, like 33.5'],
      ['3', 'value', expect.stringContaining('thousands separator')],
      ['4', 'value', '101 is not a percentage: enter a number from 0 to 100'],
    ]);
    expect((await stored(weekly)).some((v) => v.period === '2025-03-24')).toBe(false);
  });

  it('refuses a tampered confirmation the same way: it checks the file again and stores nothing', async () => {
    const b = await signedIn();
    const res = await post(b, uploadUrl(), confirmUrl(), { csv: 'period,value\n2025-08-04,1\n2025-08-05,2\n', measureId: weekly.id });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The file has 1 problem. Nothing has been stored.');
    expect(res.body).toContain('2025-08-05 is not the start of a week');
    expect((await stored(weekly)).some((v) => v.period === '2025-08-04')).toBe(false);
  });

  it('says clearly when there is no file, a file that is not CSV, no header row or no measure chosen', async () => {
    const b = await signedIn();
    const none = await post(b, uploadUrl(), uploadUrl(), { csv: '  ' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a CSV file, or paste the values into the box');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const image = await post(b, uploadUrl(), uploadUrl(), {}, { name: 'chart.png', content: png, type: 'image/png' });
    expect(image.statusCode).toBe(400);
    expect(image.body).toContain('This is not a CSV file: it looks like an image or another binary file');
    expect(image.body).toContain('href="#file"');
    const noHeader = await post(b, uploadUrl(), uploadUrl(), { csv: '2025-06-02,80\n', measureId: weekly.id });
    expect(noHeader.body).toContain('The first row is not a header row');
    expect(noHeader.body).toContain('href="#csv"');
    const noMeasure = await post(b, uploadUrl(), uploadUrl(), { csv: 'period,value\n2025-06-02,80\n' });
    expect(noMeasure.body).toContain('The file has no measure column: choose the measure');
    expect(noMeasure.body).toContain('href="#measureId"');
  });

  it('refuses a file over 5 MB with a clear message, not an error', async () => {
    const b = await signedIn();
    const big = `period,value\n${'2025-06-02,1\n'.repeat(450_000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(5 * 1024 * 1024);
    const res = await post(b, uploadUrl(), uploadUrl(), {}, { name: 'big.csv', content: big });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('The file must be 5 MB or smaller');
    expect(res.body).toContain('nhsuk-error-summary');
    const pasted = await post(b, uploadUrl(), uploadUrl(), { csv: big, measureId: weekly.id });
    expect(pasted.statusCode).toBe(413);
    expect(pasted.body).toContain('The file must be 5 MB or smaller');
  });

  it('needs the form’s CSRF token', async () => {
    const b = await signedIn();
    const res = await post(b, uploadUrl(), confirmUrl(), { csv: 'period,value\n2025-09-01,1\n', measureId: weekly.id }, undefined, '');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
    const forged = await post(b, uploadUrl(), confirmUrl(), { csv: 'period,value\n2025-09-01,1\n', measureId: weekly.id }, undefined, 'not-a-token');
    expect(forged.statusCode).toBe(403);
    expect((await stored(weekly)).some((v) => v.period === '2025-09-01')).toBe(false);
  });

  it('refuses viewers with a clear page, and hides the organisation from outsiders', async () => {
    const viewer = await signedIn(viewerEmail);
    const page = await viewer.get(uploadUrl());
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('You cannot upload values');
    expect(page.body).toContain('Only editors can add or change values');
    // A viewer can still get a CSRF token from any form, such as signing out.
    const res = await post(viewer, '/sign-out', confirmUrl(), { csv: 'period,value\n2025-09-08,1\n', measureId: weekly.id });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You cannot upload values');
    expect((await stored(weekly)).some((v) => v.period === '2025-09-08')).toBe(false);
    const outsider = await signedIn(outsiderEmail);
    expect((await outsider.get(uploadUrl())).statusCode).toBe(404);
  });
});
