/** Strategy health checks: warnings that a strategy has become a shopping list, a list of solutions or buzzwords, or an IT document. */
import type { Discipline } from './person.ts';
import type { ReviewSettings, ReviewSubject } from './review.ts';

export const HEALTH_CHECK_IDS = [
  'over_capacity',
  'too_many_priorities',
  'goals_without_measures',
  'measures_without_recent_values',
  'goals_without_clinical_or_operational_owner',
  'solution_first_initiatives',
  'tech_only_initiatives',
  'buzzwords',
  'digital_only_contributions',
  'digital_only_decisions',
  'empty_stop_list',
] as const;
export type HealthCheckId = (typeof HEALTH_CHECK_IDS)[number];

/** A record a check points at; `type` says which page it links to. */
export interface HealthCheckItem extends Pick<ReviewSubject, 'id' | 'title'> {
  type: ReviewSubject['type'] | 'decision' | 'quarter' | 'stop_list';
  /** Why this record is listed, when it is not obvious. */
  note?: string;
}

/** The outcome of one check. */
export interface HealthCheck {
  id: HealthCheckId;
  title: string;
  /** Why it matters, in plain English. */
  why: string;
  /** Where the line is drawn. */
  threshold: string;
  passed: boolean;
  message: string;
  items: HealthCheckItem[];
}

/** What the checks read: plain data, gathered by the service. */
export interface HealthCheckInput {
  settings: Pick<ReviewSettings, 'maxPrioritiesNow' | 'staleAfterPeriods' | 'buzzwords'>;
  /** Committed demand against capacity per quarter and skill (person-weeks). */
  capacity: { quarter: string; skill: string; demand: number; capacity: number }[];
  /** Initiatives placed "now" (committed or in progress and above the capacity line). */
  prioritiesNow: { id: string; name: string }[];
  goals: { id: string; statement: string; measureCount: number; ownerDisciplines: Discipline[]; problemIds: string[] }[];
  /** Measures and how many of their periods have passed without a value (null: none ever). */
  measures: { id: string; name: string; periodsBehind: number | null }[];
  initiatives: {
    id: string;
    name: string;
    waysOfWorking: string;
    problemIds: string[];
    contributorDisciplines: Discipline[];
  }[];
  problems: { id: string; title: string; text: string; raisedByDiscipline: Discipline | null }[];
  decisions: { id: string; title: string; presentDisciplines: Discipline[] }[];
  stopItemCount: number;
}

// Words that name a technology or the act of buying one: an initiative whose change to ways of
// working is made only of these (and small words) says what is bought, not what changes.
const TECHNOLOGY_WORDS = new Set(
  (
    'a an the and or of to for in on with new our its their all via using use implement implementing implementation deploy deploying deployment ' +
    'install installing roll rolling rollout out upgrade upgrading replace replacing procure procuring procurement buy buying purchase introduce introducing ' +
    'launch launching migrate migrating migration move moving adopt adopting go live go-live enable enabling deliver delivering build building ' +
    'system systems software app apps application applications platform platforms portal portals tool tools solution solutions module modules ' +
    'technology technologies tech it ict digital digitise digitised digitisation electronic online cloud server servers hardware device devices ' +
    'tablet tablets laptop laptops network wifi wi-fi infrastructure database data warehouse dashboard dashboards integration interface api apis ' +
    'epr ehr emr pas lims ris pacs erp crm saas licence licences license licenses vendor supplier product version release ' +
    'ai artificial intelligence machine learning ml blockchain metaverse twin web3 rpa robotic process automation bot bots chatbot iot analytics'
  ).split(' '),
);

/** Whether a change to ways of working is empty or names only technology (fewer than three other words). */
export function isTechOnly(waysOfWorking: string): boolean {
  const words = waysOfWorking.toLowerCase().match(/[a-z0-9][a-z0-9'’-]*/g) ?? [];
  return words.filter((w) => !TECHNOLOGY_WORDS.has(w)).length < 3;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The buzzwords of a list that a text names, as whole words, ignoring case. */
export function findBuzzwords(text: string, buzzwords: readonly string[]): string[] {
  return buzzwords.filter((b) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(b).replace(/ /g, '[\\s-]+')}($|[^\\p{L}\\p{N}])`, 'iu').test(text));
}

const DIGITAL: Discipline = 'digital';
const onlyDigital = (ds: readonly Discipline[]) => ds.length > 0 && ds.every((d) => d === DIGITAL);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Run every check. */
export function runHealthChecks(input: HealthCheckInput): HealthCheck[] {
  const { settings } = input;
  const problemText = new Map(input.problems.map((p) => [p.id, p.text]));
  const checks: HealthCheck[] = [];
  const add = (c: Omit<HealthCheck, 'passed'>) => checks.push({ ...c, passed: c.items.length === 0 });

  const over = input.capacity.filter((c) => c.demand > c.capacity);
  add({
    id: 'over_capacity',
    title: 'Committed work fits the capacity',
    why: 'Digital expertise is scarce. Committing to more than the people available can do makes a shopping list: everything starts, little finishes.',
    threshold: 'Committed demand is over the available capacity in any quarter or skill.',
    message: over.length
      ? `Committed demand is over capacity in ${plural(over.length, 'quarter and skill', 'quarters and skills')}.`
      : 'Committed demand fits the capacity in every quarter and skill.',
    items: over.map((c) => ({ type: 'quarter', id: c.quarter, title: `${c.quarter}, ${c.skill}`, note: `${c.demand} person-weeks of demand against ${c.capacity} available` })),
  });

  const now = input.prioritiesNow;
  add({
    id: 'too_many_priorities',
    title: 'A focused number of priorities “now”',
    why: 'A strategy is focused. When everything is a priority, nothing is: people switch between too many things and none gets their full attention.',
    threshold: `More than ${settings.maxPrioritiesNow} priorities “now” (the organisation sets this number).`,
    message: now.length > settings.maxPrioritiesNow
      ? `${plural(now.length, 'priority', 'priorities')} “now”, more than ${settings.maxPrioritiesNow}.`
      : `${plural(now.length, 'priority', 'priorities')} “now”, within ${settings.maxPrioritiesNow}.`,
    items: now.length > settings.maxPrioritiesNow ? now.map((i) => ({ type: 'initiative', id: i.id, title: i.name })) : [],
  });

  const unmeasured = input.goals.filter((g) => g.measureCount === 0);
  add({
    id: 'goals_without_measures',
    title: 'Every goal has a measure',
    why: 'A goal without a measure cannot show week by week whether it is working, so nobody can notice when to change course.',
    threshold: 'A goal with no measure.',
    message: unmeasured.length ? `${plural(unmeasured.length, 'goal has', 'goals have')} no measure.` : 'Every goal has at least one measure.',
    items: unmeasured.map((g) => ({ type: 'goal', id: g.id, title: g.statement })),
  });

  const stale = input.measures.filter((m) => m.periodsBehind === null || m.periodsBehind > settings.staleAfterPeriods);
  add({
    id: 'measures_without_recent_values',
    title: 'Measures have recent values',
    why: 'Old numbers hide what is happening now. A measure that stops getting values stops telling the board whether things are improving.',
    threshold: `No value for more than ${plural(settings.staleAfterPeriods, 'period')} (the organisation sets this number).`,
    message: stale.length ? `${plural(stale.length, 'measure has', 'measures have')} no recent values.` : 'Every measure has recent values.',
    items: stale.map((m) => ({ type: 'measure', id: m.id, title: m.name, note: m.periodsBehind === null ? 'No values yet' : `${m.periodsBehind} periods without a value` })),
  });

  const unowned = input.goals.filter((g) => !g.ownerDisciplines.some((d) => d === 'clinical' || d === 'operational'));
  add({
    id: 'goals_without_clinical_or_operational_owner',
    title: 'Every goal has a clinical or operational owner',
    why: 'Clinicians and operational leaders own the outcomes. A goal owned only by the digital team, or by nobody, is an IT project rather than a change in care.',
    threshold: 'A goal with no owner of the clinical or operational discipline.',
    message: unowned.length ? `${plural(unowned.length, 'goal has', 'goals have')} no clinical or operational owner.` : 'Every goal has a clinical or operational owner.',
    items: unowned.map((g) => ({ type: 'goal', id: g.id, title: g.statement })),
  });

  const solutionFirst = input.initiatives.filter((i) => i.problemIds.length === 0);
  add({
    id: 'solution_first_initiatives',
    title: 'Initiatives start from a problem',
    why: 'Start with why: an initiative that answers no problem of patients or staff is a solution looking for a problem.',
    threshold: 'An initiative linked to no problem.',
    message: solutionFirst.length ? `${plural(solutionFirst.length, 'initiative is', 'initiatives are')} linked to no problem.` : 'Every initiative answers a problem.',
    items: solutionFirst.map((i) => ({ type: 'initiative', id: i.id, title: i.name })),
  });

  const techOnly = input.initiatives.filter((i) => isTechOnly(i.waysOfWorking));
  add({
    id: 'tech_only_initiatives',
    title: 'Initiatives change ways of working, not only tools',
    why: 'Technology laid over an unchanged process makes it more digital, not better. An initiative says what people will do differently.',
    threshold: 'An initiative whose change to ways of working is empty or names only a technology.',
    message: techOnly.length ? `${plural(techOnly.length, 'initiative names', 'initiatives name')} only a technology.` : 'Every initiative says how ways of working change.',
    items: techOnly.map((i) => ({ type: 'initiative', id: i.id, title: i.name, note: i.waysOfWorking ? `“${i.waysOfWorking}”` : 'No change to ways of working' })),
  });

  const buzz: HealthCheckItem[] = [];
  const unjustified = (title: string, problemIds: readonly string[]) => {
    const linked = problemIds.map((id) => problemText.get(id) ?? '').join('\n');
    return findBuzzwords(title, settings.buzzwords).filter((b) => findBuzzwords(linked, [b]).length === 0);
  };
  for (const i of input.initiatives) {
    const words = unjustified(i.name, i.problemIds);
    if (words.length) buzz.push({ type: 'initiative', id: i.id, title: i.name, note: `Names ${words.join(', ')}; no linked problem does` });
  }
  for (const g of input.goals) {
    const words = unjustified(g.statement, g.problemIds);
    if (words.length) buzz.push({ type: 'goal', id: g.id, title: g.statement, note: `Names ${words.join(', ')}; no linked problem does` });
  }
  add({
    id: 'buzzwords',
    title: 'No buzzwords without a problem behind them',
    why: 'A strategy is specific to its context, not a list of the latest buzzwords. A technology named in a title should answer a problem that names it too.',
    threshold: `A goal or initiative title naming a buzzword (${settings.buzzwords.slice(0, 6).join(', ')}${settings.buzzwords.length > 6 ? '…' : ''}) that no linked problem mentions. The organisation edits the list.`,
    message: buzz.length ? `${plural(buzz.length, 'title names', 'titles name')} a buzzword no linked problem mentions.` : 'No title leans on a buzzword.',
    items: buzz,
  });

  const digitalOnly: HealthCheckItem[] = [
    ...input.problems.filter((p) => p.raisedByDiscipline === DIGITAL).map((p) => ({ type: 'problem' as const, id: p.id, title: p.title, note: 'Raised by the digital team only' })),
    ...input.goals.filter((g) => onlyDigital(g.ownerDisciplines)).map((g) => ({ type: 'goal' as const, id: g.id, title: g.statement, note: 'Owned by the digital team only' })),
    ...input.initiatives.filter((i) => onlyDigital(i.contributorDisciplines)).map((i) => ({ type: 'initiative' as const, id: i.id, title: i.name, note: 'Owned and sponsored by the digital team only' })),
  ];
  add({
    id: 'digital_only_contributions',
    title: 'Problems, goals and initiatives come from the whole organisation',
    why: 'Lead it collectively: clinicians, operational leaders, patients’ representatives and the board own the strategy with the digital team. Work that only the digital team contributes is an IT document.',
    threshold: 'A problem, goal or initiative contributed only by people of the digital discipline.',
    message: digitalOnly.length ? `${plural(digitalOnly.length, 'record comes', 'records come')} from the digital team alone.` : 'Nothing comes from the digital team alone.',
    items: digitalOnly,
  });

  const digitalDecisions = input.decisions.filter((d) => onlyDigital(d.presentDisciplines));
  add({
    id: 'digital_only_decisions',
    title: 'Decisions are taken collectively',
    why: 'A decision taken with only the digital team in the room is not collectively led: the people who own the outcomes were not there.',
    threshold: 'A decision taken with only people of the digital discipline present.',
    message: digitalDecisions.length ? `${plural(digitalDecisions.length, 'decision was', 'decisions were')} taken with only the digital team present.` : 'Every decision had more than the digital team present.',
    items: digitalDecisions.map((d) => ({ type: 'decision', id: d.id, title: d.title })),
  });

  add({
    id: 'empty_stop_list',
    title: 'The strategy says what will stop',
    why: 'Choosing what to stop frees scarce people for what matters. A strategy that stops nothing only adds work.',
    threshold: 'The stop list is empty.',
    message: input.stopItemCount === 0 ? 'The stop list is empty.' : `The stop list has ${plural(input.stopItemCount, 'item')}.`,
    items: input.stopItemCount === 0 ? [{ type: 'stop_list', id: 'stop-list', title: 'The stop list', note: 'Nothing will stop' }] : [],
  });

  return checks;
}
