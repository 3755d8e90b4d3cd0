import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { SpcAnalysis, SpcPoint } from '../spc/index.ts';
import { describePointSignal, describeSeries, listSpcPoints } from '../spc/index.ts';
import { escapeXml } from './escape-xml.ts';
import { SPC_LINE_STYLES, SPC_POINT_STYLES } from './spc-palette.ts';
import type { PointStyle } from './spc-palette.ts';

/** A dated note on the chart, e.g. "New triage model", at a period or a point index. */
export interface SpcAnnotation {
  readonly period?: string;
  readonly index?: number;
  readonly label: string;
}

/** How to draw one SPC chart. */
export interface SpcChartOptions {
  /** `full` for a page (axes, labels, legend); `small` for a board-report row. Default `full`. */
  readonly size?: 'small' | 'full';
  /** The chart's accessible name, e.g. "A&E 4-hour performance, RF4". */
  readonly title: string;
  /** The text alternative; default a plain-English reading of the series and its limits. */
  readonly description?: string;
  /** Prefix for element ids (unique on the page); default derived from the title and data. */
  readonly id?: string;
  /** Formats a value for labels, e.g. as a percentage. */
  readonly formatValue?: (value: number) => string;
  /** Formats a period for labels, e.g. "Mar 2017". */
  readonly formatPeriod?: (period: string) => string;
  /** Plural period word for the reading ("weeks", "months"). */
  readonly periodWord?: string;
  readonly annotations?: readonly SpcAnnotation[];
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
  readonly marker: number;
}

const FRAMES: Readonly<Record<'small' | 'full', Frame>> = {
  full: { width: 720, height: 340, top: 40, right: 120, bottom: 44, left: 64, marker: 4.5 },
  small: { width: 240, height: 64, top: 6, right: 6, bottom: 6, left: 6, marker: 2.4 },
};

/**
 * Renders one SPC chart as an SVG string: values, mean, process limits, target, rebase
 * separators and annotations, with points marked by colour and shape. The SVG has role="img",
 * a <title> and a <desc>; pair it with `buildSpcTable` for an HTML table of the same data.
 * All text is escaped and the output depends only on the arguments.
 */
export function renderSpcChart(analysis: SpcAnalysis, options: SpcChartOptions): string {
  const size = options.size ?? 'full';
  const frame = FRAMES[size];
  const full = size === 'full';
  const formatValue = options.formatValue ?? formatNumber;
  const formatPeriod = options.formatPeriod ?? ((p: string) => p);
  const points = listSpcPoints(analysis);
  const id = options.id ?? `spc-${hashChart(options.title, analysis)}`;
  const description =
    options.description ?? describeChart(analysis, formatValue, options.periodWord ?? 'points');

  const yValues: number[] = [];
  for (const p of points) {
    for (const v of [p.value, p.mean, p.lowerProcessLimit, p.upperProcessLimit])
      if (v !== null) yValues.push(v);
  }
  const target = analysis.options.target;
  if (target !== null) yValues.push(target);
  const [low, high] = padDomain(yValues);
  const x = scaleLinear()
    .domain(points.length > 1 ? [0, points.length - 1] : [-0.5, 0.5])
    .range([frame.left, frame.width - frame.right]);
  const y = scaleLinear()
    .domain([low, high])
    .range([frame.height - frame.bottom, frame.top])
    .nice();
  const [yLow, yHigh] = y.domain() as [number, number];
  const px = (i: number) => round(x(i));
  const py = (v: number) => round(y(v));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-labelledby="${id}-title ${id}-desc" class="app-spc-chart app-spc-chart--${size}" font-family="Arial, sans-serif">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
  );

  if (full) parts.push(drawAxes(y, yLow, yHigh, points, px, frame, formatValue, formatPeriod));

  // Mean and limits: one set of lines per segment.
  parts.push('<g class="app-spc-chart__lines">');
  for (const segment of analysis.segments) {
    if (segment.mean === null) continue;
    const x1 = segment.start === segment.end - 1 ? px(segment.start) - 4 : px(segment.start);
    const x2 = segment.start === segment.end - 1 ? px(segment.start) + 4 : px(segment.end - 1);
    parts.push(
      drawLine(
        'mean',
        x1,
        py(segment.mean),
        x2,
        py(segment.mean),
        SPC_LINE_STYLES.mean,
        full ? 1.5 : 1,
      ),
    );
    if (segment.upperProcessLimit !== null && segment.lowerProcessLimit !== null) {
      const upper = py(segment.upperProcessLimit);
      const lower = py(segment.lowerProcessLimit);
      parts.push(
        drawLine('upper-limit', x1, upper, x2, upper, SPC_LINE_STYLES.limit, full ? 1.25 : 0.75),
      );
      parts.push(
        drawLine('lower-limit', x1, lower, x2, lower, SPC_LINE_STYLES.limit, full ? 1.25 : 0.75),
      );
    }
  }
  if (target !== null) {
    const ty = py(target);
    parts.push(
      drawLine(
        'target',
        frame.left,
        ty,
        frame.width - frame.right,
        ty,
        SPC_LINE_STYLES.target,
        full ? 1.5 : 1,
      ),
    );
  }
  parts.push('</g>');

  // Rebase separators, between the last point of one segment and the first of the next.
  if (analysis.segments.length > 1) {
    parts.push('<g class="app-spc-chart__rebases">');
    for (const segment of analysis.segments.slice(1)) {
      const sx = round((px(segment.start - 1) + px(segment.start)) / 2);
      parts.push(
        drawLine(
          'rebase',
          sx,
          frame.top,
          sx,
          frame.height - frame.bottom,
          SPC_LINE_STYLES.rebase,
          1,
        ),
      );
      if (full) {
        parts.push(
          `<text x="${sx + 3}" y="${frame.top + 10}" font-size="10" fill="#4C6272">Limits recalculated</text>`,
        );
      }
    }
    parts.push('</g>');
  }

  // Values line; d3's `defined` leaves a gap at a missing value.
  const path = line<SpcPoint>()
    .defined((p) => p.value !== null)
    .x((p) => px(p.index))
    .y((p) => py(p.value as number))
    .digits(1)(points);
  if (path !== null) {
    parts.push(
      `<path class="app-spc-chart__values" d="${path}" fill="none" stroke="${SPC_LINE_STYLES.values.stroke}" stroke-width="${full ? 1.5 : 1}" stroke-linejoin="round"/>`,
    );
  }

  parts.push('<g class="app-spc-chart__points">');
  if (full) {
    for (const p of points) {
      if (p.value === null || p.signal === null) continue;
      const style = SPC_POINT_STYLES[p.signal];
      const label = `${p.period === null ? `Point ${p.index + 1}` : formatPeriod(p.period)}: ${formatValue(p.value)}. ${describePointSignal(p.signal, p.ruleMask)}`;
      const attributes = `class="app-spc-chart__point app-spc-chart__point--${p.signal.replace('_', '-')}" data-index="${p.index}"`;
      parts.push(drawMarker(px(p.index), py(p.value), frame.marker, style, p.side, attributes, label, full));
    }
  } else {
    // A board report shows dozens of small charts: markers of one signal share a group that
    // carries their class and colours, so each marker is only its shape (a quarter of the bytes).
    const bySignal = new Map<string, string[]>();
    for (const p of points) {
      if (p.value === null || p.signal === null) continue;
      const list = bySignal.get(p.signal) ?? [];
      list.push(drawMarker(px(p.index), py(p.value), frame.marker, SPC_POINT_STYLES[p.signal], p.side, '', null, full));
      bySignal.set(p.signal, list);
    }
    for (const [signal, markers] of bySignal) {
      const style = SPC_POINT_STYLES[signal as keyof typeof SPC_POINT_STYLES];
      parts.push(
        `<g class="app-spc-chart__point-group app-spc-chart__point--${signal.replace('_', '-')}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="0.75">${markers.join('')}</g>`,
      );
    }
  }
  parts.push('</g>');

  if (options.annotations !== undefined && options.annotations.length > 0) {
    parts.push(drawAnnotations(options.annotations, points, px, frame, full));
  }
  if (full) {
    parts.push(drawLineLabels(analysis, py, frame, formatValue));
    parts.push(drawLegend(frame));
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The default text alternative: the reading of the series, then its latest mean and limits. */
function describeChart(
  analysis: SpcAnalysis,
  formatValue: (v: number) => string,
  periodWord: string,
): string {
  const reading = describeSeries(analysis, { periodWord, formatValue });
  const last = analysis.segments[analysis.segments.length - 1];
  const count = analysis.length - countMissing(analysis);
  let summary = `SPC chart of ${count} ${count === 1 ? periodWord.replace(/s$/, '') : periodWord}.`;
  if (last !== undefined && last.mean !== null) {
    summary += ` Mean ${formatValue(last.mean)}`;
    if (last.lowerProcessLimit !== null && last.upperProcessLimit !== null) {
      summary += `, process limits ${formatValue(last.lowerProcessLimit)} to ${formatValue(last.upperProcessLimit)}`;
    }
    summary += '.';
  }
  if (analysis.segments.length > 1)
    summary += ` The limits were recalculated ${analysis.segments.length - 1} times.`;
  return `${summary} ${reading.text}`;
}

function countMissing(analysis: SpcAnalysis): number {
  let missing = 0;
  for (const v of analysis.values) if (v !== v) missing++;
  return missing;
}

function drawAxes(
  y: ReturnType<typeof scaleLinear<number, number>>,
  yLow: number,
  yHigh: number,
  points: readonly SpcPoint[],
  px: (i: number) => number,
  frame: Frame,
  formatValue: (v: number) => string,
  formatPeriod: (p: string) => string,
): string {
  const parts = ['<g class="app-spc-chart__axes" font-size="11" fill="#4C6272">'];
  for (const tick of y.ticks(5)) {
    if (tick < yLow || tick > yHigh) continue;
    const ty = round(y(tick));
    parts.push(
      `<line x1="${frame.left}" y1="${ty}" x2="${frame.width - frame.right}" y2="${ty}" stroke="#D8DDE0" stroke-width="1"/>`,
      `<text x="${frame.left - 6}" y="${ty + 4}" text-anchor="end">${escapeXml(formatValue(tick))}</text>`,
    );
  }
  // Period labels: first, last and evenly between, at most six.
  const labelled = pickLabelled(points.length, 6);
  const baseline = frame.height - frame.bottom;
  for (const i of labelled) {
    const p = points[i];
    if (p === undefined) continue;
    const text = p.period === null ? String(i + 1) : formatPeriod(p.period);
    parts.push(
      `<line x1="${px(i)}" y1="${baseline}" x2="${px(i)}" y2="${baseline + 4}" stroke="#4C6272"/>`,
      `<text x="${px(i)}" y="${baseline + 17}" text-anchor="middle">${escapeXml(text)}</text>`,
    );
  }
  parts.push(
    `<line x1="${frame.left}" y1="${baseline}" x2="${frame.width - frame.right}" y2="${baseline}" stroke="#4C6272" stroke-width="1"/>`,
    '</g>',
  );
  return parts.join('');
}

function pickLabelled(count: number, most: number): number[] {
  if (count <= most) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < most; k++) out.add(Math.round((k * (count - 1)) / (most - 1)));
  return [...out];
}

function drawLine(
  name: string,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  style: { readonly stroke: string; readonly dash: string | null },
  width: number,
): string {
  const dash = style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`;
  return `<line class="app-spc-chart__${name}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${style.stroke}" stroke-width="${width}"${dash}/>`;
}

function drawMarker(
  cx: number,
  cy: number,
  r: number,
  style: PointStyle,
  side: 'high' | 'low' | null,
  attributes: string,
  label: string | null,
  full: boolean,
): string {
  const common = full ? `${attributes} fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.25"` : attributes;
  const title = label === null ? '' : `<title>${escapeXml(label)}</title>`;
  switch (style.shape) {
    case 'circle':
      return `<circle ${common} cx="${cx}" cy="${cy}" r="${round(r * 0.85)}">${title}</circle>`;
    case 'square': {
      const h = round(r * 0.95);
      return `<rect ${common} x="${round(cx - h)}" y="${round(cy - h)}" width="${round(2 * h)}" height="${round(2 * h)}">${title}</rect>`;
    }
    case 'diamond': {
      const d = round(r * 1.35);
      return `<path ${common} d="M${cx} ${round(cy - d)}L${round(cx + d)} ${cy}L${cx} ${round(cy + d)}L${round(cx - d)} ${cy}Z">${title}</path>`;
    }
    default: {
      // Neutral: a triangle pointing the way of the change.
      const d = round(r * 1.3);
      const tip = side === 'low' ? round(cy + d) : round(cy - d);
      const base = side === 'low' ? round(cy - d * 0.7) : round(cy + d * 0.7);
      return `<path ${common} d="M${cx} ${tip}L${round(cx + d)} ${base}L${round(cx - d)} ${base}Z">${title}</path>`;
    }
  }
}

function drawAnnotations(
  annotations: readonly SpcAnnotation[],
  points: readonly SpcPoint[],
  px: (i: number) => number,
  frame: Frame,
  full: boolean,
): string {
  const parts = ['<g class="app-spc-chart__annotations" font-size="10" fill="#212B32">'];
  annotations.forEach((a, k) => {
    const index = a.index ?? points.findIndex((p) => p.period === a.period);
    if (index < 0 || index >= points.length) return;
    const ax = px(index);
    parts.push(
      drawLine(
        'annotation',
        ax,
        frame.top,
        ax,
        frame.height - frame.bottom,
        SPC_LINE_STYLES.annotation,
        1,
      ),
    );
    const point = points[index];
    const dated = point?.period != null ? `${point.period}: ${a.label}` : a.label;
    if (full) {
      // Stagger labels so neighbours do not overprint.
      const ty = frame.top - 6 - (k % 2) * 12;
      parts.push(
        `<text x="${ax}" y="${ty}" text-anchor="middle">${escapeXml(a.label)}<title>${escapeXml(dated)}</title></text>`,
      );
    } else {
      parts.push(`<title>${escapeXml(dated)}</title>`);
    }
  });
  parts.push('</g>');
  return parts.join('');
}

function drawLineLabels(
  analysis: SpcAnalysis,
  py: (v: number) => number,
  frame: Frame,
  formatValue: (v: number) => string,
): string {
  const last = analysis.segments[analysis.segments.length - 1];
  const labels: { y: number; text: string }[] = [];
  if (last !== undefined && last.mean !== null) {
    labels.push({ y: py(last.mean), text: `Mean ${formatValue(last.mean)}` });
    if (last.upperProcessLimit !== null)
      labels.push({
        y: py(last.upperProcessLimit),
        text: `Upper limit ${formatValue(last.upperProcessLimit)}`,
      });
    if (last.lowerProcessLimit !== null)
      labels.push({
        y: py(last.lowerProcessLimit),
        text: `Lower limit ${formatValue(last.lowerProcessLimit)}`,
      });
  }
  if (analysis.options.target !== null)
    labels.push({
      y: py(analysis.options.target),
      text: `Target ${formatValue(analysis.options.target)}`,
    });
  // Push labels apart (top to bottom) so they stay readable when lines are close.
  labels.sort((a, b) => a.y - b.y);
  for (let k = 1; k < labels.length; k++) {
    const prev = labels[k - 1] as { y: number };
    const cur = labels[k] as { y: number };
    if (cur.y - prev.y < 12) cur.y = prev.y + 12;
  }
  const lx = frame.width - frame.right + 6;
  const texts = labels.map(
    (l) => `<text x="${lx}" y="${round(l.y + 4)}">${escapeXml(l.text)}</text>`,
  );
  return `<g class="app-spc-chart__line-labels" font-size="11" fill="#212B32">${texts.join('')}</g>`;
}

function drawLegend(frame: Frame): string {
  const entries = (['common_cause', 'improvement', 'concern', 'neutral'] as const).map(
    (signal) => SPC_POINT_STYLES[signal],
  );
  const parts = ['<g class="app-spc-chart__legend" font-size="11" fill="#212B32">'];
  let lx = frame.left;
  const ly = 14;
  for (const style of entries) {
    parts.push(
      drawMarker(
        lx + 5,
        ly - 4,
        4.5,
        style,
        'high',
        'class="app-spc-chart__legend-marker"',
        null,
        true,
      ),
    );
    parts.push(
      `<text x="${lx + 14}" y="${ly}">${escapeXml(style.label.replace('Special cause: ', ''))}</text>`,
    );
    lx += 14 + style.label.replace('Special cause: ', '').length * 6 + 14;
  }
  parts.push('</g>');
  return parts.join('');
}

function padDomain(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const span = high - low;
  const pad = span > 0 ? span * 0.05 : Math.abs(high) * 0.05 || 1;
  return [low - pad, high + pad];
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** FNV-1a over the title and values: a stable id, different for different charts. */
function hashChart(title: string, analysis: SpcAnalysis): string {
  let h = 0x811c9dc5;
  const text = `${title}|${Array.from(analysis.values, (v) => (v === v ? v : 'x')).join(',')}`;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
