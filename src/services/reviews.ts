/** The review: the queue the data raises each period, the organisation's review settings, and review meetings. */
import { Conflict, InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { isDiscipline, requireRole, roleIn, type Actor } from '../domain/person.ts';
import { addPeriods, formatIsoDate } from '../domain/period.ts';
import {
  REVIEW_OUTCOME_LABELS,
  defaultReviewSettings,
  isQuiet,
  openItems,
  reviewPeriodOf,
  sortItems,
  validateOutcome,
  validateReviewOpening,
  validateReviewSettings,
  type RawReviewSettings,
  type Review,
  type ReviewItem,
  type ReviewOutcomeRecord,
  type ReviewSettings,
} from '../domain/review.ts';
import { raiseGoalItems, raiseInitiativeItems, raiseMeasureItems, raiseProblemItems, type InitiativeForReview, type MeasureForReview } from '../domain/review-queue.ts';
import type { Measure, MeasureValue } from '../domain/measure.ts';
import { demandIn, initiativeFieldsOf, type Initiative } from '../domain/initiative.ts';
import { quarterEnd, quarterOf, quarterStart } from '../domain/quarter.ts';
import { DEFAULT_CRITERIA, placePortfolio, type QuarterPortfolio } from '../domain/portfolio.ts';
import type { Attendee, Decision, DecisionKind } from '../domain/decision.ts';
import type { Clock, Storage, Stores } from './stores.ts';
import type { MeasureService } from './measures.ts';
import { recordChange } from './audit.ts';
import { recordDecision } from './decisions.ts';
import { isRankable } from './initiatives.ts';

/** Every problem of an organisation: the register is paged, the queue and checks read all of it. */
export const ALL = { limit: 1_000_000, offset: 0 };

/** An item of the queue with its decision in this period, or null while open. */
export type QueueItem = ReviewItem & { decision: ReviewOutcomeRecord | null };

/** The queue of an organisation for the period under review. */
export interface ReviewQueue {
  period: { start: string; end: string; frequency: ReviewSettings['frequency'] };
  /** Open items, then the items decided this period, in the queue's order. */
  items: QueueItem[];
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

/** Initiatives with the current quarter's portfolio: where each falls against the capacity line. */
export async function loadPortfolio(stores: Stores, organisationId: string, now: Date): Promise<{ initiatives: Initiative[]; placed: QuarterPortfolio }> {
  const [all, capacity, stopItems, model] = await Promise.all([
    stores.initiatives.list(organisationId),
    stores.capacity.list(organisationId),
    stores.stopItems.list(organisationId),
    stores.scoringModels.get(organisationId),
  ]);
  const inPortfolio = all.filter((i) => isRankable(i) || i.wontDoReason || i.status === 'stopped');
  return { initiatives: all, placed: placePortfolio(quarterOf(now), inPortfolio, capacity, stopItems, model ?? [...DEFAULT_CRITERIA]) };
}

/** An initiative as the queue sees it: under way, its dates and hypotheses, and the skills it overruns. */
function initiativeForReview(i: Initiative, placed: QuarterPortfolio): InitiativeForReview {
  const item = placed.items.find((p) => p.initiativeId === i.id);
  const active = i.status === 'committed' || i.status === 'in_progress';
  const overCapacity =
    active && item?.placement === 'not-now'
      ? item.overrunSkills.map((skill) => {
          const line = placed.skills.find((l) => l.skill === skill);
          const need = demandIn(i.demand, placed.quarter).get(skill) ?? 0;
          return { quarter: placed.quarter, skill: skill.replace(/_/g, ' '), shortBy: Math.round((need - ((line?.capacity ?? 0) - (line?.committed ?? 0))) * 100) / 100 };
        })
      : [];
  return {
    id: i.id,
    name: i.name,
    active,
    startDate: i.startQuarter ? quarterStart(i.startQuarter) : null,
    expectedEnd: i.endQuarter ? quarterEnd(i.endQuarter) : null,
    hypotheses: i.hypotheses.filter((h): h is typeof h & { byDate: string } => h.byDate !== null).map((h) => ({ measureId: h.measureId, byDate: h.byDate })),
    overCapacity,
  };
}

const DECISION_KIND_OF: Record<ReviewOutcomeRecord['outcome'], DecisionKind> = { continue: 'review', pivot: 'pivot', pause: 'review', stop: 'stop' };

/** Who was present as the decision log takes it. */
function rawPresent(present: readonly Attendee[]) {
  return present.map((a) => (a.kind === 'member' ? { userId: a.userId } : { name: a.name, discipline: a.discipline }));
}

/** The review's date as the decision log's "today": a review is never dated in the future. */
function parseDay(heldOn: string, now: Date): Date {
  const d = new Date(`${heldOn}T12:00:00Z`);
  return d > now ? now : d;
}

/** The use cases of the review. */
export function createReviewService(storage: Storage, measureService: MeasureService, clock: Clock) {
  /** Every item the data raises today, before decided ones are set aside. */
  async function raise(stores: Stores, organisationId: string, settings: ReviewSettings, now: Date): Promise<ReviewItem[]> {
    const [goals, measures, problems, portfolio] = await Promise.all([
      stores.goals.list(organisationId),
      stores.measures.listForOrganisation(organisationId),
      stores.problems.list(organisationId, {}, ALL),
      loadPortfolio(stores, organisationId, now),
    ]);
    const [checkIns, forReview] = await Promise.all([stores.checkIns.latestFor(goals.map((g) => g.id)), loadMeasuresForReview(stores, measureService, measures)]);
    const live = portfolio.initiatives.filter((i) => i.status !== 'stopped' && !i.wontDoReason);
    const addressed = new Set([...goals.flatMap((g) => g.problemIds), ...live.flatMap((i) => i.problemIds)]);
    return [
      ...raiseInitiativeItems(
        portfolio.initiatives.map((i) => initiativeForReview(i, portfolio.placed)),
        new Map(forReview.map((m) => [m.id, m])),
        formatIsoDate(now),
      ),
      ...raiseMeasureItems(forReview, settings, now),
      ...raiseGoalItems(goals.map((g) => ({ id: g.id, statement: g.statement, latestCheckIn: checkIns.get(g.id)?.period ?? null })), now),
      ...raiseProblemItems(
        problems.problems.map((p) => ({ id: p.id, title: p.title, severity: p.severity, reach: p.reach, resolved: p.status === 'resolved' })),
        addressed,
        settings,
      ),
    ];
  }

  async function buildQueue(stores: Stores, organisationId: string, now: Date): Promise<ReviewQueue> {
    const settings = await loadSettings(stores, organisationId);
    const period = reviewPeriodOf(now, settings.frequency);
    const [raised, latest] = await Promise.all([raise(stores, organisationId, settings, now), stores.reviews.latestOutcomes(organisationId)]);
    const today = formatIsoDate(now);
    const open = openItems(raised, latest, today).map((i): QueueItem => ({ ...i, decision: null }));
    // Items decided in this period stay in the list, with their decision, so the review shows what it did.
    const decided = raised
      .filter((i) => isQuiet(i, latest.get(i.key), today) && latest.get(i.key)!.decidedOn >= period.start)
      .map((i): QueueItem => ({ ...i, decision: latest.get(i.key)! }));
    return { period: { ...period, frequency: settings.frequency }, items: [...sortItems(open), ...sortItems(decided)], quiet: raised.length - open.length - decided.length };
  }

  async function load(stores: Stores, actor: Actor, id: string): Promise<Review> {
    const review = isId(id) ? await stores.reviews.findById(id) : null;
    if (!review || roleIn(actor, review.organisationId) === null) throw new NotFound('Review');
    return review;
  }

  // Written against the initiative store: a pause inside the review's own transaction, audited as the initiatives area does.
  async function changeInitiative(stores: Stores, actor: Actor, id: string, outcome: 'stop' | 'pause', on: string): Promise<void> {
    const before = await stores.initiatives.findById(id);
    if (!before) throw new NotFound('Initiative');
    const status = outcome === 'stop' ? 'stopped' : 'paused';
    const stoppedOn = outcome === 'stop' ? on : null;
    // A pause frees the capacity it would have used from its day; a pause of a paused one keeps its day.
    const pausedOn = outcome === 'pause' ? (before.status === 'paused' && before.pausedOn ? before.pausedOn : on) : null;
    await stores.initiatives.update(id, { ...initiativeFieldsOf(before), status, stoppedOn, pausedOn });
    await recordChange(stores, actor, {
      organisationId: before.organisationId,
      entityType: 'initiative',
      entityId: id,
      action: 'updated',
      before: { status: before.status, stoppedOn: before.stoppedOn, pausedOn: before.pausedOn },
      after: { status, stoppedOn, pausedOn },
    });
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

    /** The open items of the period under review, and those decided in it, each with its evidence (viewers). */
    async queue(actor: Actor, organisationId: string): Promise<ReviewQueue> {
      requireRole(actor, organisationId, 'viewer');
      return buildQueue(storage.stores, organisationId, clock());
    },

    /** Open a review for a date with the people present (editors). */
    async open(actor: Actor, organisationId: string, raw: { heldOn?: unknown; present?: unknown }): Promise<Review> {
      requireRole(actor, organisationId, 'editor');
      const draft = validateReviewOpening(raw, formatIsoDate(clock()));
      return storage.transaction(async (stores) => {
        const present: Attendee[] = [];
        const errors: Record<string, string> = {};
        for (const [i, a] of draft.present.entries()) {
          if (a.kind === 'guest') {
            present.push(a);
            continue;
          }
          const membership = isId(a.userId) ? await stores.users.findMembership(a.userId, organisationId) : null;
          const user = membership ? await stores.users.findById(a.userId) : null;
          if (!membership || !user) errors[`present[${i}].userId`] = 'Choose people who are members of this organisation, or add them as guests';
          else present.push({ kind: 'member', userId: user.id, name: user.name, discipline: isDiscipline(membership.discipline) ? membership.discipline : 'other' });
        }
        if (Object.keys(errors).length) throw new InvalidInput('The review is not valid', errors);
        const review = await stores.reviews.insert({ organisationId, heldOn: draft.heldOn, present, openedBy: actor.name, openedByUserId: actor.kind === 'user' ? actor.userId : null });
        await recordChange(stores, actor, {
          organisationId,
          entityType: 'review',
          entityId: review.id,
          action: 'created',
          before: null,
          after: { heldOn: review.heldOn, present: present.map((a) => `${a.name} (${a.discipline})`) },
        });
        return review;
      });
    },

    /** A review with the items decided in it (viewers of its organisation). */
    async get(actor: Actor, reviewId: string): Promise<{ review: Review; outcomes: ReviewOutcomeRecord[] }> {
      const review = await load(storage.stores, actor, reviewId);
      return { review, outcomes: await storage.stores.reviews.outcomesOf(review.id) };
    },

    /** The reviews of an organisation, newest first (viewers). */
    async list(actor: Actor, organisationId: string, page = { limit: 20, offset: 0 }): Promise<{ reviews: Review[]; total: number }> {
      requireRole(actor, organisationId, 'viewer');
      return storage.stores.reviews.list(organisationId, page);
    },

    /**
     * Decide an open item in an open review (editors): continue, pivot, pause or stop. The answer
     * is a decision in the decision log, with the people present and the item and review it
     * concerns; a stop frees the initiative's remaining capacity, a pause pauses it. All or nothing.
     */
    async decide(
      actor: Actor,
      reviewId: string,
      raw: { itemKey?: unknown; outcome?: unknown; rationale?: unknown; nextReviewDate?: unknown },
    ): Promise<{ outcome: ReviewOutcomeRecord; decision: Decision }> {
      const now = clock();
      const today = formatIsoDate(now);
      return storage.transaction(async (stores) => {
        const review = await load(stores, actor, reviewId);
        requireRole(actor, review.organisationId, 'editor');
        if (review.closedAt) throw new Conflict('This review is closed: open a new review to decide more items');
        const key = typeof raw.itemKey === 'string' ? raw.itemKey.trim() : '';
        const queue = await buildQueue(stores, review.organisationId, now);
        const item = queue.items.find((i) => i.key === key);
        if (!item) throw new InvalidInput('The item is not in the review queue', { itemKey: 'This item is no longer in the queue: the data no longer raises it. Reload the review to see the current items.' });
        if (item.decision) throw new Conflict('This item has already been decided', { itemKey: `This item was decided on ${item.decision.decidedOn} (${item.decision.outcome}): it comes back at its next review date or when its evidence changes` });
        const fields = validateOutcome(raw, item.subject.type, today);
        const label = REVIEW_OUTCOME_LABELS[fields.outcome];
        const decision = await recordDecision(
          stores,
          actor,
          review.organisationId,
          {
            kind: DECISION_KIND_OF[fields.outcome],
            decidedOn: review.heldOn,
            what: `${label}: ${item.subject.title}${fields.nextReviewDate ? ` (next review ${fields.nextReviewDate})` : ''}`,
            options: ['Continue', 'Pivot', ...(item.subject.type === 'initiative' ? ['Pause', 'Stop'] : [])],
            rationale: `${fields.rationale}\n\nRaised by the review: ${item.evidence.summary}`,
            present: rawPresent(review.present),
            items: [
              { type: item.subject.type, id: item.subject.id },
              ...item.evidence.related.map((r) => ({ type: r.type, id: r.id })),
              { type: 'review', id: review.id },
            ],
          },
          parseDay(review.heldOn, now),
        );
        if (item.subject.type === 'initiative' && (fields.outcome === 'stop' || fields.outcome === 'pause')) {
          await changeInitiative(stores, actor, item.subject.id, fields.outcome, review.heldOn);
        }
        const outcome = await stores.reviews.insertOutcome({
          reviewId: review.id,
          organisationId: review.organisationId,
          decisionId: decision.id,
          itemKey: item.key,
          kind: item.kind,
          subject: item.subject,
          evidence: item.evidence,
          fingerprint: item.evidence.fingerprint,
          outcome: fields.outcome,
          rationale: decision.rationale,
          nextReviewDate: fields.nextReviewDate,
          decidedOn: review.heldOn,
        });
        await recordChange(stores, actor, {
          organisationId: review.organisationId,
          entityType: 'review',
          entityId: review.id,
          action: 'updated',
          before: null,
          after: { decided: `${label}: ${item.subject.title}`, evidence: item.evidence.fingerprint, nextReviewDate: fields.nextReviewDate },
        });
        return { outcome, decision };
      });
    },

    /** Close a review (editors): what was decided stays, and the items still open are kept as left for next time. */
    async close(actor: Actor, reviewId: string): Promise<{ review: Review; outcomes: ReviewOutcomeRecord[] }> {
      return storage.transaction(async (stores) => {
        const review = await load(stores, actor, reviewId);
        requireRole(actor, review.organisationId, 'editor');
        if (review.closedAt) throw new Conflict('This review is already closed');
        const queue = await buildQueue(stores, review.organisationId, clock());
        const left = queue.items.filter((i) => !i.decision).map(({ decision: _d, ...item }) => item);
        const closed = await stores.reviews.close(review.id, left);
        const outcomes = await stores.reviews.outcomesOf(review.id);
        await recordChange(stores, actor, {
          organisationId: review.organisationId,
          entityType: 'review',
          entityId: review.id,
          action: 'updated',
          before: { closed: null },
          after: { closed: `${outcomes.length} decided, ${left.length} left for next time` },
        });
        return { review: closed, outcomes };
      });
    },

    /** Items decided in reviews held on or after a date (viewers): the board report's "decided since the last review". */
    async decidedSince(actor: Actor, organisationId: string, since: string): Promise<ReviewOutcomeRecord[]> {
      requireRole(actor, organisationId, 'viewer');
      return storage.stores.reviews.outcomesSince(organisationId, since);
    },

    /** The start of the previous review period: the board report lists what was decided since then. */
    async previousPeriodStart(organisationId: string): Promise<string> {
      const settings = await loadSettings(storage.stores, organisationId);
      return addPeriods(reviewPeriodOf(clock(), settings.frequency).start, settings.frequency, -1);
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
