/** The board report: per goal, per measure, is it improving and will the target be met. No RAG. */
import { requireRead, requireRole, type Actor } from '../domain/person.ts';
import { timelinessOf, type CheckIn, type Timeliness } from '../domain/check-in.ts';
import { addPeriods, formatIsoDate, periodStartOf } from '../domain/period.ts';
import type { Goal } from '../domain/goal.ts';
import type { Measure, MeasureValue } from '../domain/measure.ts';
import type { AssuranceIcon, VariationIcon } from '../spc/index.ts';
import { isPublishedSeries } from '../domain/reference-series.ts';
import type { Clock, Storage } from './stores.ts';
import type { MeasureService, MeasureStatistics } from './measures.ts';

/** One measure's row in the board report. */
export interface BoardReportMeasure {
  measure: Measure;
  latestValue: number | null;
  latestPeriod: string | null;
  target: number | null;
  variation: VariationIcon | null;
  assurance: AssuranceIcon | null;
  statistics: MeasureStatistics;
  lastUpdated: Date;
  /** A real organisation's published series, copied in for illustration, is not due: it ends where the publication ended. */
  timeliness: Timeliness | 'published_series';
  /** Lower sorts first: concerns and failing assurance lead. */
  attention: number;
}

/** One goal's section of the board report. */
export interface BoardReportGoal {
  goal: Goal;
  measures: BoardReportMeasure[];
  latestCheckIn: CheckIn | null;
}

/** The ways the report can be sorted. */
export const BOARD_REPORT_SORTS = ['attention', 'name', 'updated'] as const;
export type BoardReportSort = (typeof BOARD_REPORT_SORTS)[number];

// Concerns first, then failing assurance, then hit-and-miss, then the rest; improvements last.
function attentionOf(variation: VariationIcon | null, assurance: AssuranceIcon | null): number {
  const concern = variation === 'concern_high' || variation === 'concern_low';
  if (concern && assurance === 'fail') return 0;
  if (concern) return 1;
  if (assurance === 'fail') return 2;
  if (assurance === 'inconsistent') return 3;
  if (variation === null) return 4;
  if (variation === 'neutral_high' || variation === 'neutral_low') return 5;
  if (variation === 'common_cause') return 6;
  return 7;
}

/** Build the board report of an organisation. */
export function createBoardReportService(storage: Storage, measures: MeasureService, clock: Clock) {
  // Each measure's statistics and latest value by (measure, version), so a report of series that
  // have not changed loads no values: the version moves with every change to a measure or its
  // values. Any instance may rebuild an entry from the database.
  type SeenEntry = { statistics: MeasureStatistics; last: MeasureValue | null };
  const seen = new Map<string, SeenEntry>();
  const SEEN_SIZE = 2000;
  function remember(key: string, entry: SeenEntry): void {
    if (seen.size >= SEEN_SIZE) seen.delete(seen.keys().next().value!);
    seen.set(key, entry);
  }

  return {
    /**
     * A mark of an organisation's data that moves with every recorded change (viewers): what is
     * worked out from the data alone may be kept until the mark moves, or the day changes.
     */
    async changeMark(actor: Actor, organisationId: string): Promise<string> {
      requireRole(actor, organisationId, 'viewer');
      return `${formatIsoDate(clock())}:${await storage.stores.audit.changeMark(organisationId)}`;
    },

    async build(actor: Actor, organisationId: string, sort: BoardReportSort = 'attention'): Promise<BoardReportGoal[]> {
      requireRead(actor, organisationId, 'goals');
      const now = clock();
      const [goals, all] = await Promise.all([
        storage.stores.goals.list(organisationId),
        storage.stores.measures.listForOrganisation(organisationId),
      ]);
      const checkIns = await storage.stores.checkIns.latestFor(goals.map((g) => g.id));
      // Only the measures that changed since the last report have their values loaded.
      const keyOf = (m: Measure) => `${m.id}:${m.version}`;
      const found = new Map<string, SeenEntry>();
      const missing: Measure[] = [];
      for (const m of all) {
        const hit = seen.get(keyOf(m));
        if (hit) found.set(m.id, hit);
        else missing.push(m);
      }
      if (missing.length) {
        const values = await storage.stores.measures.valuesFor(missing.map((m) => m.id));
        for (const m of missing) {
          const v = values.get(m.id) ?? [];
          const entry = { statistics: measures.statisticsOf(m, v), last: v.at(-1) ?? null };
          remember(keyOf(m), entry);
          found.set(m.id, entry);
        }
      }
      const rows = new Map<string, BoardReportMeasure[]>();
      for (const m of all) {
        const { statistics, last } = found.get(m.id)!;
        const row: BoardReportMeasure = {
          measure: m,
          latestValue: last?.value ?? null,
          latestPeriod: last?.period ?? null,
          target: m.target,
          variation: statistics.analysis.variation,
          assurance: statistics.analysis.assurance,
          statistics,
          lastUpdated: m.updatedAt,
          timeliness: isPublishedSeries(m.dataSource)
            ? 'published_series'
            : timelinessOf(last?.period ?? null, addPeriods(periodStartOf(now, m.frequency), m.frequency, -1), m.frequency),
          attention: attentionOf(statistics.analysis.variation, statistics.analysis.assurance),
        };
        const list = rows.get(m.goalId) ?? [];
        list.push(row);
        rows.set(m.goalId, list);
      }
      const compare = (a: BoardReportMeasure, b: BoardReportMeasure) =>
        sort === 'name'
          ? a.measure.name.localeCompare(b.measure.name)
          : sort === 'updated'
            ? b.lastUpdated.getTime() - a.lastUpdated.getTime()
            : a.attention - b.attention || a.measure.name.localeCompare(b.measure.name);
      const report = goals.map((goal) => ({
        goal,
        measures: (rows.get(goal.id) ?? []).sort(compare),
        latestCheckIn: checkIns.get(goal.id) ?? null,
      }));
      // The goals follow the same order as their rows, not only the rows within each goal.
      if (sort === 'attention') {
        const worst = (g: BoardReportGoal) => Math.min(100, ...g.measures.map((m) => m.attention));
        report.sort((a, b) => worst(a) - worst(b));
      } else if (sort === 'name') {
        report.sort((a, b) => a.goal.statement.localeCompare(b.goal.statement));
      } else {
        const latest = (g: BoardReportGoal) => Math.max(g.goal.updatedAt.getTime(), ...g.measures.map((m) => m.lastUpdated.getTime()));
        report.sort((a, b) => latest(b) - latest(a));
      }
      return report;
    },
  };
}

export type BoardReportService = ReturnType<typeof createBoardReportService>;

/** The variation of a measure, as the summary groups it (Making Data Count's summary matrix). */
export const VARIATION_GROUPS = ['improvement', 'concern', 'neither', 'common_cause', 'too_few_values'] as const;
export type VariationGroup = (typeof VARIATION_GROUPS)[number];
/** The assurance of a measure, as the summary groups it. */
export const ASSURANCE_GROUPS = ['pass', 'fail', 'inconsistent', 'none'] as const;
export type AssuranceGroup = (typeof ASSURANCE_GROUPS)[number];

/** Which row of the summary matrix a variation icon falls in. */
export function variationGroupOf(icon: VariationIcon | null): VariationGroup {
  if (icon === null) return 'too_few_values';
  if (icon === 'common_cause') return 'common_cause';
  if (icon.startsWith('improvement')) return 'improvement';
  if (icon.startsWith('concern')) return 'concern';
  return 'neither';
}

/** Which column of the summary matrix an assurance icon falls in. */
export function assuranceGroupOf(icon: AssuranceIcon | null): AssuranceGroup {
  return icon ?? 'none';
}

/** The count of measures by variation and by assurance, and in each cell of the two. */
export interface BoardReportSummary {
  measures: number;
  variation: Record<VariationGroup, number>;
  assurance: Record<AssuranceGroup, number>;
  cells: Record<VariationGroup, Record<AssuranceGroup, number>>;
}

/** Count a report's measures by variation × assurance: the summary at the top of the report. */
export function summariseBoardReport(goals: readonly BoardReportGoal[]): BoardReportSummary {
  const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const summary: BoardReportSummary = {
    measures: 0,
    variation: zeros(VARIATION_GROUPS),
    assurance: zeros(ASSURANCE_GROUPS),
    cells: Object.fromEntries(VARIATION_GROUPS.map((v) => [v, zeros(ASSURANCE_GROUPS)])) as BoardReportSummary['cells'],
  };
  for (const g of goals) {
    for (const m of g.measures) {
      const v = variationGroupOf(m.variation);
      const a = assuranceGroupOf(m.assurance);
      summary.measures++;
      summary.variation[v]++;
      summary.assurance[a]++;
      summary.cells[v][a]++;
    }
  }
  return summary;
}
