/** Who made it: the disciplines of the people who raised the problems and own the goals, and examples it started from. */
import { DISCIPLINE_LABELS } from '../../domain/person.ts';
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';

/** The contributors part. Decisions taken join it when the decision log is in Throughline. */
export const whoPart: StoryPart = {
  key: 'who',
  build({ model }) {
    const narrative = model.settings.narratives.who ?? '';
    const blocks: StoryBlock[] = [];
    if (model.disciplines.length) {
      blocks.push({
        kind: 'items',
        items: [
          {
            title: 'Disciplines involved',
            points: model.disciplines.map((d) => `${DISCIPLINE_LABELS[d.discipline]}: ${d.people} ${d.people === 1 ? 'person' : 'people'}`),
            people: model.contributors.map((c) => `${c.name} (${DISCIPLINE_LABELS[c.discipline]})`),
          },
        ],
      });
    }
    if (model.exampleCopies.length) {
      blocks.push({
        kind: 'paragraph',
        text: `Parts of this strategy started from worked examples and were adapted to us: ${[...new Set(model.exampleCopies.map((c) => c.exampleTitle))].join('; ')}.`,
      });
    }
    if (!blocks.length && !narrative) return null;
    return { key: 'who', title: STORY_SECTION_TITLES.who, narrative, blocks };
  },
};
