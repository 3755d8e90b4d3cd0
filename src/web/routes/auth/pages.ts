/** Sign in and sign out. */
import type { FastifyInstance } from 'fastify';
import { InvalidInput } from '../../../domain/errors.ts';
import type { Services } from '../../../services/index.ts';
import { SESSION_COOKIE, requireSignIn } from '../../auth.ts';
import { safeRedirectTarget } from '../../redirect-target.ts';

interface SignInBody {
  email?: string;
  password?: string;
  next?: string;
}


/** Routes for signing in and out. */
export function authPages(
  services: Services,
  options: { secureCookies: boolean; signInAttemptsPerMinute: number; demo?: { email: string; password: string } | undefined },
) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { next?: string } }>('/sign-in', { schema: { hide: true } }, async (request, reply) => {
      if (request.signedIn) return reply.redirect(safeRedirectTarget(request.query.next), 303);
      return reply.render('sign-in.njk', { title: 'Sign in', next: safeRedirectTarget(request.query.next), values: {}, errors: {}, demo: options.demo });
    });

    app.post<{ Body: SignInBody }>(
      '/sign-in',
      {
        schema: { hide: true },
        config: { rateLimit: { max: options.signInAttemptsPerMinute, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const body = request.body ?? {};
        try {
          const { token } = await services.people.signIn(String(body.email ?? ''), String(body.password ?? ''));
          reply.setCookie(SESSION_COOKIE, token, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure: options.secureCookies,
            maxAge: 7 * 86_400,
          });
          // A new session gets a new CSRF secret: tokens from before sign-in stop working.
          reply.renewCsrfSecret();
          return reply.redirect(safeRedirectTarget(body.next), 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return reply.render('sign-in.njk', {
            title: 'Sign in',
            next: safeRedirectTarget(body.next),
            values: { email: body.email ?? '' },
            errors: e.fields,
            demo: options.demo,
          });
        }
      },
    );

    app.get('/sign-out', { schema: { hide: true }, preHandler: requireSignIn }, async (_request, reply) =>
      reply.render('sign-out.njk', { title: 'Sign out' }),
    );

    app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
      if (request.signedIn) await services.people.signOut(request.signedIn.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.renewCsrfSecret();
      return reply.redirect('/sign-in', 303);
    });
  };
}
