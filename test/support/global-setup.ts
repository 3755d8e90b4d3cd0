/** Before any test: say which optional suites are skipped and why, or fail in CI. */
import { optionalSuites, requireAllSuites } from './suites.ts';

export default function setup(): void {
  const missing = optionalSuites.filter((s) => !s.available);
  if (!missing.length) return;
  if (requireAllSuites) {
    throw new Error(
      `Every suite must run in CI, but these cannot: ${missing.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
    );
  }
  for (const s of missing) console.warn(`Skipping ${s.name}: ${s.reason}`);
}
