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
  };
}
