/** How: the initiatives, what each changes in ways of working, on a quarterly roadmap. */
import { INITIATIVE_STATUS_LABELS, LEVEL_LABELS } from '../../domain/initiative.ts';
import { addQuarters, quarterOf } from '../../domain/quarter.ts';
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';
import { renderRoadmapSvg } from '../roadmap-svg.ts';

/** The initiatives part; it also records the initiatives a version is compared on. */
export const howPart: StoryPart = {
  key: 'how',
  async build({ services, actor, organisation, model, facts, now }) {
    const initiatives = await services.initiatives.list(actor, organisation.id);
    facts.initiatives = initiatives.map((i) => ({ id: i.id, title: i.name, status: i.status }));
    const shown = initiatives.filter((i) => i.status !== 'idea' && !i.wontDoReason);
    const measureNames = new Map(model.goals.flatMap((g) => g.measures.map((r) => [r.measure.id, r.measure.name] as const)));
    const blocks: StoryBlock[] = [];
    const current = quarterOf(now);
    const placed = shown.filter((i) => i.startQuarter);
    if (placed.length) {
      const rows = placed.map((i) => ({
        name: i.name,
        start: i.startQuarter!,
        end: i.endQuarter ?? addQuarters(i.startQuarter!, 1),
        status: INITIATIVE_STATUS_LABELS[i.status],
        level: LEVEL_LABELS[i.level],
        muted: i.status === 'stopped' || i.status === 'paused',
      }));
      blocks.push({
        kind: 'figure',
        caption: 'The initiatives by quarter: each bar runs from the quarter it starts to the quarter it ends. Hatched bars are paused or stopped.',
        svg: renderRoadmapSvg(rows, current),
        description: rows.map((r) => `${r.name}: ${r.start} to ${r.end} (${r.status})`).join('; '),
      });
    }
    if (shown.length) {
      blocks.push({
        kind: 'items',
        items: shown.map((i) => ({
          title: i.name,
          text: i.change,
          facts: [INITIATIVE_STATUS_LABELS[i.status], `${LEVEL_LABELS[i.level]} level`, i.startQuarter ? `From ${i.startQuarter}${i.endQuarter ? ` to ${i.endQuarter}` : ''}` : 'Not yet scheduled'],
          points: i.hypotheses.map((h) => `We expect ${measureNames.get(h.measureId) ?? 'a measure'}: ${h.expectation}${h.byDate ? `, by ${h.byDate}` : ''}`),
          people: [...new Set([i.owner?.name, i.sponsor?.name].filter((n): n is string => !!n))],
        })),
      });
    }
    const narrative = model.settings.narratives.how ?? '';
    if (!blocks.length && !narrative) return null;
    return { key: 'how', title: STORY_SECTION_TITLES.how, narrative, blocks };
  },
};
