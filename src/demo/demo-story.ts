/**
 * The demo trust's story: the board's mission and narrative, two published versions (the first
 * before an example was copied in, so the comparison shows something), the public page on, and
 * the trust linked to real A&E statistics to compare with peers.
 */
import type { Actor } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { StoryDocument } from '../domain/story.ts';
import type { Services } from '../services/index.ts';

/** The board's own words for the demo story. */
export const DEMO_STORY = {
  mission: 'We use digital tools so that patients wait less and know what is happening, and staff spend their time on care, not on paperwork.',
  narratives: {
    narrative_why: 'Patients and staff told us what gets in their way. These are the biggest problems, with the evidence for each. We chose them before we talked about any technology.',
    narrative_change: 'Each goal says what will improve, for whom and by when. We look at every measure each week with statistical process control, so we can tell a real change from the usual ups and downs.',
    narrative_know: 'The board sees the same charts every month. If a measure shows a concern, the goal’s owners tell us what they will do about it.',
    narrative_who: 'Clinicians, nurses, operational leads, patients’ representatives and the digital team wrote this together.',
  },
  /** The demo's real A&E figures are Barts Health's (R1H): its peers are the other trusts of North East London. */
  trustCode: 'R1H',
  /** The example copied in between the two versions. */
  exampleId: 'discharge-summaries',
} as const;

/** Write, publish twice and open the demo trust's story. `build` tells the story from the work (src/report, wired by src/main). */
export async function loadDemoStory(
  services: Services,
  options: { organisation: Organisation; actor: Actor; build: (actor: Actor, organisation: Organisation) => Promise<StoryDocument> },
): Promise<void> {
  const { organisation, build } = options;
  // With the reads its system membership gives, as a signed-in member has: the story tells the system's principles and capabilities.
  const actor = await services.systems.withCurrentReads(options.actor);
  await services.story.updateSettings(actor, organisation.id, { mission: DEMO_STORY.mission, ...DEMO_STORY.narratives, trustCode: DEMO_STORY.trustCode });
  await services.story.publish(actor, organisation.id, await build(actor, organisation), 'First version, agreed at the board');
  await services.examples.copy(actor, organisation.id, DEMO_STORY.exampleId);
  await services.story.publish(actor, organisation.id, await build(actor, organisation), 'Adds discharge summaries to GPs, adapted from a worked example');
  await services.story.updateSettings(actor, organisation.id, { publicEnabled: true });
}
