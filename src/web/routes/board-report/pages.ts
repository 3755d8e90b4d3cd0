/** The board report page: per goal, is each measure improving and will its target be met. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ASSURANCE_GROUPS,
  assuranceGroupOf,
  BOARD_REPORT_SORTS,
  summariseBoardReport,
  VARIATION_GROUPS,
  variationGroupOf,
  type AssuranceGroup,
  type BoardReportGoal,
  type BoardReportSort,
  type VariationGroup,
} from '../../../services/board-report.ts';
import type { Services } from '../../../services/index.ts';
import type { Actor } from '../../../domain/person.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { describeFilter, ICON_SPRITE, PageFragments, presentBoardReportPage, presentLegend, presentSummary } from './present.ts';
import { presentBoardReviewSection } from '../reviews/board-section.ts';

const SORT_LABELS: Record<BoardReportSort, string> = {
  attention: 'Needs attention first',
  name: 'Name, A to Z',
  updated: 'Most recently updated',
};

const LEGEND = presentLegend();

type ReviewSection = Awaited<ReturnType<typeof presentBoardReviewSection>>;

// The review section (the health checks and the review queue) reads most of an organisation's
// records, several times the rest of the report's work, yet changes only with its data or the
// day. It is kept per organisation until the organisation's change mark moves: each instance
// checks the mark in the database, so none serves another's stale copy for longer than a request.
const REVIEW_SECTIONS_KEPT = 200;
const reviewSections = new Map<string, { mark: string; section: ReviewSection }>();

async function reviewSectionOf(services: Services, actor: Actor, org: Organisation, mark: string): Promise<ReviewSection> {
  const hit = reviewSections.get(org.id);
  if (hit && hit.mark === mark) return hit.section;
  const section = await presentBoardReviewSection(services, actor, org);
  reviewSections.delete(org.id);
  if (reviewSections.size >= REVIEW_SECTIONS_KEPT) reviewSections.delete(reviewSections.keys().next().value!);
  reviewSections.set(org.id, { mark, section });
  return section;
}

// The report runs to a megabyte or more, nearly all of it small charts that change only with
// their data. They are rendered as markers and put back as bytes encoded once (PageFragments),
// rather than re-encoding the whole page, which holds non-ASCII text, on every request.
const fragmentsOf = new WeakMap<FastifyRequest, PageFragments>();

async function assembleFragments(request: FastifyRequest, _reply: FastifyReply, payload: unknown) {
  if (typeof payload !== 'string') return payload;
  const fragments = fragmentsOf.get(request);
  return fragments ? fragments.assemble(payload) : payload;
}

// The report itself (goals, measures, their statistics and check-ins) is kept the same way, per
// organisation and order, so a board member's reload reads one row of the database, not three lists.
const reports = new Map<string, { mark: string; report: BoardReportGoal[] }>();

async function reportOf(services: Services, actor: Actor, org: Organisation, sort: BoardReportSort, mark: string): Promise<BoardReportGoal[]> {
  const key = `${org.id}:${sort}`;
  const hit = reports.get(key);
  if (hit && hit.mark === mark) return hit.report;
  const report = await services.boardReport.build(actor, org.id, sort);
  reports.delete(key);
  if (reports.size >= REVIEW_SECTIONS_KEPT * BOARD_REPORT_SORTS.length) reports.delete(reports.keys().next().value!);
  reports.set(key, { mark, report });
  return report;
}

function pick<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

/** The report with only the measures in one row, column or cell of the summary; goals left empty drop out. */
function filterReport(report: BoardReportGoal[], filter: { variation?: VariationGroup | undefined; assurance?: AssuranceGroup | undefined }): BoardReportGoal[] {
  return report
    .map((g) => ({
      ...g,
      measures: g.measures.filter(
        (m) =>
          (!filter.variation || variationGroupOf(m.variation) === filter.variation) &&
          (!filter.assurance || assuranceGroupOf(m.assurance) === filter.assurance),
      ),
    }))
    .filter((g) => g.measures.length > 0);
}

/** Board report pages. */
export function boardReportPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { code: string }; Querystring: { sort?: string; variation?: string; assurance?: string } }>(
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
        // The mark is read first: a change that lands while the page is worked out moves it again.
        const mark = await services.boardReport.changeMark(actor, org.id);
        const report = await reportOf(services, actor, org, sort, mark);
        const summary = summariseBoardReport(report);
        // The summary's links filter the report to one row, column or cell of the matrix.
        const filter = {
          variation: pick(VARIATION_GROUPS, request.query.variation),
          assurance: pick(ASSURANCE_GROUPS, request.query.assurance),
        };
        const filtered = filter.variation || filter.assurance;
        const shown = filtered ? filterReport(report, filter) : report;
        const now = services.clock();
        const fragments = new PageFragments();
        fragmentsOf.set(request, fragments);
        const base = `/organisations/${org.code}/board-report`;
        const hrefOf = (f: { sort?: BoardReportSort; variation?: VariationGroup | undefined; assurance?: AssuranceGroup | undefined }) => {
          const q = new URLSearchParams();
          if (f.sort && f.sort !== 'attention') q.set('sort', f.sort);
          if (f.variation) q.set('variation', f.variation);
          if (f.assurance) q.set('assurance', f.assurance);
          const qs = q.toString();
          return qs ? `${base}?${qs}` : base;
        };
        return reply.render('board-report/index.njk', {
          title: 'Board report',
          generatedAt: now,
          summary: presentSummary(summary, (f) => `${hrefOf({ sort, ...f })}#goals`),
          icons: ICON_SPRITE,
          goals: presentBoardReportPage(shown, now, fragments),
          measureCount: summary.measures,
          shownCount: shown.reduce((n, g) => n + g.measures.length, 0),
          filter: filtered ? { text: describeFilter(filter), clearHref: `${hrefOf({ sort })}#goals` } : null,
          sort,
          sortLabel: SORT_LABELS[sort],
          sorts: BOARD_REPORT_SORTS.map((s) => ({
            value: s,
            text: SORT_LABELS[s],
            href: hrefOf({ sort: s, ...filter }),
            current: s === sort,
          })),
          legend: LEGEND,
          reviewSection: await reviewSectionOf(services, actor, org, mark),
          apiHref: `/api/v1/organisations/${org.code}/board-report`,
        });
      },
    );
  };
}
