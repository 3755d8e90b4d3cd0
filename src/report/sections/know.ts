/** How we will know: the measures, how often they are looked at, and the weekly review rhythm. */
import { describeDate } from '../../domain/period.ts';
import { CHECK_IN_FREQUENCY } from '../../domain/check-in.ts';
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';
import { assuranceWords, variationWords } from '../story-measure.ts';


/** The measures-and-rhythm part: the measures from the story's read model, the rhythm from the review settings and meetings. */
export const knowPart: StoryPart = {
  key: 'know',
  async build({ services, actor, organisation, model }) {
    const rows = model.goals.flatMap((g) => g.measures);
    const narrative = model.settings.narratives.know ?? '';
    if (!rows.length && !narrative) return null;
    const [settings, held] = await Promise.all([services.reviews.settings(actor, organisation.id), services.reviews.list(actor, organisation.id, { limit: 1, offset: 0 })]);
    const weekly = rows.filter((r) => r.measure.frequency === 'weekly').length;
    const monthly = rows.length - weekly;
    const every = settings.frequency === 'weekly' ? 'week' : 'month';
    const measures =
      `Each goal's owners write a short ${CHECK_IN_FREQUENCY} check-in, and the board looks at every measure with statistical process control (Making Data Count), which tells a real change from the usual ups and downs. ` +
      `${rows.length} ${rows.length === 1 ? 'measure is' : 'measures are'} tracked: ${weekly} weekly and ${monthly} monthly. We do not use red, amber and green ratings.`;
    const latest = held.reviews[0];
    const rhythm =
      `Every ${every} we hold a review. The data raises the questions: an initiative whose measures show no improvement by the date we expected, a measure showing a concern or that will miss its target, ` +
      `a measure with no recent values, a check-in that is overdue, an initiative over its capacity or past its end, and a big problem that nothing addresses. ` +
      `The people present decide each one: continue, change course, pause or stop. Every answer goes in the decision log with its reason, and a stop frees its capacity at once.` +
      (latest ? ` ${held.total} ${held.total === 1 ? 'review has' : 'reviews have'} been held; the latest on ${describeDate(latest.heldOn)}.` : '');
    const blocks: StoryBlock[] = [{ kind: 'paragraph', text: measures }];
    if (rows.length) {
      blocks.push({
        kind: 'table',
        caption: 'The measures and what they show now',
        head: ['Measure', 'How often', 'What it shows now', 'Will it meet the target?'],
        rows: rows.map((r) => [r.measure.name, r.measure.frequency === 'weekly' ? 'Weekly' : 'Monthly', variationWords(r.variation), r.target === null ? 'No target set' : assuranceWords(r.assurance)]),
      });
    }
    blocks.push({ kind: 'paragraph', text: rhythm });
    return { key: 'know', title: STORY_SECTION_TITLES.know, narrative, blocks };
  },
};
