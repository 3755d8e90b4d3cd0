/** Which optional suites can run here: Chromium and PostgreSQL are needed for some. */
import { existsSync } from 'node:fs';

/** Where Chromium is, if installed. */
export const chromiumPath: string | null =
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => !!p && existsSync(p),
  ) ?? null;

/** The PostgreSQL server for store tests, if given. */
export const postgresUrl: string | null = process.env.TEST_DATABASE_URL || null;

/** In CI every suite must run: a missing prerequisite fails instead of skipping. */
export const requireAllSuites = process.env.CI === 'true' || process.env.THROUGHLINE_REQUIRE_ALL_SUITES === '1';

export interface OptionalSuite {
  name: string;
  available: boolean;
  reason: string;
}

/** The optional suites and why each would be skipped. */
export const optionalSuites: OptionalSuite[] = [
  {
    name: 'browser journeys (Chromium)',
    available: chromiumPath !== null,
    reason: 'Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)',
  },
  {
    name: 'store tests on PostgreSQL',
    available: postgresUrl !== null,
    reason: 'TEST_DATABASE_URL is not set (point it at a throwaway PostgreSQL database)',
  },
];
