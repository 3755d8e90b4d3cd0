/** Presenters for the story: the JSON that leaves the server, and the parts of its pages. */
import { NARRATIVE_SECTIONS, STORY_SECTION_TITLES, type StoryDocument, type StorySettings, type StoryVersion, type StoryVersionSummary } from '../../../domain/story.ts';
import type { StoryComparison } from '../../../domain/story-compare.ts';
import type { ReadabilityReport } from '../../../domain/readability.ts';
import { variationWords } from '../../../report/story-measure.ts';

/** A version's summary as JSON. */
export function presentVersionSummary(v: StoryVersionSummary) {
  return { number: v.number, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy, note: v.note };
}

/** A version with its document as JSON. */
export function presentVersion(v: StoryVersion) {
  return { ...presentVersionSummary(v), document: v.document };
}

/** The story's settings as JSON. */
export function presentSettings(s: StorySettings) {
  return {
    mission: s.mission,
    narratives: s.narratives,
    publicEnabled: s.publicEnabled,
    publicShowNames: s.publicShowNames,
    trustCode: s.trustCode,
    peerCodes: s.peerCodes,
    jargon: s.jargon,
  };
}

/** The story as JSON. */
export function presentStory(doc: StoryDocument) {
  return doc;
}

const LEVELS: Record<string, string> = { system: 'once for the whole system', hybrid: 'hybrid', local: 'local' };
const levelWords = (level: string) => {
  const [key = '', rest = ''] = level.split(/ (?=\()/);
  return `${LEVELS[key] ?? key}${rest ? ` ${rest}` : ''}`;
};

/** A comparison in sentences, for the page. */
export function presentComparison(c: StoryComparison) {
  const groups = [
    { title: 'Goals added', items: c.goalsAdded.map((g) => g.statement) },
    { title: 'Goals dropped', items: c.goalsDropped.map((g) => g.statement) },
    { title: 'Initiatives started', items: c.initiativesStarted.map((i) => i.title) },
    { title: 'Initiatives stopped', items: c.initiativesStopped.map((i) => i.title) },
    { title: 'Measures that moved from concern to improvement', items: c.measuresImproved.map((m) => `${m.name}: was “${variationWords(m.from)}”, now “${variationWords(m.to)}”`) },
    { title: 'Measures that moved from improvement to concern', items: c.measuresWorsened.map((m) => `${m.name}: was “${variationWords(m.from)}”, now “${variationWords(m.to)}”`) },
    { title: 'Principles added', items: c.principlesAdded.map((p) => p.title) },
    { title: 'Principles dropped', items: c.principlesDropped.map((p) => p.title) },
    { title: 'Capabilities whose level changed', items: c.capabilitiesMoved.map((m) => `${m.name}: ${m.from === null ? 'not assessed before' : `was ${levelWords(m.from)}`}, now ${levelWords(m.to)}`) },
    { title: 'Decisions since', items: c.decisionsSince.map((d) => `${d.decidedOn}: ${d.title}`) },
  ];
  return { groups, unchanged: groups.every((g) => !g.items.length) };
}

const KIND_LABELS: Record<string, string> = { long_sentence: 'Long sentence', passive_voice: 'Passive voice', jargon: 'Jargon', reading_age: 'Reading age' };

/** The readability check, per narrative, for the edit page. */
export function presentReadability(results: { section: string; report: ReadabilityReport }[]) {
  return results.map((r) => ({
    section: r.section,
    title: r.section === 'mission' ? 'Mission' : STORY_SECTION_TITLES[r.section as (typeof NARRATIVE_SECTIONS)[number]],
    readingAge: r.report.readingAge,
    words: r.report.words,
    issues: r.report.issues.map((i) => ({ ...i, label: KIND_LABELS[i.kind] ?? i.kind })),
  }));
}

/** The narrative fields of the edit form, in the story's order. */
export function narrativeFields(values: Record<string, string | undefined>) {
  return NARRATIVE_SECTIONS.map((k) => ({ name: `narrative_${k}`, label: STORY_SECTION_TITLES[k], value: values[`narrative_${k}`] ?? '' }));
}
