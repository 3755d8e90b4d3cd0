/** Why: the biggest problems patients and staff have, with their evidence. */
import { AFFECTED_LABELS, EVIDENCE_KIND_LABELS, priorityOf } from '../../domain/problem.ts';
import { STORY_SECTION_TITLES } from '../../domain/story.ts';
import { withoutProvenanceNote } from '../../domain/story-examples.ts';
import type { StoryPart } from '../story-part.ts';

/** The problems part. */
export const whyPart: StoryPart = {
  key: 'why',
  build({ model }) {
    const narrative = model.settings.narratives.why ?? '';
    if (!model.problems.length && !narrative) return null;
    return {
      key: 'why',
      title: STORY_SECTION_TITLES.why,
      narrative,
      blocks: model.problems.length
        ? [
            {
              kind: 'items',
              items: model.problems.map((p) => ({
                title: p.title,
                text: withoutProvenanceNote(p.description),
                facts: [
                  `Felt by: ${AFFECTED_LABELS[p.affected]}${p.affectedGroup ? ` (${p.affectedGroup})` : ''}`,
                  `About ${p.reach.toLocaleString('en-GB')} people a month`,
                  `Severity ${p.severity} of 5 (priority ${priorityOf(p).toLocaleString('en-GB')})`,
                ],
                points: p.evidence.map((e) => `${EVIDENCE_KIND_LABELS[e.kind]}: ${e.summary}${e.count !== null ? ` (${e.count.toLocaleString('en-GB')})` : ''}`),
                people: [p.raisedBy],
              })),
            },
          ]
        : [],
    };
  },
};
