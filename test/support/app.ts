/** The real app on a test database, and helpers to call it as a browser or an API client. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import { openTestWorld, type Engine, type TestWorld } from './database.ts';
import type { Clock } from '../../src/services/stores.ts';

/** A test world with the app built on it. */
export interface TestApp extends TestWorld {
  app: FastifyInstance;
}

/** Build the app on a fresh database; pass a clock to fix the services' time. */
export async function openTestApp(engine: Engine = 'pglite', options: Parameters<typeof createApp>[1] = {}, clock?: Clock): Promise<TestApp> {
  const world = await openTestWorld(engine, clock);
  const app = await createApp(world.services, options);
  await app.ready();
  return {
    ...world,
    app,
    async close() {
      await app.close();
      await world.close();
    },
  };
}

/** Cookies from a response's Set-Cookie headers, as a Cookie header value. */
export function cookiesOf(response: LightMyRequestResponse, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [k, ...v] = part.split('=');
    if (k) jar.set(k, v.join('='));
  }
  for (const c of response.cookies) {
    if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The CSRF token in a page's first form. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

/** A browser-like session: keeps cookies and sends forms with their CSRF token. */
let browsers = 0;

export class Browser {
  cookies = '';
  /** Each browser has its own address, as people on different machines do (sign-in is rate-limited per address). */
  readonly remoteAddress = `127.0.${Math.floor(++browsers / 250)}.${(browsers % 250) + 1}`;
  constructor(private readonly app: FastifyInstance) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookies } });
    this.cookies = cookiesOf(res, this.cookies);
    return res;
  }

  /** Load `formUrl`, take its CSRF token, and post `fields` to `action`. */
  async submit(formUrl: string, action: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const page = await this.get(formUrl);
    const body = new URLSearchParams({ _csrf: csrfOf(page.body), ...fields }).toString();
    const res = await this.app.inject({
      method: 'POST',
      url: action,
      remoteAddress: this.remoteAddress,
      headers: { cookie: this.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });
    this.cookies = cookiesOf(res, this.cookies);
    return res;
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', '/sign-in', { email, password });
  }
}

/** Call the API as a client with a bearer token, with a JSON body when one is given. */
export function callWithToken(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, bearer: string, body?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(body === undefined ? {} : { payload: body as object }) });
}
