/** Presenters: exactly which fields of a measure leave the server, and how a measure reads on a page. */
import {
  DIRECTION_LABELS,
  UNIT_LABELS,
  type Measure,
  type MeasureValue,
  type Preset,
} from '../../../domain/measure.ts';
import { parseIsoDate, type Frequency } from '../../../domain/period.ts';
import type { AuditEvent } from '../../../domain/audit.ts';
import type { MeasureStatistics } from '../../../services/measures.ts';
import { presentHistoryWith, type HistoryField } from '../goals/present.ts';

/** A measure as JSON. */
export function presentMeasure(m: Measure) {
  return {
    id: m.id,
    goalId: m.goalId,
    name: m.name,
    definition: m.definition,
    unit: m.unit,
    improvementDirection: m.improvementDirection,
    target: m.target,
    targetFrom: m.targetFrom,
    frequency: m.frequency,
    dataSource: m.dataSource,
    ownerUserId: m.ownerUserId,
    ownerName: m.ownerName,
    spcPreset: m.spcPreset,
    baseline: m.baseline,
    rebases: m.rebases.map((r) => ({ period: r.period, reason: r.reason })),
    annotations: m.annotations.map((a) => ({ id: a.id, period: a.period, label: a.label })),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** A measure with its values, its SPC JSON and the reading of it, as JSON. */
export function presentMeasureDetail(
  m: Measure,
  values: readonly MeasureValue[],
  statistics: MeasureStatistics,
) {
  return {
    ...presentMeasure(m),
    values: values.map((v) => ({ period: v.period, value: v.value, note: v.note })),
    spc: statistics.spc,
    reading: {
      variation: statistics.reading.variation,
      assurance: statistics.reading.assurance,
      text: statistics.reading.text,
    },
  };
}

/** The SPC presets in plain English, for the measure form. */
export const PRESET_LABELS: Record<Preset, { text: string; hint: string }> = {
  mdc: {
    text: 'Making Data Count (recommended)',
    hint: 'NHS England’s rules, as most NHS board reports use them: a shift is 6 points in a row on one side of the mean, icons need at least 13 points.',
  },
  nhsr: {
    text: 'NHS-R “plot the dots”',
    hint: 'The rules of the NHS-R Community’s R package: a shift or trend is 7 points in a row, and unusual moving ranges are screened out of the limits.',
  },
  pbi: {
    text: 'Power BI SPC visual',
    hint: 'The rules of the Power BI SPC charts many analysts use: a trend is 5 points in a row, and limits use 3 sigma exactly.',
  },
};

/** The frequencies in plain English, for the measure form. */
export const FREQUENCY_LABELS: Record<Frequency, { text: string; hint: string }> = {
  weekly: { text: 'Weekly', hint: 'One value a week. Weeks start on a Monday.' },
  monthly: { text: 'Monthly', hint: 'One value a month. Months start on the 1st.' },
};

const short = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: '2-digit',
  timeZone: 'UTC',
});
const shortMonth = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A period as a short axis label: "3 Mar 25" for a week, "Mar 2025" for a month. */
export function describePeriodShort(period: string, frequency: Frequency): string {
  const d = parseIsoDate(period);
  if (!d) return period;
  return frequency === 'monthly' ? shortMonth.format(d) : short.format(d);
}

/** What the period field of a value form should say: the format and an example. */
export function periodHint(frequency: Frequency): string {
  return frequency === 'weekly'
    ? 'The Monday of the week, as YYYY-MM-DD'
    : 'The 1st of the month, as YYYY-MM-DD';
}

/** A measure's history in words. */
export function presentMeasureHistory(events: AuditEvent[], people: ReadonlyMap<string, string>) {
  const fields: Record<string, HistoryField> = {
    name: { label: 'Name' },
    definition: { label: 'Definition' },
    unit: { label: 'Unit', describe: (v) => UNIT_LABELS[v as keyof typeof UNIT_LABELS] ?? v },
    improvementDirection: {
      label: 'Improvement direction',
      describe: (v) => DIRECTION_LABELS[v as keyof typeof DIRECTION_LABELS] ?? v,
    },
    target: { label: 'Target' },
    targetFrom: { label: 'Target applies from' },
    frequency: { label: 'Frequency' },
    dataSource: { label: 'Data source' },
    ownerUserId: { label: 'Owner', describe: (v) => people.get(String(v)) ?? 'a former member' },
    spcPreset: { label: 'SPC rules', describe: (v) => PRESET_LABELS[v as Preset]?.text ?? v },
    baseline: { label: 'Baseline points' },
    rebases: {
      label: 'Rebases',
      describe: (v) =>
        Array.isArray(v)
          ? (v as { period: string; reason: string }[]).map((r) => `${r.period}: ${r.reason}`)
          : v,
    },
    annotation: { label: 'Annotation' },
    values: { label: 'Values' },
  };
  const rows = presentHistoryWith(events, fields, {
    annotation: ['Added an annotation', 'Removed an annotation'],
  });
  // Values are recorded under their period ("week of 3 Mar 2025"), not under a field.
  return rows.map((row, i) => {
    const keys = Object.keys(events[i]!.changes);
    const values =
      events[i]!.action === 'updated' &&
      keys.length > 0 &&
      keys.every((k) => !(k in fields) || k === 'values');
    return values
      ? {
          ...row,
          summary:
            keys.length === 1 && !keys.includes('values') ? 'Entered a value' : 'Entered values',
        }
      : row;
  });
}
