/** Examples to start from: the library, and copying one into the organisation's strategy. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AFFECTED_LABELS } from '../../../domain/problem.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf, requireSignIn } from '../../auth.ts';

/** Example pages. */
export function examplePages(services: Services) {
  return async (app: FastifyInstance) => {
    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>) {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    app.get<{ Params: { code: string }; Querystring: { copied?: string } }>('/organisations/:code/examples', { preHandler: requireSignIn }, async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const copies = await services.examples.copies(actor, org.id);
      const copied = request.query.copied ? copies.find((c) => c.exampleId === request.query.copied) : undefined;
      return reply.render('examples/index.njk', {
        title: 'Examples to start from',
        examples: services.examples.list().map((e) => ({
          ...e,
          affectedLabel: AFFECTED_LABELS[e.problem.affected],
          copies: copies.filter((c) => c.exampleId === e.id),
          action: `/organisations/${org.code}/examples/${e.id}/copy`,
        })),
        canCopy: services.story.canEdit(actor, org.id),
        flash: copied ? `“${copied.exampleTitle}” copied: its problem, goal and measures are now yours to adapt` : undefined,
        copiedGoal: copied?.goalId ? `/goals/${copied.goalId}` : null,
      });
    });

    app.post<{ Params: { code: string; exampleId: string } }>('/organisations/:code/examples/:exampleId/copy', { preHandler: requireSignIn }, async (request, reply) => {
      const org = await organisationFor(request);
      await services.examples.copy(actorOf(request), org.id, request.params.exampleId);
      return reply.redirect(`/organisations/${org.code}/examples?copied=${encodeURIComponent(request.params.exampleId)}`, 303);
    });
  };
}
