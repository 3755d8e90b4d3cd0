/**
 * The words every page uses for the same state: how up to date a measure's values or a goal's
 * check-ins are, and what the variation and assurance icons say. One wording per state, so the
 * board report, the due list, goals and measures never disagree.
 */
import type { Timeliness } from '../domain/check-in.ts';
import type { Frequency } from '../domain/period.ts';
import type { AssuranceIcon, VariationIcon } from '../spc/index.ts';
import type { AssuranceGroup, VariationGroup } from '../services/board-report.ts';

/** Whether a measure's values are in, naming its periods: "Overdue: no value for the last two weeks". */
export function describeValueTimeliness(t: Timeliness | 'published_series', frequency: Frequency, hasValues = true): string {
  if (!hasValues) return 'No values yet';
  if (t === 'published_series') return 'Published figures: no new values are expected';
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

/** Whether a goal's weekly check-ins are written. */
export function describeCheckInTimeliness(t: Timeliness, hasCheckIns = true): string {
  if (!hasCheckIns) return 'None written yet';
  switch (t) {
    case 'up_to_date':
      return 'Up to date';
    case 'due':
      return 'Due: last week’s check-in is not in yet';
    case 'overdue':
      return 'Overdue: no check-in for the last two weeks';
    default:
      return 'Stale: no check-in for more than two weeks';
  }
}

// Short words shown beside each icon, so the icon is never the only signal.
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
export function describeAssurance(
  assurance: AssuranceIcon | null,
  measure: { target: number | null; improvementDirection: string },
): string {
  if (assurance !== null) return ASSURANCE_WORDS[assurance];
  if (measure.target === null) return 'No target set';
  if (measure.improvementDirection === 'neutral') return 'Not assessed: neither direction is better';
  return 'Not assessed yet: too few values';
}

/** The assurance icon's words for the key, where there is no measure to explain a missing icon. */
export function describeAssuranceIconWords(icon: AssuranceIcon): string {
  return ASSURANCE_WORDS[icon];
}

/** The rows of the summary matrix, in words. */
export const VARIATION_GROUP_WORDS: Record<VariationGroup, string> = {
  improvement: 'Improvement',
  concern: 'Concern',
  neither: 'Neither better nor worse',
  common_cause: 'Common cause: no significant change',
  too_few_values: 'Too few values to tell',
};

/** The columns of the summary matrix, in words. */
export const ASSURANCE_GROUP_WORDS: Record<AssuranceGroup, string> = {
  pass: 'Will meet the target',
  fail: 'Will miss the target',
  inconsistent: 'Hit and miss',
  none: 'No target or not assessed',
};

/** The summary matrix's rows in a word or two, for narrow screens. */
export const VARIATION_GROUP_SHORT_WORDS: Record<VariationGroup, string> = {
  improvement: 'Improvement',
  concern: 'Concern',
  neither: 'Neither',
  common_cause: 'Common cause',
  too_few_values: 'Too few values',
};

/** The summary matrix's columns in a word or two, for narrow screens. */
export const ASSURANCE_GROUP_SHORT_WORDS: Record<AssuranceGroup, string> = {
  pass: 'Meet',
  fail: 'Miss',
  inconsistent: 'Hit and miss',
  none: 'No target',
};
