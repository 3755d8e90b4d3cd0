/** A server-side SVG chart of digital demand against capacity per quarter: the capacity line. */
import { scaleBand, scaleLinear } from 'd3-scale';
import { escapeXml } from './escape-xml.ts';

/** One quarter's person-weeks, summed over skills. */
export interface CapacityChartQuarter {
  quarter: string;
  capacity: number;
  committed: number;
  demand: number;
}

export interface CapacityChartOptions {
  title: string;
  /** The quarter to mark as the one shown below the chart. */
  selected?: string;
  width?: number;
  height?: number;
}

const BLUE = '#005eb8';
const GREY = '#aeb7bd';
const INK = '#212b32';

/**
 * Grouped bars per quarter: all ranked demand (grey), the demand placed now (blue), and the
 * capacity as a thick black line across each quarter. Colour is never the only signal: the legend
 * and the table beside the chart carry the same numbers, and the shapes differ.
 */
export function renderCapacityChart(quarters: readonly CapacityChartQuarter[], options: CapacityChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 320;
  const margin = { top: 40, right: 16, bottom: 44, left: 56 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const max = Math.max(1, ...quarters.flatMap((q) => [q.capacity, q.committed, q.demand]));
  const y = scaleLinear().domain([0, max]).nice(5).range([innerH, 0]);
  const x = scaleBand<string>().domain(quarters.map((q) => q.quarter)).range([0, innerW]).paddingInner(0.25).paddingOuter(0.1);
  const bar = x.bandwidth() / 2;
  const id = `capacity-chart-${Math.abs(hash(options.title))}`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-capacity-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(
      quarters.map((q) => `${q.quarter}: capacity ${fmt(q.capacity)}, demand ${fmt(q.demand)}, now ${fmt(q.committed)} person-weeks`).join('; '),
    )}</desc>`,
    `<g transform="translate(${margin.left},${margin.top})" font-family="Frutiger W01, Arial, sans-serif" font-size="12" fill="${INK}">`,
  );
  for (const t of y.ticks(5)) {
    parts.push(`<line x1="0" x2="${innerW}" y1="${y(t)}" y2="${y(t)}" stroke="#d8dde0"/>`, `<text x="-8" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  parts.push(`<text transform="rotate(-90)" x="${-innerH / 2}" y="-44" text-anchor="middle">Person-weeks</text>`);
  for (const q of quarters) {
    const x0 = x(q.quarter) ?? 0;
    const selected = q.quarter === options.selected;
    parts.push(
      `<rect x="${x0}" y="${y(q.demand)}" width="${bar}" height="${innerH - y(q.demand)}" fill="${GREY}"><title>${q.quarter} demand: ${fmt(q.demand)}</title></rect>`,
      `<rect x="${x0 + bar}" y="${y(q.committed)}" width="${bar}" height="${innerH - y(q.committed)}" fill="${BLUE}"><title>${q.quarter} now: ${fmt(q.committed)}</title></rect>`,
      `<line x1="${x0 - 3}" x2="${x0 + 2 * bar + 3}" y1="${y(q.capacity)}" y2="${y(q.capacity)}" stroke="${INK}" stroke-width="4"><title>${q.quarter} capacity: ${fmt(q.capacity)}</title></line>`,
      `<text x="${x0 + bar}" y="${innerH + 18}" text-anchor="middle"${selected ? ' font-weight="bold"' : ''}>${escapeXml(q.quarter)}</text>`,
    );
    if (selected) parts.push(`<text x="${x0 + bar}" y="${innerH + 34}" text-anchor="middle">(shown below)</text>`);
  }
  parts.push(`<line x1="0" x2="${innerW}" y1="${innerH}" y2="${innerH}" stroke="${INK}"/>`);
  // Legend, above the plot: shape and words, not colour alone.
  parts.push(
    `<g transform="translate(0,-28)">`,
    `<rect width="14" height="14" fill="${GREY}"/><text x="20" y="11">All ranked demand</text>`,
    `<rect x="160" width="14" height="14" fill="${BLUE}"/><text x="180" y="11">Demand placed now</text>`,
    `<line x1="320" x2="340" y1="7" y2="7" stroke="${INK}" stroke-width="4"/><text x="346" y="11">Capacity (with what stopping frees)</text>`,
    `</g>`,
  );
  parts.push('</g></svg>');
  return parts.join('');
}

const FIGURE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

function fmt(n: number): string {
  return FIGURE.format(n);
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
