/** POST /api/v1/spc on a bare Fastify app with a stand-in for the app's error handler. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, InvalidInput } from '../../src/domain/errors.ts';
import { spcApiRoutes } from '../../src/web/routes/spc/api.ts';

const QUIET = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** What the app's central handler does: DomainError and validation errors as {"error":{…}}. */
async function buildApp(): Promise<FastifyInstance> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof DomainError) {
      const fields = error instanceof InvalidInput ? error.fields : undefined;
      return reply
        .code(error.status)
        .send({ error: { code: error.code, message: error.message, fields } });
    }
    if (error.validation !== undefined) {
      const fields = Object.fromEntries(
        error.validation.map((v) => [v.instancePath || 'body', v.message ?? 'is not valid']),
      );
      return reply
        .code(400)
        .send({ error: { code: 'invalid_input', message: 'The request is not valid', fields } });
    }
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong' } });
  });
  await app.register(spcApiRoutes);
  await app.ready();
  return app;
}

describe('POST /api/v1/spc', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(() => app.close());

  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/v1/spc', payload: payload as Record<string, unknown> });

  it('analyses a series with the mdc preset by default and answers in the shared shape', async () => {
    const response = await post({
      values: [...QUIET, 30],
      periods: [...QUIET, 30].map((_, i) => `2024-W${i + 1}`),
      options: { target: 9 },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      preset: string;
      points: Record<string, unknown>[];
      variation: string;
      assurance: string;
    }>();
    expect(body).toMatchObject({
      preset: 'mdc',
      variation: 'improvement_high',
      assurance: 'inconsistent',
    });
    expect(body.points).toHaveLength(21);
    expect(Object.keys(body.points[0] ?? {}).sort()).toEqual([
      'lowerProcessLimit',
      'mean',
      'period',
      'rules',
      'signal',
      'upperProcessLimit',
      'value',
    ]);
    expect(body.points[20]).toMatchObject({
      period: '2024-W21',
      value: 30,
      signal: 'improvement',
      rules: ['outside_limits'],
    });
  });

  it('takes the same option names as the CLI, plus any engine option', async () => {
    const response = await post({
      values: [...QUIET, ...QUIET.map((v) => v + 10)],
      options: {
        preset: 'nhsr',
        direction: 'decrease',
        rebase: [20],
        baseline: 12,
        target: 30,
        shiftPoints: 8,
        assuranceBoundary: 'inclusive',
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      preset: string;
      points: { mean: number }[];
      assurance: string;
      options: Record<string, unknown>;
    }>();
    expect(body.preset).toBe('nhsr');
    expect(body.points[0]?.mean).toBe(11);
    expect(body.points[39]?.mean).toBe(21);
    expect(body.assurance).toBe('pass');
    expect(body.options).toMatchObject({
      shiftPoints: 8,
      assuranceBoundary: 'inclusive',
      rebase: [20],
      baseline: 12,
    });
  });

  it('gives null limits and a reason when there are too few points; null for a missing value', async () => {
    const response = await post({ values: [1, null, 3] });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      points: Record<string, unknown>[];
      variation: null;
      reason: string;
    }>();
    expect(body.points[0]).toMatchObject({
      lowerProcessLimit: null,
      upperProcessLimit: null,
      signal: 'common_cause',
    });
    expect(body.points[1]).toMatchObject({ value: null, signal: null });
    expect(body.variation).toBeNull();
    expect(body.reason).toMatch(/at least 13/);
  });

  it('refuses more than 10,000 values with InvalidInput', async () => {
    const response = await post({ values: Array.from({ length: 10_001 }, () => 1) });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error).toEqual({
      code: 'invalid_input',
      message: 'Send at most 10,000 values at once',
      fields: { values: 'must have at most 10,000 values; it has 10,001' },
    });
  });

  it.each([
    [
      'an unknown preset',
      { preset: 'excel' },
      { 'options.preset': 'must be one of mdc, nhsr, pbi' },
    ],
    [
      'a rebase beyond the data',
      { rebase: [25] },
      { 'options.rebase': 'must be 0-based point numbers below 20' },
    ],
    [
      'a shift of one point',
      { shiftPoints: 1 },
      { 'options.shiftPoints': 'must be a whole number from 2 to 32' },
    ],
    ['an unknown option', { colour: 'blue' }, { 'options.colour': 'is not an SPC option' }],
    [
      'a rule that does not exist',
      { rules: ['shift', 'magic'] },
      { 'options.rules': 'must be a list drawn from outside_limits, trend, two_of_three, shift' },
    ],
  ])('refuses %s with InvalidInput naming the field', async (_name, options, fields) => {
    const response = await post({ values: QUIET, options });
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields).toEqual(fields);
  });

  it('refuses periods that do not match the values', async () => {
    const response = await post({ values: QUIET, periods: ['2024-01-01'] });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.fields).toEqual({
      periods: 'must have one period per value (20)',
    });
  });

  it('refuses a body of the wrong shape through the schema', async () => {
    const response = await post({ values: [1, 'two', 3] });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.code).toBe('invalid_input');
    const noValues = await post({ options: {} });
    expect(noValues.statusCode).toBe(400);
  });
});
