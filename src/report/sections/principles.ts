/** Our principles: the system's guardrails, within which the organisation's teams act freely. */
import { STORY_SECTION_TITLES } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';
import { readSystem, systemOfStory } from '../system-of.ts';

/** The principles part, from the systems area; it records the principles a version is compared on. */
export const principlesPart: StoryPart = {
  key: 'principles',
  async build(context) {
    const { services, actor, model, facts } = context;
    const system = await systemOfStory(context);
    const principles = system ? await readSystem(() => services.systems.listPrinciples(actor, system.id), []) : [];
    facts.principles = principles.map((p) => ({ id: p.id, title: p.title }));
    const narrative = model.settings.narratives.principles ?? '';
    if (!principles.length && !narrative) return null;
    return {
      key: 'principles',
      title: STORY_SECTION_TITLES.principles,
      narrative,
      blocks: principles.length
        ? [
            {
              kind: 'paragraph',
              text: system!.own
                ? `The principles ${system!.name} has set: every member organisation works within them and is free to act as it sees fit inside them.`
                : `We are a member of ${system!.name}. We work within the principles the system has set, and are free to act as we see fit inside them.`,
            },
            { kind: 'items', items: principles.map((p) => ({ title: p.title, ...(p.rationale ? { text: p.rationale } : {}) })) },
          ]
        : [],
    };
  },
};
