/** Review settings, review meetings and the outcomes decided in them, in the database. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { reviewSettings } from './schema.ts';
import type { ReviewSettingsStore } from '../services/stores.ts';
import type { ReviewSettings } from '../domain/review.ts';

type SettingsRow = typeof reviewSettings.$inferSelect;

const toSettings = (r: SettingsRow): ReviewSettings => ({
  organisationId: r.organisationId,
  frequency: r.frequency === 'monthly' ? 'monthly' : 'weekly',
  maxPrioritiesNow: r.maxPrioritiesNow,
  problemPriorityThreshold: r.problemPriorityThreshold,
  staleAfterPeriods: r.staleAfterPeriods,
  buzzwords: r.buzzwords,
});

/** A ReviewSettingsStore on a connection or transaction. */
export function createReviewSettingsStore(db: Db): ReviewSettingsStore {
  return {
    async find(organisationId) {
      const [row] = await db.select().from(reviewSettings).where(eq(reviewSettings.organisationId, organisationId));
      return row ? toSettings(row) : null;
    },
    async save(organisationId, fields) {
      const [row] = await db
        .insert(reviewSettings)
        .values({ organisationId, ...fields })
        .onConflictDoUpdate({ target: reviewSettings.organisationId, set: { ...fields, updatedAt: sql`now()` } })
        .returning();
      return toSettings(row!);
    },
  };
}
