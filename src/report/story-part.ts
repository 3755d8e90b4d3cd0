/** What a part of the story is built from, and the shape of a part's builder. */
import type { Actor } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { StoryFacts, StorySection, StorySectionKey } from '../domain/story.ts';
import type { Services } from '../services/index.ts';
import type { StoryReadModel } from '../services/story.ts';

/** The read models a part may use, and the facts the parts add to for comparing versions. */
export interface StoryContext {
  services: Services;
  actor: Actor;
  organisation: Organisation;
  /** The story's own read model: settings, problems, goals and measures, contributors. */
  model: StoryReadModel;
  /** Filled in by the parts: the goals, measures, initiatives and decisions a version is compared on. */
  facts: StoryFacts;
  now: Date;
}

/**
 * One part of the story: it reads its area's read model through the services and builds its
 * section, or returns null when there is nothing to tell. An area that is not in Throughline has
 * no part registered, so the story leaves it out rather than showing it empty.
 */
export interface StoryPart {
  key: StorySectionKey;
  build(context: StoryContext): Promise<StorySection | null> | StorySection | null;
}
