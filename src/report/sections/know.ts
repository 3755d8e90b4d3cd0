/** How we will know: the measures, how often they are looked at, and the weekly review rhythm. */
import { CHECK_IN_FREQUENCY } from '../../domain/check-in.ts';
import { STORY_SECTION_TITLES } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';
import { assuranceWords, variationWords } from '../story-measure.ts';

/** The measures-and-rhythm part. */
export const knowPart: StoryPart = {
  key: 'know',
  build({ model }) {
    const rows = model.goals.flatMap((g) => g.measures);
    const narrative = model.settings.narratives.know ?? '';
    if (!rows.length && !narrative) return null;
    const weekly = rows.filter((r) => r.measure.frequency === 'weekly').length;
    const monthly = rows.length - weekly;
    const rhythm =
      `Each goal's owners write a short ${CHECK_IN_FREQUENCY} check-in, and the board looks at every measure with statistical process control (Making Data Count), which tells a real change from the usual ups and downs. ` +
      `${rows.length} ${rows.length === 1 ? 'measure is' : 'measures are'} tracked: ${weekly} weekly and ${monthly} monthly. We do not use red, amber and green ratings.`;
    return {
      key: 'know',
      title: STORY_SECTION_TITLES.know,
      narrative,
      blocks: [
        { kind: 'paragraph', text: rhythm },
        ...(rows.length
          ? [
              {
                kind: 'table' as const,
                caption: 'The measures and what they show now',
                head: ['Measure', 'How often', 'What it shows now', 'Will it meet the target?'],
                rows: rows.map((r) => [r.measure.name, r.measure.frequency === 'weekly' ? 'Weekly' : 'Monthly', variationWords(r.variation), r.target === null ? 'No target set' : assuranceWords(r.assurance)]),
              },
            ]
          : []),
      ],
    };
  },
};
