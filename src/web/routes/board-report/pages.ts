/** The board report page: per goal, is each measure improving and will its target be met. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BOARD_REPORT_SORTS, type BoardReportSort } from '../../../services/board-report.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { PageFragments, presentBoardReportPage, presentLegend } from './present.ts';
import { presentBoardReviewSection } from '../reviews/board-section.ts';

const SORT_LABELS: Record<BoardReportSort, string> = {
  attention: 'Needs attention first',
  name: 'Name, A to Z',
  updated: 'Most recently updated',
};

const LEGEND = presentLegend();

// The report runs to a megabyte or more, nearly all of it small charts that change only with
// their data. They are rendered as markers and put back as bytes encoded once (PageFragments),
// rather than re-encoding the whole page, which holds non-ASCII text, on every request.
const fragmentsOf = new WeakMap<FastifyRequest, PageFragments>();

async function assembleFragments(request: FastifyRequest, _reply: FastifyReply, payload: unknown) {
  if (typeof payload !== 'string') return payload;
  const fragments = fragmentsOf.get(request);
  return fragments ? fragments.assemble(payload) : payload;
}

/** Board report pages. */
export function boardReportPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { code: string }; Querystring: { sort?: string } }>(
      '/organisations/:code/board-report',
      { schema: { hide: true }, preHandler: requireSignIn, onSend: assembleFragments },
      async (request, reply) => {
        const actor = actorOf(request);
        // The session's own organisation is already loaded (and checked) by auth: most visits.
        const current = request.organisation;
        const org = current && current.code === request.params.code.toUpperCase() ? current : await services.organisations.getForActor(request.params.code, actor);
        request.organisation = org;
        // A page is lenient: an unknown sort shows the default order rather than an error.
        const sort = (BOARD_REPORT_SORTS as readonly string[]).includes(request.query.sort ?? '') ? (request.query.sort as BoardReportSort) : 'attention';
        const report = await services.boardReport.build(actor, org.id, sort);
        const now = services.clock();
        const fragments = new PageFragments();
        fragmentsOf.set(request, fragments);
        const base = `/organisations/${org.code}/board-report`;
        return reply.render('board-report/index.njk', {
          title: 'Board report',
          generatedAt: now,
          goals: presentBoardReportPage(report, now, fragments),
          measureCount: report.reduce((n, g) => n + g.measures.length, 0),
          sort,
          sortLabel: SORT_LABELS[sort],
          sorts: BOARD_REPORT_SORTS.map((s) => ({
            value: s,
            text: SORT_LABELS[s],
            href: s === 'attention' ? base : `${base}?sort=${s}`,
            current: s === sort,
          })),
          legend: LEGEND,
          reviewSection: await presentBoardReviewSection(services, actor, org),
          apiHref: `/api/v1/organisations/${org.code}/board-report`,
        });
      },
    );
  };
}
