/** Review settings, review meetings and the outcomes decided in them, in the database. */
import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { decisions, reviewOutcomes, reviewSettings, reviews } from './schema.ts';
import type { ReviewSettingsStore, ReviewStore } from '../services/stores.ts';
import type { Review, ReviewEvidence, ReviewItem, ReviewItemKind, ReviewOutcome, ReviewOutcomeRecord, ReviewSettings, SubjectType } from '../domain/review.ts';
import type { Attendee } from '../domain/decision.ts';

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

type ReviewRow = typeof reviews.$inferSelect;

const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  organisationId: r.organisationId,
  heldOn: r.heldOn,
  present: r.present as Attendee[],
  openedBy: r.openedBy,
  openedByUserId: r.openedByUserId,
  createdAt: r.createdAt,
  closedAt: r.closedAt,
  leftOpen: (r.leftOpen as ReviewItem[] | null) ?? null,
});

// The rationale is the decision's own, read from the decision log rather than copied.
const outcomeColumns = { o: reviewOutcomes, rationale: decisions.rationale };

const toOutcome = (r: { o: typeof reviewOutcomes.$inferSelect; rationale: string }): ReviewOutcomeRecord => ({
  id: r.o.id,
  reviewId: r.o.reviewId,
  organisationId: r.o.organisationId,
  decisionId: r.o.decisionId,
  itemKey: r.o.itemKey,
  kind: r.o.kind as ReviewItemKind,
  subject: { type: r.o.subjectType as SubjectType, id: r.o.subjectId, title: r.o.subjectTitle },
  evidence: r.o.evidence as ReviewEvidence,
  fingerprint: r.o.fingerprint,
  outcome: r.o.outcome as ReviewOutcome,
  rationale: r.rationale,
  nextReviewDate: r.o.nextReviewDate,
  decidedOn: r.o.decidedOn,
  createdAt: r.o.createdAt,
});

/** A ReviewStore on a connection or transaction. */
export function createReviewStore(db: Db): ReviewStore {
  const outcomes = () => db.select(outcomeColumns).from(reviewOutcomes).innerJoin(decisions, eq(decisions.id, reviewOutcomes.decisionId));
  return {
    async insert(r) {
      const [row] = await db.insert(reviews).values(r).returning();
      return toReview(row!);
    },
    async findById(id) {
      const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
      return row ? toReview(row) : null;
    },
    async list(organisationId, page) {
      const rows = await db.select().from(reviews).where(eq(reviews.organisationId, organisationId)).orderBy(desc(reviews.heldOn), desc(reviews.createdAt)).limit(page.limit).offset(page.offset);
      const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(reviews).where(eq(reviews.organisationId, organisationId));
      return { reviews: rows.map(toReview), total: Number(count?.n ?? 0) };
    },
    async close(id, leftOpen) {
      const [row] = await db.update(reviews).set({ closedAt: sql`now()`, leftOpen }).where(eq(reviews.id, id)).returning();
      return toReview(row!);
    },
    async insertOutcome(o) {
      const [row] = await db
        .insert(reviewOutcomes)
        .values({
          reviewId: o.reviewId,
          organisationId: o.organisationId,
          decisionId: o.decisionId,
          itemKey: o.itemKey,
          kind: o.kind,
          subjectType: o.subject.type,
          subjectId: o.subject.id,
          subjectTitle: o.subject.title,
          evidence: o.evidence,
          fingerprint: o.fingerprint,
          outcome: o.outcome,
          nextReviewDate: o.nextReviewDate,
          decidedOn: o.decidedOn,
        })
        .returning();
      return { ...toOutcome({ o: row!, rationale: o.rationale }) };
    },
    async outcomesOf(reviewId) {
      const rows = await outcomes().where(eq(reviewOutcomes.reviewId, reviewId)).orderBy(asc(reviewOutcomes.createdAt));
      return rows.map(toOutcome);
    },
    async latestOutcomes(organisationId) {
      // The latest outcome per item key: by decision date, then by when it was recorded.
      const rows = await outcomes()
        .where(eq(reviewOutcomes.organisationId, organisationId))
        .orderBy(asc(reviewOutcomes.decidedOn), asc(reviewOutcomes.createdAt));
      const out = new Map<string, ReviewOutcomeRecord>();
      for (const r of rows) out.set(r.o.itemKey, toOutcome(r));
      return out;
    },
    async outcomesSince(organisationId, since) {
      const rows = await outcomes()
        .where(and(eq(reviewOutcomes.organisationId, organisationId), gte(reviewOutcomes.decidedOn, since)))
        .orderBy(desc(reviewOutcomes.decidedOn), desc(reviewOutcomes.createdAt));
      return rows.map(toOutcome);
    },
  };
}
