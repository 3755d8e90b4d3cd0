/** Statistical process control (XmR, Making Data Count): pure functions, numbers in, signals out. */
export { analyseSeries, listSpcPoints } from './analyse-series.ts';
export type {
  SpcAnalysis,
  SpcPoint,
  SpcSegment,
  SpcSeries,
  VariationIcon,
} from './analyse-series.ts';
export { calculateAssurance } from './assurance.ts';
export type { AssuranceIcon } from './assurance.ts';
export {
  RULE_BITS,
  SIGNAL_CODE,
  buildSignalTable,
  classifyRuleMask,
  decodeRules,
  decodeSignal,
  selectWinningRule,
} from './classify-signal.ts';
export { compareWithTolerance } from './compare-with-tolerance.ts';
export { detectSignals } from './detect-signals.ts';
export { presentSpc } from './present.ts';
export type { SpcJson, SpcPointJson, SpcSegmentJson } from './present.ts';
export { calculateProcessLimits } from './process-limits.ts';
export type { ProcessLimits } from './process-limits.ts';
export { describePointSignal, describeSeries } from './reading.ts';
export type { ReadingOptions, SpcReading } from './reading.ts';
export {
  findShortSegments,
  keepClosePoints,
  locateRebaseIndices,
  markRunEnds,
  markTrendEnds,
  markTwoOfThreeWindows,
  numberSegments,
  spreadRunEnds,
} from './special-cause-rules.ts';
export { SpcInputError } from './spc-input-error.ts';
export {
  SPC_OPTION_NAMES,
  SPC_PRESETS,
  SPC_RULES,
  isResolvedSpcOptions,
  resolveSpcOptions,
} from './spc-options.ts';
export type {
  AssuranceBoundary,
  BaselineWithRebase,
  ConflictRule,
  ImprovementDirection,
  MovingRangeScreening,
  NeutralIconSide,
  ResolvedSpcOptions,
  RulesAcrossRebases,
  SpcOptions,
  SpcPresetName,
  SpcRule,
  SpcSignal,
  TwoOfThreeVariant,
} from './spc-options.ts';
