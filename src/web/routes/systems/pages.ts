/** System pages: the system and its memberships, sharing, principles, contributions of goals, and the alignment. */
import { describeDate } from '../../../domain/period.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, InvalidInput, NotFound, type FieldErrors } from '../../../domain/errors.ts';
import { hasRole, READ_AREAS, READ_AREA_LABELS, roleIn, type Actor } from '../../../domain/person.ts';
import { isCurrentOn, RECOMMENDATION_LABELS } from '../../../domain/system.ts';
import { ORGANISATION_TYPE_LABELS, type Organisation } from '../../../domain/organisation.ts';
import { describeVariationIcon } from '../../../charts/spc-icons.ts';
import { formatMeasureValue } from '../../../services/measures.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf, signedInPages } from '../../auth.ts';
import { listOf, textOf, type Form } from '../goals/form.ts';

const canEdit = (actor: Actor, organisationId: string) => hasRole(roleIn(actor, organisationId), 'editor');

/** Turn a thrown InvalidInput into field errors for re-rendering, and rethrow anything else. */
export function fieldErrorsOf(e: unknown): FieldErrors {
  if (e instanceof InvalidInput) return Object.keys(e.fields).length ? e.fields : { form: e.message };
  if (e instanceof Conflict) return Object.keys(e.fields).length ? e.fields : { form: e.message };
  throw e;
}

/** Say a date the NHS way: 1 April 2026. */
export function sayDate(iso: string | null): string {
  if (!iso) return '';
  return describeDate(iso);
}

/** System overview, memberships, sharing, principles, contributions and alignment pages. */
export function systemPages(services: Services) {
  return async (app: FastifyInstance) => {
    signedInPages(app);
    const sys = services.systems;
    const today = () => services.clock().toISOString().slice(0, 10);

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>): Promise<Organisation> {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    async function renderSystem(request: FastifyRequest, reply: FastifyReply, org: Organisation, errors: FieldErrors = {}, values: Form = {}, flash?: string) {
      const actor = actorOf(request);
      if (org.type === 'icb') {
        const [{ memberships }, shared] = await Promise.all([sys.listMemberships(actor, org.id), sys.sharedAreas(actor, org.id)]);
        const on = today();
        return reply.render('systems/system.njk', {
          title: `${org.name}: the system`,
          isSystem: true,
          canEdit: canEdit(actor, org.id),
          memberships: memberships.map((m) => ({
            id: m.id,
            organisation: m.organisation,
            type: ORGANISATION_TYPE_LABELS[m.organisation.type],
            from: sayDate(m.from),
            to: m.to ? sayDate(m.to) : 'Still a member',
            status: isCurrentOn(m, on) ? 'Current' : m.from > on ? 'Starts later' : 'Ended',
            current: isCurrentOn(m, on),
            // A membership that has not ended yet (current, or starting later) can be ended; one that has, corrected.
            open: m.to === null || m.to >= on,
            hasEnd: m.to !== null,
          })),
          sharingItems: READ_AREAS.map((a) => ({ value: a, text: READ_AREA_LABELS[a], checked: shared.includes(a) })),
          errors,
          fieldIds: { organisation: 'organisation', from: 'from', to: 'to' },
          values,
          flash,
        });
      }
      const { memberships, current } = await sys.systemsOf(actor, org.id);
      const [{ goals: systemGoals }, goals] = await Promise.all([sys.systemGoalsFor(actor, org.id), services.goals.list(actor, org.id)]);
      const principles = current ? await sys.listPrinciples(actor, current.systemId) : [];
      const ownPrinciples = await sys.listPrinciples(actor, org.id);
      const contributions = await Promise.all(goals.map((g) => sys.contributionOf(actor, g.id)));
      const initiatives = await services.initiatives.list(actor, org.id);
      return reply.render('systems/member.njk', {
        title: current ? `Your system: ${current.systemName}` : 'Your system',
        current: current && { ...current, fromText: sayDate(current.from), toText: current.to ? sayDate(current.to) : null },
        history: memberships.map((m) => ({ systemName: m.systemName, systemCode: m.systemCode, from: sayDate(m.from), to: m.to ? sayDate(m.to) : 'Still a member' })),
        principles,
        ownPrinciples,
        canEdit: canEdit(actor, org.id),
        goals: goals.map((g, i) => ({
          id: g.id,
          statement: g.statement,
          items: [{ value: '', text: 'None' }, ...systemGoals.map((s) => ({ value: s.id, text: s.statement, selected: contributions[i] === s.id }))],
        })),
        initiatives,
        errors,
        flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { done?: string } }>('/organisations/:code/system', async (request, reply) => {
      const org = await organisationFor(request);
      const flash = { added: 'Membership added', ended: 'Membership updated', shared: 'Sharing saved', contribution: 'Contribution saved' }[request.query.done ?? ''];
      return renderSystem(request, reply, org, {}, {}, flash);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/memberships', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      try {
        await sys.addMembership(actorOf(request), org.id, { organisation: textOf(body.organisation), from: textOf(body.from), to: textOf(body.to) || null });
      } catch (e) {
        return renderSystem(request, reply.code(400), org, fieldErrorsOf(e), body);
      }
      return reply.redirect(`/organisations/${org.code}/system?done=added`, 303);
    });

    /** The page that ends a membership, or corrects the last day of one that has ended. */
    async function renderMembershipEnd(request: FastifyRequest<{ Params: { code: string; membershipId: string } }>, reply: FastifyReply, errors: FieldErrors = {}, values?: Form) {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const { membership: m, others, today: on } = await sys.getMembership(actor, request.params.membershipId);
      // The membership must be of the system in the address, or it is not found there.
      if (m.systemId !== org.id) throw new NotFound('Membership');
      if (!canEdit(actor, org.id)) return reply.code(403).render('error.njk', { title: 'You cannot change this membership', message: `Only editors of ${org.name} end memberships or change their dates.`, status: 403 });
      const ended = m.to !== null && m.to < on;
      return reply.render('systems/membership-end.njk', {
        title: ended ? `Correct the last day of ${m.organisation.name}’s membership` : m.to ? `Change the last day of ${m.organisation.name}’s membership` : `End ${m.organisation.name}’s membership`,
        membership: { ...m, fromText: sayDate(m.from), toText: m.to ? sayDate(m.to) : null },
        hasEnd: m.to !== null,
        ended,
        others: others.map((o) => ({ systemName: o.systemName, from: sayDate(o.from), to: o.to ? sayDate(o.to) : 'still a member', same: o.systemId === m.systemId })),
        values: values ?? { to: m.to ?? '' },
        errors,
      });
    }

    app.get<{ Params: { code: string; membershipId: string } }>('/organisations/:code/memberships/:membershipId/end', async (request, reply) => renderMembershipEnd(request, reply));

    app.post<{ Params: { code: string; membershipId: string }; Body: Form }>('/organisations/:code/memberships/:membershipId/end', async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body ?? {};
      const org = await organisationFor(request);
      const to = textOf(body.to);
      try {
        const { membership } = await sys.getMembership(actor, request.params.membershipId);
        if (membership.systemId !== org.id) throw new NotFound('Membership');
        // Leaving the field empty clears the last day, which only makes sense for a membership that has one.
        if (!to && membership.to === null) throw new InvalidInput('Enter the last day', { to: 'Enter the last day of the membership, like 2027-03-31' });
        await sys.endMembership(actor, membership.id, { to: to || null });
      } catch (e) {
        const fields = fieldErrorsOf(e);
        // The page has one field: an overlap (reported against the first day) is shown next to it.
        return renderMembershipEnd(request, reply.code(400), { to: fields.to ?? fields.from ?? Object.values(fields)[0] ?? 'Enter the last day' }, body);
      }
      return reply.redirect(`/organisations/${org.code}/system?done=ended#memberships`, 303);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/sharing', async (request, reply) => {
      const org = await organisationFor(request);
      try {
        await sys.setSharedAreas(actorOf(request), org.id, listOf(request.body?.sharedAreas));
      } catch (e) {
        return renderSystem(request, reply.code(400), org, fieldErrorsOf(e));
      }
      return reply.redirect(`/organisations/${org.code}/system?done=shared`, 303);
    });

    app.post<{ Params: { goalId: string }; Body: Form }>('/goals/:goalId/contribution', async (request, reply) => {
      const actor = actorOf(request);
      const goal = await services.goals.get(actor, request.params.goalId);
      const org = await services.organisations.getById(goal.organisationId);
      request.organisation = org;
      try {
        await sys.setContribution(actor, goal.id, textOf(request.body?.systemGoalId) || null);
      } catch (e) {
        return renderSystem(request, reply.code(400), org, fieldErrorsOf(e));
      }
      return reply.redirect(`/organisations/${org.code}/system?done=contribution`, 303);
    });

    // ---- principles ----

    async function renderPrinciples(request: FastifyRequest, reply: FastifyReply, org: Organisation, errors: FieldErrors = {}, values: Form = {}, flash?: string) {
      const actor = actorOf(request);
      const isSystem = org.type === 'icb';
      // An organisation's own principles sit beside those of the system it belongs to today.
      const current = !isSystem && hasRole(roleIn(actor, org.id), 'viewer') ? (await sys.systemsOf(actor, org.id)).current : null;
      return reply.render('systems/principles.njk', {
        title: isSystem ? 'Principles' : 'Our own principles',
        isSystem,
        system: current && { code: current.systemCode, name: current.systemName },
        principles: await sys.listPrinciples(actor, org.id),
        canEdit: canEdit(actor, org.id),
        errors,
        values,
        flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { done?: string } }>('/organisations/:code/principles', async (request, reply) => {
      const org = await organisationFor(request);
      const flash = { added: 'Principle added', changed: 'Principle changed', removed: 'Principle removed' }[request.query.done ?? ''];
      return renderPrinciples(request, reply, org, {}, {}, flash);
    });

    async function principleFor(request: FastifyRequest<{ Params: { principleId: string } }>) {
      const actor = actorOf(request);
      const principle = await sys.getPrinciple(actor, request.params.principleId);
      const system = await services.organisations.getById(principle.systemId);
      request.organisation = system;
      return { actor, principle, system };
    }

    async function renderPrincipleForm(request: FastifyRequest<{ Params: { principleId: string } }>, reply: FastifyReply, errors: FieldErrors = {}, values?: Form) {
      const { actor, principle, system } = await principleFor(request);
      if (!canEdit(actor, system.id)) return reply.code(403).render('error.njk', { title: 'You cannot change this principle', message: `Only editors of ${system.name} change its principles.`, status: 403 });
      return reply.render('systems/principle-form.njk', {
        title: 'Change the principle',
        principle,
        system,
        isSystem: system.type === 'icb',
        values: values ?? { title: principle.title, rationale: principle.rationale },
        errors,
      });
    }

    app.get<{ Params: { principleId: string } }>('/principles/:principleId/edit', async (request, reply) => renderPrincipleForm(request, reply));

    app.post<{ Params: { principleId: string }; Body: Form }>('/principles/:principleId/edit', async (request, reply) => {
      const { actor, system } = await principleFor(request);
      const body = request.body ?? {};
      try {
        await sys.updatePrinciple(actor, request.params.principleId, { title: textOf(body.title), rationale: textOf(body.rationale) });
      } catch (e) {
        return renderPrincipleForm(request, reply.code(400), fieldErrorsOf(e), body);
      }
      return reply.redirect(`/organisations/${system.code}/principles?done=changed`, 303);
    });

    app.post<{ Params: { principleId: string } }>('/principles/:principleId/delete', async (request, reply) => {
      const { actor, system } = await principleFor(request);
      await sys.deletePrinciple(actor, request.params.principleId);
      return reply.redirect(`/organisations/${system.code}/principles?done=removed`, 303);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/principles', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      try {
        await sys.addPrinciple(actorOf(request), org.id, { title: textOf(body.title), rationale: textOf(body.rationale) });
      } catch (e) {
        return renderPrinciples(request, reply.code(400), org, fieldErrorsOf(e), body);
      }
      return reply.redirect(`/organisations/${org.code}/principles?done=added`, 303);
    });

    // ---- alignment ----

    app.get<{ Params: { code: string }; Querystring: { done?: string } }>('/organisations/:code/alignment', async (request, reply) => {
      const org = await organisationFor(request);
      const actor = actorOf(request);
      const a = await sys.alignment(actor, org.id);
      const name = (id: string) => a.members.find((m) => m.organisationId === id)?.organisation.name ?? 'A member';
      const capabilities = await sys.listCapabilities(actor, org.id);
      const capName = (id: string) => capabilities.find((c) => c.capability.id === id)?.capability.name ?? 'A capability';
      return reply.render('systems/alignment.njk', {
        title: 'Alignment',
        memberCount: a.members.length,
        goals: a.goals.map((g) => ({
          id: g.goal.id,
          statement: g.goal.statement,
          contributions: g.contributions.map((c) => ({ ...c, organisationName: name(c.organisationId) })),
        })),
        uncontributed: a.uncontributed,
        exceptions: a.exceptions.map((e) => ({ ...e, organisationName: name(e.initiative.organisationId) })),
        duplication: a.duplication.map((d) => ({ id: d.capability.id, name: d.capability.name, members: d.entries.map((e) => `${e.organisation.name}${e.product || e.supplier ? ` (${[e.product, e.supplier].filter(Boolean).join(', ')})` : ''}`) })),
        convergence: a.convergence.map((c) => ({ id: c.capabilityId, name: capName(c.capabilityId), earliest: sayDate(c.earliest), latest: sayDate(c.latest), members: c.entries.map((e) => `${name(e.organisationId)}: ${sayDate(e.contractEnd)}`) })),
        rollups: a.rollups.map((r) => {
          const last = r.points.at(-1);
          return {
            id: r.rollup.id,
            name: r.rollup.name,
            latest: last ? formatMeasureValue(r.rollup, Math.round(last.value * 100) / 100) : 'No complete period yet',
            variation: describeVariationIcon(r.statistics.spc.variation),
          };
        }),
        decidedLabels: RECOMMENDATION_LABELS,
        canEdit: canEdit(actor, org.id),
        flash: request.query.done === 'rollup-removed' ? 'Roll-up measure removed' : undefined,
      });
    });
  };
}
