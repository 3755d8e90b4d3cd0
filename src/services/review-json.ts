/** The review queue and settings as JSON, shared by the API and the CLI so both print the same thing. */
import { REVIEW_ITEM_KIND_LABELS, type ReviewItem, type ReviewOutcome, type ReviewSettings, type ReviewSubject } from '../domain/review.ts';
import type { ReviewQueue } from './reviews.ts';

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
      return `/organisations/${organisationCode}/stop-items`;
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

/** One item of the queue. */
export function presentItem(item: ReviewItem & { decision?: QueueDecision | null }, code: string) {
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
    decision: item.decision ?? null,
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
