/** Parts of the board pack's cover from the review area: the decisions the weekly review needs, and the strategy health checks. */
import { REVIEW_ITEM_KIND_LABELS } from '../domain/review.ts';
import type { PackPart } from './board-pack.ts';

/** The open items of the review queue: the questions the data raises that nobody has decided yet. */
export const decisionsNeededPart: PackPart = {
  key: 'decisions-needed',
  place: 'cover',
  async build({ services, actor, organisation }) {
    const queue = await services.reviews.queue(actor, organisation.id);
    const open = queue.items.filter((i) => !i.decision);
    const every = queue.period.frequency === 'weekly' ? 'week' : 'month';
    return {
      key: 'decisions-needed',
      title: 'Decisions needed',
      narrative: `The questions the data raises for the review of the ${every} from ${queue.period.start} to ${queue.period.end}, as they stood when this pack was produced.`,
      blocks: open.length
        ? [{ kind: 'table', caption: `${open.length} ${open.length === 1 ? 'decision' : 'decisions'} needed`, head: ['Question', 'About', 'What the data shows'], rows: open.map((i) => [REVIEW_ITEM_KIND_LABELS[i.kind], i.subject.title, i.evidence.summary]) }]
        : [{ kind: 'paragraph', text: 'No decision is needed: the data raises nothing that has not been decided.' }],
    };
  },
};

/** The strategy health checks in counts, with each check that needs attention and what it found. */
export const healthChecksPart: PackPart = {
  key: 'health-checks',
  place: 'cover',
  async build({ services, actor, organisation }) {
    const checks = await services.healthChecks.run(actor, organisation.id);
    const failing = checks.filter((c) => !c.passed);
    return {
      key: 'health-checks',
      title: 'Strategy health checks',
      narrative: `${failing.length} of ${checks.length} ${failing.length === 1 ? 'check needs' : 'checks need'} attention. The checks warn when a strategy becomes a shopping list, a list of solutions or buzzwords, or an IT document.`,
      blocks: failing.length
        ? [{ kind: 'table', caption: 'Checks that need attention', head: ['Check', 'What it found', 'Why it matters'], rows: failing.map((c) => [c.title, c.message, c.why]) }]
        : [{ kind: 'paragraph', text: 'Every check passes.' }],
    };
  },
};
