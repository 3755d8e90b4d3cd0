/** Who is calling: a browser session (cookie) or an API token (Authorization: Bearer). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/person.ts';
import { Unauthenticated } from '../domain/errors.ts';
import type { Services } from '../services/index.ts';
import type { SessionEnded } from '../services/people.ts';
import { safeRedirectTarget } from './redirect-target.ts';

export const SESSION_COOKIE = 'tl_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The person or token making the request, if any. */
    actor: Actor | null;
    /** Set when the request's session cookie belonged to a session that has ended, and why. */
    sessionEnded: SessionEnded | null;
  }
}

/** Resolve the caller on every request. */
export function installAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionEnded', null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header && request.url.startsWith('/api/')) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new Unauthenticated('Send the API token as "Authorization: Bearer <token>"');
      request.actor = await services.people.resolveToken(match[1]);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const result = await services.people.checkSession(token);
    if (!result || 'ended' in result) {
      // An unknown or ended session: forget the cookie, and say why on the sign-in page.
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      request.sessionEnded = result?.ended ?? null;
      if (request.sessionEnded && request.url.startsWith('/api/')) {
        throw new Unauthenticated('Your session has ended. Sign in again, or send an API token.');
      }
      return;
    }
    const { signedIn } = result;
    request.signedIn = signedIn;
    request.actor = signedIn.actor;
    if (signedIn.organisationId && !request.url.startsWith('/api/')) {
      // resolveSession only keeps an organisation the person belongs to.
      request.organisation = await services.organisations.getById(signedIn.organisationId);
    }
  });
}

/** For pages: send people who are not signed in to the sign-in page. */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.signedIn) {
    const next = safeRedirectTarget(request.url);
    const ended = request.sessionEnded ? `ended=${request.sessionEnded}` : '';
    const query = [next === '/' ? '' : `next=${encodeURIComponent(next)}`, ended].filter(Boolean).join('&');
    await reply.redirect(query ? `/sign-in?${query}` : '/sign-in', 303);
  }
}

/**
 * For a plugin of pages for signed-in people: every route sends the signed-out to sign in, and
 * stays out of the OpenAPI document (HTML pages are not part of the API).
 */
export function signedInPages(app: FastifyInstance): void {
  app.addHook('preHandler', requireSignIn);
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
}

/** For the API: refuse callers with neither a session nor a token. */
export async function requireActor(request: FastifyRequest): Promise<void> {
  if (!request.actor) throw new Unauthenticated();
}

/** The actor of a request that has passed requireSignIn or requireActor. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}
