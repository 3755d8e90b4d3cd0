/** The board report API: GET /api/v1/organisations/{code}/board-report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { summariseBoardReport } from '../../../services/board-report.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';
import { presentBoardReport } from './present.ts';
import { presentBoardReviewSection } from '../reviews/board-section.ts';
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
          summary: 'The board report: per goal, each measure’s latest value, target, variation and assurance icons, and the latest check-in; the health checks, decisions needed and decided since the last review',
          params: BoardReportParams,
          querystring: BoardReportQuery,
          response: { 200: BoardReportOutput, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const sort = request.query.sort ?? 'attention';
        const [report, section] = await Promise.all([services.boardReport.build(actor, org.id, sort), presentBoardReviewSection(services, actor, org)]);
        const review = {
          since: section.since,
          healthChecks: { passed: section.health.passed, failed: section.health.failed, failing: section.health.failing.map((c) => ({ ...c, href: `${section.healthHref}#check-${c.id}` })) },
          decisionsNeeded: section.needed,
          decidedSince: section.decided.map(({ key, kind, subject, evidence, decision }) => ({ key, kind, subject, evidence, decision })),
        };
        return { ...presentBoardReport(org, report, summariseBoardReport(report), services.clock(), sort), review };
      },
    );
  };
}
