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
  /** Requests handled at once, waiting and the longest wait before a 503 (THROUGHLINE_MAX_IN_FLIGHT, THROUGHLINE_MAX_QUEUE, THROUGHLINE_QUEUE_WAIT_MS). */
  load: { maxInFlight: number; maxQueue: number; maxWaitMs: number; retryAfterSeconds: number };
}

function positiveWhole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of 1 or more, not "${raw}"`);
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
    load: {
      maxInFlight: positiveWhole(env, 'THROUGHLINE_MAX_IN_FLIGHT', 4),
      maxQueue: positiveWhole(env, 'THROUGHLINE_MAX_QUEUE', 16),
      maxWaitMs: positiveWhole(env, 'THROUGHLINE_QUEUE_WAIT_MS', 1000),
      retryAfterSeconds: 2,
    },
  };
}
