/** Server-side pages: a Nunjucks environment with the NHS.UK frontend macros, and reply.render. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Organisation } from '../domain/organisation.ts';
import type { SignedIn } from '../services/people.ts';

const require = createRequire(import.meta.url);
/** nhsuk-frontend's dist folder: templates and assets. */
export const NHSUK_DIST = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');
const VIEWS = join(dirname(fileURLToPath(import.meta.url)), 'views');
/** Throughline's own static files (CSS, JavaScript). */
export const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), 'public');

/**
 * A fingerprint of the static files: pages link to /static/<fingerprint>/…, so those files can
 * be cached for a year and a new release is fetched at once.
 */
export const STATIC_FINGERPRINT = (() => {
  const hash = createHash('sha256');
  for (const name of readdirSync(PUBLIC).sort()) hash.update(name).update(readFileSync(join(PUBLIC, name)));
  return hash.digest('hex').slice(0, 12);
})();

declare module 'fastify' {
  interface FastifyReply {
    /** Render a page with the signed-in person, organisation, CSRF token and CSP nonce. */
    render(view: string, context?: Record<string, unknown>): Promise<FastifyReply>;
  }
  interface FastifyInstance {
    /** Render a view to a string with only the context given (no request, no CSRF token). */
    renderView(view: string, context: Record<string, unknown>): Promise<string>;
  }
  interface FastifyRequest {
    signedIn: SignedIn | null;
    /** The organisation the page is about, set by routes that have one. */
    organisation: Organisation | null;
  }
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});
const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const number = new Intl.NumberFormat('en-GB');

/** The NHS error summary's list: each error links to its field's id. */
function listErrors(errors: unknown, fieldIds: unknown): { text: string; href: string }[] {
  if (!errors || typeof errors !== 'object') return [];
  const ids = (fieldIds ?? {}) as Record<string, string>;
  return Object.entries(errors as Record<string, string>).map(([field, text]) => ({
    text,
    href: `#${ids[field] ?? field.replace(/[^A-Za-z0-9_-]/g, '-')}`,
  }));
}

/** Build the Nunjucks environment. */
export function createViewEnvironment(): nunjucks.Environment {
  const env = nunjucks.configure([VIEWS, NHSUK_DIST, join(NHSUK_DIST, 'nhsuk')], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: false,
  });
  // Nunjucks' own trim is a slow regex the NHS macros call constantly; same output, much faster.
  // It must keep a SafeString safe, as the built-in does, or the macros' HTML is escaped twice.
  env.addGlobal('staticPath', `/static/${STATIC_FINGERPRINT}`);
  env.addFilter('trim', (s: unknown) => {
    const out = (s instanceof nunjucks.runtime.SafeString || typeof s === 'string' || typeof s === 'number' ? `${s.toString()}` : '').trim();
    return s instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(out) : out;
  });
  env.addFilter('dateTime', (d: unknown) => (d instanceof Date ? dateTime.format(d) : typeof d === 'string' ? d : ''));
  env.addFilter('date', (d: unknown) => (d instanceof Date ? date.format(d) : typeof d === 'string' ? d : ''));
  env.addFilter('number', (n: unknown) => (typeof n === 'number' ? number.format(n) : typeof n === 'string' ? n : ''));
  return env;
}

/** Add reply.render to an app. */
export function installRender(app: FastifyInstance, env: nunjucks.Environment): void {
  // A view rendered to a string outside a request, for pages that are cached whole (the public strategy).
  app.decorate('renderView', (view: string, context: Record<string, unknown>) =>
    new Promise<string>((resolve, reject) => env.render(view, context, (err, out) => (err ? reject(err) : resolve(out ?? '')))),
  );
  app.decorateRequest('signedIn', null);
  app.decorateRequest('organisation', null);
  app.decorateReply('render', async function render(this: FastifyReply, view: string, context: Record<string, unknown> = {}) {
    const request: FastifyRequest = this.request;
    const signedIn = request.signedIn;
    const csrfToken = this.csrfToken();
    const cspNonce = (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '';
    const html = await new Promise<string>((resolve, reject) =>
      env.render(
        view,
        {
          csrfToken,
          cspNonce,
          currentPath: request.url,
          signedIn: signedIn ? { name: signedIn.actor.name, email: signedIn.actor.email } : null,
          organisation: request.organisation,
          ...context,
          errorList: listErrors(context.errors, context.fieldIds),
        },
        (err, out) => (err ? reject(err) : resolve(out ?? '')),
      ),
    );
    this.header('cache-control', 'no-store');
    return this.type('text/html; charset=utf-8').send(html);
  });
}
