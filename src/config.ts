/** The environment, parsed once. The only reader of process.env. */

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /** Sessions end after this many minutes unused, and this many hours after sign-in. */
  sessions: { idleMinutes: number; absoluteHours: number };
  /** Requests handled at once, waiting and the longest wait before a 503 (THROUGHLINE_MAX_IN_FLIGHT, THROUGHLINE_MAX_QUEUE, THROUGHLINE_QUEUE_WAIT_MS). */
  load: { maxInFlight: number; maxQueue: number; maxWaitMs: number; retryAfterSeconds: number; maxEventLoopDelayMs: number };
}

function positiveWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be a whole number from 1 to ${max}, not "${raw}"`);
  return n;
}

/** Parse configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.THROUGHLINE_DATA_DIR || './data',
    demo: env.THROUGHLINE_DEMO !== '0' && env.THROUGHLINE_DEMO !== 'false',
    secureCookies: env.THROUGHLINE_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'warn',
    sessions: {
      idleMinutes: positiveWholeNumber(env, 'THROUGHLINE_SESSION_IDLE_MINUTES', 30, 7 * 24 * 60),
      absoluteHours: positiveWholeNumber(env, 'THROUGHLINE_SESSION_MAX_HOURS', 12, 30 * 24),
    },
    load: {
      maxInFlight: positiveWholeNumber(env, 'THROUGHLINE_MAX_IN_FLIGHT', 4, 10_000),
      maxQueue: positiveWholeNumber(env, 'THROUGHLINE_MAX_QUEUE', 256, 100_000),
      maxWaitMs: positiveWholeNumber(env, 'THROUGHLINE_QUEUE_WAIT_MS', 3000, 600_000),
      retryAfterSeconds: 2,
      maxEventLoopDelayMs: positiveWholeNumber(env, 'THROUGHLINE_MAX_EVENT_LOOP_DELAY_MS', 1000, 600_000),
    },
  };
}
