/** Presenters for the board report: the JSON that leaves the server, and the rows of the page. */
import { randomBytes } from 'node:crypto';
import { renderSpcChart } from '../../../charts/spc-chart.ts';
import { renderAssuranceIcon, renderVariationIcon } from '../../../charts/spc-icons.ts';
import { CHECK_IN_FREQUENCY, timelinessOf, type Timeliness } from '../../../domain/check-in.ts';
import { isSolutionFirst } from '../../../domain/goal.ts';
import { DIRECTION_LABELS } from '../../../domain/measure.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import { addPeriods, describePeriod, periodStartOf, type Frequency } from '../../../domain/period.ts';
import { DISCIPLINE_LABELS, type Discipline } from '../../../domain/person.ts';
import type { AssuranceIcon, VariationIcon } from '../../../spc/index.ts';
import type { BoardReportGoal, BoardReportMeasure, BoardReportSort } from '../../../services/board-report.ts';
import { formatMeasureValue, type MeasureStatistics } from '../../../services/measures.ts';

/** The board report as JSON. */
export function presentBoardReport(organisation: Organisation, report: BoardReportGoal[], generatedAt: Date, sort: BoardReportSort) {
  return {
    organisation: { code: organisation.code, name: organisation.name },
    generatedAt: generatedAt.toISOString(),
    sort,
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

// Short words shown beside each icon, so the icon is never the only signal (the icon's own
// <title> carries the longer Making Data Count wording).
const VARIATION_WORDS: Record<VariationIcon, string> = {
  common_cause: 'No significant change: common cause variation',
  improvement_high: 'Improvement: higher than expected',
  improvement_low: 'Improvement: lower than expected',
  concern_high: 'Concern: higher than expected',
  concern_low: 'Concern: lower than expected',
  neutral_high: 'Higher than expected: neither better nor worse',
  neutral_low: 'Lower than expected: neither better nor worse',
};

const ASSURANCE_WORDS: Record<AssuranceIcon, string> = {
  pass: 'Target will be met consistently',
  fail: 'Target will be missed consistently',
  inconsistent: 'Hit and miss: the target will be met some of the time',
};

/** The variation icon in a few visible words. */
export function describeVariation(icon: VariationIcon | null): string {
  return icon === null ? 'Too few values to tell' : VARIATION_WORDS[icon];
}

/** The assurance icon in a few visible words, saying why there is none. */
export function describeAssurance(row: Pick<BoardReportMeasure, 'assurance' | 'target' | 'measure'>): string {
  if (row.assurance !== null) return ASSURANCE_WORDS[row.assurance];
  if (row.target === null) return 'No target set';
  if (row.measure.improvementDirection === 'neutral') return 'Not assessed: neither direction is better';
  return 'Not assessed yet: too few values';
}

// Drawing 50 small charts is most of the work of the page. A chart depends only on the
// statistics (cached by the measure service per measure and last change) and on the measure's
// name and annotations, so it is kept beside the statistics object and dropped with it.
const charts = new WeakMap<MeasureStatistics, { key: string; svg: string; bytes: Buffer }>();

function chartOf(row: BoardReportMeasure): { svg: string; bytes: Buffer } {
  const m = row.measure;
  const key = `${m.name}\u0000${m.annotations.map((a) => `${a.period}:${a.label}`).join('\u0000')}`;
  const hit = charts.get(row.statistics);
  if (hit && hit.key === key) return hit;
  const svg = renderSpcChart(row.statistics.analysis, {
    size: 'small',
    id: `chart-${m.id}`,
    title: `${m.name}: statistical process control chart`,
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

/** Whether a measure's values are in, in words that name its periods. */
function describeTimeliness(t: Timeliness, frequency: Frequency): string {
  const unit = frequency === 'weekly' ? 'week' : 'month';
  switch (t) {
    case 'up_to_date':
      return 'Up to date';
    case 'due':
      return `Due: last ${unit}’s value is not in yet`;
    case 'overdue':
      return `Overdue: no value for the last two ${unit}s`;
    default:
      return `Stale: no value for more than two ${unit}s`;
  }
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
    synthetic: SYNTHETIC.test(m.dataSource),
    direction: DIRECTION_LABELS[m.improvementDirection],
    latest: row.latestValue === null ? null : formatMeasureValue(m, row.latestValue),
    latestPeriod: row.latestPeriod === null ? null : describePeriod(row.latestPeriod, m.frequency),
    target: row.target === null ? null : formatMeasureValue(m, row.target),
    variation: row.variation ?? 'none',
    variationIcon: renderVariationIcon(row.variation, { size: 36, id: `variation-${m.id}` }),
    variationText: describeVariation(row.variation),
    assurance: row.assurance ?? 'none',
    assuranceIcon: renderAssuranceIcon(row.assurance, { size: 36, id: `assurance-${m.id}` }),
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
    timelinessText: row.latestPeriod === null ? 'No values yet' : describeTimeliness(row.timeliness, m.frequency),
  };
}

const CONFIDENCE_WORDS: Record<number, string> = {
  1: 'not confident',
  2: 'slightly confident',
  3: 'fairly confident',
  4: 'confident',
  5: 'very confident',
};

const CHECK_IN_TIMELINESS_WORDS: Record<Timeliness, string> = {
  up_to_date: 'Up to date',
  due: 'Due: last week’s check-in is not in yet',
  overdue: 'Overdue: no check-in for the last two weeks',
  stale: 'Stale: no check-in for more than two weeks',
};

/** The icons and their words, as a key to the report. */
export function presentLegend() {
  const variations: (VariationIcon | null)[] = ['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neutral_high', 'neutral_low'];
  const assurances: AssuranceIcon[] = ['pass', 'fail', 'inconsistent'];
  return [
    ...variations.map((v) => ({ icon: renderVariationIcon(v, { size: 32, id: `legend-variation-${v}` }), text: describeVariation(v) })),
    ...assurances.map((a) => ({ icon: renderAssuranceIcon(a, { size: 32, id: `legend-assurance-${a}` }), text: ASSURANCE_WORDS[a] })),
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
      checkInTimelinessText: c ? CHECK_IN_TIMELINESS_WORDS[checkInTimeliness] : 'None written yet',
    };
  });
}
