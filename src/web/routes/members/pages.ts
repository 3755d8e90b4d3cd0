/** Members of an organisation: everyone can see who is in it; admins add, change and remove. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Conflict, InvalidInput } from '../../../domain/errors.ts';
import { DISCIPLINES, DISCIPLINE_LABELS, ROLES, ROLE_DESCRIPTIONS, hasRole, roleIn } from '../../../domain/person.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { presentHistory } from '../problems/present.ts';

type Form = Record<string, string | undefined>;

function choices(values: Form) {
  return {
    roleItems: ROLES.map((r) => ({ value: r, text: ROLE_DESCRIPTIONS[r], checked: r === values.role })),
    disciplineItems: [
      { value: '', text: 'Choose a discipline' },
      ...DISCIPLINES.map((d) => ({ value: d, text: DISCIPLINE_LABELS[d], selected: d === values.discipline })),
    ],
  };
}

const FIELD_IDS = { role: 'role', discipline: 'discipline' };

/** A members page's history names the member each change was about. */
function presentMemberHistory(events: Parameters<typeof presentHistory>[0], names: ReadonlyMap<string, string>) {
  const rows = presentHistory(events);
  return rows.map((row, i) => {
    const e = events[i]!;
    const after = (e.changes.email?.after ?? e.changes.email?.before) as string | undefined;
    const who = names.get(e.entityId) ?? after ?? 'a former member';
    const role = e.changes.role?.after as string | undefined;
    const summary =
      e.action === 'created'
        ? `Added ${who}${role ? ` as ${role}` : ''}`
        : e.action === 'deleted'
          ? `Removed ${who}`
          : `Changed ${who}`;
    return { ...row, summary };
  });
}

/** Member pages. */
export function memberPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (/^\/organisations\/[^/]+\/members/.test(request.url)) await requireSignIn(request, reply);
    });

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>) {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/organisations/:code/members', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const members = await services.people.listMembers(actor, org.id);
      const isAdmin = hasRole(roleIn(actor, org.id), 'admin');
      const history = isAdmin ? await services.people.memberHistory(actor, org.id, members.map((m) => m.userId)) : [];
      return reply.render('members/index.njk', {
        title: 'Members',
        members: members.map((m) => ({ ...m, disciplineLabel: DISCIPLINE_LABELS[m.discipline] })),
        isAdmin,
        history: presentMemberHistory(history, new Map(members.map((m) => [m.userId, m.name]))),
        flash: request.query.saved ? 'Members updated' : undefined,
      });
    });

    app.get<{ Params: { code: string } }>('/organisations/:code/members/new', async (request, reply) => {
      const org = await organisationFor(request);
      if (!hasRole(roleIn(actorOf(request), org.id), 'admin')) {
        return reply.code(403).render('error.njk', { title: 'Only admins can add members', message: 'Ask an admin of your organisation to add people.', status: 403 });
      }
      const values: Form = { role: 'contributor' };
      return reply.render('members/new.njk', { title: 'Add a member', values, errors: {}, fieldIds: FIELD_IDS, ...choices(values) });
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/members', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      try {
        await services.people.addMember(actorOf(request), org.id, {
          email: body.email ?? '',
          name: body.name ?? '',
          role: body.role ?? '',
          discipline: body.discipline ?? '',
          ...(body.password ? { password: body.password } : {}),
        });
        return reply.redirect(`/organisations/${org.code}/members?saved=1`, 303);
      } catch (e) {
        // A clash (already a member) is shown next to the field, like any other mistake.
        if (!(e instanceof InvalidInput) && !(e instanceof Conflict)) throw e;
        reply.code(e instanceof Conflict ? 409 : 400);
        const values = { ...body, password: '' };
        return reply.render('members/new.njk', { title: 'Add a member', values, errors: e.fields, fieldIds: FIELD_IDS, ...choices(values) });
      }
    });

    app.get<{ Params: { code: string; userId: string } }>('/organisations/:code/members/:userId', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const member = (await services.people.listMembers(actor, org.id)).find((m) => m.userId === request.params.userId);
      if (!member || !hasRole(roleIn(actor, org.id), 'admin')) {
        return reply.code(member ? 403 : 404).render('error.njk', member
          ? { title: 'Only admins can change members', message: 'Ask an admin of your organisation.', status: 403 }
          : { title: 'Page not found', message: 'This person is not a member of the organisation.', status: 404 });
      }
      const values: Form = { role: member.role, discipline: member.discipline };
      return reply.render('members/edit.njk', { title: `Change ${member.name}`, member, values, errors: {}, fieldIds: FIELD_IDS, ...choices(values) });
    });

    app.post<{ Params: { code: string; userId: string }; Body: Form }>('/organisations/:code/members/:userId', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const body = request.body ?? {};
      if (body.action === 'remove') {
        await services.people.removeMember(actor, org.id, request.params.userId);
        return reply.redirect(`/organisations/${org.code}/members?saved=1`, 303);
      }
      try {
        await services.people.updateMember(actor, org.id, request.params.userId, { role: body.role ?? '', discipline: body.discipline ?? '' });
        return reply.redirect(`/organisations/${org.code}/members?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        const member = (await services.people.listMembers(actor, org.id)).find((m) => m.userId === request.params.userId);
        reply.code(400);
        return reply.render('members/edit.njk', { title: `Change ${member?.name ?? 'member'}`, member, values: body, errors: e.fields, fieldIds: FIELD_IDS, ...choices(body) });
      }
    });
  };
}
