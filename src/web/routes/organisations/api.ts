/** The organisations API: the caller's organisations, and the reference list of NHS trusts and ICBs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';

const Organisation = Type.Object({ code: Type.String(), name: Type.String(), type: Type.String() });
const ReferenceOrganisation = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: Type.Enum(['trust', 'icb']),
  region: Type.String(),
});
const tags = ['organisations'];

/** Register the organisations API. */
export function organisationApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/organisations',
      { schema: { tags, summary: 'The organisations the caller belongs to', response: { 200: Type.Object({ organisations: Type.Array(Organisation) }), 401: ErrorResponse } } },
      async (request) => {
        const organisations = await services.organisations.listForActor(actorOf(request));
        return { organisations: organisations.map((o) => ({ code: o.code, name: o.name, type: o.type })) };
      },
    );

    app.get(
      '/api/v1/reference/organisations',
      {
        schema: {
          tags,
          summary: 'Search the reference list of NHS trusts and ICBs by name or ODS code',
          description: 'Contains public sector information licensed under the Open Government Licence v3.0.',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of a name, or a whole ODS code' })),
              limit: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$', description: '1 to 100 (default 20)' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ organisations: Type.Array(ReferenceOrganisation), attribution: Type.String() }), 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        const reference = services.organisations.reference;
        const organisations = reference.search(request.query.q ?? '', Number(request.query.limit ?? 20));
        return { organisations, attribution: reference.attribution };
      },
    );
  };
}
