/** Comparing two published versions of a story: what was added, dropped, started, stopped and what moved. */
import { InvalidInput } from './errors.ts';
import type { StoryFacts } from './story.ts';

/** What changed between two versions. */
export interface StoryComparison {
  from: number;
  to: number;
  goalsAdded: { id: string; statement: string }[];
  goalsDropped: { id: string; statement: string }[];
  initiativesStarted: { id: string; title: string }[];
  initiativesStopped: { id: string; title: string }[];
  /** Measures whose variation moved from concern to improvement, or back. */
  measuresImproved: { id: string; name: string; from: string | null; to: string | null }[];
  measuresWorsened: { id: string; name: string; from: string | null; to: string | null }[];
  /** Decisions in the later version that the earlier one did not have. */
  decisionsSince: { id: string; title: string; decidedOn: string }[];
  /** Principles added or dropped; empty when the earlier version did not tell its principles. */
  principlesAdded: { id: string; title: string }[];
  principlesDropped: { id: string; title: string }[];
  /** Capabilities whose level (system, hybrid or local) changed or was first assessed. */
  capabilitiesMoved: { id: string; name: string; from: string | null; to: string }[];
}

const isConcern = (v: string | null) => v === 'concern_high' || v === 'concern_low';
const isImprovement = (v: string | null) => v === 'improvement_high' || v === 'improvement_low';
// Initiative statuses: started once committed or in progress; stopped when stopped.
const STOPPED = new Set(['stopped']);
const STARTED = new Set(['committed', 'in_progress']);

/** Compare version `from` with version `to` (from must differ from to). */
export function compareStoryFacts(from: { number: number; facts: StoryFacts }, to: { number: number; facts: StoryFacts }): StoryComparison {
  if (from.number === to.number) {
    throw new InvalidInput('Choose two different versions to compare', { to: 'Choose a different version from the one you compare it with' });
  }
  const a = from.facts;
  const b = to.facts;
  const ids = <T extends { id: string }>(list: T[]) => new Set(list.map((x) => x.id));
  const aGoals = ids(a.goals);
  const bGoals = ids(b.goals);
  const aInit = new Map(a.initiatives.map((i) => [i.id, i]));
  const aMeasures = new Map(a.measures.map((m) => [m.id, m]));
  const aDecisions = ids(a.decisions);
  const measuresImproved: StoryComparison['measuresImproved'] = [];
  const measuresWorsened: StoryComparison['measuresWorsened'] = [];
  for (const m of b.measures) {
    const before = aMeasures.get(m.id);
    if (!before) continue;
    if (isConcern(before.variation) && isImprovement(m.variation)) measuresImproved.push({ id: m.id, name: m.name, from: before.variation, to: m.variation });
    if (isImprovement(before.variation) && isConcern(m.variation)) measuresWorsened.push({ id: m.id, name: m.name, from: before.variation, to: m.variation });
  }
  return {
    from: from.number,
    to: to.number,
    goalsAdded: b.goals.filter((g) => !aGoals.has(g.id)),
    goalsDropped: a.goals.filter((g) => !bGoals.has(g.id)),
    initiativesStarted: b.initiatives
      .filter((i) => STARTED.has(i.status) && (!aInit.has(i.id) || !STARTED.has(aInit.get(i.id)!.status)))
      .map(({ id, title }) => ({ id, title })),
    initiativesStopped: b.initiatives
      .filter((i) => STOPPED.has(i.status) && aInit.has(i.id) && !STOPPED.has(aInit.get(i.id)!.status))
      .map(({ id, title }) => ({ id, title })),
    measuresImproved,
    measuresWorsened,
    decisionsSince: b.decisions.filter((d) => !aDecisions.has(d.id)),
    // A version published before the story told principles or levels has nothing to compare them with.
    principlesAdded: a.principles && b.principles ? b.principles.filter((p) => !ids(a.principles!).has(p.id)) : [],
    principlesDropped: a.principles && b.principles ? a.principles.filter((p) => !ids(b.principles!).has(p.id)) : [],
    capabilitiesMoved:
      a.capabilities && b.capabilities
        ? b.capabilities.flatMap((c) => {
            const before = a.capabilities!.find((x) => x.id === c.id);
            return before?.level === c.level ? [] : [{ id: c.id, name: c.name, from: before?.level ?? null, to: c.level }];
          })
        : [],
  };
}
