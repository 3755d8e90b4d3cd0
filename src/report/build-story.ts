/** Build the strategy story from the services' read models: each part by its own builder, in the story's order. */
import type { Actor } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import { STORY_SECTIONS, type StoryDocument, type StorySection } from '../domain/story.ts';
import type { Services } from '../services/index.ts';
import type { StoryContext, StoryPart } from './story-part.ts';
import { whyPart } from './sections/why.ts';
import { missionPart } from './sections/mission.ts';
import { changePart } from './sections/change.ts';
import { knowPart } from './sections/know.ts';
import { whoPart } from './sections/who.ts';
import { choicesPart } from './sections/choices.ts';
import { howPart } from './sections/how.ts';
import { principlesPart } from './sections/principles.ts';
import { systemPart } from './sections/system.ts';

/** Every part of the story; each leaves itself out when its area has nothing to tell. */
export const STORY_PARTS: readonly StoryPart[] = [whyPart, missionPart, principlesPart, changePart, choicesPart, howPart, systemPart, knowPart, whoPart];

/** Build the story of an organisation as it stands now. */
export async function buildStory(services: Services, actor: Actor, organisation: Organisation, parts: readonly StoryPart[] = STORY_PARTS): Promise<StoryDocument> {
  const model = await services.story.readModel(actor, organisation);
  const now = services.clock();
  const context: StoryContext = { services, actor, organisation, model, facts: { goals: [], measures: [], initiatives: [], decisions: [] }, now };
  const ordered = [...parts].sort((a, b) => STORY_SECTIONS.indexOf(a.key) - STORY_SECTIONS.indexOf(b.key));
  const sections: StorySection[] = [];
  // In order, one at a time: a part may add to the facts that a later part reads.
  for (const part of ordered) {
    const s = await part.build(context);
    if (s) sections.push(s);
  }
  return {
    organisation: { code: organisation.code, name: organisation.name },
    generatedAt: now.toISOString(),
    mission: model.settings.mission,
    sections,
    facts: context.facts,
  };
}
