/** Who made it: the disciplines of the people who raised the problems and own the goals, and examples it started from. */
import { DECISION_KIND_LABELS } from '../../domain/decision.ts';
import { DISCIPLINE_LABELS } from '../../domain/person.ts';
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';

const DECISIONS_SHOWN = 20;

/** The contributors part, with the decisions taken (from the decision log); it records the decisions a version is compared on. */
export const whoPart: StoryPart = {
  key: 'who',
  async build({ services, actor, organisation, model, facts }) {
    const { decisions, total } = await services.decisions.list(actor, organisation.id, {}, { limit: DECISIONS_SHOWN, offset: 0 });
    facts.decisions = decisions.map((d) => ({ id: d.id, title: d.what, decidedOn: d.decidedOn }));
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
    if (decisions.length) {
      blocks.push({
        kind: 'table',
        caption: total > decisions.length ? `Decisions taken: the latest ${decisions.length} of ${total}` : 'Decisions taken',
        head: ['Date', 'Kind', 'What we decided', 'Why'],
        rows: decisions.map((d) => [d.decidedOn, DECISION_KIND_LABELS[d.kind], d.what, d.rationale]),
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
