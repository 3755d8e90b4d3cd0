/** The measures API: measures of a goal, one measure with its values and statistics, and its values. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaValidationError } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse } from '../problems/schema.ts';
import { GoalParams } from '../goals/schema.ts';
import { presentMeasure, presentMeasureDetail } from './present.ts';
import {
  AnnotationInput,
  AnnotationOutput,
  AnnotationParams,
  MeasureCreate,
  MeasureDetail,
  MeasureList,
  MeasureOutput,
  MeasureParams,
  MeasurePatch,
  ValuesInput,
  ValuesSummaryOutput,
} from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const tags = ['measures'];

/** A value row is about 40 bytes of JSON: room for the most values one submission may carry. */
const VALUES_BODY_LIMIT = 8 * 1_048_576;

const VALUE_FIELD_MESSAGES: Record<string, string> = {
  period: 'Send the period as text, YYYY-MM-DD, like 2025-03-03',
  value: 'Send the value as a JSON number with a full stop for decimals, like 95.2, not as text such as "95,2"',
  note: 'Send the note as text, up to 500 characters',
};

/**
 * Shape errors in an array of values, keyed as the service keys meaning errors ("values[3].period"),
 * so a client can tell which row to fix whichever check caught it.
 */
function valueShapeErrors(validation: readonly FastifySchemaValidationError[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const v of validation) {
    const m = /^\/(\d+)(?:\/(\w+))?/.exec(v.instancePath);
    if (!m) {
      fields.values ??=
        'Send a JSON array of values: [{"period": "2025-03-03", "value": 42, "note": "optional"}]';
      continue;
    }
    const row = `values[${m[1]}]`;
    const params = v.params;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : null;
    const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : null;
    if (missing) fields[`${row}.${missing}`] ??= `Send a ${missing} for this value`;
    else if (extra)
      fields[`${row}.${extra}`] ??=
        `“${extra}” is not a field of a value: send period, value and note`;
    else if (m[2]) fields[`${row}.${m[2]}`] ??= VALUE_FIELD_MESSAGES[m[2]] ?? 'is not valid';
    else fields[row] ??= 'Each value must be an object: {"period": "2025-03-03", "value": 42}';
  }
  return fields;
}

/** Register the measures API. */
export function measureApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/goals/:goalId/measures',
      {
        schema: {
          tags,
          summary: 'The measures of a goal',
          params: GoalParams,
          response: { 200: MeasureList, ...errors },
        },
      },
      async (request) => ({
        measures: (
          await services.measures.listForGoal(actorOf(request), request.params.goalId)
        ).map(presentMeasure),
      }),
    );

    app.post(
      '/api/v1/goals/:goalId/measures',
      {
        schema: {
          tags,
          summary: 'Add a measure to a goal (editors)',
          params: GoalParams,
          body: MeasureCreate,
          response: { 201: MeasureOutput, ...errors },
        },
      },
      async (request, reply) => {
        const measure = await services.measures.create(
          actorOf(request),
          request.params.goalId,
          request.body,
        );
        reply.code(201).header('location', `/api/v1/measures/${measure.id}`);
        return presentMeasure(measure);
      },
    );

    app.get(
      '/api/v1/measures/:measureId',
      {
        schema: {
          tags,
          summary: 'One measure with its values and SPC statistics',
          params: MeasureParams,
          response: { 200: MeasureDetail, ...errors },
        },
      },
      async (request) => {
        const { measure, values, statistics } = await services.measures.getWithValues(
          actorOf(request),
          request.params.measureId,
        );
        return presentMeasureDetail(measure, values, statistics);
      },
    );

    app.patch(
      '/api/v1/measures/:measureId',
      {
        schema: {
          tags,
          summary: 'Change some fields of a measure (editors)',
          params: MeasureParams,
          body: MeasurePatch,
          response: { 200: MeasureOutput, ...errors },
        },
      },
      async (request) =>
        presentMeasure(
          await services.measures.update(actorOf(request), request.params.measureId, request.body),
        ),
    );

    app.delete(
      '/api/v1/measures/:measureId',
      {
        schema: {
          tags,
          summary: 'Delete a measure and its values (editors)',
          params: MeasureParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await services.measures.delete(actorOf(request), request.params.measureId);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/v1/measures/:measureId/values',
      {
        bodyLimit: VALUES_BODY_LIMIT,
        attachValidation: true,
        schema: {
          tags,
          summary: 'Record values (editors and tokens): idempotent per period, all or nothing',
          description:
            'Send a JSON array of {period, value, note?}. A period already stored is changed if the value or note differs, and left alone if not. If any row is not valid, nothing is stored and the answer names each bad row, like values[3].period.',
          params: MeasureParams,
          body: ValuesInput,
          response: { 200: ValuesSummaryOutput, ...errors },
        },
      },
      async (request) => {
        const failed = request.validationError;
        if (failed) {
          // Only the body's errors are reworded; a bad measure id is answered as any other.
          if (failed.validationContext !== 'body') throw failed;
          throw new InvalidInput(
            'Some values are not valid: nothing was stored',
            valueShapeErrors(failed.validation as FastifySchemaValidationError[]),
          );
        }
        return services.measures.recordValues(
          actorOf(request),
          request.params.measureId,
          request.body,
        );
      },
    );

    app.post(
      '/api/v1/measures/:measureId/annotations',
      {
        schema: {
          tags,
          summary: 'Mark a dated event on the measure’s chart (editors)',
          params: MeasureParams,
          body: AnnotationInput,
          response: { 201: AnnotationOutput, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await services.measures.addAnnotation(
              actorOf(request),
              request.params.measureId,
              request.body,
            ),
          ),
    );

    app.delete(
      '/api/v1/measures/:measureId/annotations/:annotationId',
      {
        schema: {
          tags,
          summary: 'Remove an annotation (editors)',
          params: AnnotationParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await services.measures.removeAnnotation(
          actorOf(request),
          request.params.measureId,
          request.params.annotationId,
        );
        return reply.code(204).send(null);
      },
    );
  };
}
