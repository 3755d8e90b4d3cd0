import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { chromiumPath } from '../support/suites.ts';
import { openForBrowser, type BrowserTestApp, expectAccessible, newPage, signedInPage } from './browser.ts';
import { throughSignInPage } from './pages.ts';
import { ChangePasswordPage, TokenListPage } from './account-pages.ts';

describe.skipIf(!chromiumPath)('browser journey: an admin manages API tokens and changes their password', () => {
  let t: BrowserTestApp;
  let org: Organisation;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    t = await openForBrowser();
    ({ browser, baseUrl } = t);
    org = await addOrganisation(t.services, 'Token Valley NHS Trust');
  });
  afterAll(() => t?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`works ${javaScriptEnabled ? 'with' : 'without'} JavaScript, with no accessibility violations`, { timeout: 150_000 }, async () => {
      const { email } = await addPerson(t.services, org, 'admin', `Ari Admin ${javaScriptEnabled ? 'js' : 'nojs'}`);
      const page = await signedInPage(browser, baseUrl, { email, password: TEST_PASSWORD }, { javaScriptEnabled, signIn: throughSignInPage(baseUrl) });

      const list = await TokenListPage.fromMembers(page);
      const form = await list.create();
      expect(await form.createExpectingErrors()).toContain('Enter a label of up to 100 characters, like "data warehouse"');
      const name = `warehouse ${javaScriptEnabled ? 'js' : 'nojs'}`;
      await form.fill({ name, role: 'Viewer', days: '30' });
      const created = await form.create();
      expect(created.secret).toMatch(/^tl_/);
      const api = await fetch(`${baseUrl}/api/v1/organisations/${org.code}/problems`, { headers: { authorization: `Bearer ${created.secret}` } });
      expect(api.status).toBe(200);
      const back = await created.back();
      expect((await back.rows()).find((r) => r.includes(name))).toMatch(/Viewer[\s\S]*Active/);
      await back.revoke(name);
      expect((await back.rows()).find((r) => r.includes(name))).toContain('Revoked');

      const password = await ChangePasswordPage.fromHeader(page);
      expect(await password.change({ current: TEST_PASSWORD, next: 'aaaaaaaaaaaa', confirm: 'aaaaaaaaaaaa' })).toEqual([
        'Password must not be one character repeated, like “aaaaaaaaaaaa”. Try three or four unrelated words.',
      ]);
      expect(await password.change({ current: TEST_PASSWORD, next: 'harbour willow tangent plume', confirm: 'harbour willow tangent plume' })).toEqual([]);
      expect(await password.banner()).toContain('Your password has been changed');
      await page.context().close();

      // Someone whose session has ended is told so on the sign-in page.
      const signIn = await newPage(browser, { javaScriptEnabled });
      await signIn.goto(`${baseUrl}/sign-in?ended=idle`);
      expect(await signIn.getByTestId('session-ended').textContent()).toContain('not used for 30 minutes');
      await expectAccessible(signIn);
      await signIn.context().close();
    });
  }
});
