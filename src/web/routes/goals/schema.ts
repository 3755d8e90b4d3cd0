/** Request and response schemas of the goals API: they validate shape, type the handlers and feed OpenAPI. */
import { Type, type Static } from 'typebox';
import { WGLL } from '../../../domain/goal.ts';

// Shapes only: the services check meaning (dates, links to this organisation) and name the field.

const Id = Type.String({ format: 'uuid' });

const goalFields = {
  statement: Type.String({
    maxLength: 500,
    description: 'What improves, for whom, by when, in one sentence',
  }),
  forWhom: Type.String({
    maxLength: 200,
    description:
      'Who feels the improvement, e.g. "people waiting for a first outpatient appointment"',
  }),
  byWhen: Type.Union([Type.String({ maxLength: 10 }), Type.Null()], {
    description: 'The date the outcome is due, YYYY-MM-DD',
  }),
  wgll: Type.Array(Type.Enum([...WGLL]), {
    maxItems: WGLL.length,
    description: 'What Good Looks Like success measures this goal serves',
  }),
  problemIds: Type.Array(Id, {
    maxItems: 100,
    description: 'The problems this goal answers; none makes it solution-first',
  }),
  objectiveIds: Type.Array(Id, {
    maxItems: 100,
    description: 'The organisation’s strategic objectives this goal serves',
  }),
  ownerIds: Type.Array(Id, {
    maxItems: 50,
    description: 'Members who own the goal and write its weekly check-in',
  }),
};

export const GoalCreate = Type.Object(
  {
    statement: goalFields.statement,
    forWhom: Type.Optional(goalFields.forWhom),
    byWhen: Type.Optional(goalFields.byWhen),
    wgll: Type.Optional(goalFields.wgll),
    problemIds: Type.Optional(goalFields.problemIds),
    objectiveIds: Type.Optional(goalFields.objectiveIds),
    ownerIds: Type.Optional(goalFields.ownerIds),
  },
  { additionalProperties: false },
);
export type GoalCreate = Static<typeof GoalCreate>;

export const GoalPatch = Type.Object(
  {
    statement: Type.Optional(goalFields.statement),
    forWhom: Type.Optional(goalFields.forWhom),
    byWhen: Type.Optional(goalFields.byWhen),
    wgll: Type.Optional(goalFields.wgll),
    problemIds: Type.Optional(goalFields.problemIds),
    objectiveIds: Type.Optional(goalFields.objectiveIds),
    ownerIds: Type.Optional(goalFields.ownerIds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type GoalPatch = Static<typeof GoalPatch>;

export const GoalOwnerOutput = Type.Object({
  userId: Id,
  name: Type.String(),
  discipline: Type.String({
    description: 'The owner’s discipline in the organisation, e.g. clinical',
  }),
});

export const GoalOutput = Type.Object({
  id: Id,
  organisationCode: Type.String(),
  statement: Type.String(),
  forWhom: Type.String(),
  byWhen: Type.Union([Type.String(), Type.Null()]),
  wgll: Type.Array(Type.String()),
  problemIds: Type.Array(Id),
  objectiveIds: Type.Array(Id),
  owners: Type.Array(GoalOwnerOutput),
  solutionFirst: Type.Boolean({ description: 'True when the goal is linked to no problem' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const GoalList = Type.Object({ goals: Type.Array(GoalOutput) });

export const CheckInInput = Type.Object(
  {
    period: Type.String({ maxLength: 10, description: 'The Monday of the week, YYYY-MM-DD' }),
    whatHappened: Type.String({ maxLength: 2000, description: 'What happened this week' }),
    whatNext: Type.String({ maxLength: 2000, description: 'What happens next' }),
    confidence: Type.Integer({
      minimum: 1,
      maximum: 5,
      description: 'Confidence the goal will be met, 1 (not confident) to 5 (very confident)',
    }),
  },
  { additionalProperties: false },
);
export type CheckInInput = Static<typeof CheckInInput>;

export const CheckInOutput = Type.Object({
  id: Id,
  goalId: Id,
  period: Type.String(),
  whatHappened: Type.String(),
  whatNext: Type.String(),
  confidence: Type.Integer(),
  authorName: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CheckInList = Type.Object({ checkIns: Type.Array(CheckInOutput) });

export const ObjectiveInput = Type.Object(
  {
    title: Type.String({ maxLength: 200, description: 'The objective, in a few words' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ObjectiveInput = Static<typeof ObjectiveInput>;

export const ObjectivePatch = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ObjectiveOutput = Type.Object({
  id: Id,
  title: Type.String(),
  description: Type.String(),
});
export const ObjectiveList = Type.Object({ objectives: Type.Array(ObjectiveOutput) });

export const GoalParams = Type.Object({ goalId: Id });
export const ObjectiveParams = Type.Object({ objectiveId: Id });
export const CheckInListQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({
        pattern: '^(5[0-2]|[1-4][0-9]|[1-9])$',
        description: 'How many, newest first, 1 to 52 (default 52)',
      }),
    ),
  },
  { additionalProperties: false },
);
