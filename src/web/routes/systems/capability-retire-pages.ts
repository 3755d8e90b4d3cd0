/** Retiring, bringing back and deleting a capability (decision 0014): the system's editors only. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, type FieldErrors } from '../../../domain/errors.ts';
import { hasRole, roleIn } from '../../../domain/person.ts';
import { ENTRY_STATUS_LABELS, RECOMMENDATION_LABELS } from '../../../domain/system.ts';
import type { Services } from '../../../services/index.ts';
import type { CapabilityDeletion } from '../../../services/systems.ts';
import { actorOf, signedInPages } from '../../auth.ts';
import { textOf, type Form } from '../goals/form.ts';
import { fieldErrorsOf, sayDate } from './pages.ts';

type CapabilityRequest = FastifyRequest<{ Params: { capabilityId: string } }>;

/** The pages that take a capability out of the landscape, bring it back, or delete it. */
export function capabilityRetirePages(services: Services) {
  return async (app: FastifyInstance) => {
    signedInPages(app);
    const sys = services.systems;

    /** The capability and its system, or the 403 page for anyone but the system's editors. */
    async function editable(request: CapabilityRequest, reply: FastifyReply, what: string) {
      const actor = actorOf(request);
      const { capability } = await sys.getCapability(actor, request.params.capabilityId);
      const system = await services.organisations.getById(capability.systemId);
      request.organisation = system;
      if (!hasRole(roleIn(actor, system.id), 'editor')) {
        await reply.code(403).render('error.njk', { title: `You cannot ${what} this capability`, message: `Only editors of ${system.name} change its catalogue.`, status: 403 });
        return null;
      }
      return { actor, capability, system };
    }

    async function renderRetire(request: CapabilityRequest, reply: FastifyReply, errors: FieldErrors = {}, values: Form = {}) {
      const found = await editable(request, reply, 'retire');
      if (!found) return reply;
      const { capability, system } = found;
      if (capability.retired) return reply.redirect(`/capabilities/${capability.id}`, 303);
      return reply.render('systems/capability-retire.njk', { title: `Retire ${capability.name}`, capability, system, values, errors, fieldIds: { reason: 'reason', retiredReason: 'reason' } });
    }

    app.get<{ Params: { capabilityId: string } }>('/capabilities/:capabilityId/retire', async (request, reply) => renderRetire(request, reply));

    app.post<{ Params: { capabilityId: string }; Body: Form }>('/capabilities/:capabilityId/retire', async (request, reply) => {
      const body = request.body ?? {};
      try {
        await sys.retireCapability(actorOf(request), request.params.capabilityId, textOf(body.reason));
      } catch (e) {
        const fields = fieldErrorsOf(e);
        return renderRetire(request, reply.code(400), { reason: fields.retiredReason ?? fields.reason ?? fields.retired ?? fields.form ?? Object.values(fields)[0] ?? 'Enter the reason for retiring it' }, body);
      }
      return reply.redirect(`/capabilities/${request.params.capabilityId}?done=retired`, 303);
    });

    app.post<{ Params: { capabilityId: string } }>('/capabilities/:capabilityId/restore', async (request, reply) => {
      await sys.restoreCapability(actorOf(request), request.params.capabilityId);
      return reply.redirect(`/capabilities/${request.params.capabilityId}?done=restored`, 303);
    });

    function describeDeletion(d: CapabilityDeletion) {
      const named = d.entries.filter((e) => e.organisation);
      return {
        decisions: d.decisions.map((x) => ({ id: x.id, what: x.what, on: sayDate(x.decidedOn) })),
        decisionCount: d.decisionCount,
        entries: named.map((e) => `${e.organisation!.name}: ${ENTRY_STATUS_LABELS[e.status]}${e.product || e.supplier ? ` (${[e.product, e.supplier].filter(Boolean).join(', ')})` : ''}`),
        unnamed: d.entries.length - named.length,
        assessment: d.assessment && `${RECOMMENDATION_LABELS[d.assessment.recommendation]} (a total of ${d.assessment.total}, assessed by ${d.assessment.assessedBy})`,
      };
    }

    async function renderDelete(request: CapabilityRequest, reply: FastifyReply, message?: string) {
      const found = await editable(request, reply, 'delete');
      if (!found) return reply;
      const { actor, capability, system } = found;
      const d = await sys.capabilityDeletion(actor, capability.id);
      const blocked = d.decisionCount > 0 || d.assessment?.decisionId != null;
      return reply.render('systems/capability-delete.njk', {
        title: blocked ? `You cannot delete ${capability.name}` : `Delete ${capability.name}?`,
        capability,
        system,
        blocked,
        message,
        ...describeDeletion(d),
      });
    }

    app.get<{ Params: { capabilityId: string } }>('/capabilities/:capabilityId/delete', async (request, reply) => renderDelete(request, reply));

    app.post<{ Params: { capabilityId: string } }>('/capabilities/:capabilityId/delete', async (request, reply) => {
      const actor = actorOf(request);
      const { capability } = await sys.getCapability(actor, request.params.capabilityId);
      const system = await services.organisations.getById(capability.systemId);
      try {
        await sys.deleteCapability(actor, capability.id);
      } catch (e) {
        // A decision came to concern it: say so on the page, with the way to retire it.
        if (e instanceof Conflict) return renderDelete(request, reply.code(409), e.message);
        throw e;
      }
      return reply.redirect(`/organisations/${system.code}/capabilities?done=deleted`, 303);
    });
  };
}
