/** The review: the queue the data raises each period, the organisation's review settings, and review meetings. */
import { requireRole, type Actor } from '../domain/person.ts';
import { formatIsoDate } from '../domain/period.ts';
import {
  defaultReviewSettings,
  openItems,
  reviewPeriodOf,
  sortItems,
  validateReviewSettings,
  type ItemDecision,
  type RawReviewSettings,
  type ReviewItem,
  type ReviewSettings,
} from '../domain/review.ts';
import { raiseGoalItems, raiseMeasureItems, raiseProblemItems, type MeasureForReview } from '../domain/review-queue.ts';
import type { Measure, MeasureValue } from '../domain/measure.ts';
import type { Clock, Storage, Stores } from './stores.ts';
import type { MeasureService } from './measures.ts';
import { recordChange } from './audit.ts';

/** Every problem of an organisation: the register is paged, the queue and checks read all of it. */
export const ALL = { limit: 1_000_000, offset: 0 };

/** The queue of an organisation for the period under review. */
export interface ReviewQueue {
  period: { start: string; end: string; frequency: ReviewSettings['frequency'] };
  /** Open items, in the queue's order. */
  items: ReviewItem[];
  /** Items raised but already decided and quiet until their next review date or new evidence. */
  quiet: number;
}

/** Read the settings of an organisation, or its defaults. */
export async function loadSettings(stores: Stores, organisationId: string): Promise<ReviewSettings> {
  return (await stores.reviewSettings.find(organisationId)) ?? defaultReviewSettings(organisationId);
}

/**
 * Each measure of an organisation with its statistics: cached ones by (measure, version) without
 * loading values, the rest loaded in one query.
 */
export async function loadMeasuresForReview(stores: Stores, measureService: MeasureService, all: readonly Measure[]): Promise<MeasureForReview[]> {
  const missing = all.filter((m) => !measureService.cachedStatisticsOf(m));
  const values = missing.length ? await stores.measures.valuesFor(missing.map((m) => m.id)) : new Map<string, MeasureValue[]>();
  return all.map((m) => {
    const stats = measureService.cachedStatisticsOf(m) ?? measureService.statisticsOf(m, values.get(m.id) ?? []);
    const a = stats.analysis;
    const latestPeriod = a.lastIndex >= 0 ? (a.periods?.[a.lastIndex] ?? null) : null;
    return { id: m.id, name: m.name, frequency: m.frequency, target: m.target, latestPeriod, analysis: a.length ? a : null };
  });
}

/** The use cases of the review. */
export function createReviewService(storage: Storage, measureService: MeasureService, clock: Clock) {
  /** Every item the data raises today, before decided ones are set aside. */
  async function raise(stores: Stores, organisationId: string, settings: ReviewSettings, now: Date): Promise<ReviewItem[]> {
    const [goals, measures, problems] = await Promise.all([
      stores.goals.list(organisationId),
      stores.measures.listForOrganisation(organisationId),
      stores.problems.list(organisationId, {}, ALL),
    ]);
    const [checkIns, forReview] = await Promise.all([stores.checkIns.latestFor(goals.map((g) => g.id)), loadMeasuresForReview(stores, measureService, measures)]);
    const addressed = new Set(goals.flatMap((g) => g.problemIds));
    return [
      ...raiseMeasureItems(forReview, settings, now),
      ...raiseGoalItems(goals.map((g) => ({ id: g.id, statement: g.statement, latestCheckIn: checkIns.get(g.id)?.period ?? null })), now),
      ...raiseProblemItems(
        problems.problems.map((p) => ({ id: p.id, title: p.title, severity: p.severity, reach: p.reach, resolved: p.status === 'resolved' })),
        addressed,
        settings,
      ),
    ];
  }

  return {
    /** The settings of an organisation (viewers). */
    async settings(actor: Actor, organisationId: string): Promise<ReviewSettings> {
      requireRole(actor, organisationId, 'viewer');
      return loadSettings(storage.stores, organisationId);
    },

    /** Change the settings; fields left out keep their values (editors). */
    async updateSettings(actor: Actor, organisationId: string, raw: RawReviewSettings): Promise<ReviewSettings> {
      requireRole(actor, organisationId, 'editor');
      return storage.transaction(async (stores) => {
        const before = await loadSettings(stores, organisationId);
        const fields = validateReviewSettings(raw, before);
        const after = await stores.reviewSettings.save(organisationId, fields);
        const record = (r: ReviewSettings) => ({ frequency: r.frequency, maxPrioritiesNow: r.maxPrioritiesNow, problemPriorityThreshold: r.problemPriorityThreshold, staleAfterPeriods: r.staleAfterPeriods, buzzwords: r.buzzwords.join(', ') });
        await recordChange(stores, actor, { organisationId, entityType: 'review_settings', entityId: organisationId, action: 'updated', before: record(before), after: record(after) });
        return after;
      });
    },

    /** The open items of the period under review, each with its evidence (viewers). */
    async queue(actor: Actor, organisationId: string): Promise<ReviewQueue> {
      requireRole(actor, organisationId, 'viewer');
      const now = clock();
      const settings = await loadSettings(storage.stores, organisationId);
      const raised = await raise(storage.stores, organisationId, settings, now);
      const decided = new Map<string, ItemDecision>();
      const open = openItems(raised, decided, formatIsoDate(now));
      return { period: { ...reviewPeriodOf(now, settings.frequency), frequency: settings.frequency }, items: sortItems(open), quiet: raised.length - open.length };
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
