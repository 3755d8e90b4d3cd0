/** The board pack for a meeting: a cover with the summary, the board report with each measure's chart, and the parts of other areas. */
import { InvalidInput } from '../domain/errors.ts';
import type { Actor } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import { parseIsoDate } from '../domain/period.ts';
import type { StoryBlock } from '../domain/story.ts';
import type { Services } from '../services/index.ts';
import type { BoardReportGoal } from '../services/board-report.ts';
import { presentStoryMeasure, variationWords } from './story-measure.ts';
import { decisionsSincePart, stopListPart } from './pack-parts.ts';
import { decisionsNeededPart, healthChecksPart } from './review-pack-parts.ts';

/** The formats a board pack or story is exported in. */
export const EXPORT_FORMATS = ['pdf', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Check an export format, with a message that lists the ones offered. */
export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new InvalidInput(`“${typeof value === 'string' ? value : ''}” is not an export format: choose pdf, md or html`, { format: 'Choose pdf, md (Markdown) or html (printable web page)' });
}

/** Check a meeting date (YYYY-MM-DD). */
export function parseMeetingDate(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && parseIsoDate(value)) return value;
  throw new InvalidInput('The meeting date must be a real date, like 2027-01-14', { date: 'Enter the meeting date as YYYY-MM-DD, like 2027-01-14' });
}

/** One section of the pack. */
export interface PackSection {
  key: string;
  title: string;
  narrative: string;
  blocks: StoryBlock[];
}

/** The whole pack. */
export interface BoardPack {
  organisation: { code: string; name: string };
  meetingDate: string;
  generatedAt: string;
  /** The cover: the measures by variation and assurance, and the cover parts of other areas. */
  cover: PackSection[];
  sections: PackSection[];
  measureCount: number;
}

/** What a pack part reads from. */
export interface PackContext {
  services: Services;
  actor: Actor;
  organisation: Organisation;
  meetingDate: string;
  report: BoardReportGoal[];
}

/**
 * A part of the pack from another area: the decisions the weekly review needs and the health
 * checks (reviews), decisions since the last meeting and the stop list's progress (choices). An
 * area not in Throughline registers no part, so the pack leaves it out.
 */
export interface PackPart {
  key: string;
  place: 'cover' | 'body';
  build(context: PackContext): Promise<PackSection | null> | PackSection | null;
}

/** The parts: the review area's on the cover, the choices area's in the body. */
export const PACK_PARTS: readonly PackPart[] = [decisionsNeededPart, healthChecksPart, decisionsSincePart, stopListPart];

const VARIATION_ROWS: { label: string; match: (v: string | null) => boolean }[] = [
  { label: 'Improvement', match: (v) => v === 'improvement_high' || v === 'improvement_low' },
  { label: 'Concern', match: (v) => v === 'concern_high' || v === 'concern_low' },
  { label: 'Neither better nor worse (special cause)', match: (v) => v === 'neutral_high' || v === 'neutral_low' },
  { label: 'Common cause: no significant change', match: (v) => v === 'common_cause' },
  { label: 'Too few values to tell', match: (v) => v === null },
];
const ASSURANCE_COLUMNS: { label: string; match: (a: string | null, hasTarget: boolean) => boolean }[] = [
  { label: 'Target met consistently', match: (a) => a === 'pass' },
  { label: 'Hit and miss', match: (a) => a === 'inconsistent' },
  { label: 'Target missed consistently', match: (a) => a === 'fail' },
  { label: 'No assurance (no target, or too few values)', match: (a) => a === null },
];

/** The measures counted by variation (rows) and assurance (columns), with totals. */
export function summariseMeasures(report: BoardReportGoal[]): { head: string[]; rows: string[][]; counts: number[][] } {
  const rows = report.flatMap((g) => g.measures);
  const counts = VARIATION_ROWS.map((v) => ASSURANCE_COLUMNS.map((a) => rows.filter((r) => v.match(r.variation) && a.match(r.assurance, r.target !== null)).length));
  const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    head: ['Variation', ...ASSURANCE_COLUMNS.map((a) => a.label), 'All'],
    rows: [
      ...VARIATION_ROWS.map((v, i) => [v.label, ...counts[i]!.map(String), String(total(counts[i]!))]),
      ['All measures', ...ASSURANCE_COLUMNS.map((_, j) => String(total(counts.map((c) => c[j]!)))), String(rows.length)],
    ],
    counts,
  };
}

/** Build the pack for a meeting. `onProgress` is told after each step, for a progress bar. */
export async function buildBoardPack(
  services: Services,
  actor: Actor,
  organisation: Organisation,
  meetingDateRaw: unknown,
  options: { parts?: readonly PackPart[]; onProgress?: (done: number, total: number) => void } = {},
): Promise<BoardPack> {
  const meetingDate = parseMeetingDate(meetingDateRaw);
  const report = await services.boardReport.build(actor, organisation.id, 'attention');
  const parts = options.parts ?? PACK_PARTS;
  const measureCount = report.reduce((n, g) => n + g.measures.length, 0);
  const total = measureCount + parts.length + 1;
  let done = 1;
  options.onProgress?.(done, total);
  const summary = summariseMeasures(report);
  const concerns = report.flatMap((g) => g.measures).filter((r) => r.variation === 'concern_high' || r.variation === 'concern_low');
  const cover: PackSection[] = [
    {
      key: 'summary',
      title: 'The measures at a glance',
      narrative: '',
      blocks: [
        { kind: 'table', caption: `${measureCount} ${measureCount === 1 ? 'measure' : 'measures'} by variation and assurance`, head: summary.head, rows: summary.rows },
        ...(concerns.length
          ? [{ kind: 'items' as const, items: [{ title: 'Measures showing a concern', points: concerns.map((r) => `${r.measure.name}: ${variationWords(r.variation)}`) }] }]
          : [{ kind: 'paragraph' as const, text: 'No measure shows a concern.' }]),
      ],
    },
  ];
  const sections: PackSection[] = [];
  const context: PackContext = { services, actor, organisation, meetingDate, report };
  for (const part of parts) {
    const s = await part.build(context);
    if (s) (part.place === 'cover' ? cover : sections).push(s);
    options.onProgress?.(++done, total);
  }
  let n = 0;
  const goals: Extract<StoryBlock, { kind: 'goals' }>['goals'] = [];
  for (const g of report) {
    const measures = [];
    for (const r of g.measures) {
      measures.push(presentStoryMeasure(r, n++, 'full', 'pack'));
      options.onProgress?.(++done, total);
      // Let other work run between charts of a large pack.
      if (n % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    goals.push({ id: g.goal.id, statement: g.goal.statement, forWhom: g.goal.forWhom, byWhen: g.goal.byWhen, owners: g.goal.owners.map((o) => o.name), measures });
  }
  sections.unshift({
    key: 'board-report',
    title: 'Board report',
    narrative: 'For each goal, every measure’s chart with its icons and what it shows, in words. Concerns and targets that will be missed come first.',
    blocks: goals.length ? [{ kind: 'goals', goals }] : [{ kind: 'paragraph', text: 'No goals have been set yet.' }],
  });
  return { organisation: { code: organisation.code, name: organisation.name }, meetingDate, generatedAt: services.clock().toISOString(), cover, sections, measureCount };
}
