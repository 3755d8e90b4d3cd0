/** The review API: the queue, review meetings and their decisions, the settings and the health checks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';
import { presentHealthChecks, presentOutcome, presentQueue, presentReview, presentSettings } from './present.ts';
import { DecisionCreate, DecisionOutput, HealthChecksOutput, OrganisationParams, QueueOutput, ReviewCreate, ReviewList, ReviewOutput, ReviewParams, SettingsOutput, SettingsPatch } from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['review'];

/** Register the review API. */
export function reviewApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/organisations/:code/review',
      {
        schema: {
          tags,
          summary: 'The review queue of the current period: each item with its kind, the record it concerns, its evidence, and its decision (null until decided)',
          params: OrganisationParams,
          response: { 200: QueueOutput, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return presentQueue(await services.reviews.queue(actor, org.id), org);
      },
    );

    app.get(
      '/api/v1/organisations/:code/review-settings',
      { schema: { tags, summary: 'How often the review is held, the health checks’ thresholds and the buzzword list', params: OrganisationParams, response: { 200: SettingsOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return presentSettings(await services.reviews.settings(actor, org.id));
      },
    );

    app.patch(
      '/api/v1/organisations/:code/review-settings',
      { schema: { tags, summary: 'Change some review settings (editors)', params: OrganisationParams, body: SettingsPatch, response: { 200: SettingsOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return presentSettings(await services.reviews.updateSettings(actor, org.id, request.body));
      },
    );

    app.get(
      '/api/v1/organisations/:code/health-checks',
      { schema: { tags, summary: 'The strategy health checks: each with its id, whether it passed, a message, why it matters, its threshold and the records concerned', params: OrganisationParams, response: { 200: HealthChecksOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return presentHealthChecks(await services.healthChecks.run(actor, org.id), org);
      },
    );

    app.get(
      '/api/v1/organisations/:code/reviews',
      { schema: { tags, summary: 'The organisation’s review meetings, newest first', params: OrganisationParams, response: { 200: ReviewList, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const page = await services.reviews.list(actor, org.id, { limit: 100, offset: 0 });
        const reviews = [];
        for (const r of page.reviews) reviews.push(presentReview(r, (await services.reviews.get(actor, r.id)).outcomes, org.code));
        return { reviews, total: page.total };
      },
    );

    app.post(
      '/api/v1/organisations/:code/reviews',
      { schema: { tags, summary: 'Open a review meeting for a date, with who is present (editors)', params: OrganisationParams, body: ReviewCreate, response: { 201: ReviewOutput, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const review = await services.reviews.open(actor, org.id, request.body);
        reply.code(201).header('location', `/api/v1/reviews/${review.id}`);
        return presentReview(review, [], org.code);
      },
    );

    app.get(
      '/api/v1/reviews/:reviewId',
      { schema: { tags, summary: 'A review meeting: who was present, what was decided and what was left for next time', params: ReviewParams, response: { 200: ReviewOutput, ...errors } } },
      async (request) => {
        const { review, outcomes } = await services.reviews.get(actorOf(request), request.params.reviewId);
        const org = await services.organisations.getById(review.organisationId);
        return presentReview(review, outcomes, org.code);
      },
    );

    app.post(
      '/api/v1/reviews/:reviewId/decisions',
      { schema: { tags, summary: 'Decide an open item of the queue: continue, pivot, pause or stop (editors). The decision goes into the decision log.', params: ReviewParams, body: DecisionCreate, response: { 201: DecisionOutput, ...errors } } },
      async (request, reply) => {
        const { outcome } = await services.reviews.decide(actorOf(request), request.params.reviewId, request.body);
        const org = await services.organisations.getById(outcome.organisationId);
        reply.code(201).header('location', `/api/v1/decisions/${outcome.decisionId}`);
        return { item: presentOutcome(outcome, org.code), decisionHref: `/api/v1/decisions/${outcome.decisionId}` };
      },
    );

    app.post(
      '/api/v1/reviews/:reviewId/close',
      { schema: { tags, summary: 'Close a review: what was decided stays, and the open items are kept as left for next time (editors)', params: ReviewParams, response: { 200: ReviewOutput, ...errors } } },
      async (request) => {
        const { review, outcomes } = await services.reviews.close(actorOf(request), request.params.reviewId);
        const org = await services.organisations.getById(review.organisationId);
        return presentReview(review, outcomes, org.code);
      },
    );
  };
}
