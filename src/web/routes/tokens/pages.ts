/** API tokens of an organisation: admins list, create (the secret shown once) and revoke them. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput } from '../../../domain/errors.ts';
import { ROLE_DESCRIPTIONS, hasRole, roleIn, type Role } from '../../../domain/person.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Services } from '../../../services/index.ts';
import type { ApiTokenView } from '../../../services/people.ts';
import { actorOf, requireSignIn } from '../../auth.ts';

type Form = Record<string, string | undefined>;
type Params = { code: string };

const TOKEN_ROLES: Role[] = ['viewer', 'contributor', 'editor'];
const PER_PAGE = 50;
const FIELD_IDS = { name: 'name', role: 'role', expires: 'expires-in-days' };
const STATUS_LABELS = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

function roleItems(values: Form) {
  return TOKEN_ROLES.map((r) => ({ value: r, text: ROLE_DESCRIPTIONS[r], checked: r === values.role }));
}

/** What a token row shows: never its secret. */
function presentToken(t: ApiTokenView) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    status: t.status,
    statusLabel: STATUS_LABELS[t.status],
  };
}

/** Token pages. */
export function tokenPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (/^\/organisations\/[^/]+\/tokens/.test(request.url)) await requireSignIn(request, reply);
    });

    /** The organisation, for admins; others get the same 403 page as the member pages give. */
    async function adminOrganisation(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<Organisation | null> {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      if (hasRole(roleIn(actorOf(request), org.id), 'admin')) return org;
      await reply.code(403).render('error.njk', {
        title: 'Only admins can manage API tokens',
        message: 'Ask an admin of your organisation to create or revoke an API token.',
        status: 403,
      });
      return null;
    }

    app.get<{ Params: Params; Querystring: { page?: string; revoked?: string } }>('/organisations/:code/tokens', async (request, reply) => {
      const org = await adminOrganisation(request, reply);
      if (!org) return reply;
      const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const { tokens, total } = await services.people.listTokens(actorOf(request), org.id, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
      const base = `/organisations/${org.code}/tokens`;
      return reply.render('tokens/index.njk', {
        title: 'API tokens',
        tokens: tokens.map(presentToken),
        total,
        previous: page > 1 ? { href: `${base}?page=${page - 1}`, text: 'Previous' } : undefined,
        next: page * PER_PAGE < total ? { href: `${base}?page=${page + 1}`, text: 'Next' } : undefined,
        flash: request.query.revoked ? 'The API token has been revoked. Requests that send it are now refused.' : undefined,
      });
    });

    app.get<{ Params: Params }>('/organisations/:code/tokens/new', async (request, reply) => {
      const org = await adminOrganisation(request, reply);
      if (!org) return reply;
      const values: Form = { role: 'editor' };
      return reply.render('tokens/new.njk', { title: 'Create an API token', values, errors: {}, fieldIds: FIELD_IDS, roleItems: roleItems(values) });
    });

    app.post<{ Params: Params; Body: Form }>('/organisations/:code/tokens', async (request, reply) => {
      const org = await adminOrganisation(request, reply);
      if (!org) return reply;
      const body = request.body ?? {};
      try {
        const created = await services.people.createToken(
          { organisationId: org.id, name: body.name ?? '', role: body.role ?? '', expiresInDays: body.expiresInDays ?? '' },
          actorOf(request),
        );
        // The secret is shown on this response only: it is stored hashed, never in a link or a later page.
        return reply.code(201).render('tokens/created.njk', { title: 'API token created', token: created.token, apiToken: presentToken({ ...created.apiToken, status: 'active' }) });
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return reply.render('tokens/new.njk', { title: 'Create an API token', values: body, errors: e.fields, fieldIds: FIELD_IDS, roleItems: roleItems(body) });
      }
    });

    app.get<{ Params: Params & { tokenId: string } }>('/organisations/:code/tokens/:tokenId/revoke', async (request, reply) => {
      const org = await adminOrganisation(request, reply);
      if (!org) return reply;
      const token = await services.people.getToken(actorOf(request), request.params.tokenId, org.id);
      return reply.render('tokens/revoke.njk', { title: `Revoke the API token “${token.name}”`, apiToken: presentToken(token) });
    });

    app.post<{ Params: Params & { tokenId: string } }>('/organisations/:code/tokens/:tokenId/revoke', async (request, reply) => {
      const org = await adminOrganisation(request, reply);
      if (!org) return reply;
      await services.people.revokeToken(actorOf(request), request.params.tokenId, org.id);
      return reply.redirect(`/organisations/${org.code}/tokens?revoked=1`, 303);
    });
  };
}
