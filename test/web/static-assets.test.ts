/** Compression, long-cached fingerprinted static files, and the icons and manifest browsers ask for. */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, openTestApp, type TestApp } from '../support/app.ts';
import { addOrganisation, addPerson, TEST_PASSWORD } from '../support/builders.ts';

describe('static files and compression', () => {
  let t: TestApp;
  let page: string;
  let cookie: Browser;

  beforeAll(async () => {
    t = await openTestApp('pglite');
    const org = await addOrganisation(t.services, 'Static Valley NHS Trust');
    const person = await addPerson(t.services, org, 'viewer');
    cookie = new Browser(t.app);
    await cookie.signIn(person.email, TEST_PASSWORD);
    page = (await cookie.get(`/organisations/${org.code}/board-report`)).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('links its own CSS and JavaScript under a fingerprint, cached for a year', async () => {
    const css = /<link rel="stylesheet" href="(\/static\/[0-9a-f]{12}\/app\.css)">/.exec(page)?.[1];
    const js = /<script type="module" src="(\/static\/[0-9a-f]{12}\/app\.js)"/.exec(page)?.[1];
    expect(css).toBeDefined();
    expect(js).toBeDefined();
    for (const url of [css!, js!]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const nhs = await t.app.inject({ url: '/assets/nhsuk-frontend-10.6.1.min.css' });
    expect(nhs.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('compresses with brotli or gzip, as the browser asks', async () => {
    const css = /href="(\/static\/[0-9a-f]{12}\/app\.css)"/.exec(page)![1]!;
    const plain = await t.app.inject({ url: css });
    const br = await t.app.inject({ url: css, headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gzip = await t.app.inject({ url: css, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    expect(gzip.rawPayload.length).toBeLessThan(plain.rawPayload.length);
  });

  it('compresses the board report page, charts and all', async () => {
    const res = await cookie.get('/organisations');
    expect(res.statusCode).toBeLessThan(400);
    const code = /\/organisations\/([A-Z0-9]+)\/board-report/.exec(page)![1]!;
    const headers = { cookie: cookie.cookies, 'accept-encoding': 'br' };
    const br = await t.app.inject({ url: `/organisations/${code}/board-report`, headers });
    expect(br.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(br.rawPayload).toString();
    expect(html).toContain('Board report');
    expect(html).not.toMatch(/app-fragment-/);
  });

  it('serves the favicon, the touch icon and a manifest named for Throughline', async () => {
    for (const url of ['/favicon.ico', '/assets/images/favicon.ico', '/assets/images/favicon.svg', '/assets/images/nhsuk-icon-180.png', '/assets/images/nhsuk-icon-mask.svg']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(200);
    }
    const manifest = await t.app.inject({ url: '/assets/manifest.json' });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.json()).toMatchObject({ name: 'Throughline', short_name: 'Throughline' });
    for (const icon of manifest.json().icons as { src: string }[]) {
      expect((await t.app.inject({ url: `/assets/${icon.src}` })).statusCode, icon.src).toBe(200);
    }
  });

  it('serves the API documentation under the app\'s content security policy, with nothing inline', async () => {
    const res = await t.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    const policy = String(res.headers['content-security-policy']);
    const directive = (name: string) => policy.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('style-src')).toContain("'self'");
    expect(directive('script-src')).toContain("'self'");
    expect(policy).not.toContain("'unsafe-inline'");
    expect(directive('style-src')).not.toContain('https:');
    // No inline style or script the policy would refuse: every script and stylesheet is a file.
    expect(res.body).not.toMatch(/<style\b/i);
    expect(res.body).not.toMatch(/\sstyle="/i);
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="/);
      expect(body!.trim()).toBe('');
    }
    // The top bar (whose logo is an SVG with an inline style) is left out.
    const initializer = await t.app.inject({ url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain('"layout":"BaseLayout"');
  });
});
