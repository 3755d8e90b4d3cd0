/** The review queue and settings as JSON, shared by the API and the CLI so both print the same thing. */
import { REVIEW_ITEM_KIND_LABELS, type ReviewItem, type ReviewOutcome, type ReviewSettings, type ReviewSubject } from '../domain/review.ts';
import type { QueueItem, ReviewQueue } from './reviews.ts';
import type { Review, ReviewOutcomeRecord } from '../domain/review.ts';
import type { HealthCheck } from '../domain/health-checks.ts';

/** The page of a record an item or a check concerns. */
export function hrefOf(type: string, id: string, organisationCode: string): string {
  switch (type) {
    case 'initiative':
      return `/initiatives/${id}`;
    case 'measure':
      return `/measures/${id}`;
    case 'goal':
      return `/goals/${id}`;
    case 'problem':
      return `/problems/${id}`;
    case 'decision':
      return `/decisions/${id}`;
    case 'stop_list':
      return `/organisations/${organisationCode}/stop-list`;
    case 'quarter':
      return `/organisations/${organisationCode}/portfolio?quarter=${encodeURIComponent(id)}`;
    default:
      return `/organisations/${organisationCode}`;
  }
}

function presentSubject(s: ReviewSubject, code: string) {
  return { type: s.type, id: s.id, title: s.title, href: hrefOf(s.type, s.id, code) };
}

/** A decision on an item as the queue shows it, or null while it is open. */
export interface QueueDecision {
  decisionId: string;
  reviewId: string;
  outcome: ReviewOutcome;
  rationale: string;
  nextReviewDate: string | null;
  decidedOn: string;
}

/** A decision on an item, as the queue shows it. */
export function presentDecision(o: ReviewOutcomeRecord): QueueDecision {
  return { decisionId: o.decisionId, reviewId: o.reviewId, outcome: o.outcome, rationale: o.rationale, nextReviewDate: o.nextReviewDate, decidedOn: o.decidedOn };
}

/** One item of the queue. */
export function presentItem(item: ReviewItem | QueueItem, code: string) {
  return {
    key: item.key,
    kind: item.kind,
    kindLabel: REVIEW_ITEM_KIND_LABELS[item.kind],
    subject: presentSubject(item.subject, code),
    evidence: {
      summary: item.evidence.summary,
      facts: item.evidence.facts,
      fingerprint: item.evidence.fingerprint,
      related: item.evidence.related.map((r) => presentSubject(r, code)),
    },
    decision: 'decision' in item && item.decision ? presentDecision(item.decision) : null,
  };
}

/** The queue as JSON. */
export function presentQueue(queue: ReviewQueue, organisation: { code: string; name: string }) {
  return {
    organisation: { code: organisation.code, name: organisation.name },
    period: queue.period,
    items: queue.items.map((i) => presentItem(i, organisation.code)),
    quiet: queue.quiet,
  };
}

/** The settings as JSON. */
export function presentSettings(s: ReviewSettings) {
  return {
    frequency: s.frequency,
    maxPrioritiesNow: s.maxPrioritiesNow,
    problemPriorityThreshold: s.problemPriorityThreshold,
    staleAfterPeriods: s.staleAfterPeriods,
    buzzwords: s.buzzwords,
  };
}

/** An item decided in a review, with the evidence as it was. */
export function presentOutcome(o: ReviewOutcomeRecord, code: string) {
  return {
    key: o.itemKey,
    kind: o.kind,
    subject: { type: o.subject.type, id: o.subject.id, title: o.subject.title, href: hrefOf(o.subject.type, o.subject.id, code) },
    evidence: { summary: o.evidence.summary, facts: o.evidence.facts, fingerprint: o.fingerprint },
    decision: presentDecision(o),
  };
}

/** A review meeting with what was decided in it and, once closed, what was left for next time. */
export function presentReview(review: Review, outcomes: readonly ReviewOutcomeRecord[], code: string) {
  return {
    id: review.id,
    organisationCode: code,
    heldOn: review.heldOn,
    present: review.present.map((a) => ({ kind: a.kind, userId: a.kind === 'member' ? a.userId : null, name: a.name, discipline: a.discipline })),
    openedBy: review.openedBy,
    closed: review.closedAt !== null,
    closedAt: review.closedAt?.toISOString() ?? null,
    decided: outcomes.map((o) => presentOutcome(o, code)),
    leftOpen: review.leftOpen?.map((i) => presentItem(i, code)) ?? null,
  };
}

/** The health checks as JSON, each item with its page. */
export function presentHealthChecks(checks: readonly HealthCheck[], organisation: { code: string; name: string }) {
  return {
    organisation: { code: organisation.code, name: organisation.name },
    passed: checks.filter((c) => c.passed).length,
    failed: checks.filter((c) => !c.passed).length,
    checks: checks.map((c) => ({
      id: c.id,
      title: c.title,
      why: c.why,
      threshold: c.threshold,
      passed: c.passed,
      message: c.message,
      items: c.items.map((i) => ({ type: i.type, id: i.id, title: i.title, note: i.note ?? null, href: hrefOf(i.type, i.id, organisation.code) })),
    })),
  };
}
