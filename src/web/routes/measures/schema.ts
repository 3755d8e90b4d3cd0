/** Request and response schemas of the measures API: they validate shape, type the handlers and feed OpenAPI. */
import { Type, type Static } from 'typebox';
import { DIRECTIONS, MAX_VALUES_PER_SUBMISSION, PRESETS, UNITS } from '../../../domain/measure.ts';
import { FREQUENCIES } from '../../../domain/period.ts';
import { SpcResponse } from '../spc/schema.ts';

// Shapes only: the services check meaning (dates, period starts, owners) and name the field.

const Id = Type.String({ format: 'uuid' });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

const Rebase = Type.Object(
  {
    period: Type.String({
      maxLength: 10,
      description: 'The first period of the new limits, YYYY-MM-DD',
    }),
    reason: Type.String({
      maxLength: 500,
      description: 'Why the limits are recalculated here, e.g. "new triage process went live"',
    }),
  },
  { additionalProperties: false },
);

const measureFields = {
  name: Type.String({ maxLength: 200, description: 'The measure in a few words' }),
  definition: Type.String({
    maxLength: 2000,
    description: 'What is counted: the numerator and denominator in words',
  }),
  unit: Type.Enum([...UNITS], {
    description: 'count, percentage, rate, minutes, days, pounds or other',
  }),
  improvementDirection: Type.Enum([...DIRECTIONS], {
    description: 'Which way is better: increase, decrease or neutral',
  }),
  target: Type.Union([Type.Number(), Type.Null()], {
    description: 'The target, in the measure’s unit',
  }),
  targetFrom: Type.Union([Type.String({ maxLength: 10 }), Type.Null()], {
    description: 'The date the target applies from, YYYY-MM-DD',
  }),
  frequency: Type.Enum([...FREQUENCIES], {
    description: 'weekly (periods start on Monday) or monthly (on the 1st)',
  }),
  dataSource: Type.String({
    maxLength: 500,
    description: 'Where the values come from, and their licence if any',
  }),
  ownerUserId: Type.Union([Id, Type.Null()], { description: 'The member who owns the measure' }),
  spcPreset: Type.Enum([...PRESETS], {
    description: 'SPC rules: mdc (Making Data Count, the default), nhsr or pbi',
  }),
  baseline: Type.Union([Type.Integer({ minimum: 2 }), Type.Null()], {
    description: 'Take the mean and limits from the first N points',
  }),
  rebases: Type.Array(Rebase, {
    maxItems: 100,
    description: 'Where the process limits are recalculated, each with its reason',
  }),
};

export const MeasureCreate = Type.Object(
  {
    name: measureFields.name,
    definition: measureFields.definition,
    unit: measureFields.unit,
    improvementDirection: measureFields.improvementDirection,
    target: Type.Optional(measureFields.target),
    targetFrom: Type.Optional(measureFields.targetFrom),
    frequency: measureFields.frequency,
    dataSource: Type.Optional(measureFields.dataSource),
    ownerUserId: Type.Optional(measureFields.ownerUserId),
    spcPreset: Type.Optional(measureFields.spcPreset),
    baseline: Type.Optional(measureFields.baseline),
    rebases: Type.Optional(measureFields.rebases),
  },
  { additionalProperties: false },
);
export type MeasureCreate = Static<typeof MeasureCreate>;

export const MeasurePatch = Type.Object(
  {
    name: Type.Optional(measureFields.name),
    definition: Type.Optional(measureFields.definition),
    unit: Type.Optional(measureFields.unit),
    improvementDirection: Type.Optional(measureFields.improvementDirection),
    target: Type.Optional(measureFields.target),
    targetFrom: Type.Optional(measureFields.targetFrom),
    frequency: Type.Optional(measureFields.frequency),
    dataSource: Type.Optional(measureFields.dataSource),
    ownerUserId: Type.Optional(measureFields.ownerUserId),
    spcPreset: Type.Optional(measureFields.spcPreset),
    baseline: Type.Optional(measureFields.baseline),
    rebases: Type.Optional(measureFields.rebases),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MeasurePatch = Static<typeof MeasurePatch>;

const AnnotationOutput = Type.Object({ id: Id, period: Type.String(), label: Type.String() });

const measureOutputFields = {
  id: Id,
  goalId: Id,
  name: Type.String(),
  definition: Type.String(),
  unit: Type.String(),
  improvementDirection: Type.String({ description: 'increase, decrease or neutral' }),
  target: NullableNumber,
  targetFrom: Type.Union([Type.String(), Type.Null()]),
  frequency: Type.String({ description: 'weekly or monthly' }),
  dataSource: Type.String(),
  ownerUserId: Type.Union([Id, Type.Null()]),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  spcPreset: Type.String(),
  baseline: Type.Union([Type.Integer(), Type.Null()]),
  rebases: Type.Array(Type.Object({ period: Type.String(), reason: Type.String() })),
  annotations: Type.Array(AnnotationOutput),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const MeasureOutput = Type.Object(measureOutputFields);

export const MeasureList = Type.Object({ measures: Type.Array(MeasureOutput) });

export const ValueOutput = Type.Object({
  period: Type.String(),
  value: Type.Number(),
  note: Type.String(),
});

export const MeasureDetail = Type.Object({
  ...measureOutputFields,
  values: Type.Array(ValueOutput, { description: 'Every value, in period order' }),
  spc: SpcResponse,
  reading: Type.Object(
    {
      variation: Type.String(),
      assurance: Type.Union([Type.String(), Type.Null()]),
      text: Type.String(),
    },
    { description: 'The statistics in plain English' },
  ),
});

export const ValueInput = Type.Object(
  {
    period: Type.String({
      description:
        'The start of the period: a Monday for weekly measures, the 1st for monthly, YYYY-MM-DD',
    }),
    value: Type.Number({ description: 'The value, in the measure’s unit' }),
    note: Type.Optional(Type.String({ description: 'A note on the value, up to 500 characters' })),
  },
  { additionalProperties: false },
);

export const ValuesInput = Type.Array(ValueInput, {
  maxItems: MAX_VALUES_PER_SUBMISSION,
  description:
    'Values to record; a period already recorded is changed (or left as it is if the same)',
});
export type ValuesInput = Static<typeof ValuesInput>;

export const ValuesSummaryOutput = Type.Object(
  { added: Type.Integer(), changed: Type.Integer(), unchanged: Type.Integer() },
  { description: 'How many values were added, changed, or already stored as sent' },
);

export const AnnotationInput = Type.Object(
  {
    period: Type.String({ maxLength: 10, description: 'The period of the event, YYYY-MM-DD' }),
    label: Type.String({
      maxLength: 100,
      description: 'What happened, e.g. "e-referrals went live"',
    }),
  },
  { additionalProperties: false },
);
export { AnnotationOutput };

export const MeasureParams = Type.Object({ measureId: Id });
export const AnnotationParams = Type.Object({ measureId: Id, annotationId: Id });
