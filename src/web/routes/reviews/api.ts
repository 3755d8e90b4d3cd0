/** The review API: the queue, review meetings and their decisions, the settings and the health checks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';
import { presentQueue, presentSettings } from './present.ts';
import { OrganisationParams, QueueOutput, SettingsOutput, SettingsPatch } from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
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
  };
}
