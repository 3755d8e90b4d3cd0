/** Request and response schemas of the board report API: they validate, type the handler and feed OpenAPI. */
import { Type, type Static } from 'typebox';
import { ASSURANCE_GROUPS, BOARD_REPORT_SORTS, VARIATION_GROUPS } from '../../../services/board-report.ts';
import { DecidedOutput, QueueItemOutput } from '../reviews/schema.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description: string) =>
  Type.Union([schema, Type.Null()], { description });

/** The variation icons, in the words of the SPC engine. */
export const VARIATIONS = ['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neutral_high', 'neutral_low'] as const;
/** The assurance icons, in the words of the SPC engine. */
export const ASSURANCES = ['pass', 'fail', 'inconsistent'] as const;
const TIMELINESS = ['up_to_date', 'due', 'overdue', 'stale', 'published_series'] as const;

/** The organisation in the path, by its code. */
export const BoardReportParams = Type.Object({ code: Type.String({ maxLength: 10 }) });

/** The order of the report. */
export const BoardReportQuery = Type.Object(
  {
    sort: Type.Optional(
      Type.Enum([...BOARD_REPORT_SORTS], {
        description: 'attention (default: concerns and failing assurance first), name (A to Z) or updated (most recently updated first)',
      }),
    ),
  },
  { additionalProperties: false },
);
/** The query string, as the handler sees it. */
export type BoardReportQuery = Static<typeof BoardReportQuery>;

/** One measure's row: its latest value, target, icons, owner and timeliness. */
export const BoardReportMeasureOutput = Type.Object({
  id: Id,
  name: Type.String(),
  unit: Type.String({ description: 'count, percentage, rate, minutes, days, pounds or other' }),
  frequency: Type.Enum(['weekly', 'monthly']),
  improvementDirection: Type.Enum(['increase', 'decrease', 'neutral'], { description: 'Which way is better' }),
  dataSource: Type.String({ description: 'Where the values come from' }),
  latestValue: Nullable(Type.Number(), 'The latest value, or null before the first'),
  latestPeriod: Nullable(Type.String(), 'The period of the latest value, YYYY-MM-DD (the Monday of a week or the 1st of a month)'),
  target: Nullable(Type.Number(), 'The target, or null without one'),
  variation: Nullable(Type.Enum([...VARIATIONS]), 'The variation icon of the latest value; null with too few values'),
  assurance: Nullable(Type.Enum([...ASSURANCES]), 'Whether the process will meet the target; null without a target, a better direction or enough values'),
  owner: Nullable(Type.String(), 'The name of the measure’s owner'),
  lastUpdated: Type.String({ format: 'date-time', description: 'When the measure or its values last changed' }),
  timeliness: Type.Enum([...TIMELINESS], { description: 'Whether the latest complete period has a value: up_to_date, due (one missing), overdue (two) or stale (more); published_series for a real organisation\'s published figures shown for illustration, which end where the publication ended' }),
  reading: Type.String({ description: 'The statistics in plain English' }),
});

/** A goal's latest weekly check-in. */
export const BoardReportCheckInOutput = Type.Object({
  period: Type.String({ description: 'The Monday of the week, YYYY-MM-DD' }),
  whatHappened: Type.String(),
  whatNext: Type.String(),
  confidence: Type.Integer({ minimum: 1, maximum: 5, description: '1 (not confident) to 5 (very confident) that the goal will be met' }),
  authorName: Type.String(),
});

/** One goal with its measures and latest check-in. */
export const BoardReportGoalOutput = Type.Object({
  id: Id,
  statement: Type.String(),
  solutionFirst: Type.Boolean({ description: 'True when the goal is linked to no problem' }),
  owners: Type.Array(Type.Object({ userId: Id, name: Type.String(), discipline: Type.String() })),
  latestCheckIn: Type.Union([BoardReportCheckInOutput, Type.Null()], { description: 'The goal’s latest weekly check-in, or null' }),
  measures: Type.Array(BoardReportMeasureOutput),
});

const Count = Type.Integer({ minimum: 0 });

/** The summary at the top of the report: Making Data Count's matrix of variation × assurance. */
export const BoardReportSummaryOutput = Type.Object(
  {
    measures: Type.Integer({ minimum: 0, description: 'How many measures the report holds' }),
    variation: Type.Object(Object.fromEntries(VARIATION_GROUPS.map((v) => [v, Count])) as Record<(typeof VARIATION_GROUPS)[number], typeof Count>, {
      description: 'Measures by the variation of their latest value: improvement, concern, neither (special cause that is neither better nor worse), common_cause, too_few_values',
    }),
    assurance: Type.Object(Object.fromEntries(ASSURANCE_GROUPS.map((a) => [a, Count])) as Record<(typeof ASSURANCE_GROUPS)[number], typeof Count>, {
      description: 'Measures by assurance: pass (will meet the target), fail (will miss it), inconsistent (hit and miss), none (no target, or not assessed)',
    }),
    cells: Type.Array(
      Type.Object({ variation: Type.Enum([...VARIATION_GROUPS]), assurance: Type.Enum([...ASSURANCE_GROUPS]), count: Count }),
      { description: 'Every cell of the variation × assurance matrix, with its count' },
    ),
  },
  { description: 'Counts of the measures by variation and by assurance, as the Making Data Count summary matrix' },
);

/** The review's part of the board report: the health checks in counts, decisions needed and decided since the last review. */
export const BoardReportReviewOutput = Type.Object(
  {
    since: Type.String({ format: 'date', description: 'The start of the previous review period: decidedSince lists what was decided from then' }),
    healthChecks: Type.Object({
      passed: Count,
      failed: Count,
      failing: Type.Array(
        Type.Object({ id: Type.String(), title: Type.String(), message: Type.String(), count: Type.Integer({ minimum: 0, description: 'How many items the check found' }), href: Type.String({ description: 'The check on the health checks page' }) }),
      ),
    }),
    decisionsNeeded: Type.Array(QueueItemOutput, { description: 'The open items of the review queue for the next board' }),
    decidedSince: Type.Array(DecidedOutput, { description: 'Items decided in reviews held since the start of the previous review period' }),
  },
  { description: 'As the board report page shows them: the strategy health checks, decisions needed and decided since the last review' },
);

/** The board report of an organisation. */
export const BoardReportOutput = Type.Object({
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  generatedAt: Type.String({ format: 'date-time' }),
  sort: Type.Enum([...BOARD_REPORT_SORTS]),
  summary: BoardReportSummaryOutput,
  goals: Type.Array(BoardReportGoalOutput),
  review: BoardReportReviewOutput,
});
