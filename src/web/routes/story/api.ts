/** The story and board pack API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../services/index.ts';
import { buildStory } from '../../../report/build-story.ts';
import { buildBoardPack, parseExportFormat, parseMeetingDate } from '../../../report/board-pack.ts';
import { packTitle, renderBoardPackHtml, renderBoardPackMarkdown } from '../../../report/board-pack-render.ts';
import type { PdfRenderer } from '../../../report/pdf.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';
import { sendExport } from './export.ts';
import { presentVersion, presentVersionSummary } from './present.ts';
import {
  BoardPackQuery,
  CompareOutput,
  CompareQuery,
  PublishInput,
  StoryDocumentOutput,
  StoryParams,
  VersionListOutput,
  VersionListQuery,
  VersionOutput,
  VersionParams,
  VersionSummaryOutput,
} from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** Register the story and board pack API. */
export function storyApi(services: Services, pdf: PdfRenderer): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/organisations/:code/story',
      { schema: { tags: ['story'], summary: 'The strategy story as it stands now, built from the problems, goals and measures', params: StoryParams, response: { 200: StoryDocumentOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return buildStory(services, actor, org);
      },
    );

    app.post(
      '/api/v1/organisations/:code/story/versions',
      { schema: { tags: ['story'], summary: 'Publish the story: freeze it as the next dated version (editors)', params: StoryParams, body: PublishInput, response: { 201: VersionSummaryOutput, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const doc = await buildStory(services, actor, org);
        const v = await services.story.publish(actor, org.id, doc, request.body?.note ?? '');
        return reply.code(201).send(presentVersionSummary(v));
      },
    );

    app.get(
      '/api/v1/organisations/:code/story/versions',
      { schema: { tags: ['story'], summary: 'Published versions, newest first', params: StoryParams, querystring: VersionListQuery, response: { 200: VersionListOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const list = await services.story.versions(actor, org.id, request.query.page ?? 1);
        return { ...list, versions: list.versions.map(presentVersionSummary) };
      },
    );

    app.get(
      '/api/v1/organisations/:code/story/versions/:number',
      { schema: { tags: ['story'], summary: 'One published version with its frozen document', params: VersionParams, response: { 200: VersionOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return presentVersion(await services.story.version(actor, org.id, request.params.number));
      },
    );

    app.get(
      '/api/v1/organisations/:code/story/compare',
      { schema: { tags: ['story'], summary: 'Compare two versions: goals added or dropped, initiatives started or stopped, measures that moved between concern and improvement, decisions since', params: StoryParams, querystring: CompareQuery, response: { 200: CompareOutput, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return (await services.story.compare(actor, org.id, request.query.from, request.query.to)).comparison;
      },
    );

    app.get(
      '/api/v1/organisations/:code/board-pack',
      {
        schema: {
          tags: ['board pack'],
          summary: 'The board pack for a meeting as PDF, Markdown or printable HTML',
          params: StoryParams,
          querystring: BoardPackQuery,
          produces: ['application/pdf', 'text/markdown', 'text/html'],
          response: { ...errors, 503: ErrorResponse },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const date = parseMeetingDate(request.query.date);
        const format = parseExportFormat(request.query.format);
        const pack = await buildBoardPack(services, actor, org, date);
        return sendExport(reply, pdf, format, {
          filename: `${org.code}-board-pack-${date}`,
          html: () => renderBoardPackHtml(pack),
          markdown: () => renderBoardPackMarkdown(pack),
          footer: packTitle(pack),
        });
      },
    );
  };
}
