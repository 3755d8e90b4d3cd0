import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import { LATE_SAMPLES, sampleEventLoopDelay } from '../../src/web/load-shedding.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Services } from '../../src/services/index.ts';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { addOrganisation } from '../support/builders.ts';

describe('a saturated server', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let org: Organisation;
  let token: string;
  // The board report waits on this until the test lets it go, so the one turn stays taken.
  let letGo: () => void = () => undefined;
  let held = new Promise<void>((resolve) => (letGo = resolve));

  beforeAll(async () => {
    world = await openTestWorld('pglite');
    org = await addOrganisation(world.services, 'Busy Trust');
    token = (await world.services.people.createToken({ organisationId: org.id, name: 'warehouse' })).token;
    const build: Services['boardReport']['build'] = async (...args) => {
      await held;
      return world.services.boardReport.build(...args);
    };
    const services: Services = { ...world.services, boardReport: { ...world.services.boardReport, build } };
    app = await createApp(services, { load: { maxInFlight: 1, maxQueue: 1, maxWaitMs: 300, retryAfterSeconds: 7 } });
    await app.ready();
  });
  afterAll(async () => {
    letGo();
    await app?.close();
    await world?.close();
  });

  // inject() starts a request only once it is awaited: then() starts it now.
  const report = () => app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/board-report`, headers: { authorization: `Bearer ${token}` } }).then((r) => r);
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('answers 503 with Retry-After at once when the queue is full, and after the longest wait when it is not, never hanging', async () => {
    const first = report(); // takes the one turn and holds it
    await tick();
    const second = report(); // waits in the queue
    await tick();
    const started = Date.now();
    const third = await report(); // the queue is full
    expect(Date.now() - started).toBeLessThan(250);
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('7');
    expect(third.json()).toEqual({ error: { code: 'busy', message: 'Throughline is busy just now. Wait a few seconds and try again.' } });

    const page = await app.inject({ method: 'GET', url: `/organisations/${org.code}/board-report`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('7');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('nhsuk-header');
    expect(page.body).toContain('Throughline is busy just now');
    // A refusal costs next to nothing: the same page made once, with no CSRF secret made for it.
    expect(page.headers['set-cookie']).toBeUndefined();

    const queued = await second; // gave up waiting after maxWaitMs
    expect(queued.statusCode).toBe(503);
    expect(queued.headers['retry-after']).toBe('7');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200); // it waited its turn, not refused at once (timers are not exact)

    // Static files never wait, even now.
    expect((await app.inject({ method: 'GET', url: '/assets/nhsuk-frontend.min.css' })).statusCode).not.toBe(503);

    letGo();
    expect((await first).statusCode).toBe(200);
    held = Promise.resolve();
    // The turn is free again.
    expect((await report()).statusCode).toBe(200);
  });
});

describe('a server whose event loop runs late', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let org: Organisation;
  let token: string;
  let delay = 0;

  beforeAll(async () => {
    world = await openTestWorld('pglite');
    org = await addOrganisation(world.services, 'Late Trust');
    token = (await world.services.people.createToken({ organisationId: org.id, name: 'warehouse' })).token;
    app = await createApp(world.services, {
      load: { maxInFlight: 4, maxQueue: 4, maxWaitMs: 1000, retryAfterSeconds: 3, maxEventLoopDelayMs: 500, eventLoopDelay: () => delay },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  const report = () => app.inject({ method: 'GET', url: `/api/v1/organisations/${org.code}/board-report`, headers: { authorization: `Bearer ${token}` } });

  it('refuses new requests with 503 and Retry-After while the loop is later than the limit, with no work in flight, and serves them once it catches up', async () => {
    delay = 501;
    const refused = await report();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('3');
    expect(refused.json()).toEqual({ error: { code: 'busy', message: 'Throughline is busy just now. Wait a few seconds and try again.' } });
    const page = await app.inject({ method: 'GET', url: `/organisations/${org.code}/board-report`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('Throughline is busy just now');
    // A refusal costs next to nothing: the same page made once, with no CSRF secret made for it.
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['retry-after']).toBe('3');
    // Static files never wait, even now.
    expect((await app.inject({ method: 'GET', url: '/assets/nhsuk-frontend.min.css' })).statusCode).not.toBe(503);

    delay = 500; // at the limit is not over it
    expect((await report()).statusCode).toBe(200);
  });
});

describe('the event loop delay sample', () => {
  const hold = async (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until); // hold the loop, as a long render would
    await new Promise((resolve) => setTimeout(resolve, 0)); // the sample's timer, overdue, fires first
  };

  it('counts the loop late only when it ran late at each of its last samples, not after one long page', async () => {
    const sampler = sampleEventLoopDelay(10);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await hold(150);
      expect(sampler.delay()).toBeLessThan(100);
      for (let i = 1; i < LATE_SAMPLES; i++) await hold(150);
      expect(sampler.delay()).toBeGreaterThanOrEqual(100);
    } finally {
      sampler.stop();
    }
  });
});
