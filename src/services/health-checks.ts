/** The strategy health checks of an organisation, from its portfolio, goals, measures, problems, decisions and stop list. */
import { requireRole, isDiscipline, type Actor, type Discipline } from '../domain/person.ts';
import { addPeriods, periodStartOf, periodsBetween } from '../domain/period.ts';
import { runHealthChecks, type HealthCheck } from '../domain/health-checks.ts';
import { demandIn, SKILLS, SKILL_LABELS, type Initiative } from '../domain/initiative.ts';
import { addQuarters, quarterOf, quarterRange, quarterStart } from '../domain/quarter.ts';
import { DEFAULT_CRITERIA, placePortfolio } from '../domain/portfolio.ts';
import type { Clock, Storage } from './stores.ts';
import type { MeasureService } from './measures.ts';
import { ALL, loadMeasuresForReview, loadSettings } from './reviews.ts';
import { isRankable } from './initiatives.ts';
import { PLANNING_QUARTERS } from './portfolio.ts';

const disciplineOf = (d: string | undefined): Discipline | null => (d && isDiscipline(d) ? d : null);

// Committed or under way, and not stopped before the quarter: the demand the organisation has promised.
function committedIn(i: Initiative, quarterStartDate: string): boolean {
  if (i.wontDoReason) return false;
  if (i.status === 'committed' || i.status === 'in_progress') return true;
  return i.status === 'stopped' && i.stoppedOn !== null && quarterStartDate < i.stoppedOn;
}

/** The use cases of the health checks. */
export function createHealthCheckService(storage: Storage, measureService: MeasureService, clock: Clock) {
  return {
    /** Every check, passed or not, with the records concerned (viewers). */
    async run(actor: Actor, organisationId: string): Promise<HealthCheck[]> {
      requireRole(actor, organisationId, 'viewer');
      const now = clock();
      const stores = storage.stores;
      const [settings, goals, measures, problems, initiatives, capacity, stopItems, model, members, decisions] = await Promise.all([
        loadSettings(stores, organisationId),
        stores.goals.list(organisationId),
        stores.measures.listForOrganisation(organisationId),
        stores.problems.list(organisationId, {}, ALL),
        stores.initiatives.list(organisationId),
        stores.capacity.list(organisationId),
        stores.stopItems.list(organisationId),
        stores.scoringModels.get(organisationId),
        stores.users.listMembers(organisationId),
        stores.decisions.list(organisationId, {}, ALL),
      ]);
      const forReview = await loadMeasuresForReview(stores, measureService, measures);
      const discipline = new Map(members.map((m) => [m.userId, m.discipline]));
      const inPortfolio = initiatives.filter((i) => isRankable(i) || i.wontDoReason || i.status === 'stopped');
      const criteria = model ?? [...DEFAULT_CRITERIA];
      const current = quarterOf(now);
      const capacityLines: { quarter: string; skill: string; demand: number; capacity: number }[] = [];
      let nowItems: { initiativeId: string }[] = [];
      for (const q of quarterRange(current, addQuarters(current, PLANNING_QUARTERS - 1))) {
        const placed = placePortfolio(q, inPortfolio, capacity, stopItems, criteria);
        const committed = new Map<string, number>();
        for (const i of initiatives) {
          if (!committedIn(i, quarterStart(q))) continue;
          for (const [s, pw] of demandIn(i.demand, q)) committed.set(s, (committed.get(s) ?? 0) + pw);
        }
        for (const skill of SKILLS) {
          const demand = Math.round((committed.get(skill) ?? 0) * 100) / 100;
          const line = placed.skills.find((l) => l.skill === skill);
          if (demand > 0) capacityLines.push({ quarter: q, skill: SKILL_LABELS[skill], demand, capacity: line?.capacity ?? 0 });
        }
        if (q === current) nowItems = placed.items.filter((p) => p.placement === 'now');
      }
      const byId = new Map(initiatives.map((i) => [i.id, i]));
      const measureCount = new Map<string, number>();
      for (const m of measures) measureCount.set(m.goalId, (measureCount.get(m.goalId) ?? 0) + 1);
      return runHealthChecks({
        settings,
        capacity: capacityLines,
        prioritiesNow: nowItems.map((p) => ({ id: p.initiativeId, name: byId.get(p.initiativeId)?.name ?? '' })),
        goals: goals.map((g) => ({
          id: g.id,
          statement: g.statement,
          measureCount: measureCount.get(g.id) ?? 0,
          ownerDisciplines: g.owners.map((o) => disciplineOf(o.discipline) ?? 'other'),
          problemIds: g.problemIds,
        })),
        measures: forReview.map((m) => ({
          id: m.id,
          name: m.name,
          periodsBehind: m.latestPeriod ? periodsBetween(m.latestPeriod, addPeriods(periodStartOf(now, m.frequency), m.frequency, -1), m.frequency) : null,
        })),
        initiatives: initiatives
          .filter((i) => i.status !== 'stopped' && i.status !== 'done' && !i.wontDoReason)
          .map((i) => ({
            id: i.id,
            name: i.name,
            waysOfWorking: i.change,
            problemIds: i.problemIds,
            contributorDisciplines: [i.owner, i.sponsor].filter((p) => p !== null).map((p) => disciplineOf(p.discipline) ?? 'other'),
          })),
        problems: problems.problems.map((p) => ({
          id: p.id,
          title: p.title,
          text: [p.title, p.description, ...p.evidence.map((e) => e.summary)].join('\n'),
          raisedByDiscipline: p.raisedByUserId ? disciplineOf(discipline.get(p.raisedByUserId)) : null,
        })),
        decisions: decisions.decisions.map((d) => ({ id: d.id, title: d.what, presentDisciplines: d.present.map((a) => a.discipline) })),
        stopItemCount: stopItems.filter((s) => s.status !== 'reversed').length,
      });
    },
  };
}

export type HealthCheckService = ReturnType<typeof createHealthCheckService>;
