/** The system a story is told within: the organisation itself for an ICB, or the system a trust belongs to today. */
import { NotFound } from '../domain/errors.ts';
import type { StoryContext } from './story-part.ts';

/** The system's id and name, or null for an organisation in no system (or one whose system the reader cannot see). */
export async function systemOfStory({ services, actor, organisation }: Pick<StoryContext, 'services' | 'actor' | 'organisation'>): Promise<{ id: string; name: string; own: boolean } | null> {
  if (organisation.type === 'icb') return { id: organisation.id, name: organisation.name, own: true };
  const { current } = await services.systems.systemsOf(actor, organisation.id);
  return current ? { id: current.systemId, name: current.systemName, own: false } : null;
}

/** Read from the system, or nothing when the reader may not see it: the story leaves the part out rather than failing. */
export async function readSystem<T>(read: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof NotFound) return empty;
    throw e;
  }
}
