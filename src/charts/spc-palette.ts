import type { SpcSignal } from '../spc/index.ts';

/** How one kind of point is drawn: a colour and a shape, so colour is never the only signal. */
export interface PointStyle {
  readonly fill: string;
  readonly stroke: string;
  readonly shape: 'circle' | 'diamond' | 'square' | 'triangle';
  readonly label: string;
}

/**
 * Making Data Count's colours (blue improvement, orange concern, purple neither, grey common
 * cause) in the NHS identity palette; MDC's own tool uses #00B0F0, #E46C0A, #490092 and #A6A6A6.
 * Fills are MDC's hues; the darker strokes keep each marker at 3:1 or more against white.
 */
export const SPC_POINT_STYLES: Readonly<Record<SpcSignal, PointStyle>> = {
  common_cause: { fill: '#768692', stroke: '#425563', shape: 'circle', label: 'Common cause' },
  improvement: {
    fill: '#41B6E6',
    stroke: '#005EB8',
    shape: 'diamond',
    label: 'Special cause: improvement',
  },
  concern: { fill: '#ED8B00', stroke: '#7A4200', shape: 'square', label: 'Special cause: concern' },
  neutral: {
    fill: '#330072',
    stroke: '#330072',
    shape: 'triangle',
    label: 'Special cause: neither better nor worse',
  },
};

/** Line colours and dash patterns: each line is told apart by its dashes in greyscale print. */
export const SPC_LINE_STYLES = {
  values: { stroke: '#425563', dash: null },
  mean: { stroke: '#212B32', dash: null },
  limit: { stroke: '#4C6272', dash: '6 4' },
  target: { stroke: '#D5281B', dash: '10 3 2 3' },
  rebase: { stroke: '#768692', dash: '2 3' },
  annotation: { stroke: '#768692', dash: '1 3' },
} as const;
