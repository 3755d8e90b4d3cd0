import type { SpcAnalysis } from '../spc/index.ts';
import { describePointSignal, listSpcPoints } from '../spc/index.ts';

/** One row of the data table that goes with a chart: every cell already in words. */
export interface SpcTableRow {
  readonly period: string;
  readonly value: string;
  readonly mean: string;
  readonly lowerProcessLimit: string;
  readonly upperProcessLimit: string;
  readonly signal: string;
}

/** A data table model for an HTML table beside (or instead of) the chart. */
export interface SpcTable {
  readonly caption: string;
  readonly head: readonly { readonly key: keyof SpcTableRow; readonly text: string }[];
  readonly rows: readonly SpcTableRow[];
}

/** Options for the table's words. */
export interface SpcTableOptions {
  readonly caption: string;
  readonly formatValue?: (value: number) => string;
  readonly formatPeriod?: (period: string) => string;
}

/** Builds the data table of an analysis: period, value, mean, limits and the signal in words. */
export function buildSpcTable(analysis: SpcAnalysis, options: SpcTableOptions): SpcTable {
  const formatValue = options.formatValue ?? ((v: number) => String(Number(v.toPrecision(4))));
  const formatPeriod = options.formatPeriod ?? ((p: string) => p);
  const show = (v: number | null) => (v === null ? 'Not calculated' : formatValue(v));
  return {
    caption: options.caption,
    head: [
      { key: 'period', text: 'Period' },
      { key: 'value', text: 'Value' },
      { key: 'mean', text: 'Mean' },
      { key: 'lowerProcessLimit', text: 'Lower process limit' },
      { key: 'upperProcessLimit', text: 'Upper process limit' },
      { key: 'signal', text: 'Variation' },
    ],
    rows: listSpcPoints(analysis).map((p) => ({
      period: p.period === null ? `Point ${p.index + 1}` : formatPeriod(p.period),
      value: p.value === null ? 'No value' : formatValue(p.value),
      mean: show(p.mean),
      lowerProcessLimit: show(p.lowerProcessLimit),
      upperProcessLimit: show(p.upperProcessLimit),
      signal: describePointSignal(p.signal, p.ruleMask),
    })),
  };
}
