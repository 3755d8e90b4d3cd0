/** The initiatives, capacity, portfolio, stop list and decision log APIs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { Actor } from '../../../domain/person.ts';
import type { Initiative } from '../../../domain/initiative.ts';
import { actorOf } from '../../auth.ts';
import { presentDecision, presentInitiative, presentPortfolio, presentStopItem } from './present.ts';
import {
  CapacityBody,
  CapacityOutput,
  DecisionCreate,
  DecisionList,
  DecisionListQuery,
  DecisionOutput,
  DecisionParams,
  ErrorResponse,
  InitiativeCreate,
  InitiativeList,
  InitiativeOutput,
  InitiativeParams,
  InitiativePatch,
  OrganisationParams,
  PortfolioOutput,
  PortfolioQuery,
  StopItemCreate,
  StopItemList,
  StopItemOutput,
  StopItemParams,
  StopItemPatch,
} from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const Criteria = Type.Array(
  Type.Object({ key: Type.Optional(Type.String()), label: Type.String(), weight: Type.Number(), direction: Type.Optional(Type.String()) }, { additionalProperties: false }),
  { maxItems: 12 },
);

/** Register the choices APIs. */
export function choicesApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    async function presentOne(actor: Actor, i: Initiative) {
      const org = await services.organisations.getById(i.organisationId);
      return presentInitiative(i, org.code, await services.portfolio.scoringModel(actor, i.organisationId));
    }

    // Initiatives
    app.get(
      '/api/v1/organisations/:code/initiatives',
      { schema: { tags: ['initiatives'], summary: 'An organisation’s initiatives in rank order', params: OrganisationParams, response: { 200: InitiativeList, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const [list, criteria] = await Promise.all([services.initiatives.list(actor, org.id), services.portfolio.scoringModel(actor, org.id)]);
        return { initiatives: list.map((i) => presentInitiative(i, org.code, criteria)) };
      },
    );
    app.post(
      '/api/v1/organisations/:code/initiatives',
      { schema: { tags: ['initiatives'], summary: 'Add an initiative at the bottom of the ranking (editors)', params: OrganisationParams, body: InitiativeCreate, response: { 201: InitiativeOutput, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const created = await services.initiatives.create(actor, org.id, request.body);
        reply.code(201).header('location', `/api/v1/initiatives/${created.id}`);
        return presentOne(actor, created);
      },
    );
    app.get(
      '/api/v1/initiatives/:initiativeId',
      { schema: { tags: ['initiatives'], summary: 'One initiative', params: InitiativeParams, response: { 200: InitiativeOutput, ...errors } } },
      async (request) => presentOne(actorOf(request), await services.initiatives.get(actorOf(request), request.params.initiativeId)),
    );
    app.patch(
      '/api/v1/initiatives/:initiativeId',
      { schema: { tags: ['initiatives'], summary: 'Change some fields of an initiative (editors)', params: InitiativeParams, body: InitiativePatch, response: { 200: InitiativeOutput, ...errors } } },
      async (request) => presentOne(actorOf(request), await services.initiatives.update(actorOf(request), request.params.initiativeId, request.body)),
    );
    app.delete(
      '/api/v1/initiatives/:initiativeId',
      { schema: { tags: ['initiatives'], summary: 'Delete an initiative (editors)', params: InitiativeParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        await services.initiatives.delete(actorOf(request), request.params.initiativeId);
        return reply.code(204).send(null);
      },
    );
    app.put(
      '/api/v1/initiatives/:initiativeId/rank',
      {
        schema: {
          tags: ['portfolio'],
          summary: 'Put an initiative at a place in the ranking, 1 = first (editors); every re-rank is recorded',
          params: InitiativeParams,
          body: Type.Object({ rank: Type.Integer() }, { additionalProperties: false }),
          response: { 200: InitiativeList, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const target = await services.initiatives.get(actor, request.params.initiativeId);
        const list = await services.initiatives.setRank(actor, target.id, request.body.rank);
        const org = await services.organisations.getById(target.organisationId);
        const criteria = await services.portfolio.scoringModel(actor, target.organisationId);
        return { initiatives: list.map((i) => presentInitiative(i, org.code, criteria)) };
      },
    );

    // Capacity, scoring model and portfolio
    app.get(
      '/api/v1/organisations/:code/capacity',
      { schema: { tags: ['portfolio'], summary: 'Available digital capacity per quarter and skill, in person-weeks', params: OrganisationParams, response: { 200: CapacityOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return { organisationCode: org.code, entries: await services.portfolio.capacity(actor, org.id) };
      },
    );
    app.put(
      '/api/v1/organisations/:code/capacity',
      { schema: { tags: ['portfolio'], summary: 'Replace the available capacity (editors)', params: OrganisationParams, body: CapacityBody, response: { 200: CapacityOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return { organisationCode: org.code, entries: await services.portfolio.setCapacity(actor, org.id, request.body.entries) };
      },
    );
    app.get(
      '/api/v1/organisations/:code/scoring-model',
      { schema: { tags: ['portfolio'], summary: 'The scoring model: criteria and weights', params: OrganisationParams, response: { 200: Type.Object({ criteria: Criteria }), ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return { criteria: await services.portfolio.scoringModel(actor, org.id) };
      },
    );
    app.put(
      '/api/v1/organisations/:code/scoring-model',
      { schema: { tags: ['portfolio'], summary: 'Change the scoring model (editors)', params: OrganisationParams, body: Type.Object({ criteria: Criteria }, { additionalProperties: false }), response: { 200: Type.Object({ criteria: Criteria }), ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return { criteria: await services.portfolio.setScoringModel(actor, org.id, request.body.criteria) };
      },
    );
    app.get(
      '/api/v1/organisations/:code/portfolio',
      { schema: { tags: ['portfolio'], summary: 'The ranked portfolio of a quarter, split by the capacity line into now, not-now and wont-do', params: OrganisationParams, querystring: PortfolioQuery, response: { 200: PortfolioOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return presentPortfolio(await services.portfolio.portfolio(actor, org.id, request.query.quarter), org.code);
      },
    );

    // Stop items
    app.get(
      '/api/v1/organisations/:code/stop-items',
      { schema: { tags: ['stop list'], summary: 'The stop list', params: OrganisationParams, response: { 200: StopItemList, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return { stopItems: (await services.stopItems.list(actor, org.id)).map((s) => presentStopItem(s, org.code)) };
      },
    );
    app.post(
      '/api/v1/organisations/:code/stop-items',
      { schema: { tags: ['stop list'], summary: 'Add something the organisation will stop (editors)', params: OrganisationParams, body: StopItemCreate, response: { 201: StopItemOutput, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const created = await services.stopItems.create(actor, org.id, request.body);
        reply.code(201).header('location', `/api/v1/stop-items/${created.id}`);
        return presentStopItem(created, org.code);
      },
    );
    app.get(
      '/api/v1/stop-items/:stopItemId',
      { schema: { tags: ['stop list'], summary: 'One stop item', params: StopItemParams, response: { 200: StopItemOutput, ...errors } } },
      async (request) => {
        const s = await services.stopItems.get(actorOf(request), request.params.stopItemId);
        return presentStopItem(s, (await services.organisations.getById(s.organisationId)).code);
      },
    );
    app.patch(
      '/api/v1/stop-items/:stopItemId',
      { schema: { tags: ['stop list'], summary: 'Change a stop item, e.g. mark it stopped (editors)', params: StopItemParams, body: StopItemPatch, response: { 200: StopItemOutput, ...errors } } },
      async (request) => {
        const s = await services.stopItems.update(actorOf(request), request.params.stopItemId, request.body);
        return presentStopItem(s, (await services.organisations.getById(s.organisationId)).code);
      },
    );

    // Decisions
    app.get(
      '/api/v1/organisations/:code/decisions',
      { schema: { tags: ['decisions'], summary: 'The decision log, newest first', params: OrganisationParams, querystring: DecisionListQuery, response: { 200: DecisionList, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const limit = Number(request.query.limit ?? 50);
        const offset = Number(request.query.offset ?? 0);
        const page = await services.decisions.list(actor, org.id, { kind: request.query.kind }, { limit, offset });
        return { decisions: page.decisions.map((d) => presentDecision(d, org.code)), total: page.total, limit: Math.min(Math.max(1, limit), 100), offset };
      },
    );
    app.post(
      '/api/v1/organisations/:code/decisions',
      { schema: { tags: ['decisions'], summary: 'Record a decision (editors); it can never be changed, only superseded', params: OrganisationParams, body: DecisionCreate, response: { 201: DecisionOutput, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const d = await services.decisions.record(actor, org.id, request.body);
        reply.code(201).header('location', `/api/v1/decisions/${d.id}`);
        return presentDecision(d, org.code);
      },
    );
    app.get(
      '/api/v1/decisions/:decisionId',
      { schema: { tags: ['decisions'], summary: 'One decision', params: DecisionParams, response: { 200: DecisionOutput, ...errors } } },
      async (request) => {
        const d = await services.decisions.get(actorOf(request), request.params.decisionId);
        return presentDecision(d, (await services.organisations.getById(d.organisationId)).code);
      },
    );
    app.route({
      method: ['PATCH', 'PUT', 'DELETE'],
      url: '/api/v1/decisions/:decisionId',
      schema: { tags: ['decisions'], summary: 'Not allowed: a recorded decision is never changed or deleted', params: DecisionParams, response: { 405: ErrorResponse } },
      handler: async (_request, reply) =>
        reply
          .code(405)
          .header('allow', 'GET')
          .send({
            error: {
              code: 'method_not_allowed',
              message: 'A recorded decision cannot be changed or deleted. Record a new decision with supersedesId set to this decision’s id: both stay in the log.',
            },
          }),
    });
  };
}
