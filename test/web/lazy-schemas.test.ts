import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createLazySchemas, type LazySchemas } from '../../src/web/lazy-schemas.ts';
import { compileRemainingSchemas } from '../../src/web/app.ts';
import { openTestApp, type TestApp } from '../support/app.ts';

async function appWith(schemas: LazySchemas, bodySchema: object = { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } }) {
  const app = Fastify({ schemaController: { compilersFactory: schemas.compilersFactory as never } });
  app.post(
    '/count',
    { schema: { body: bodySchema, response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } } } },
    (request) => ({ ...(request.body as object), secret: 'not in the schema' }),
  );
  await app.ready();
  return app;
}

describe('route schemas compiled on first use', () => {
  it('compiles nothing before a request, then validates and serialises as Fastify does', async () => {
    const schemas = createLazySchemas();
    const app = await appWith(schemas);
    expect(schemas.pending).toBe(2);
    const bad = await app.inject({ method: 'POST', url: '/count', payload: { n: 'three' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'FST_ERR_VALIDATION', message: expect.stringContaining('/n must be integer') });
    expect(schemas.pending).toBe(1);
    const good = await app.inject({ method: 'POST', url: '/count', payload: { n: 3 } });
    expect(good.statusCode).toBe(200);
    // The response schema left out what it does not list: the serialiser ran.
    expect(good.json()).toEqual({ n: 3 });
    expect(schemas.pending).toBe(0);
    await app.close();
  });

  it('compiles the rest when asked, once', async () => {
    const schemas = createLazySchemas();
    const app = await appWith(schemas);
    expect(await schemas.compileRemaining()).toBe(2);
    expect(schemas.pending).toBe(0);
    expect(await schemas.compileRemaining()).toBe(0);
    const good = await app.inject({ method: 'POST', url: '/count', payload: { n: 4 } });
    expect(good.json()).toEqual({ n: 4 });
    await app.close();
  });

  it('fails when a schema does not compile', async () => {
    const schemas = createLazySchemas();
    const app = await appWith(schemas, { type: 'not-a-type' });
    await expect(schemas.compileRemaining()).rejects.toThrow();
    await app.close();
  });
});

describe("the app's route schemas", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t.close());

  it('all compile', async () => {
    expect(await compileRemainingSchemas(t.app)).toBeGreaterThan(50);
    expect(await compileRemainingSchemas(t.app)).toBe(0);
  });
});
