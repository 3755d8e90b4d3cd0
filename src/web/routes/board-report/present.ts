/** Presenters for the board report: the JSON that leaves the server, and the rows of the page. */
import { randomBytes } from 'node:crypto';
import { isPublishedSeries } from '../../../domain/reference-series.ts';
import { renderSpcChart } from '../../../charts/spc-chart.ts';
import { assuranceSymbolId, renderIconSprite, useIcon, variationSymbolId } from '../../../charts/spc-icons.ts';
import { CHECK_IN_FREQUENCY, timelinessOf, type Timeliness } from '../../../domain/check-in.ts';
import { isSolutionFirst } from '../../../domain/goal.ts';
import { DIRECTION_LABELS } from '../../../domain/measure.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import { addPeriods, describePeriod, periodStartOf } from '../../../domain/period.ts';
import { DISCIPLINE_LABELS, type Discipline } from '../../../domain/person.ts';
import type { AssuranceIcon, VariationIcon } from '../../../spc/index.ts';
import {
  ASSURANCE_GROUPS,
  assuranceGroupOf,
  VARIATION_GROUPS,
  variationGroupOf,
  type AssuranceGroup,
  type BoardReportGoal,
  type BoardReportMeasure,
  type BoardReportSort,
  type BoardReportSummary,
  type VariationGroup,
} from '../../../services/board-report.ts';
import {
  ASSURANCE_GROUP_WORDS,
  describeAssurance as describeAssuranceWords,
  describeAssuranceIconWords,
  describeCheckInTimeliness,
  describeValueTimeliness,
  describeVariation,
  ASSURANCE_GROUP_SHORT_WORDS,
  VARIATION_GROUP_SHORT_WORDS,
  VARIATION_GROUP_WORDS,
} from '../../words.ts';
import { formatMeasureValue, type MeasureStatistics } from '../../../services/measures.ts';

/** The board report as JSON. */
export function presentBoardReport(organisation: Organisation, report: BoardReportGoal[], summary: BoardReportSummary, generatedAt: Date, sort: BoardReportSort) {
  return {
    organisation: { code: organisation.code, name: organisation.name },
    generatedAt: generatedAt.toISOString(),
    sort,
    summary: presentSummaryJson(summary),
    goals: report.map((g) => ({
      id: g.goal.id,
      statement: g.goal.statement,
      solutionFirst: isSolutionFirst(g.goal),
      owners: g.goal.owners.map((o) => ({ userId: o.userId, name: o.name, discipline: o.discipline })),
      latestCheckIn: g.latestCheckIn
        ? {
            period: g.latestCheckIn.period,
            whatHappened: g.latestCheckIn.whatHappened,
            whatNext: g.latestCheckIn.whatNext,
            confidence: g.latestCheckIn.confidence,
            authorName: g.latestCheckIn.authorName,
          }
        : null,
      measures: g.measures.map((r) => ({
        id: r.measure.id,
        name: r.measure.name,
        unit: r.measure.unit,
        frequency: r.measure.frequency,
        improvementDirection: r.measure.improvementDirection,
        dataSource: r.measure.dataSource,
        latestValue: r.latestValue,
        latestPeriod: r.latestPeriod,
        target: r.target,
        variation: r.variation,
        assurance: r.assurance,
        owner: r.measure.ownerName,
        lastUpdated: r.lastUpdated.toISOString(),
        timeliness: r.timeliness,
        reading: r.statistics.reading.text,
      })),
    })),
  };
}

/** The summary as JSON: counts by variation, by assurance, and per cell of the matrix. */
function presentSummaryJson(summary: BoardReportSummary) {
  return {
    measures: summary.measures,
    variation: { ...summary.variation },
    assurance: { ...summary.assurance },
    cells: VARIATION_GROUPS.flatMap((variation) =>
      ASSURANCE_GROUPS.map((assurance) => ({ variation, assurance, count: summary.cells[variation][assurance] })),
    ),
  };
}

/** The assurance icon in a few visible words, saying why there is none. */
export function describeAssurance(row: Pick<BoardReportMeasure, 'assurance' | 'target' | 'measure'>): string {
  return describeAssuranceWords(row.assurance, { target: row.target, improvementDirection: row.measure.improvementDirection });
}

export { describeVariation };

// Drawing 50 small charts is most of the work of the page. A chart depends only on the
// statistics (cached by the measure service per measure and last change) and on the measure's
// name and annotations, so it is kept beside the statistics object and dropped with it.
// A year of weeks, or two years of months: enough to see the latest points against the limits.
const SPARKLINE_POINTS = { weekly: 52, monthly: 24 } as const;

const charts = new WeakMap<MeasureStatistics, { key: string; svg: string; bytes: Buffer }>();

function chartOf(row: BoardReportMeasure): { svg: string; bytes: Buffer } {
  const m = row.measure;
  const key = `${m.name}\u0000${m.annotations.map((a) => `${a.period}:${a.label}`).join('\u0000')}`;
  const hit = charts.get(row.statistics);
  if (hit && hit.key === key) return hit;
  const svg = renderSpcChart(row.statistics.analysis, {
    size: 'small',
    // The page's stylesheet draws the lines and its sprite holds the markers (app.css).
    presentation: 'stylesheet',
    window: SPARKLINE_POINTS[m.frequency],
    id: `chart-${m.id}`,
    title: m.name,
    formatValue: (v) => formatMeasureValue(m, v),
    formatPeriod: (p) => describePeriod(p, m.frequency),
    periodWord: m.frequency === 'weekly' ? 'weeks' : 'months',
    annotations: m.annotations.map((a) => ({ period: a.period, label: a.label })),
  });
  const entry = { key, svg, bytes: Buffer.from(svg, 'utf8') };
  charts.set(row.statistics, entry);
  return entry;
}

const FRAGMENT_TOKEN = randomBytes(8).toString('hex');
const FRAGMENT = new RegExp(`<!--app-fragment-${FRAGMENT_TOKEN}-(\\d+)-->`);

/**
 * Large trusted fragments of a page (the charts) kept out of the rendered string as markers and
 * put back as bytes already encoded, so a page of many charts is not re-encoded on every request.
 * A marker cannot come from people's text: the template escapes every "<" in it.
 */
export class PageFragments {
  private readonly fragments: Buffer[] = [];

  /** A marker to render in place of the fragment. */
  mark(bytes: Buffer): string {
    this.fragments.push(bytes);
    return `<!--app-fragment-${FRAGMENT_TOKEN}-${this.fragments.length - 1}-->`;
  }

  /** The rendered page as bytes, with each marker replaced by its fragment. */
  assemble(html: string): Buffer {
    const parts = html.split(FRAGMENT);
    return Buffer.concat(parts.map((part, i) => (i % 2 === 0 ? Buffer.from(part, 'utf8') : (this.fragments[Number(part)] ?? Buffer.alloc(0)))));
  }
}

const SYNTHETIC = /synthetic/i;

// A real organisation's published figures, named as such, with the last month they reach.
function describePublishedSeries(row: BoardReportMeasure): string {
  const last = row.latestPeriod === null ? '' : ` to ${describePeriod(row.latestPeriod, row.measure.frequency)}`;
  return `Real published data${last}, shown for illustration`;
}

// The words, numbers and icons of a row change only with its statistics (cached per measure and
// last change) or the measure's own fields, so they are kept beside the statistics as well.
const rows = new WeakMap<MeasureStatistics, { key: string; row: ReturnType<typeof describeRow> }>();

function describeRow(row: BoardReportMeasure) {
  const m = row.measure;
  return {
    id: m.id,
    name: m.name,
    href: `/measures/${m.id}`,
    dataSource: m.dataSource,
    synthetic: SYNTHETIC.test(m.dataSource) && !isPublishedSeries(m.dataSource),
    realData: isPublishedSeries(m.dataSource) ? describePublishedSeries(row) : null,
    direction: DIRECTION_LABELS[m.improvementDirection],
    latest: row.latestValue === null ? null : formatMeasureValue(m, row.latestValue),
    latestPeriod: row.latestPeriod === null ? null : describePeriod(row.latestPeriod, m.frequency),
    target: row.target === null ? null : formatMeasureValue(m, row.target),
    variation: row.variation ?? 'none',
    variationIcon: useIcon(variationSymbolId(row.variation), 32),
    variationGroup: variationGroupOf(row.variation),
    variationText: describeVariation(row.variation),
    assurance: row.assurance ?? 'none',
    assuranceIcon: useIcon(assuranceSymbolId(row.assurance), 32),
    assuranceGroup: assuranceGroupOf(row.assurance),
    assuranceText: describeAssurance(row),
    owner: m.ownerName,
  };
}

function presentRow(row: BoardReportMeasure, fragments: PageFragments | undefined) {
  const m = row.measure;
  const key = [m.name, m.dataSource, m.improvementDirection, m.unit, m.target, m.ownerName, row.latestValue, row.latestPeriod].join('\u0000');
  let hit = rows.get(row.statistics);
  if (!hit || hit.key !== key) {
    hit = { key, row: describeRow(row) };
    rows.set(row.statistics, hit);
  }
  return {
    ...hit.row,
    chart: fragments ? fragments.mark(chartOf(row).bytes) : chartOf(row).svg,
    lastUpdated: row.lastUpdated,
    timeliness: row.timeliness,
    timelinessText: describeValueTimeliness(row.timeliness, m.frequency, row.latestPeriod !== null),
  };
}

const CONFIDENCE_WORDS: Record<number, string> = {
  1: 'not confident',
  2: 'slightly confident',
  3: 'fairly confident',
  4: 'confident',
  5: 'very confident',
};

/** The icons and their words, as a key to the report. */
export function presentLegend() {
  const variations: (VariationIcon | null)[] = ['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neutral_high', 'neutral_low'];
  const assurances: AssuranceIcon[] = ['pass', 'fail', 'inconsistent'];
  return [
    ...variations.map((v) => ({ icon: useIcon(variationSymbolId(v), 32), text: describeVariation(v) })),
    ...assurances.map((a) => ({ icon: useIcon(assuranceSymbolId(a), 32), text: describeAssuranceIconWords(a) })),
  ];
}

/**
 * The board report as the page shows it: words, formatted numbers, icons and small charts. With
 * `fragments`, each chart is a marker for PageFragments.assemble to replace after rendering.
 */
export function presentBoardReportPage(report: BoardReportGoal[], now: Date, fragments?: PageFragments) {
  const lastCompleteWeek = addPeriods(periodStartOf(now, CHECK_IN_FREQUENCY), CHECK_IN_FREQUENCY, -1);
  return report.map((g) => {
    const c = g.latestCheckIn;
    const checkInTimeliness: Timeliness = timelinessOf(c?.period ?? null, lastCompleteWeek, CHECK_IN_FREQUENCY);
    return {
      id: g.goal.id,
      statement: g.goal.statement,
      href: `/goals/${g.goal.id}`,
      solutionFirst: isSolutionFirst(g.goal),
      owners: g.goal.owners.map((o) => ({ name: o.name, discipline: DISCIPLINE_LABELS[o.discipline as Discipline] ?? o.discipline })),
      concerns: g.measures.filter((r) => r.variation === 'concern_high' || r.variation === 'concern_low').length,
      failing: g.measures.filter((r) => r.assurance === 'fail').length,
      measures: g.measures.map((r) => presentRow(r, fragments)),
      checkIn: c
        ? {
            period: describePeriod(c.period, CHECK_IN_FREQUENCY),
            whatHappened: c.whatHappened,
            whatNext: c.whatNext,
            confidence: c.confidence,
            confidenceText: `${c.confidence} of 5: ${CONFIDENCE_WORDS[c.confidence] ?? ''}`,
            authorName: c.authorName,
          }
        : null,
      checkInTimeliness,
      checkInTimelinessText: describeCheckInTimeliness(checkInTimeliness, c !== null),
    };
  });
}

/** The icons once per page, for the rows' <use> references. */
export const ICON_SPRITE = renderIconSprite();

/**
 * The summary matrix as the page shows it: a row per kind of variation, a column per kind of
 * assurance, each count linking to the report filtered to those measures.
 */
export function presentSummary(summary: BoardReportSummary, hrefOf: (filter: { variation?: VariationGroup; assurance?: AssuranceGroup }) => string) {
  const plural = (n: number) => `${n} ${n === 1 ? 'measure' : 'measures'}`;
  return {
    measures: summary.measures,
    measuresText: plural(summary.measures),
    columns: ASSURANCE_GROUPS.map((a) => ({
      key: a,
      text: ASSURANCE_GROUP_WORDS[a],
      short: ASSURANCE_GROUP_SHORT_WORDS[a],
      icon: useIcon(assuranceSymbolId(a === 'none' ? null : a), 28),
      count: summary.assurance[a],
      href: hrefOf({ assurance: a }),
    })),
    rows: VARIATION_GROUPS.filter((v) => v !== 'too_few_values' || summary.variation[v] > 0).map((v) => ({
      key: v,
      text: VARIATION_GROUP_WORDS[v],
      short: VARIATION_GROUP_SHORT_WORDS[v],
      icon: useIcon(variationSymbolId(GROUP_ICON[v]), 28),
      count: summary.variation[v],
      href: hrefOf({ variation: v }),
      cells: ASSURANCE_GROUPS.map((a) => ({
        key: a,
        count: summary.cells[v][a],
        label: `${plural(summary.cells[v][a])}: ${VARIATION_GROUP_WORDS[v].toLowerCase()}, ${ASSURANCE_GROUP_WORDS[a].toLowerCase()}`,
        href: hrefOf({ variation: v, assurance: a }),
      })),
    })),
    concerns: summary.variation.concern,
    failing: summary.assurance.fail,
  };
}

const GROUP_ICON: Record<VariationGroup, VariationIcon | null> = {
  improvement: 'improvement_high',
  concern: 'concern_high',
  neither: 'neutral_high',
  common_cause: 'common_cause',
  too_few_values: null,
};

/** The words of a filter on the report: "concern, will miss the target". */
export function describeFilter(filter: { variation?: VariationGroup | undefined; assurance?: AssuranceGroup | undefined }): string {
  const parts: string[] = [];
  if (filter.variation) parts.push(VARIATION_GROUP_WORDS[filter.variation].toLowerCase());
  if (filter.assurance) parts.push(ASSURANCE_GROUP_WORDS[filter.assurance].toLowerCase());
  return parts.join(', ');
}
