/** The board report API: GET /api/v1/organisations/{code}/board-report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { summariseBoardReport } from '../../../services/board-report.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';
import { presentBoardReport } from './present.ts';
import { BoardReportOutput, BoardReportParams, BoardReportQuery } from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** Register the board report API. */
export function boardReportApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/organisations/:code/board-report',
      {
        schema: {
          tags: ['board report'],
          summary: 'The board report: per goal, each measure’s latest value, target, variation and assurance icons, and the latest check-in',
          params: BoardReportParams,
          querystring: BoardReportQuery,
          response: { 200: BoardReportOutput, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const sort = request.query.sort ?? 'attention';
        const report = await services.boardReport.build(actor, org.id, sort);
        return presentBoardReport(org, report, summariseBoardReport(report), services.clock(), sort);
      },
    );
  };
}
