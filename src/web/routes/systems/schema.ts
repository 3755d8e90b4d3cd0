/** Request and response schemas of the systems API: memberships, principles, capabilities, assessments, roll-ups, alignment. */
import { Type } from 'typebox';
import { READ_AREAS } from '../../../domain/person.ts';
import { CRITERIA, ENTRY_STATUSES, RECOMMENDATIONS, ROLLUP_KINDS, SERVES, STANCES } from '../../../domain/system.ts';
import { DIRECTIONS, UNITS } from '../../../domain/measure.ts';

const literalUnion = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Enum([...values] as T[number][], { description });
const Id = Type.String({ format: 'uuid' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const IsoDate = (description: string) => Type.String({ description, maxLength: 10 });

export const MembershipParams = Type.Object({ membershipId: Type.String() });
export const PrincipleParams = Type.Object({ principleId: Type.String() });
export const CapabilityParams = Type.Object({ capabilityId: Type.String() });
export const EntryParams = Type.Object({ capabilityId: Type.String(), organisationCode: Type.String() });
export const RollupParams = Type.Object({ rollupId: Type.String() });
export const GoalParams = Type.Object({ goalId: Type.String() });
export const InitiativeParams = Type.Object({ initiativeId: Type.String() });
export const DeclarationParams = Type.Object({ initiativeId: Type.String(), principleId: Type.String() });

const OrganisationRef = Type.Object({ id: Id, code: Type.String(), name: Type.String(), type: Type.String() });

export const MembershipOutput = Type.Object({
  id: Id,
  systemId: Id,
  organisation: OrganisationRef,
  from: Type.String({ description: 'The first day of the membership' }),
  to: Type.Union([Type.String(), Type.Null()], { description: 'The last day, or null while it lasts' }),
  current: Type.Boolean({ description: 'Whether the membership is current today' }),
});
export const MembershipList = Type.Object({ memberships: Type.Array(MembershipOutput) });
export const MembershipCreate = Type.Object(
  {
    organisation: Type.String({ description: 'The ODS code of the member organisation', maxLength: 10 }),
    from: IsoDate('The first day, like 2026-04-01'),
    to: Type.Optional(Type.Union([IsoDate('The last day, if it has one'), Type.Null()])),
  },
  { additionalProperties: false },
);
export const MembershipPatch = Type.Object({ to: Type.Union([IsoDate('The last day of the membership'), Type.Null()]) }, { additionalProperties: false });

export const SharingOutput = Type.Object({ sharedAreas: Type.Array(literalUnion(READ_AREAS, 'An area of members’ work that other members may read')) });
export const SharingInput = Type.Object({ sharedAreas: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }) }, { additionalProperties: false });

export const PrincipleOutput = Type.Object({ id: Id, systemId: Type.String({ format: 'uuid', description: 'The organisation the principle belongs to: an ICB for the system’s principles, any other organisation for its own' }), title: Type.String(), rationale: Type.String(), createdAt: Type.String(), updatedAt: Type.String() });
export const PrincipleList = Type.Object({ principles: Type.Array(PrincipleOutput) });
export const PrincipleInput = Type.Object(
  { title: Type.String({ maxLength: 200, description: 'The guardrail, like “Data stays in the UK”' }), rationale: Type.String({ maxLength: 2000, description: 'Why the organisation holds to it' }) },
  { additionalProperties: false },
);
export const PrinciplePatch = Type.Partial(PrincipleInput, { additionalProperties: false });

export const EntryOutput = Type.Object({
  capabilityId: Id,
  organisationId: Id,
  organisationCode: NullableString,
  status: literalUnion(ENTRY_STATUSES, 'Where the member stands'),
  product: Type.String(),
  supplier: Type.String(),
  contractEnd: NullableString,
  serves: Type.Union([literalUnion(SERVES, 'How well it serves users'), Type.Null()]),
  servesReason: Type.String(),
  updatedAt: Type.String(),
});
export const EntryInput = Type.Object(
  {
    status: literalUnion(ENTRY_STATUSES, 'Where the member stands on the capability'),
    product: Type.Optional(Type.String({ maxLength: 200 })),
    supplier: Type.Optional(Type.String({ maxLength: 200 })),
    contractEnd: Type.Optional(Type.Union([IsoDate('When the contract ends'), Type.Null()])),
    serves: Type.Optional(Type.Union([Type.String({ maxLength: 20, description: `How well it serves users: ${SERVES.join(', ')}` }), Type.Null()])),
    servesReason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const ScoreOutput = Type.Object({ score: Type.Integer(), reason: Type.String() });
export const AssessmentOutput = Type.Object({
  capabilityId: Id,
  assessed: Type.Boolean(),
  scores: Type.Union([Type.Object(Object.fromEntries(CRITERIA.map((c) => [c, ScoreOutput]))), Type.Null()]),
  total: Type.Union([Type.Integer(), Type.Null()]),
  recommendation: Type.Union([literalUnion(RECOMMENDATIONS, 'What the rule recommends'), Type.Null()]),
  rule: Type.String({ description: 'The rule that turns the scores into the recommendation' }),
  suggestedCommonality: ScoreOutput,
  decisionId: Type.Union([Id, Type.Null()]),
  decided: Type.Union([literalUnion(RECOMMENDATIONS, 'What the system decided'), Type.Null()]),
  assessedBy: NullableString,
  assessedAt: NullableString,
});
const ScoreInput = Type.Object({ score: Type.Integer({ description: '1 to 5' }), reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
export const AssessmentInput = Type.Object(Object.fromEntries(CRITERIA.map((c) => [c, ScoreInput])), { additionalProperties: false });

export const CapabilityOutput = Type.Object({
  id: Id,
  systemId: Id,
  name: Type.String(),
  description: Type.String(),
  entries: Type.Array(EntryOutput),
  recommendation: Type.Union([literalUnion(RECOMMENDATIONS, 'What the assessment recommends'), Type.Null()]),
  decided: Type.Union([literalUnion(RECOMMENDATIONS, 'What the system decided'), Type.Null()]),
  retired: Type.Union(
    [Type.Object({ at: Type.String({ description: 'When it was retired' }), by: Type.String({ description: 'Who retired it' }), reason: Type.String({ description: 'Why' }) }), Type.Null()],
    { description: 'Set while the capability is retired: out of the matrix, convergence, duplication and the story, but still readable' },
  ),
});
export const CapabilityListQuery = Type.Object(
  { status: Type.Optional(Type.Enum(['current', 'retired', 'all'], { description: 'current (the default): the landscape; retired; or all', default: 'current' })) },
  { additionalProperties: false },
);
export const CapabilityList = Type.Object({ capabilities: Type.Array(CapabilityOutput) });
export const CapabilityInput = Type.Object(
  { name: Type.String({ maxLength: 120, description: 'Like “E-prescribing”' }), description: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export const CapabilityPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 120, description: 'Like “E-prescribing”' })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    retired: Type.Optional(Type.Boolean({ description: 'true to retire the capability (with retiredReason), false to bring it back' })),
    retiredReason: Type.Optional(Type.String({ maxLength: 1000, description: 'Why it is retired: needed with retired: true' })),
  },
  { additionalProperties: false },
);

export const DecisionInput = Type.Object(
  {
    decided: literalUnion(RECOMMENDATIONS, 'What the system decided: system, hybrid or local'),
    decidedOn: IsoDate('The day it was decided'),
    what: Type.Optional(Type.String({ maxLength: 1500, description: 'Anything more that was decided' })),
    rationale: Type.String({ maxLength: 5000 }),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
    present: Type.Array(
      Type.Object({ userId: Type.Optional(Type.String()), name: Type.Optional(Type.String({ maxLength: 200 })), discipline: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      { maxItems: 100, description: 'Who was present: members by user id, guests by name and discipline' },
    ),
  },
  { additionalProperties: false },
);
export const DecisionOutput = Type.Object({ id: Id, kind: Type.String(), decidedOn: Type.String(), what: Type.String(), rationale: Type.String(), present: Type.Array(Type.Object({ name: Type.String(), discipline: Type.String() })), supersedesId: Type.Union([Id, Type.Null()]) });

export const RollupPointOutput = Type.Object({
  period: Type.String(),
  value: Type.Number(),
  numerator: Type.Number(),
  denominator: Type.Union([Type.Number(), Type.Null()]),
  contributions: Type.Array(Type.Object({ organisationId: Id, numerator: Type.Number(), denominator: Type.Union([Type.Number(), Type.Null()]) })),
});
export const RollupOutput = Type.Object({
  id: Id,
  systemId: Id,
  goalId: Type.Union([Id, Type.Null()]),
  name: Type.String(),
  kind: literalUnion(ROLLUP_KINDS, 'sum: counts added; ratio: numerators over denominators'),
  unit: Type.String(),
  improvementDirection: Type.String(),
  frequency: Type.String(),
  components: Type.Array(Type.Object({ organisationId: Id, measureId: Id, denominatorMeasureId: Type.Union([Id, Type.Null()]) })),
});
export const RollupList = Type.Object({ rollups: Type.Array(RollupOutput) });
export const RollupSeriesOutput = Type.Object({
  rollup: RollupOutput,
  points: Type.Array(RollupPointOutput),
  incomplete: Type.Array(Type.String(), { description: 'Periods left out because a member had no value' }),
  variation: NullableString,
  reading: Type.String(),
});
export const RollupInput = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    kind: literalUnion(ROLLUP_KINDS, 'sum: counts added; ratio: numerators over denominators'),
    unit: Type.Optional(literalUnion(UNITS, 'count for a sum; percentage or rate for a ratio')),
    improvementDirection: literalUnion(DIRECTIONS, 'Which way is better'),
    goalId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    components: Type.Array(Type.Object({ measureId: Type.String(), denominatorMeasureId: Type.Optional(Type.Union([Type.String(), Type.Null()])) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const ContributionInput = Type.Object({ systemGoalId: Type.Union([Type.String(), Type.Null()], { description: 'A goal of the organisation’s system, or null for none' }) }, { additionalProperties: false });
export const ContributionOutput = Type.Object({ goalId: Id, systemGoalId: Type.Union([Id, Type.Null()]) });

export const DeclarationInput = Type.Object({ stance: literalUnion(STANCES, 'conforms, or asks for an exception'), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export const DeclarationOutput = Type.Object({ initiativeId: Id, principleId: Id, stance: Type.String(), reason: Type.String() });
export const DeclarationList = Type.Object({
  systemCode: NullableString,
  principles: Type.Array(Type.Object({ principle: PrincipleOutput, declaration: Type.Union([DeclarationOutput, Type.Null()]) })),
});

export const AlignmentOutput = Type.Object({
  system: OrganisationRef,
  members: Type.Array(OrganisationRef),
  goals: Type.Array(
    Type.Object({
      goalId: Id,
      statement: Type.String(),
      contributions: Type.Array(Type.Object({ goalId: Id, organisationId: Id, statement: Type.String(), initiatives: Type.Array(Type.Object({ id: Id, name: Type.String(), status: Type.String() })) })),
    }),
  ),
  uncontributedGoalIds: Type.Array(Id),
  exceptions: Type.Array(Type.Object({ initiativeId: Id, initiativeName: Type.String(), organisationId: Id, principleId: Id, principleTitle: Type.String(), reason: Type.String() })),
  duplication: Type.Array(Type.Object({ capabilityId: Id, name: Type.String(), organisationIds: Type.Array(Id) })),
  convergence: Type.Array(Type.Object({ capabilityId: Id, earliest: Type.String(), latest: Type.String(), organisationIds: Type.Array(Id) })),
  rollups: Type.Array(Type.Object({ id: Id, name: Type.String(), latestPeriod: NullableString, latestValue: Type.Union([Type.Number(), Type.Null()]), variation: NullableString })),
});
