/** Our choices: what we do now, not now and won't do this quarter, the stop list, and what we do differently. */
import { PLACEMENT_LABELS, type Placement } from '../../domain/portfolio.ts';
import { describeQuarter } from '../../domain/quarter.ts';
import { STOP_ITEM_STATUS_LABELS } from '../../domain/stop-item.ts';
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';

/** The choices part, from the portfolio, the stop list and do-differently read models. */
export const choicesPart: StoryPart = {
  key: 'choices',
  async build({ services, actor, organisation, model }) {
    const [portfolio, stops, different] = await Promise.all([
      services.portfolio.portfolio(actor, organisation.id),
      services.stopItems.list(actor, organisation.id),
      services.doDifferently.list(actor, organisation.id),
    ]);
    const blocks: StoryBlock[] = [];
    const groups = new Map<Placement, string[]>();
    for (const p of portfolio.items) {
      const i = portfolio.initiatives.get(p.initiativeId);
      if (!i) continue;
      const text = p.placement === 'wont-do' && i.wontDoReason ? `${i.name}: ${i.wontDoReason}` : p.placement === 'not-now' && p.overrunSkills.length ? `${i.name} (not enough ${p.overrunSkills.join(', ').replace(/_/g, ' ')} capacity)` : i.name;
      groups.set(p.placement, [...(groups.get(p.placement) ?? []), text]);
    }
    if (groups.size) {
      blocks.push({ kind: 'paragraph', text: `For ${describeQuarter(portfolio.quarter)}, in priority order and within our capacity:` });
      blocks.push({
        kind: 'items',
        items: (['now', 'not-now', 'wont-do'] as const).filter((k) => groups.get(k)?.length).map((k) => ({ title: PLACEMENT_LABELS[k], points: groups.get(k)! })),
      });
    }
    if (stops.length) {
      blocks.push({
        kind: 'table',
        caption: 'What we will stop',
        head: ['What', 'Why', 'When', 'Status'],
        rows: stops.map((s) => [s.title, s.reason, s.stopOn, STOP_ITEM_STATUS_LABELS[s.status]]),
      });
    }
    if (different.length) {
      blocks.push({ kind: 'items', items: [{ title: 'What we will do differently', points: different.map((d) => (d.description ? `${d.title}: ${d.description}` : d.title)) }] });
    }
    const narrative = model.settings.narratives.choices ?? '';
    if (!blocks.length && !narrative) return null;
    return { key: 'choices', title: STORY_SECTION_TITLES.choices, narrative, blocks };
  },
};
