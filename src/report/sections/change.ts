/** What will change: the goals, with their measures, baselines, targets and current SPC reading. */
import { STORY_SECTION_TITLES } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';
import { presentStoryMeasure } from '../story-measure.ts';

/** The goals part; it also records the goals and measures a version is compared on. */
export const changePart: StoryPart = {
  key: 'change',
  build({ model, facts }) {
    let n = 0;
    const goals = model.goals.map((g) => ({
      id: g.goal.id,
      statement: g.goal.statement,
      forWhom: g.goal.forWhom,
      byWhen: g.goal.byWhen,
      owners: g.goal.owners.map((o) => o.name),
      measures: g.measures.map((r) => presentStoryMeasure(r, n++)),
    }));
    facts.goals = goals.map((g) => ({ id: g.id, statement: g.statement }));
    facts.measures = model.goals.flatMap((g) => g.measures.map((r) => ({ id: r.measure.id, name: r.measure.name, variation: r.variation, assurance: r.assurance })));
    const narrative = model.settings.narratives.change ?? '';
    if (!goals.length && !narrative) return null;
    return { key: 'change', title: STORY_SECTION_TITLES.change, narrative, blocks: goals.length ? [{ kind: 'goals', goals }] : [] };
  },
};
