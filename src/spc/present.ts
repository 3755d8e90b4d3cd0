import type { SpcAnalysis, VariationIcon } from './analyse-series.ts';
import { listSpcPoints } from './analyse-series.ts';
import type { AssuranceIcon } from './assurance.ts';
import type {
  ImprovementDirection,
  ResolvedSpcOptions,
  SpcPresetName,
  SpcRule,
  SpcSignal,
} from './spc-options.ts';

/** One point as it leaves the server; a line not calculated is null. */
export interface SpcPointJson {
  period: string | null;
  value: number | null;
  mean: number | null;
  lowerProcessLimit: number | null;
  upperProcessLimit: number | null;
  /** Null only for a missing value. */
  signal: SpcSignal | null;
  rules: SpcRule[];
}

/** One segment (the series, or the part between rebases) as it leaves the server. */
export interface SpcSegmentJson {
  start: number;
  end: number;
  mean: number | null;
  movingRangeMean: number | null;
  lowerProcessLimit: number | null;
  upperProcessLimit: number | null;
  reason: string | null;
}

/** The JSON shape shared by the CLI, `POST /api/v1/spc` and the measures API. */
export interface SpcJson {
  preset: SpcPresetName;
  direction: ImprovementDirection;
  target: number | null;
  points: SpcPointJson[];
  variation: VariationIcon | null;
  assurance: AssuranceIcon | null;
  reason: string | null;
  warnings: string[];
  segments: SpcSegmentJson[];
  options: ResolvedSpcOptions;
}

/** Presents an analysis as JSON: exactly the fields that leave the server, with no NaN. */
export function presentSpc(analysis: SpcAnalysis): SpcJson {
  const { options } = analysis;
  return {
    preset: options.preset,
    direction: options.direction,
    target: options.target,
    points: listSpcPoints(analysis).map((p) => ({
      period: p.period,
      value: p.value,
      mean: p.mean,
      lowerProcessLimit: p.lowerProcessLimit,
      upperProcessLimit: p.upperProcessLimit,
      signal: p.signal,
      rules: p.rules,
    })),
    variation: analysis.variation,
    assurance: analysis.assurance,
    reason: analysis.reason,
    warnings: [...analysis.warnings],
    segments: analysis.segments.map((s) => ({
      start: s.start,
      end: s.end,
      mean: s.mean,
      movingRangeMean: s.movingRangeMean,
      lowerProcessLimit: s.lowerProcessLimit,
      upperProcessLimit: s.upperProcessLimit,
      reason: s.reason,
    })),
    options,
  };
}
