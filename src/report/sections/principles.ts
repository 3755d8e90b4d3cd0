/**
 * Our principles: the system's guardrails, within which the organisation's teams act freely,
 * and the organisation's own principles, each group under its own heading.
 */
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { Principle } from '../../domain/system.ts';
import type { StoryPart } from '../story-part.ts';
import { readSystem, systemOfStory } from '../system-of.ts';

const itemsOf = (list: readonly Principle[]) => list.map((p) => ({ title: p.title, ...(p.rationale ? { text: p.rationale } : {}) }));

/** The principles part, from the systems area; it records the principles a version is compared on. */
export const principlesPart: StoryPart = {
  key: 'principles',
  async build(context) {
    const { services, actor, model, facts, organisation } = context;
    const system = await systemOfStory(context);
    const principles = system ? await readSystem(() => services.systems.listPrinciples(actor, system.id), []) : [];
    // An ICB's own principles are its system's: told once.
    const own = system?.own ? [] : await readSystem(() => services.systems.listPrinciples(actor, organisation.id), []);
    facts.principles = [...principles, ...own].map((p) => ({ id: p.id, title: p.title }));
    const narrative = model.settings.narratives.principles ?? '';
    if (!principles.length && !own.length && !narrative) return null;
    const blocks: StoryBlock[] = [];
    if (principles.length) {
      blocks.push({
        kind: 'items',
        heading: system!.own ? `The principles of ${system!.name}` : `The principles of our system, ${system!.name}`,
        intro: system!.own
          ? `The principles ${system!.name} has set: every member organisation works within them and is free to act as it sees fit inside them.`
          : `We are a member of ${system!.name}. We work within the principles the system has set, and are free to act as we see fit inside them.`,
        items: itemsOf(principles),
      });
    }
    if (own.length) {
      blocks.push({
        kind: 'items',
        heading: 'Our own principles',
        intro: principles.length ? `The principles ${organisation.name} has set for itself, alongside the system’s.` : `The principles ${organisation.name} has set for itself.`,
        items: itemsOf(own),
      });
    }
    return { key: 'principles', title: STORY_SECTION_TITLES.principles, narrative, blocks };
  },
};
