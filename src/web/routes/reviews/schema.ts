/** Request and response schemas of the review API: they validate, type the handlers and feed OpenAPI. */
import { Type } from 'typebox';
import { REVIEW_ITEM_KINDS, REVIEW_OUTCOMES, SUBJECT_TYPES } from '../../../domain/review.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

export const OrganisationParams = Type.Object({ code: Type.String({ maxLength: 10 }) });

const Subject = Type.Object({
  type: Type.Enum([...SUBJECT_TYPES], { description: 'initiative, measure, goal or problem' }),
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  href: Type.String({ description: 'The record’s page' }),
});

export const QueueDecisionOutput = Type.Object({
  decisionId: Type.String({ format: 'uuid', description: 'The decision in the decision log' }),
  reviewId: Type.String({ format: 'uuid' }),
  outcome: Type.Enum([...REVIEW_OUTCOMES]),
  rationale: Type.String(),
  nextReviewDate: Nullable(Type.String({ format: 'date' }), 'When the item comes back to the review, unless its evidence changes first'),
  decidedOn: Type.String({ format: 'date' }),
});

export const QueueItemOutput = Type.Object({
  key: Type.String({ description: 'kind:subjectId — the same question keeps its key from period to period' }),
  kind: Type.Enum([...REVIEW_ITEM_KINDS]),
  kindLabel: Type.String(),
  subject: Subject,
  evidence: Type.Object({
    summary: Type.String({ description: 'What the data shows, in one sentence' }),
    facts: Type.Array(Type.String()),
    fingerprint: Type.String({ description: 'The evidence that matters to a decision; when it changes, a decided item reopens' }),
    related: Type.Array(Subject),
  }),
  decision: Type.Union([QueueDecisionOutput, Type.Null()], { description: 'Null until the item is decided in this period’s review' }),
});

export const QueueOutput = Type.Object({
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  period: Type.Object({ start: Type.String({ format: 'date' }), end: Type.String({ format: 'date' }), frequency: Type.Enum(['weekly', 'monthly']) }),
  items: Type.Array(QueueItemOutput),
  quiet: Type.Integer({ description: 'Items decided in an earlier period that stay quiet until their next review date or new evidence' }),
});

const settingsFields = {
  frequency: Type.Enum(['weekly', 'monthly'], { description: 'How often the review is held' }),
  maxPrioritiesNow: Type.Integer({ minimum: 1, maximum: 100, description: 'More priorities “now” than this fails a health check (default 7)' }),
  problemPriorityThreshold: Type.Integer({ minimum: 1, description: 'A problem with severity × reach of this or more that nothing addresses is raised (default 8000)' }),
  staleAfterPeriods: Type.Integer({ minimum: 1, maximum: 52, description: 'A measure with no value for more periods than this is stale (default 2)' }),
  buzzwords: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 200, description: 'Words a title may not lean on unless a linked problem names them' }),
};

export const SettingsOutput = Type.Object(settingsFields);
export const SettingsPatch = Type.Object(
  {
    frequency: Type.Optional(settingsFields.frequency),
    maxPrioritiesNow: Type.Optional(settingsFields.maxPrioritiesNow),
    problemPriorityThreshold: Type.Optional(settingsFields.problemPriorityThreshold),
    staleAfterPeriods: Type.Optional(settingsFields.staleAfterPeriods),
    buzzwords: Type.Optional(settingsFields.buzzwords),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const HealthCheckOutput = Type.Object({
  id: Type.String(),
  title: Type.String(),
  why: Type.String({ description: 'Why it matters' }),
  threshold: Type.String({ description: 'Where the line is drawn' }),
  passed: Type.Boolean(),
  message: Type.String(),
  items: Type.Array(Type.Object({ type: Type.String(), id: Type.String(), title: Type.String(), note: Type.Union([Type.String(), Type.Null()]), href: Type.String() })),
});

export const HealthChecksOutput = Type.Object({
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  passed: Type.Integer(),
  failed: Type.Integer(),
  checks: Type.Array(HealthCheckOutput),
});

export const ReviewParams = Type.Object({ reviewId: Type.String({ format: 'uuid' }) });

const PresentInput = Type.Union([
  Type.Object({ userId: Type.String({ format: 'uuid', description: 'A member of the organisation' }) }, { additionalProperties: false }),
  Type.Object({ name: Type.String({ maxLength: 200 }), discipline: Type.String({ description: 'board, clinical, operational, digital, finance, workforce, patients_representative or other' }) }, { additionalProperties: false }),
]);

export const ReviewCreate = Type.Object(
  {
    heldOn: Type.String({ description: 'The date of the review, YYYY-MM-DD, not in the future' }),
    present: Type.Array(PresentInput, { maxItems: 100, description: 'Who is present: members by user id, or named guests with their discipline' }),
  },
  { additionalProperties: false },
);

export const DecisionCreate = Type.Object(
  {
    itemKey: Type.String({ maxLength: 200, description: 'The key of an open item of the queue' }),
    outcome: Type.Enum([...REVIEW_OUTCOMES], { description: 'continue, pivot, pause or stop (pause and stop for initiatives)' }),
    rationale: Type.String({ maxLength: 2000, description: 'The reason to continue, what changes in a pivot, or why it pauses or stops' }),
    nextReviewDate: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM-DD, after today; required to continue' })),
  },
  { additionalProperties: false },
);

/** An item decided in a review, with the evidence as it was. */
export const DecidedOutput = Type.Object({
  key: Type.String(),
  kind: Type.Enum([...REVIEW_ITEM_KINDS]),
  subject: Subject,
  evidence: Type.Object({ summary: Type.String(), facts: Type.Array(Type.String()), fingerprint: Type.String() }),
  decision: QueueDecisionOutput,
});

export const ReviewOutput = Type.Object({
  id: Type.String({ format: 'uuid' }),
  organisationCode: Type.String(),
  heldOn: Type.String({ format: 'date' }),
  present: Type.Array(Type.Object({ kind: Type.Enum(['member', 'guest']), userId: Type.Union([Type.String(), Type.Null()]), name: Type.String(), discipline: Type.String() })),
  openedBy: Type.String(),
  closed: Type.Boolean(),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decided: Type.Array(DecidedOutput),
  leftOpen: Type.Union([Type.Array(QueueItemOutput), Type.Null()], { description: 'The items still open when the review closed; null while it is open' }),
});

export const ReviewList = Type.Object({ reviews: Type.Array(ReviewOutput), total: Type.Integer() });

export const DecisionOutput = Type.Object({
  item: DecidedOutput,
  decisionHref: Type.String({ description: 'The decision in the decision log' }),
});
