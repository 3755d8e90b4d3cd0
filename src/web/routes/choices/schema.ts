/** Request and response schemas of the initiatives, capacity, portfolio, stop list and decision APIs. */
import { Type, type Static } from 'typebox';
import { INITIATIVE_STATUSES, LEVELS, SKILLS } from '../../../domain/initiative.ts';
import { STOP_ITEM_KINDS, STOP_ITEM_STATUSES } from '../../../domain/stop-item.ts';
import { DECISION_KINDS } from '../../../domain/decision.ts';
import { DISCIPLINES } from '../../../domain/person.ts';
import { PLACEMENTS } from '../../../domain/portfolio.ts';

export { ErrorResponse } from '../problems/schema.ts';

const literalUnion = <const T extends readonly string[]>(values: T, description: string) => Type.Enum([...values] as T[number][], { description });
const Quarter = Type.String({ pattern: '^\\d{4}-Q[1-4]$', description: 'A quarter, YYYY-Qn, like 2027-Q1' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: 'uuid' });

export const OrganisationParams = Type.Object({ code: Type.String({ description: 'The organisation’s ODS code' }) });
export const InitiativeParams = Type.Object({ initiativeId: Type.String() });
export const StopItemParams = Type.Object({ stopItemId: Type.String() });
export const DecisionParams = Type.Object({ decisionId: Type.String() });

export const SkillDemand = Type.Object(
  { quarter: Quarter, skill: literalUnion(SKILLS, 'The skill'), personWeeks: Type.Number({ description: 'Person-weeks, 0 or more' }) },
  { additionalProperties: false },
);

const Hypothesis = Type.Object(
  {
    measureId: Id,
    expectation: Type.String({ maxLength: 1000, description: 'We expect special-cause improvement in this measure…' }),
    byDate: Type.Optional(Nullable(Type.String({ description: 'ISO date' }))),
  },
  { additionalProperties: false },
);

const initiativeFields = {
  name: Type.String({ maxLength: 200 }),
  change: Type.String({ maxLength: 5000, description: 'What will change in ways of working or the operating model (required)' }),
  level: literalUnion(LEVELS, 'system or local'),
  status: literalUnion(INITIATIVE_STATUSES, 'idea, proposed, committed, in_progress, paused, stopped or done'),
  problemIds: Type.Array(Id, { maxItems: 100 }),
  goalIds: Type.Array(Id, { maxItems: 100 }),
  hypotheses: Type.Array(Hypothesis, { maxItems: 20 }),
  ownerId: Nullable(Id),
  sponsorId: Nullable(Id),
  demand: Type.Array(SkillDemand, { maxItems: 2000, description: 'Person-weeks needed per quarter and skill' }),
  cost: Nullable(Type.Number({ description: 'Pounds' })),
  startQuarter: Nullable(Quarter),
  endQuarter: Nullable(Quarter),
  wontDoReason: Nullable(Type.String({ maxLength: 2000, description: 'Set when the organisation has decided it will not do this' })),
  scores: Type.Record(Type.String(), Type.Number(), { description: 'criterion key → score 1 to 5' }),
};
const optional = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(o: T) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>> };

export const InitiativeCreate = Type.Object({ ...optional(initiativeFields), name: initiativeFields.name, change: initiativeFields.change }, { additionalProperties: false });
export type InitiativeCreate = Static<typeof InitiativeCreate>;
export const InitiativePatch = Type.Object(optional(initiativeFields), { additionalProperties: false, minProperties: 1 });

const Person = Nullable(Type.Object({ userId: Id, name: Type.String(), discipline: Type.String() }));
export const InitiativeOutput = Type.Object({
  id: Id,
  organisationCode: Type.String(),
  name: Type.String(),
  change: Type.String(),
  level: Type.String(),
  status: Type.String(),
  problemIds: Type.Array(Id),
  goalIds: Type.Array(Id),
  hypotheses: Type.Array(Type.Object({ measureId: Id, expectation: Type.String(), byDate: Nullable(Type.String()) })),
  owner: Person,
  sponsor: Person,
  demand: Type.Array(SkillDemand),
  cost: Nullable(Type.Number()),
  startQuarter: Nullable(Type.String()),
  endQuarter: Nullable(Type.String()),
  rank: Type.Integer(),
  wontDoReason: Nullable(Type.String()),
  scores: Type.Record(Type.String(), Type.Number()),
  score: Nullable(Type.Number({ description: 'Weighted score, 0 to 5, by the organisation’s scoring model' })),
  stoppedOn: Nullable(Type.String()),
  pausedOn: Nullable(Type.String({ description: 'The day it was paused: it takes no capacity in the quarters from then' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const InitiativeList = Type.Object({ initiatives: Type.Array(InitiativeOutput) });

export const CapacityBody = Type.Object({ entries: Type.Array(SkillDemand, { maxItems: 2000 }) }, { additionalProperties: false });
export const CapacityOutput = Type.Object({ organisationCode: Type.String(), entries: Type.Array(SkillDemand) });

export const PortfolioQuery = Type.Object({ quarter: Type.Optional(Type.String({ description: 'YYYY-Qn; the current quarter when left out' })) });
export const PortfolioOutput = Type.Object({
  organisationCode: Type.String(),
  quarter: Type.String(),
  items: Type.Array(
    Type.Object({
      initiativeId: Id,
      name: Type.String(),
      rank: Type.Integer(),
      placement: literalUnion(PLACEMENTS, 'now, not-now or wont-do'),
      overrunSkills: Type.Array(Type.String(), { description: 'The skills it would overrun: why it is not now' }),
      paused: Type.Boolean({ description: 'Paused in this quarter: not now, and it takes no capacity' }),
      demand: Type.Record(Type.String(), Type.Number()),
      score: Nullable(Type.Number()),
      wontDoReason: Nullable(Type.String()),
    }),
  ),
  skills: Type.Array(
    Type.Object({
      skill: Type.String(),
      capacity: Type.Number({ description: 'Available person-weeks, with what stopped items free' }),
      freed: Type.Number(),
      committed: Type.Number({ description: 'Demand of the initiatives placed now' }),
      demand: Type.Number({ description: 'Demand of every ranked initiative' }),
    }),
  ),
  criteria: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), weight: Type.Number(), direction: Type.String() })),
});

const stopFields = {
  title: Type.String({ maxLength: 200 }),
  kind: literalUnion(STOP_ITEM_KINDS, 'system, report, meeting, project, contract or other'),
  reason: Type.String({ maxLength: 2000 }),
  ownerId: Nullable(Id),
  stopOn: Type.String({ description: 'ISO date it stops' }),
  freed: Type.Array(Type.Object({ skill: literalUnion(SKILLS, 'The skill'), personWeeks: Type.Number() }, { additionalProperties: false }), {
    maxItems: 20,
    description: 'Person-weeks per quarter freed from the quarter after the stop date',
  }),
  moneyFreed: Nullable(Type.Number({ description: 'Pounds a year' })),
  status: literalUnion(STOP_ITEM_STATUSES, 'planned, stopped or reversed'),
};
export const StopItemCreate = Type.Object(
  { ...optional(stopFields), title: stopFields.title, reason: stopFields.reason, stopOn: stopFields.stopOn },
  { additionalProperties: false },
);
export const StopItemPatch = Type.Object(optional(stopFields), { additionalProperties: false, minProperties: 1 });
export const StopItemOutput = Type.Object({
  id: Id,
  organisationCode: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  reason: Type.String(),
  owner: Nullable(Type.Object({ userId: Id, name: Type.String() })),
  stopOn: Type.String(),
  freed: Type.Array(Type.Object({ skill: Type.String(), personWeeks: Type.Number() })),
  moneyFreed: Nullable(Type.Number()),
  status: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const StopItemList = Type.Object({ stopItems: Type.Array(StopItemOutput) });

const AttendeeInput = Type.Union([
  Type.Object({ userId: Id }, { additionalProperties: false, description: 'A member: their discipline comes from their membership' }),
  Type.Object({ name: Type.String({ maxLength: 200 }), discipline: literalUnion(DISCIPLINES, 'The guest’s discipline') }, { additionalProperties: false, description: 'A named guest' }),
]);
export const DecisionCreate = Type.Object(
  {
    kind: literalUnion(DECISION_KINDS, 'prioritisation, stop, pivot, wont_do, review, system_or_local or other'),
    decidedOn: Type.String({ description: 'ISO date of the decision, not in the future' }),
    what: Type.String({ maxLength: 2000, description: 'What was decided' }),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
    rationale: Type.String({ maxLength: 5000 }),
    present: Type.Array(AttendeeInput, { maxItems: 100, description: 'Who was in the room: at least one' }),
    items: Type.Optional(Type.Array(Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: false }), { maxItems: 100 })),
    supersedesId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export const DecisionOutput = Type.Object({
  id: Id,
  organisationCode: Type.String(),
  kind: Type.String(),
  decidedOn: Type.String(),
  what: Type.String(),
  options: Type.Array(Type.String()),
  rationale: Type.String(),
  present: Type.Array(Type.Object({ kind: Type.String(), userId: Type.Optional(Type.String()), name: Type.String(), discipline: Type.String() })),
  presence: Type.Object({
    clinical: Type.Boolean(),
    operational: Type.Boolean(),
    patients: Type.Boolean(),
    board: Type.Boolean(),
    digitalOnly: Type.Boolean(),
    collective: Type.Boolean(),
  }),
  items: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })),
  supersedesId: Nullable(Type.String()),
  supersededById: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
export const DecisionListQuery = Type.Object({
  kind: Type.Optional(literalUnion(DECISION_KINDS, 'Only decisions of this kind')),
  limit: Type.Optional(Type.String({ pattern: '^\\d+$' })),
  offset: Type.Optional(Type.String({ pattern: '^\\d+$' })),
});
export const DecisionList = Type.Object({ decisions: Type.Array(DecisionOutput), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
