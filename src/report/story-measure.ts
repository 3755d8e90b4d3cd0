/** A measure as the story and the board pack tell it: values in its unit, icons in words, a chart. */
import { renderSpcChart } from '../charts/spc-chart.ts';
import { buildSpcTable } from '../charts/spc-table.ts';
import { describeAssuranceIcon, describeVariationIcon } from '../charts/spc-icons.ts';
import { describePeriod } from '../domain/period.ts';
import type { StoryMeasure } from '../domain/story.ts';
import type { BoardReportMeasure } from '../services/board-report.ts';
import { formatMeasureValue } from '../services/measures.ts';

/** The variation icon in words. */
export const variationWords = (v: string | null): string => describeVariationIcon(v as Parameters<typeof describeVariationIcon>[0]);
/** The assurance icon in words. */
export const assuranceWords = (a: string | null): string => describeAssuranceIcon(a as Parameters<typeof describeAssuranceIcon>[0]);

/** Draw a measure's chart; `full` for the board pack, `small` for the story. */
export function chartOf(row: BoardReportMeasure, size: 'small' | 'full', id: string): string | null {
  if (!row.statistics.analysis.length) return null;
  const m = row.measure;
  return renderSpcChart(row.statistics.analysis, {
    size,
    id,
    title: `${m.name}: statistical process control chart`,
    description: row.statistics.reading.text,
    formatValue: (v) => formatMeasureValue(m, v),
    formatPeriod: (p) => describePeriod(p, m.frequency),
    periodWord: m.frequency === 'weekly' ? 'weeks' : 'months',
    annotations: m.annotations.map((a) => ({ period: a.period, label: a.label })),
  });
}

/** The latest points of a measure as a table of words. */
export function tableOf(row: BoardReportMeasure, points = 13): { head: string[]; rows: string[][] } {
  const m = row.measure;
  const t = buildSpcTable(row.statistics.analysis, { caption: m.name, formatValue: (v) => formatMeasureValue(m, v), formatPeriod: (p) => describePeriod(p, m.frequency) });
  return { head: t.head.map((h) => h.text), rows: t.rows.slice(-points).map((r) => t.head.map((h) => r[h.key])) };
}

/** Freeze a board-report row as the story tells it; the board pack draws the full chart and adds the table. */
export function presentStoryMeasure(row: BoardReportMeasure, index: number, size: 'small' | 'full' = 'small', prefix = 'story'): StoryMeasure {
  const m = row.measure;
  const fmt = (v: number | null) => (v === null ? null : formatMeasureValue(m, v));
  return {
    id: m.id,
    name: m.name,
    definition: m.definition,
    unit: m.unit,
    frequency: m.frequency,
    baseline: fmt(m.baseline),
    target: fmt(m.target),
    latest: fmt(row.latestValue),
    latestPeriod: row.latestPeriod ? describePeriod(row.latestPeriod, m.frequency) : null,
    variation: row.variation,
    assurance: row.assurance,
    reading: row.statistics.reading.text,
    chart: chartOf(row, size, `${prefix}-m${index}`),
    owner: m.ownerName,
    ...(size === 'full' ? { table: tableOf(row) } : {}),
  };
}
