/**
 * Bound the work in flight: at most `maxInFlight` requests run at once, up to `maxQueue` more wait
 * their turn for at most `maxWaitMs`, and any other request is answered at once with 503 and
 * Retry-After; so is every request while the event loop runs more than `maxEventLoopDelayMs` late.
 *
 * The embedded database runs in this thread and its queries settle as microtasks, never as I/O:
 * a request, once started, would run to its answer without the event loop reading another socket,
 * so requests would queue unseen in the kernel (no gate can count them) until clients gave up.
 * Each turn therefore starts only after the event loop has polled for I/O, so that requests that
 * arrived meanwhile reach the gate and are queued or refused at once.
 */
import { setImmediate as nextTurnOfTheLoop } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** How much work may be in flight and queued. */
export interface LoadLimits {
  /** Requests handled at once. */
  maxInFlight: number;
  /** Requests that may wait for a turn; more are refused at once. */
  maxQueue: number;
  /** The longest a request waits for a turn before it is refused. */
  maxWaitMs: number;
  /** The Retry-After sent with a refusal, in seconds. */
  retryAfterSeconds: number;
  /** Refuse every new request while the event loop runs later than this, in ms (0: never). */
  maxEventLoopDelayMs?: number;
  /** How late the event loop runs now, in ms; tests pass their own (default: sampled every 50 ms). */
  eventLoopDelay?: () => number;
}

/**
 * Defaults that keep a request's wait on the embedded database within a few seconds. The event-loop
 * limit is the server's (THROUGHLINE_MAX_EVENT_LOOP_DELAY_MS, default 1000 in config.ts); an app
 * built without limits, as in tests, has none.
 */
export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxInFlight: 4, maxQueue: 256, maxWaitMs: 3000, retryAfterSeconds: 2 };

/** How many successive samples must all run late for the loop to count as late. */
export const LATE_SAMPLES = 3;

/**
 * How late the event loop runs: a timer due every `intervalMs` fires late by the time synchronous
 * work (rendering, the embedded database) held the loop. The delay is the least of the last
 * `LATE_SAMPLES` samples, so one long page (a first render, a pause of the machine) does not
 * refuse the requests that follow it; a loop that stays late is late on every sample. The timer
 * does not keep the process alive; `stop` ends it.
 */
export function sampleEventLoopDelay(intervalMs = 50): { delay: () => number; stop: () => void } {
  let last = performance.now();
  const samples: number[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    samples.push(Math.max(0, now - last - intervalMs));
    if (samples.length > LATE_SAMPLES) samples.shift();
    last = now;
  }, intervalMs);
  timer.unref();
  return { delay: () => (samples.length < LATE_SAMPLES ? 0 : Math.min(...samples)), stop: () => clearInterval(timer) };
}

/** The server has more work than it can take on now: 503 with Retry-After. */
export class ServerBusy extends Error {
  readonly statusCode = 503;
  readonly code = 'busy';
  constructor(readonly retryAfterSeconds: number) {
    super('Throughline is busy just now. Wait a few seconds and try again.');
    this.name = 'ServerBusy';
  }
}

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout;
}

/** A counting gate with a bounded, time-limited queue. */
export function createWorkGate(limits: LoadLimits) {
  let inFlight = 0;
  const queue: Waiter[] = [];

  function release(): void {
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.grant(); // the slot passes straight to the next in line
    } else inFlight--;
  }

  return {
    /** Wait for a turn; resolves with the function that ends it, or rejects with ServerBusy. */
    acquire(): Promise<() => void> {
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        release();
      };
      if (inFlight < limits.maxInFlight) {
        inFlight++;
        return Promise.resolve(end);
      }
      if (queue.length >= limits.maxQueue) return Promise.reject(new ServerBusy(limits.retryAfterSeconds));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          grant: () => resolve(end),
          timer: setTimeout(() => {
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            reject(new ServerBusy(limits.retryAfterSeconds));
          }, limits.maxWaitMs),
        };
        queue.push(waiter);
      });
    },
    /** Requests running and waiting, for tests and metrics. */
    load: () => ({ inFlight, queued: queue.length }),
  };
}

// Static files read no database and are cheap: they never wait.
function isExempt(request: FastifyRequest): boolean {
  return request.url.startsWith('/assets/') || request.url.startsWith('/static/');
}

/** Put every request (but static files) through a work gate. */
export function installLoadShedding(app: FastifyInstance, limits: LoadLimits): void {
  const gate = createWorkGate(limits);
  const ends = new WeakMap<FastifyRequest, () => void>();
  const maxDelay = limits.maxEventLoopDelayMs ?? 0;
  let eventLoopDelay = limits.eventLoopDelay;
  if (!eventLoopDelay && maxDelay > 0) {
    const sampler = sampleEventLoopDelay();
    eventLoopDelay = sampler.delay;
    app.addHook('onClose', async () => sampler.stop());
  }
  app.addHook('onRequest', async (request, reply) => {
    if (isExempt(request)) return;
    // A loop this late answers nothing in time: refuse new work until it catches up.
    if (maxDelay > 0 && eventLoopDelay && eventLoopDelay() > maxDelay) throw new ServerBusy(limits.retryAfterSeconds);
    const end = await gate.acquire();
    ends.set(request, end);
    // Let the event loop poll for I/O before this turn's work, which may not yield until it is done.
    await nextTurnOfTheLoop();
    // A client that hung up while waiting gets no work done for it: its turn passes on at once.
    if (reply.raw.destroyed || request.raw.socket?.destroyed) {
      end();
      reply.hijack();
      reply.raw.destroy();
      return;
    }
    // The response's close comes when it is sent or when the client hangs up: either ends the turn.
    reply.raw.once('close', end);
  });
  app.addHook('onResponse', async (request) => {
    ends.get(request)?.();
  });
}
