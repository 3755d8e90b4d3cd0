/** The mission, written by the board. */
import { STORY_SECTION_TITLES } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';

/** The mission part: the board's words only. */
export const missionPart: StoryPart = {
  key: 'mission',
  build({ model }) {
    const mission = model.settings.mission.trim();
    if (!mission) return null;
    return { key: 'mission', title: STORY_SECTION_TITLES.mission, narrative: mission, blocks: [] };
  },
};
