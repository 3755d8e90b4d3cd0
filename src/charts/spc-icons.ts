import type { AssuranceIcon, VariationIcon } from '../spc/index.ts';
import { escapeXml } from './escape-xml.ts';
import { renderMarkerDefs } from './spc-chart.ts';
import { SPC_POINT_STYLES } from './spc-palette.ts';

/** Options for an icon: its size in pixels and an id prefix unique on the page. */
export interface SpcIconOptions {
  readonly size?: number;
  readonly id?: string;
}

const GREY = SPC_POINT_STYLES.common_cause.stroke;

/** The variation icon in words, for its <title> and for tables. */
export function describeVariationIcon(icon: VariationIcon | null): string {
  switch (icon) {
    case null:
      return 'No variation icon: too few points';
    case 'common_cause':
      return 'Common cause variation: no significant change';
    case 'improvement_high':
      return 'Special cause variation: improvement, higher values';
    case 'improvement_low':
      return 'Special cause variation: improvement, lower values';
    case 'concern_high':
      return 'Special cause variation: concern, higher values';
    case 'concern_low':
      return 'Special cause variation: concern, lower values';
    case 'neutral_high':
      return 'Special cause variation: higher values, neither better nor worse';
    default:
      return 'Special cause variation: lower values, neither better nor worse';
  }
}

/** The assurance icon in words, for its <title> and for tables. */
export function describeAssuranceIcon(icon: AssuranceIcon | null): string {
  switch (icon) {
    case null:
      return 'No assurance icon: no target, no better direction, or too few points';
    case 'pass':
      return 'Assurance: the target will be met consistently';
    case 'fail':
      return 'Assurance: the target will be missed consistently';
    default:
      return 'Assurance: the target will be met some of the time and missed some of the time';
  }
}

/**
 * Our own drawing of MDC's variation icon: a ring in the signal's colour, a letter (H higher,
 * L lower) and an arrow for special cause, a level trace for common cause. Has a <title>.
 */
export function renderVariationIcon(
  icon: VariationIcon | null,
  options: SpcIconOptions = {},
): string {
  const title = describeVariationIcon(icon);
  if (icon === null)
    return frameIcon(
      title,
      options,
      GREY,
      '<text x="24" y="30" text-anchor="middle" font-size="16" fill="#4C6272">–</text>',
      true,
    );
  if (icon === 'common_cause') {
    const trace =
      '<polyline points="11,26 16,21 21,28 26,20 31,27 37,23" fill="none" stroke="#425563" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>';
    return frameIcon(title, options, GREY, trace, false);
  }
  const [kind, side] = icon.split('_') as ['improvement' | 'concern' | 'neutral', 'high' | 'low'];
  const colour = SPC_POINT_STYLES[kind].stroke;
  const high = side === 'high';
  const letter = `<text x="20" y="30" text-anchor="middle" font-size="17" font-weight="bold" fill="${colour}">${high ? 'H' : 'L'}</text>`;
  // An arrow beside the letter: up for higher values, down for lower.
  const arrow = high
    ? `<path d="M33 14L38 21H35V31H31V21H28Z" fill="${colour}"/>`
    : `<path d="M33 34L38 27H35V17H31V27H28Z" fill="${colour}"/>`;
  return frameIcon(title, options, colour, letter + arrow, false);
}

/**
 * Our own drawing of MDC's assurance icon: a ring with P (the target will be met), F (missed)
 * or a trace crossing a dashed target line (sometimes met, sometimes missed). Has a <title>.
 */
export function renderAssuranceIcon(
  icon: AssuranceIcon | null,
  options: SpcIconOptions = {},
): string {
  const title = describeAssuranceIcon(icon);
  if (icon === null)
    return frameIcon(
      title,
      options,
      GREY,
      '<text x="24" y="30" text-anchor="middle" font-size="16" fill="#4C6272">–</text>',
      true,
    );
  if (icon === 'inconsistent') {
    const body =
      '<line x1="10" y1="24" x2="38" y2="24" stroke="#D5281B" stroke-width="2" stroke-dasharray="3 2"/>' +
      '<polyline points="11,30 17,17 23,31 29,16 36,29" fill="none" stroke="#425563" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>';
    return frameIcon(title, options, GREY, body, false);
  }
  const colour =
    icon === 'pass' ? SPC_POINT_STYLES.improvement.stroke : SPC_POINT_STYLES.concern.stroke;
  const letter = `<text x="24" y="31" text-anchor="middle" font-size="20" font-weight="bold" fill="${colour}">${icon === 'pass' ? 'P' : 'F'}</text>`;
  return frameIcon(title, options, colour, letter, false);
}

function frameIcon(
  title: string,
  options: SpcIconOptions,
  ring: string,
  body: string,
  dashed: boolean,
): string {
  const size = options.size ?? 48;
  const id =
    options.id ??
    `spc-icon-${title
      .replace(/[^a-z]+/gi, '-')
      .toLowerCase()
      .slice(0, 40)}`;
  const dash = dashed ? ' stroke-dasharray="4 3"' : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="${size}" height="${size}" role="img" aria-labelledby="${escapeXml(id)}-title" class="app-spc-icon" font-family="Arial, sans-serif">` +
    `<title id="${escapeXml(id)}-title">${escapeXml(title)}</title>` +
    `<circle cx="24" cy="24" r="21" fill="#FFFFFF" stroke="${ring}" stroke-width="3"${dash}/>` +
    body +
    '</svg>'
  );
}

const VARIATION_KEYS: readonly (VariationIcon | null)[] = ['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neutral_high', 'neutral_low', null];
const ASSURANCE_KEYS: readonly (AssuranceIcon | null)[] = ['pass', 'fail', 'inconsistent', null];

function symbolOf(id: string, svg: string): string {
  // The drawing without its <svg> element and <title>: the words beside each use say what it means.
  const body = svg.slice(svg.indexOf('</title>') + '</title>'.length, -'</svg>'.length);
  return `<symbol id="${id}" viewBox="0 0 48 48">${body}</symbol>`;
}

/** The id of a variation icon's symbol in the sprite. */
export function variationSymbolId(icon: VariationIcon | null): string {
  return `iv-${icon ?? 'none'}`;
}

/** The id of an assurance icon's symbol in the sprite. */
export function assuranceSymbolId(icon: AssuranceIcon | null): string {
  return `ia-${icon ?? 'none'}`;
}

/**
 * Every variation and assurance icon once, as symbols of a hidden SVG, so a page of many rows
 * draws each icon with a short <use> (see `useIcon`) instead of repeating its drawing; and the
 * markers of small charts, which those charts refer to.
 */
export function renderIconSprite(): string {
  const symbols = [
    ...VARIATION_KEYS.map((v) => symbolOf(variationSymbolId(v), renderVariationIcon(v))),
    ...ASSURANCE_KEYS.map((a) => symbolOf(assuranceSymbolId(a), renderAssuranceIcon(a))),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-icon-sprite" aria-hidden="true" focusable="false" width="0" height="0" font-family="Arial, sans-serif"><defs>${renderMarkerDefs()}</defs>${symbols.join('')}</svg>`;
}

/** An icon from the sprite, decorative: the words beside it say what it means. */
export function useIcon(symbolId: string, size: number): string {
  return `<svg width="${size}" height="${size}" aria-hidden="true"><use href="#${symbolId}"/></svg>`;
}
