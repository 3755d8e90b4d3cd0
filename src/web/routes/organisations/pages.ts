/** The home page and choosing which organisation to work in. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { ORGANISATION_TYPE_LABELS } from '../../../domain/organisation.ts';

/** Routes for the home page and organisation switching. */
export function organisationPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      if (!request.signedIn) return reply.redirect(request.sessionEnded ? `/sign-in?ended=${request.sessionEnded}` : '/sign-in', 303);
      if (request.organisation) return reply.redirect(`/organisations/${request.organisation.code}/board-report`, 303);
      return reply.redirect('/organisations', 303);
    });

    app.get('/organisations', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
      const organisations = await services.organisations.listForActor(actorOf(request));
      return reply.render('organisations.njk', {
        title: 'Your organisations',
        organisations: organisations.map((o) => ({ ...o, typeLabel: ORGANISATION_TYPE_LABELS[o.type] })),
      });
    });

    app.post<{ Body: { code?: string } }>(
      '/organisations/switch',
      { schema: { hide: true }, preHandler: requireSignIn },
      async (request, reply) => {
        const org = await services.organisations.getForActor(String(request.body?.code ?? ''), actorOf(request));
        await services.people.switchOrganisation(request.signedIn!, org.id);
        return reply.redirect(`/organisations/${org.code}/board-report`, 303);
      },
    );
  };
}
