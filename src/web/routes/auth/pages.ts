/** Sign in and sign out. */
import type { FastifyInstance } from 'fastify';
import { InvalidInput, TooManyAttempts } from '../../../domain/errors.ts';
import type { Services } from '../../../services/index.ts';
import { SESSION_COOKIE, requireSignIn } from '../../auth.ts';
import { safeRedirectTarget } from '../../redirect-target.ts';

interface SignInBody {
  email?: string;
  password?: string;
  next?: string;
}


/** Why the person has to sign in again, in plain English. */
function endedMessage(ended: unknown, settings: { idleMinutes: number; absoluteHours: number }): string | undefined {
  if (ended === 'idle') {
    return `Your session ended because Throughline was not used for ${settings.idleMinutes} minutes. Sign in again to carry on.`;
  }
  if (ended === 'absolute') {
    return `Your session ended because you signed in more than ${settings.absoluteHours} hours ago. Sign in again to carry on.`;
  }
  return undefined;
}

/** Routes for signing in and out. */
export function authPages(services: Services, options: { secureCookies: boolean; demo?: { email: string; password: string } | undefined }) {
  const settings = services.people.sessionSettings;
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { next?: string; ended?: string } }>('/sign-in', { schema: { hide: true } }, async (request, reply) => {
      if (request.signedIn) return reply.redirect(safeRedirectTarget(request.query.next), 303);
      return reply.render('sign-in.njk', {
        title: 'Sign in',
        next: safeRedirectTarget(request.query.next),
        values: {},
        errors: {},
        demo: options.demo,
        ended: endedMessage(request.query.ended ?? request.sessionEnded, settings),
      });
    });

    app.post<{ Body: SignInBody }>('/sign-in', { schema: { hide: true } }, async (request, reply) => {
      const body = request.body ?? {};
      try {
        const { token } = await services.people.signIn(String(body.email ?? ''), String(body.password ?? ''), { address: request.ip });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: options.secureCookies,
          // The browser may keep the cookie no longer than the session's absolute limit.
          maxAge: settings.absoluteHours * 3600,
        });
        // A new session gets a new CSRF secret: tokens from before sign-in stop working.
        reply.renewCsrfSecret();
        return reply.redirect(safeRedirectTarget(body.next), 303);
      } catch (e) {
        if (!(e instanceof InvalidInput) && !(e instanceof TooManyAttempts)) throw e;
        if (e instanceof TooManyAttempts) reply.header('retry-after', String(e.retryAfterSeconds));
        reply.code(e instanceof TooManyAttempts ? 429 : 400);
        return reply.render('sign-in.njk', {
          title: 'Sign in',
          next: safeRedirectTarget(body.next),
          values: { email: body.email ?? '' },
          errors: e instanceof TooManyAttempts ? { email: e.message } : e.fields,
          demo: options.demo,
        });
      }
    });

    app.get('/sign-out', { schema: { hide: true }, preHandler: requireSignIn }, async (_request, reply) =>
      reply.render('sign-out.njk', { title: 'Sign out' }),
    );

    app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
      if (request.signedIn) await services.people.signOut(request.signedIn.sessionId, request.signedIn.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.renewCsrfSecret();
      return reply.redirect('/sign-in', 303);
    });
  };
}
