/**
 * A plain-English check of the board's narrative, after the NHS digital service manual's content
 * style guide: aim for a reading age of 9 to 11, short sentences, the active voice, and no jargon.
 */

/** Words and phrases the check flags by default, with plainer words to use instead. */
export const DEFAULT_JARGON: Readonly<Record<string, string>> = {
  leverage: 'use',
  utilise: 'use',
  utilize: 'use',
  facilitate: 'help',
  empower: 'let, or help',
  synergy: 'working together',
  synergies: 'working together',
  holistic: 'whole, or complete',
  paradigm: 'way of doing things',
  'best-in-class': 'good (say what it does better)',
  'world-class': 'say what it does better',
  'going forward': 'from now on, or leave it out',
  'key stakeholders': 'the people involved (name them)',
  stakeholders: 'the people involved (name them)',
  robust: 'strong, or reliable (say how)',
  seamless: 'say what will be easier',
  'digital transformation': 'say what will change for whom',
  transformation: 'say what will change',
  transformational: 'say what will change',
  innovative: 'new (say what is new)',
  'cutting-edge': 'new',
  'deep dive': 'close look',
  deliver: 'make, give, or provide',
  'drive forward': 'lead, or push',
  'in order to': 'to',
  'digital-first': 'say what people can do online',
  streamline: 'simplify (say how)',
  optimise: 'improve',
  ecosystem: 'the systems and people involved',
  interoperability: 'systems that share information',
  'single source of truth': 'one shared record',
  'fit for purpose': 'good enough (say for what)',
  'step change': 'big change (say how big)',
};

/** Words over which a sentence counts as long (the NHS style guide suggests about 25). */
export const LONG_SENTENCE_WORDS = 25;
/** The reading age the NHS content style guide aims for. */
export const TARGET_READING_AGE = 11;

/** One thing to change, with where it is and what to do. */
export interface ReadabilityIssue {
  kind: 'long_sentence' | 'passive_voice' | 'jargon' | 'reading_age';
  /** The words that raised it: a sentence, or the jargon word. */
  excerpt: string;
  suggestion: string;
}

/** The result of a readability check on one piece of text. */
export interface ReadabilityReport {
  words: number;
  sentences: number;
  /** Approximate reading age in years (Flesch–Kincaid grade + 5), or null for too little text. */
  readingAge: number | null;
  issues: ReadabilityIssue[];
}

function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"‘'(])|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z]/.test(s));
}

function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
}

/** Syllables in an English word, by counting vowel groups (good enough for a reading age). */
export function countSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

// "is/was/were/been/being … done": a form of "to be", perhaps an adverb, then a past participle.
const PASSIVE =
  /\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(\w+(?:ed|en)|made|done|given|taken|seen|known|shown|held|kept|built|brought|bought|found|left|lost|met|paid|put|run|said|sent|set|spent|told|thought|understood|won|written)\b/i;
const NOT_PARTICIPLE = new Set(['often', 'open', 'even', 'seven', 'eleven', 'garden', 'children', 'kitchen', 'need', 'indeed', 'speed', 'seed', 'feed']);

/** Check a narrative for reading age, long sentences, passive voice and jargon. */
export function checkReadability(text: string, jargon: readonly string[] = Object.keys(DEFAULT_JARGON)): ReadabilityReport {
  const sentences = sentencesOf(text);
  const words = wordsOf(text);
  const issues: ReadabilityIssue[] = [];
  let readingAge: number | null = null;
  if (words.length >= 10 && sentences.length) {
    const syllables = words.reduce((n, w) => n + countSyllables(w), 0);
    const grade = 0.39 * (words.length / sentences.length) + 11.8 * (syllables / words.length) - 15.59;
    readingAge = Math.max(5, Math.round(grade + 5));
    if (readingAge > TARGET_READING_AGE + 3) {
      issues.push({
        kind: 'reading_age',
        excerpt: `Reading age about ${readingAge}`,
        suggestion: `Aim for a reading age of ${TARGET_READING_AGE} or under: use shorter sentences and everyday words, so everyone can understand it quickly.`,
      });
    }
  }
  for (const s of sentences) {
    const n = wordsOf(s).length;
    if (n > LONG_SENTENCE_WORDS) {
      issues.push({
        kind: 'long_sentence',
        excerpt: s,
        suggestion: `This sentence has ${n} words. Split it into sentences of ${LONG_SENTENCE_WORDS} words or fewer.`,
      });
    }
    const m = PASSIVE.exec(s);
    if (m && !NOT_PARTICIPLE.has((m[1] ?? '').toLowerCase())) {
      issues.push({
        kind: 'passive_voice',
        excerpt: s,
        suggestion: `“${m[0]}” is in the passive voice. Say who does it: “we will …” rather than “it will be …”.`,
      });
    }
  }
  const lower = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `;
  const seen = new Set<string>();
  // Longer phrases first, so "digital transformation" is reported rather than also "transformation".
  for (const word of [...jargon].sort((a, b) => b.length - a.length)) {
    const w = word.trim().toLowerCase();
    if (!w || seen.has(w)) continue;
    const pattern = new RegExp(`(?<![a-z-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z-])`);
    if (pattern.test(lower) && ![...seen].some((s) => s.includes(w))) {
      seen.add(w);
      const instead = DEFAULT_JARGON[w];
      issues.push({
        kind: 'jargon',
        excerpt: w,
        suggestion: instead ? `Instead of “${w}”, try: ${instead}.` : `“${w}” is on your organisation’s list of words to avoid: say it in everyday words.`,
      });
    }
  }
  return { words: words.length, sentences: sentences.length, readingAge, issues };
}
