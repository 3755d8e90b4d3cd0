/** The strategy story: the board's own words, the frozen document a version holds, and its rules. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { parseOdsCode } from './organisation.ts';

/** The parts of the story, in the order it is told; a part with nothing to tell is left out. */
export const STORY_SECTIONS = ['why', 'mission', 'principles', 'change', 'choices', 'how', 'system', 'know', 'who'] as const;
export type StorySectionKey = (typeof STORY_SECTIONS)[number];

/** Each part's heading. */
export const STORY_SECTION_TITLES: Record<StorySectionKey, string> = {
  why: 'Why we need to change',
  mission: 'Our mission',
  principles: 'Our principles',
  change: 'What will change',
  choices: 'Our choices',
  how: 'How we will do it',
  system: 'What we do as a system and what we do locally',
  know: 'How we will know it is working',
  who: 'Who made this strategy',
};

/** The parts the board writes a short narrative for, shown before the generated part. */
export const NARRATIVE_SECTIONS = ['why', 'principles', 'change', 'choices', 'how', 'system', 'know', 'who'] as const satisfies readonly StorySectionKey[];
export type NarrativeSectionKey = (typeof NARRATIVE_SECTIONS)[number];

export const MISSION_MAX = 1500;
export const NARRATIVE_MAX = 3000;

/** An organisation's story settings: its mission, narratives, public page and peers. */
export interface StorySettings {
  organisationId: string;
  mission: string;
  narratives: Partial<Record<NarrativeSectionKey, string>>;
  publicEnabled: boolean;
  /** Whether the public page shows people's names (owners, who raised a problem). */
  publicShowNames: boolean;
  /** The organisation's ODS trust code in public statistics. */
  trustCode: string | null;
  /** A chosen set of peers; empty means the trusts of the same ICB. */
  peerCodes: string[];
  /** The readability check's list of jargon; null means the default list. */
  jargon: string[] | null;
  updatedAt: Date;
}

/** Settings before anything is saved. */
export function defaultStorySettings(organisationId: string): StorySettings {
  return {
    organisationId,
    mission: '',
    narratives: {},
    publicEnabled: false,
    publicShowNames: false,
    trustCode: null,
    peerCodes: [],
    jargon: null,
    updatedAt: new Date(0),
  };
}

export type StorySettingsFields = Omit<StorySettings, 'organisationId' | 'updatedAt'>;

function text(value: unknown, field: string, max: number, errors: FieldErrors): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    errors[field] = 'Enter text';
    return '';
  }
  const t = value.replace(/\r\n/g, '\n').trim();
  if (t.length > max) errors[field] = `Keep this to ${max.toLocaleString('en-GB')} characters or fewer (it has ${t.length.toLocaleString('en-GB')})`;
  return t;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === 'yes' || value === '1';
}

function codes(value: unknown, field: string, errors: FieldErrors): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const out: string[] = [];
  for (const v of raw) {
    if (typeof v !== 'string' || !v.trim()) continue;
    try {
      const c = parseOdsCode(v);
      if (!out.includes(c)) out.push(c);
    } catch {
      errors[field] = `“${v.trim()}” is not an organisation code: use codes such as RJ1 or G6V2S, separated by commas`;
    }
  }
  if (out.length > 30) errors[field] = 'Choose 30 peers or fewer';
  return out;
}

function words(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\n|,/) : [];
  const list = [...new Set(raw.filter((w): w is string => typeof w === 'string').map((w) => w.trim().toLowerCase()).filter(Boolean))];
  return list.slice(0, 500);
}

/** Validate the story settings a board edits; a missing field keeps the current value. */
export function validateStorySettings(current: StorySettingsFields, raw: Record<string, unknown>): StorySettingsFields {
  const errors: FieldErrors = {};
  const next: StorySettingsFields = { ...current, narratives: { ...current.narratives } };
  if ('mission' in raw) next.mission = text(raw.mission, 'mission', MISSION_MAX, errors);
  for (const key of NARRATIVE_SECTIONS) {
    const field = `narrative_${key}`;
    if (field in raw) {
      const t = text(raw[field], field, NARRATIVE_MAX, errors);
      if (t) next.narratives[key] = t;
      else delete next.narratives[key];
    }
  }
  if ('publicEnabled' in raw) next.publicEnabled = flag(raw.publicEnabled);
  if ('publicShowNames' in raw) next.publicShowNames = flag(raw.publicShowNames);
  if ('trustCode' in raw) {
    const c = typeof raw.trustCode === 'string' ? raw.trustCode.trim() : '';
    if (!c) next.trustCode = null;
    else {
      try {
        next.trustCode = parseOdsCode(c);
      } catch {
        errors.trustCode = 'Enter the trust’s ODS code, such as R1H, or leave it empty';
      }
    }
  }
  if ('peerCodes' in raw) next.peerCodes = codes(raw.peerCodes, 'peerCodes', errors);
  if ('jargon' in raw) next.jargon = words(raw.jargon);
  if (Object.keys(errors).length) throw new InvalidInput('Check the story settings', errors);
  return next;
}

// ── The document a version freezes ──

/** A measure as the story tells it: frozen at publication, with its chart drawn then. */
export interface StoryMeasure {
  id: string;
  name: string;
  definition: string;
  unit: string;
  frequency: 'weekly' | 'monthly';
  baseline: string | null;
  target: string | null;
  latest: string | null;
  latestPeriod: string | null;
  variation: string | null;
  assurance: string | null;
  /** The statistics in plain English. */
  reading: string;
  /** A small SPC chart, SVG. */
  chart: string | null;
  /** The owner's name; removed from the public page unless names are shown. */
  owner: string | null;
  /** The latest points as a table (period, value, mean, limits, signal), for documents without charts. */
  table?: { head: string[]; rows: string[][] };
}

/** One item of a list part, e.g. a problem with its evidence. */
export interface StoryItem {
  title: string;
  text?: string;
  /** Short facts shown under the item (e.g. "Felt by: patients"). */
  facts?: string[];
  /** Bullet points, e.g. the evidence. */
  points?: string[];
  /** People's names; removed from the public page unless names are shown. */
  people?: string[];
}

/** A part's content, of a few kinds each renderer knows. */
export type StoryBlock =
  | { kind: 'paragraph'; text: string }
  /** A list of items; `heading` and `intro` head one group of several in a part (like the system's principles and the organisation's own). */
  | { kind: 'items'; heading?: string; intro?: string; items: StoryItem[] }
  | { kind: 'goals'; goals: { id: string; statement: string; forWhom: string; byWhen: string | null; owners: string[]; measures: StoryMeasure[] }[] }
  | { kind: 'table'; caption: string; head: string[]; rows: string[][] }
  | { kind: 'figure'; caption: string; svg: string; description: string };

/** One part of the story. */
export interface StorySection {
  key: StorySectionKey;
  title: string;
  /** The board's own words for this part, or empty. */
  narrative: string;
  blocks: StoryBlock[];
}

/** What two versions are compared on. */
export interface StoryFacts {
  goals: { id: string; statement: string }[];
  measures: { id: string; name: string; variation: string | null; assurance: string | null }[];
  initiatives: { id: string; title: string; status: string }[];
  decisions: { id: string; title: string; decidedOn: string }[];
  /** The principles told (the system's, then the organisation's own); absent in versions published before the story told them. */
  principles?: { id: string; title: string }[];
  /** Each capability's level (system, hybrid or local, decided or only recommended); absent in older versions. */
  capabilities?: { id: string; name: string; level: string }[];
}

/** The whole story, as built from the work or as a version froze it. */
export interface StoryDocument {
  organisation: { code: string; name: string };
  generatedAt: string;
  mission: string;
  sections: StorySection[];
  facts: StoryFacts;
}

/** A published version's record, without its document. */
export interface StoryVersionSummary {
  number: number;
  publishedAt: Date;
  publishedBy: string;
  note: string;
}

/** A published version with its frozen document. */
export interface StoryVersion extends StoryVersionSummary {
  document: StoryDocument;
}

/** Say what is missing before a story can be published. */
export function checkPublishable(doc: Pick<StoryDocument, 'mission' | 'facts'>): void {
  const errors: FieldErrors = {};
  if (!doc.mission.trim()) errors.mission = 'Write the mission before publishing: the board’s one or two sentences on what digital is for';
  if (!doc.facts.goals.length) errors.goals = 'Add at least one goal before publishing: the story says what will change';
  if (Object.keys(errors).length) throw new InvalidInput('The story is not ready to publish', errors);
}

/** Parse a version number from a path or query; anything else is a clear error. */
export function parseVersionNumber(value: unknown, field = 'version'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInput(`${field} must be a version number: 1, 2, 3…`, { [field]: 'Enter a version number: 1, 2, 3…' });
  return n;
}

/** The public page's copy of a document: no people's names unless the organisation chose to show them, no links to internal evidence. */
export function redactForPublic(doc: StoryDocument, showNames: boolean): StoryDocument {
  const blocks = (b: StoryBlock): StoryBlock => {
    if (b.kind === 'items') {
      return {
        ...b,
        items: b.items.map((i) => {
          const { people, ...rest } = i;
          return showNames && people ? { ...rest, people } : rest;
        }),
      };
    }
    if (b.kind === 'goals') {
      return {
        kind: 'goals',
        goals: b.goals.map((g) => ({
          ...g,
          owners: showNames ? g.owners : [],
          measures: g.measures.map((m) => ({ ...m, owner: showNames ? m.owner : null })),
        })),
      };
    }
    return b;
  };
  return { ...doc, sections: doc.sections.map((s) => ({ ...s, blocks: s.blocks.map(blocks) })) };
}
