/**
 * The one CSRF rule, for every unsafe method (POST, PUT, PATCH, DELETE) that the browser's cookies
 * authenticate, pages and API alike. A request with an API token carries no ambient authority and
 * needs none. See docs/decisions/0006-request-hardening.md.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import csrf from '@fastify/csrf-protection';
import { DomainError } from '../domain/errors.ts';

/** The cookie holding the browser's CSRF secret. */
export const CSRF_COOKIE = '_csrf';

// The headers @fastify/csrf-protection reads a token from.
const CSRF_HEADERS = ['csrf-token', 'xsrf-token', 'x-csrf-token', 'x-xsrf-token'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Required by @fastify/csrf for tokens bound to user information. It is not what makes a token
// unforgeable: that is the browser's secret (an httpOnly cookie) and the session id it is bound
// to, neither of which another site can read; so it may be the same on every instance.
const HMAC_KEY = 'throughline-csrf-v1';

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for a form on this page, bound to the browser's secret and its session. */
    csrfToken(): string;
    /** Give the browser a new CSRF secret (at sign-in and sign-out), so earlier tokens stop working. */
    renewCsrfSecret(): void;
  }
}

/** A request that another site may have made on the person's behalf. */
export class CrossSiteRequest extends DomainError {
  readonly code = 'cross_site_request';
  readonly status = 403;
  constructor(message: string) {
    super(message);
    this.name = 'CrossSiteRequest';
  }
}

/** The API takes JSON only. */
export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
  constructor() {
    super('Send JSON with Content-Type: application/json');
    this.name = 'UnsupportedMediaType';
  }
}

// A token from a signed-out browser (the sign-in form) is bound to no session.
function userInfoOf(request: FastifyRequest): string {
  return request.signedIn ? `session:${request.signedIn.sessionId}` : 'signed-out';
}

/** Whether an Origin or Referer names this site (the host the request was sent to). */
export function isOwnOrigin(value: string, request: FastifyRequest): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = request.headers.host;
  return (url.protocol === 'http:' || url.protocol === 'https:') && !!host && url.host === new URL(`http://${host}`).host;
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

function isJson(request: FastifyRequest): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Register the CSRF token plugin and install the rule. */
export async function installCsrf(app: FastifyInstance, options: { secureCookies: boolean }): Promise<void> {
  const cookieOpts = { path: '/', sameSite: 'lax' as const, httpOnly: true, secure: options.secureCookies, signed: false };
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts,
    getUserInfo: userInfoOf,
    csrfOpts: { hmacKey: HMAC_KEY },
  });

  app.decorateReply('csrfToken', function csrfToken(this: FastifyReply) {
    return this.generateCsrf({ userInfo: userInfoOf(this.request) });
  });
  app.decorateReply('renewCsrfSecret', function renewCsrfSecret(this: FastifyReply) {
    this.setCookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), cookieOpts);
  });

  const checkToken = (request: FastifyRequest, reply: FastifyReply) =>
    new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())));

  // preValidation: the body (with a form's _csrf field) is parsed by then.
  app.addHook('preValidation', async (request, reply) => {
    if (!UNSAFE_METHODS.has(request.method)) return;
    if (isApi(request) && request.body !== undefined && !isJson(request)) throw new UnsupportedMediaType();
    if (request.actor?.kind === 'token') return;

    const origin = request.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, request)) {
      throw new CrossSiteRequest('This request came from another website, so it was refused. Use Throughline itself, or send an API token.');
    }
    if (!isApi(request)) return checkToken(request, reply);
    // The API with a session cookie: the browser's own Origin (or, failing that, Referer) shows
    // the request came from our pages; other clients may send a CSRF token header instead.
    if (!request.actor) return;
    const referer = request.headers.referer;
    if (origin !== undefined || (referer !== undefined && isOwnOrigin(referer, request))) return;
    if (CSRF_HEADERS.some((name) => request.headers[name] !== undefined)) return checkToken(request, reply);
    throw new CrossSiteRequest(
      'A request signed in with a browser session must come from Throughline’s own pages (an Origin header of this site) or carry an X-CSRF-Token header. Scripts and other systems should send an API token.',
    );
  });
}
