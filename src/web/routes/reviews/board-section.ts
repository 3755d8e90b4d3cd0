/** The board report's review section: decisions needed, decided since the last review, and the health checks in counts. */
import type { Actor } from '../../../domain/person.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import { REVIEW_OUTCOME_LABELS } from '../../../domain/review.ts';
import type { Services } from '../../../services/index.ts';
import { presentHealthChecks, presentItem, presentOutcome } from './present.ts';

/** Build the section for the board report page (rendered by views/reviews/board-section.njk). */
export async function presentBoardReviewSection(services: Services, actor: Actor, org: Organisation) {
  const since = await services.reviews.previousPeriodStart(org.id);
  const [queue, decided, checks] = await Promise.all([
    services.reviews.queue(actor, org.id),
    services.reviews.decidedSince(actor, org.id, since),
    services.healthChecks.run(actor, org.id),
  ]);
  const health = presentHealthChecks(checks, org);
  return {
    since,
    needed: queue.items.filter((i) => !i.decision).map((i) => presentItem(i, org.code)),
    decided: decided.map((o) => ({ ...presentOutcome(o, org.code), outcomeLabel: REVIEW_OUTCOME_LABELS[o.outcome] })),
    health: { passed: health.passed, failed: health.failed, failing: health.checks.filter((c) => !c.passed).map((c) => ({ id: c.id, title: c.title, message: c.message, count: c.items.length })) },
    reviewHref: `/organisations/${org.code}/review`,
    healthHref: `/organisations/${org.code}/health-checks`,
  };
}
