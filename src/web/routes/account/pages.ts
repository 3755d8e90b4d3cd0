/** The signed-in person's own account: changing their password. */
import type { FastifyInstance } from 'fastify';
import { InvalidInput } from '../../../domain/errors.ts';
import { PASSWORD_MIN_LENGTH } from '../../../domain/password-policy.ts';
import type { Services } from '../../../services/index.ts';
import { requireSignIn } from '../../auth.ts';

type Form = Record<string, string | undefined>;

const FIELD_IDS = { currentPassword: 'current-password', newPassword: 'new-password', confirmPassword: 'confirm-password' };

/** Account pages. */
export function accountPages(services: Services) {
  return async (app: FastifyInstance) => {
    const view = { title: 'Change your password', fieldIds: FIELD_IDS, minLength: PASSWORD_MIN_LENGTH };

    app.get<{ Querystring: { saved?: string; ended?: string } }>('/account/password', { preHandler: requireSignIn }, async (request, reply) => {
      const ended = Number(request.query.ended ?? 0);
      const flash = request.query.saved
        ? `Your password has been changed.${ended > 0 ? ` You have been signed out of ${ended === 1 ? '1 other session' : `${ended} other sessions`}.` : ''}`
        : undefined;
      return reply.render('account/password.njk', { ...view, errors: {}, flash });
    });

    app.post<{ Body: Form }>('/account/password', { preHandler: requireSignIn }, async (request, reply) => {
      const body = request.body ?? {};
      const signedIn = request.signedIn!;
      try {
        const { sessionsEnded } = await services.people.changePassword(
          signedIn,
          {
            currentPassword: body.currentPassword ?? '',
            newPassword: body.newPassword ?? '',
            confirmPassword: body.confirmPassword ?? '',
          },
          { address: request.ip },
        );
        return reply.redirect(`/account/password?saved=1&ended=${sessionsEnded}`, 303);
      } catch (e) {
        // Too many wrong current passwords is a TooManyAttempts: the error handler answers 429.
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return reply.render('account/password.njk', { ...view, errors: e.fields });
      }
    });
  };
}
