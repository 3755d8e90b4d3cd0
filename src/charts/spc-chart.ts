import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { SpcAnalysis, SpcPoint, SpcSignal } from '../spc/index.ts';
import { describeSeries, listSpcPoints } from '../spc/index.ts';
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
  /** A small chart draws only its latest points, at most this many (default all). */
  readonly window?: number;
  /**
   * A small chart's colours and dashes: `attributes` (default) in the SVG, so it stands alone;
   * `stylesheet` as classes only, for a page whose stylesheet draws them (app.css) and that
   * holds the marker definitions once (renderMarkerDefs), as the board report does.
   */
  readonly presentation?: 'attributes' | 'stylesheet';
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
  full: { width: 720, height: 340, top: 40, right: 124, bottom: 44, left: 64, marker: 4.5 },
  small: { width: 320, height: 96, top: 8, right: 8, bottom: 8, left: 8, marker: 3.2 },
};

// Text is laid out before the browser measures it, so widths are estimated generously: 0.62 em
// a character covers Arial and its usual stand-ins (Liberation Sans, DejaVu Sans) for these labels.
const EM_PER_CHARACTER = 0.62;
const LEGEND_FONT = 11;
const LEGEND_ROW = 16;
const BAND_FONT = 10;
const BAND_ROW = 13;
const LINE_LABEL_FONT = 11;
const LINE_LABEL_GAP = 15;

function estimateWidth(text: string, fontSize: number): number {
  return text.length * fontSize * EM_PER_CHARACTER;
}

/**
 * Renders one SPC chart as an SVG string: values, mean, process limits, target, rebase
 * separators and annotations, with points marked by colour and shape (one path per kind of
 * point). The SVG has role="img", a <title> and a <desc>; pair it with `buildSpcTable` for an
 * HTML table of the same data. No two labels overlap. All text is escaped and the output
 * depends only on the arguments.
 */
export function renderSpcChart(analysis: SpcAnalysis, options: SpcChartOptions): string {
  const size = options.size ?? 'full';
  return size === 'full' ? renderFullChart(analysis, options) : renderSmallChart(analysis, options);
}

function renderFullChart(analysis: SpcAnalysis, options: SpcChartOptions): string {
  const base = FRAMES.full;
  const formatValue = options.formatValue ?? formatNumber;
  const formatPeriod = options.formatPeriod ?? ((p: string) => p);
  const points = listSpcPoints(analysis);
  const id = options.id ?? `spc-${hashChart(options.title, analysis)}`;
  const description =
    options.description ?? describeChart(analysis, formatValue, options.periodWord ?? 'points');

  // The x scale does not depend on the top margin, so the labels above the plot are laid out
  // first and the plot starts below them.
  // The right margin fits the longest label of the mean, limits and target.
  const last = analysis.segments[analysis.segments.length - 1];
  const lineTexts = [
    last?.mean != null ? `Mean ${formatValue(last.mean)}` : '',
    last?.upperProcessLimit != null ? `Upper limit ${formatValue(last.upperProcessLimit)}` : '',
    last?.lowerProcessLimit != null ? `Lower limit ${formatValue(last.lowerProcessLimit)}` : '',
    analysis.options.target !== null ? `Target ${formatValue(analysis.options.target)}` : '',
  ];
  const right = Math.max(base.right, Math.ceil(Math.max(...lineTexts.map((t) => estimateWidth(t, LINE_LABEL_FONT)))) + 12);
  const x = scaleLinear()
    .domain(points.length > 1 ? [0, points.length - 1] : [-0.5, 0.5])
    .range([base.left, base.width - right]);
  const px = (i: number) => round(x(i));
  const legend = layoutLegend(base);
  const band = layoutBand(analysis, options.annotations ?? [], points, px, base, legend.height);
  const top = legend.height + band.height + 10;
  const frame: Frame = { ...base, top, right, height: base.height + Math.max(0, top - base.top) };

  const yValues: number[] = [];
  for (const p of points) {
    for (const v of [p.value, p.mean, p.lowerProcessLimit, p.upperProcessLimit])
      if (v !== null) yValues.push(v);
  }
  const target = analysis.options.target;
  if (target !== null) yValues.push(target);
  const [low, high] = padDomain(yValues);
  const y = scaleLinear()
    .domain([low, high])
    .range([frame.height - frame.bottom, frame.top])
    .nice();
  const [yLow, yHigh] = y.domain() as [number, number];
  const py = (v: number) => round(y(v));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-labelledby="${id}-title ${id}-desc" class="app-spc-chart app-spc-chart--full" font-family="Arial, sans-serif">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    `<defs>${renderMarkerDefs(base.marker, (kind) => `${id}-${kind}`)}</defs>`,
  );
  parts.push(drawAxes(y, yLow, yHigh, points, px, frame, formatValue, formatPeriod));
  parts.push(drawLimits(analysis, 0, points.length, px, py, frame, true));
  parts.push(drawGuides(analysis, options.annotations ?? [], points, px, frame));
  parts.push(drawValues(points, px, py, true));
  parts.push(drawMarkerGroups(points, px, py, (kind) => `${id}-${kind}`, () => true));
  parts.push(band.svg);
  parts.push(drawLineLabels(analysis, py, frame, formatValue));
  parts.push(legend.svg);
  parts.push('</svg>');
  return parts.join('');
}

// A small chart is drawn on a grid of whole pixels along x, so its path is short relative steps.
const SMALL_STEP_LIMIT = 12;

function renderSmallChart(analysis: SpcAnalysis, options: SpcChartOptions): string {
  const formatValue = options.formatValue ?? formatNumber;
  const formatPeriod = options.formatPeriod ?? ((p: string) => p);
  const all = listSpcPoints(analysis);
  const from = options.window === undefined ? 0 : Math.max(0, all.length - options.window);
  const points = all.slice(from);
  const description =
    options.description ??
    describeSmallChart(analysis, points, formatValue, formatPeriod, options.periodWord ?? 'points');
  // Whole-pixel steps between points, as wide as the frame allows.
  const base = FRAMES.small;
  const span = Math.max(1, points.length - 1);
  const step = Math.max(1, Math.min(SMALL_STEP_LIMIT, Math.floor((base.width - base.left - base.right) / span)));
  const frame: Frame = { ...base, width: base.left + base.right + step * span };

  const yValues: number[] = [];
  for (const p of points) {
    for (const v of [p.value, p.mean, p.lowerProcessLimit, p.upperProcessLimit])
      if (v !== null) yValues.push(v);
  }
  const target = analysis.options.target;
  if (target !== null) yValues.push(target);
  const [low, high] = padDomain(yValues);
  const y = scaleLinear()
    .domain([low, high])
    .range([frame.height - frame.bottom, frame.top]);
  const px = (i: number) => (points.length > 1 ? frame.left + (i - from) * step : frame.width / 2);
  // Whole pixels: at this size a tenth of a pixel cannot be seen, and a board report holds dozens.
  const py = (v: number) => Math.round(y(v));
  const last = points.findLast((p) => p.value !== null);
  const styled = options.presentation === 'stylesheet';

  return [
    // The name and the reading in one label: a board report holds dozens of these.
    `<svg viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeXml(`${options.title}: ${description}`)}" class="app-spc-chart app-spc-chart--small">`,
    drawLimits(analysis, from, all.length, px, py, frame, false, styled),
    drawRelativeValues(points, px, py, styled),
    // Special cause points and the latest point carry their colour and shape; the usual ups and
    // downs are the line alone, so the row stays light.
    drawMarkerGroups(points, px, py, smallMarkerId, (p) => p.signal !== 'common_cause' || p === last, styled),
    '</svg>',
  ].join('');
}

/** The values as one path of relative steps, with a gap at each missing value. */
function drawRelativeValues(points: readonly SpcPoint[], px: (i: number) => number, py: (v: number) => number, styled = false): string {
  let d = '';
  let prev: { x: number; y: number } | null = null;
  let run = false;
  for (const p of points) {
    if (p.value === null) {
      prev = null;
      continue;
    }
    const x = px(p.index);
    const yv = py(p.value);
    if (prev === null) {
      d += `M${x} ${yv}`;
      run = false;
    } else {
      // One "l" for the whole run of steps: each further pair is another relative line.
      d += (run ? ' ' : 'l') + relativePair(x - prev.x, yv - prev.y);
      run = true;
    }
    prev = { x, y: yv };
  }
  if (d === '') return '';
  if (styled) return `<path class="app-spc-chart__values" d="${d}"/>`;
  return `<path class="app-spc-chart__values" d="${d}" fill="none" stroke="${SPC_LINE_STYLES.values.stroke}" stroke-width="1.25" stroke-linejoin="round"/>`;
}

/** The small chart's text alternative: what it shows, its latest value and its limits. */
function describeSmallChart(
  analysis: SpcAnalysis,
  points: readonly SpcPoint[],
  formatValue: (v: number) => string,
  formatPeriod: (p: string) => string,
  periodWord: string,
): string {
  const shown = points.filter((p) => p.value !== null);
  const last = shown.at(-1);
  if (last === undefined) return 'No values yet.';
  const first = shown[0] as SpcPoint;
  const when = (p: SpcPoint) => (p.period === null ? `point ${p.index + 1}` : formatPeriod(p.period));
  let text = `The latest ${shown.length} ${shown.length === 1 ? periodWord.replace(/s$/, '') : periodWord}, ${when(first)} to ${when(last)}. Latest ${formatValue(last.value as number)}`;
  if (last.mean !== null) text += `; mean ${formatValue(last.mean)}`;
  if (last.lowerProcessLimit !== null && last.upperProcessLimit !== null)
    text += `; process limits ${formatValue(last.lowerProcessLimit)} to ${formatValue(last.upperProcessLimit)}`;
  if (analysis.options.target !== null) text += `; target ${formatValue(analysis.options.target)}`;
  const special = shown.filter((p) => p.signal !== null && p.signal !== 'common_cause').length;
  text += `. ${special === 0 ? 'No points' : special === 1 ? 'One point' : `${special} points`} of special cause variation shown.`;
  return text;
}

/** The mean and process limits of each segment that falls within [from, to), and the target. */
function drawLimits(
  analysis: SpcAnalysis,
  from: number,
  to: number,
  px: (i: number) => number,
  py: (v: number) => number,
  frame: Frame,
  full: boolean,
  styled = false,
): string {
  const mean: string[] = [];
  const limits: string[] = [];
  for (const segment of analysis.segments) {
    if (segment.mean === null) continue;
    const start = Math.max(segment.start, from);
    const end = Math.min(segment.end, to);
    if (start >= end) continue;
    const x1 = start === end - 1 ? px(start) - 4 : px(start);
    const x2 = start === end - 1 ? px(start) + 4 : px(end - 1);
    mean.push(`M${x1} ${py(segment.mean)}H${x2}`);
    if (segment.upperProcessLimit !== null && segment.lowerProcessLimit !== null) {
      limits.push(`M${x1} ${py(segment.upperProcessLimit)}H${x2}`, `M${x1} ${py(segment.lowerProcessLimit)}H${x2}`);
    }
  }
  const target = analysis.options.target;
  if (styled) {
    // Colours, widths and dashes come from the page's stylesheet.
    const plain = (name: string, d: string) => `<path class="app-spc-chart__${name}" d="${d}"/>`;
    return (
      (mean.length ? plain('mean', mean.join('')) : '') +
      (limits.length ? plain('limits', limits.join('')) : '') +
      (target !== null ? plain('target', `M${frame.left} ${py(target)}H${frame.width - frame.right}`) : '')
    );
  }
  const parts = ['<g class="app-spc-chart__lines" fill="none">'];
  if (mean.length) parts.push(drawPath('mean', mean.join(''), SPC_LINE_STYLES.mean, full ? 1.5 : 1));
  if (limits.length) parts.push(drawPath('limits', limits.join(''), SPC_LINE_STYLES.limit, full ? 1.25 : 1));
  if (target !== null) {
    parts.push(drawPath('target', `M${frame.left} ${py(target)}H${frame.width - frame.right}`, SPC_LINE_STYLES.target, full ? 1.5 : 1));
  }
  parts.push('</g>');
  return parts.join('');
}

/** Rebase separators and annotation lines, as one path each. */
function drawGuides(
  analysis: SpcAnalysis,
  annotations: readonly SpcAnnotation[],
  points: readonly SpcPoint[],
  px: (i: number) => number,
  frame: Frame,
): string {
  const bottom = frame.height - frame.bottom;
  const rebases = analysis.segments
    .slice(1)
    .map((s) => `M${round((px(s.start - 1) + px(s.start)) / 2)} ${frame.top}V${bottom}`)
    .join('');
  const notes = annotations
    .map((a) => indexOfAnnotation(a, points))
    .filter((i) => i >= 0)
    .map((i) => `M${px(i)} ${frame.top}V${bottom}`)
    .join('');
  const parts = ['<g class="app-spc-chart__guides" fill="none">'];
  if (rebases) parts.push(drawPath('rebase', rebases, SPC_LINE_STYLES.rebase, 1));
  if (notes) parts.push(drawPath('annotation', notes, SPC_LINE_STYLES.annotation, 1));
  parts.push('</g>');
  return parts.join('');
}

// d3's `defined` leaves a gap at a missing value.
function drawValues(points: readonly SpcPoint[], px: (i: number) => number, py: (v: number) => number, full: boolean): string {
  const path = line<SpcPoint>()
    .defined((p) => p.value !== null)
    .x((p) => px(p.index))
    .y((p) => py(p.value as number))
    .digits(1)(points);
  if (path === null) return '';
  return `<path class="app-spc-chart__values" d="${path}" fill="none" stroke="${SPC_LINE_STYLES.values.stroke}" stroke-width="${full ? 1.5 : 1.25}" stroke-linejoin="round"/>`;
}

type MarkerKind = 'common_cause' | 'improvement' | 'concern' | 'neutral_high' | 'neutral_low';
const MARKER_KINDS: readonly MarkerKind[] = ['common_cause', 'improvement', 'concern', 'neutral_high', 'neutral_low'];

function markerKindOf(p: SpcPoint): MarkerKind {
  if (p.signal === 'neutral') return p.side === 'low' ? 'neutral_low' : 'neutral_high';
  return p.signal as Exclude<SpcSignal, 'neutral'>;
}

function styleOf(kind: MarkerKind): PointStyle {
  return SPC_POINT_STYLES[kind === 'neutral_high' || kind === 'neutral_low' ? 'neutral' : kind];
}

/** The id of a small chart's marker in the page's sprite (see `renderMarkerDefs`). */
export function smallMarkerId(kind: MarkerKind): string {
  return `mk-${kind}`;
}

/**
 * SVG <marker> definitions of each kind of point, drawn at radius `r`: a chart draws each kind
 * as one path through its points that places the marker at every point.
 */
export function renderMarkerDefs(r = FRAMES.small.marker, idOf: (kind: MarkerKind) => string = smallMarkerId): string {
  const size = Math.ceil(r * 3);
  return MARKER_KINDS.map((kind) => {
    const style = styleOf(kind);
    const d = markerPath(0, 0, r, style, kind === 'neutral_low' ? 'low' : 'high');
    return `<marker id="${idOf(kind)}" viewBox="${-size} ${-size} ${2 * size} ${2 * size}" markerWidth="${2 * size}" markerHeight="${2 * size}" markerUnits="userSpaceOnUse" overflow="visible"><path d="${d}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1"/></marker>`;
  }).join('');
}

/** The markers: one path per kind of point, its marker at every point; colour and shape both say which kind. */
function drawMarkerGroups(
  points: readonly SpcPoint[],
  px: (i: number) => number,
  py: (v: number) => number,
  idOf: (kind: MarkerKind) => string,
  include: (p: SpcPoint) => boolean,
  styled = false,
): string {
  const byKind = new Map<MarkerKind, { d: string; x: number; y: number; count: number }>();
  for (const p of points) {
    if (p.value === null || p.signal === null || !include(p)) continue;
    const kind = markerKindOf(p);
    const x = px(p.index);
    const y = py(p.value);
    const group = byKind.get(kind);
    if (group) {
      // Unstroked and unfilled, so relative lines place the markers as moves would, more briefly.
      group.d += (group.count === 1 ? 'l' : ' ') + relativePair(x - group.x, y - group.y);
      group.x = x;
      group.y = y;
      group.count++;
    } else byKind.set(kind, { d: `M${x} ${y}`, x, y, count: 1 });
  }
  if (styled) {
    // The stylesheet places each kind's marker (app.css: .app-spc-chart__marks--<kind>).
    let out = '';
    for (const kind of MARKER_KINDS) {
      const group = byKind.get(kind);
      if (!group) continue;
      out += `<path class="app-spc-chart__marks--${kind}" data-count="${group.count}" d="${group.d}"/>`;
    }
    return out;
  }
  const parts = ['<g class="app-spc-chart__points" fill="none" stroke="none">'];
  for (const kind of MARKER_KINDS) {
    const group = byKind.get(kind);
    if (!group) continue;
    const url = `url(#${idOf(kind)})`;
    const signal = kind.startsWith('neutral') ? 'neutral' : kind.replace('_', '-');
    parts.push(
      `<path class="app-spc-chart__point-group app-spc-chart__point--${signal}" data-count="${group.count}" d="${group.d}" marker-start="${url}" marker-mid="${url}" marker-end="${url}"/>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** One marker as path data: a circle, square, diamond or a triangle pointing the way of the change. */
function markerPath(cx: number, cy: number, r: number, style: PointStyle, side: 'high' | 'low' | null): string {
  switch (style.shape) {
    case 'circle': {
      const c = round(r * 0.85);
      return `M${round(cx - c)} ${cy}a${c} ${c} 0 1 0 ${round(2 * c)} 0a${c} ${c} 0 1 0 ${round(-2 * c)} 0Z`;
    }
    case 'square': {
      const h = round(r * 0.95);
      return `M${round(cx - h)} ${round(cy - h)}h${round(2 * h)}v${round(2 * h)}h${round(-2 * h)}Z`;
    }
    case 'diamond': {
      const d = round(r * 1.35);
      return `M${cx} ${round(cy - d)}l${d} ${d}l${-d} ${d}l${-d} ${-d}Z`;
    }
    default: {
      const d = round(r * 1.3);
      const tip = side === 'low' ? round(cy + d) : round(cy - d);
      const base = side === 'low' ? round(cy - d * 0.7) : round(cy + d * 0.7);
      return `M${cx} ${tip}L${round(cx + d)} ${base}H${round(cx - d)}Z`;
    }
  }
}

function drawPath(
  name: string,
  d: string,
  style: { readonly stroke: string; readonly dash: string | null },
  width: number,
): string {
  const dash = style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`;
  return `<path class="app-spc-chart__${name}" d="${d}" stroke="${style.stroke}" stroke-width="${width}"${dash}/>`;
}

function indexOfAnnotation(a: SpcAnnotation, points: readonly SpcPoint[]): number {
  const index = a.index ?? points.findIndex((p) => p.period === a.period);
  return index < points.length ? index : -1;
}

/** The key to the markers, in as many rows as it needs. */
function layoutLegend(frame: Frame): { svg: string; height: number } {
  const parts = [`<g class="app-spc-chart__legend" font-size="${LEGEND_FONT}" fill="#212B32">`];
  let lx = frame.left;
  let row = 0;
  for (const signal of ['common_cause', 'improvement', 'concern', 'neutral'] as const) {
    const style = SPC_POINT_STYLES[signal];
    const text = style.label.replace('Special cause: ', '');
    const width = 14 + estimateWidth(text, LEGEND_FONT);
    if (lx > frame.left && lx + width > frame.width - 8) {
      row++;
      lx = frame.left;
    }
    const ly = 14 + row * LEGEND_ROW;
    parts.push(
      `<path class="app-spc-chart__legend-marker" d="${markerPath(lx + 5, ly - 4, 4.5, style, 'high')}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.25"/>`,
      `<text x="${lx + 14}" y="${ly}">${escapeXml(text)}</text>`,
    );
    lx = round(lx + width + 18);
  }
  parts.push('</g>');
  return { svg: parts.join(''), height: 14 + row * LEGEND_ROW + 6 };
}

/**
 * Annotation labels and "Limits recalculated" notes in a band above the plot: each goes in the
 * first row where it does not overlap a label already placed, so neighbours never overprint.
 */
function layoutBand(
  analysis: SpcAnalysis,
  annotations: readonly SpcAnnotation[],
  points: readonly SpcPoint[],
  px: (i: number) => number,
  frame: Frame,
  offset: number,
): { svg: string; height: number } {
  const labels: { x: number; text: string; title: string | null }[] = [];
  for (const s of analysis.segments.slice(1)) {
    labels.push({ x: round((px(s.start - 1) + px(s.start)) / 2), text: 'Limits recalculated', title: null });
  }
  for (const a of annotations) {
    const index = indexOfAnnotation(a, points);
    if (index < 0) continue;
    const point = points[index];
    labels.push({ x: px(index), text: a.label, title: point?.period != null ? `${point.period}: ${a.label}` : a.label });
  }
  if (labels.length === 0) return { svg: '', height: 0 };
  labels.sort((a, b) => a.x - b.x);
  const rows: number[] = []; // the right edge of the last label in each row
  const placed: string[] = [];
  const min = 2;
  const max = frame.width - 2;
  for (const l of labels) {
    const width = estimateWidth(l.text, BAND_FONT);
    // Centred on its line where it fits; otherwise kept inside the chart.
    const x1 = Math.min(Math.max(l.x - width / 2, min), max - width);
    let row = rows.findIndex((right) => x1 >= right + 6);
    if (row < 0) {
      row = rows.length;
      rows.push(0);
    }
    rows[row] = x1 + width;
    const ty = offset + 12 + row * BAND_ROW;
    const title = l.title === null ? '' : `<title>${escapeXml(l.title)}</title>`;
    placed.push(`<text x="${round(x1)}" y="${ty}">${escapeXml(l.text)}${title}</text>`);
  }
  return {
    svg: `<g class="app-spc-chart__annotations" font-size="${BAND_FONT}" fill="#212B32">${placed.join('')}</g>`,
    height: rows.length * BAND_ROW + 4,
  };
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
      labels.push({ y: py(last.upperProcessLimit), text: `Upper limit ${formatValue(last.upperProcessLimit)}` });
    if (last.lowerProcessLimit !== null)
      labels.push({ y: py(last.lowerProcessLimit), text: `Lower limit ${formatValue(last.lowerProcessLimit)}` });
  }
  const target = analysis.options.target;
  if (target !== null) labels.push({ y: py(target), text: `Target ${formatValue(target)}` });
  // Push labels apart (top to bottom) so close lines keep readable labels, then move the whole
  // column up if it ran past the foot of the chart.
  labels.sort((a, b) => a.y - b.y);
  for (let k = 1; k < labels.length; k++) {
    const prev = labels[k - 1] as { y: number };
    const cur = labels[k] as { y: number };
    if (cur.y - prev.y < LINE_LABEL_GAP) cur.y = prev.y + LINE_LABEL_GAP;
  }
  const overflow = (labels.at(-1)?.y ?? 0) - (frame.height - 8);
  if (overflow > 0) for (const l of labels) l.y -= overflow;
  const lx = frame.width - frame.right + 6;
  const texts = labels.map((l) => `<text x="${lx}" y="${round(l.y + 4)}">${escapeXml(l.text)}</text>`);
  return `<g class="app-spc-chart__line-labels" font-size="${LINE_LABEL_FONT}" fill="#212B32">${texts.join('')}</g>`;
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

/** A relative step as path data, as short as the grammar allows: a minus sign separates by itself. */
function relativePair(dx: number, dy: number): string {
  const x = round(dx);
  const y = round(dy);
  return `${x}${y < 0 ? '' : ' '}${y}`;
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
