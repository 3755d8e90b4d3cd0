/** Request and response schemas of the SPC API: they validate shape, type the handler and feed OpenAPI. */
import { Type, type Static } from 'typebox';

// Shapes only: the SPC engine checks meaning (choices, ranges, indices) and names the field.
// Null comes first in each union: Fastify's validator coerces types, and would turn a null into 0
// if it tried the number first.
export const SpcOptionsInput = Type.Object(
  {
    preset: Type.Optional(
      Type.String({ description: 'Rules to follow: mdc (default), nhsr or pbi' }),
    ),
    direction: Type.Optional(
      Type.String({ description: 'Which way is better: increase (default), decrease or neutral' }),
    ),
    target: Type.Optional(
      Type.Union([Type.Null(), Type.Number()], { description: 'Target for the assurance icon' }),
    ),
    rebase: Type.Optional(
      Type.Array(Type.Integer(), {
        description: '0-based indices of the first point of each new segment',
      }),
    ),
    baseline: Type.Optional(
      Type.Union([Type.Null(), Type.Integer()], {
        description: 'Take the mean and limits from the first N points',
      }),
    ),
    screening: Type.Optional(
      Type.String({ description: 'Moving-range screening: off, strict or inclusive' }),
    ),
    limitFactor: Type.Optional(
      Type.Number({
        description: 'Limits at mean ± limitFactor × mean moving range (2.66 or 3/1.128)',
      }),
    ),
    shiftPoints: Type.Optional(
      Type.Integer({ description: 'Points in a row on one side of the mean that make a shift' }),
    ),
    trendPoints: Type.Optional(
      Type.Integer({ description: 'Points rising or falling in a row that make a trend' }),
    ),
    twoOfThree: Type.Optional(
      Type.String({
        description: 'close_only_same_side, beyond_two_sigma_same_side or net_beyond_two_sigma',
      }),
    ),
    rules: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Rules switched on: outside_limits, shift, trend, two_of_three',
      }),
    ),
    conflictRule: Type.Optional(Type.String({ description: 'improvement, concern or precedence' })),
    rulePrecedence: Type.Optional(
      Type.Array(Type.String(), { description: 'All four rules, first wins' }),
    ),
    variationConflictRule: Type.Optional(Type.Union([Type.Null(), Type.String()])),
    assuranceBoundary: Type.Optional(Type.String({ description: 'strict or inclusive' })),
    minimumPoints: Type.Optional(
      Type.Integer({ description: 'Fewest points for limits and icons' }),
    ),
    rulesAcrossRebases: Type.Optional(Type.String({ description: 'none, trend or all' })),
    baselineWithRebase: Type.Optional(
      Type.String({ description: 'each_segment or ignore_rebases' }),
    ),
    neutralIconSide: Type.Optional(Type.String({ description: 'signal or mean' })),
    shortSegmentWarning: Type.Optional(Type.Integer()),
    tolerance: Type.Optional(Type.Number()),
  },
  { description: 'SPC options: a preset and anything to override in it (docs/spc.md)' },
);

export const SpcRequest = Type.Object(
  {
    values: Type.Array(Type.Union([Type.Null(), Type.Number()]), {
      description: 'Values in time order; null for a missing value. At most 10,000.',
    }),
    periods: Type.Optional(
      Type.Array(Type.String(), { description: 'A period label per value, like 2024-04-01' }),
    ),
    options: Type.Optional(SpcOptionsInput),
  },
  { additionalProperties: false },
);

export type SpcRequest = Static<typeof SpcRequest>;

const NullableNumber = Type.Union([Type.Null(), Type.Number()]);

export const SpcResponse = Type.Object(
  {
    preset: Type.String(),
    direction: Type.String(),
    target: NullableNumber,
    points: Type.Array(
      Type.Object({
        period: Type.Union([Type.Null(), Type.String()]),
        value: NullableNumber,
        mean: NullableNumber,
        lowerProcessLimit: NullableNumber,
        upperProcessLimit: NullableNumber,
        signal: Type.Union([Type.Null(), Type.String()], {
          description: 'common_cause, improvement, concern or neutral; null for a missing value',
        }),
        rules: Type.Array(Type.String()),
      }),
    ),
    variation: Type.Union([Type.Null(), Type.String()], {
      description: 'The variation icon of the last point',
    }),
    assurance: Type.Union([Type.Null(), Type.String()], {
      description: 'pass, fail or inconsistent; null without a target',
    }),
    reason: Type.Union([Type.Null(), Type.String()], {
      description: 'Why limits or icons are missing',
    }),
    warnings: Type.Array(Type.String()),
    segments: Type.Array(
      Type.Object({
        start: Type.Integer(),
        end: Type.Integer(),
        mean: NullableNumber,
        movingRangeMean: NullableNumber,
        lowerProcessLimit: NullableNumber,
        upperProcessLimit: NullableNumber,
        reason: Type.Union([Type.Null(), Type.String()]),
      }),
    ),
    options: Type.Unknown({ description: 'Every option as run' }),
  },
  { description: 'The SPC analysis of a series' },
);

export const SpcErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  },
  { description: 'An error: a stable code, a plain-English message, and field errors if any' },
);
