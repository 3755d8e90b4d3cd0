/** Loading the demo trust's choices (demo-choices-content.ts) through the services. */
import type { Actor } from '../domain/person.ts';
import { SKILLS } from '../domain/initiative.ts';
import { addQuarters, quarterOf } from '../domain/quarter.ts';
import { formatIsoDate } from '../domain/period.ts';
import type { Services } from '../services/index.ts';
import { DEMO_ADMIN, DEMO_TRUST_MEMBERS } from './demo-content.ts';
import { DEMO_CAPACITY, DEMO_DECISIONS, DEMO_DO_DIFFERENTLY, DEMO_INITIATIVES, DEMO_STOP_ITEMS } from './demo-choices-content.ts';
import { PLANNING_QUARTERS } from '../services/portfolio.ts';

const DAY = 86_400_000;

/** Add the demo trust's capacity, initiatives, stop list, do-differently list and decision log. */
export async function loadDemoChoices(services: Services, options: { organisationId: string; actor: Actor }): Promise<void> {
  const { organisationId, actor } = options;
  const now = services.clock();
  const here = quarterOf(now);
  const members = await services.people.listMembers(actor, organisationId);
  const emails = new Map([DEMO_ADMIN, ...DEMO_TRUST_MEMBERS].map((m) => [m.key, m.email]));
  const memberId = (key: string) => {
    const m = members.find((x) => x.email === emails.get(key));
    if (!m) throw new Error(`The demo choices name an unknown member “${key}”`);
    return m.userId;
  };
  const problems = (await services.problems.list(actor, organisationId, {}, { limit: 100, offset: 0 })).problems;
  const goals = await services.goals.list(actor, organisationId);
  const problemId = (title: string) => problems.find((p) => p.title === title)?.id ?? fail(`problem “${title}”`);
  const goalId = (statement: string) => goals.find((g) => g.statement === statement)?.id ?? fail(`goal “${statement}”`);

  const quarters = Array.from({ length: PLANNING_QUARTERS }, (_, n) => addQuarters(here, n));
  await services.portfolio.setCapacity(
    actor,
    organisationId,
    quarters.flatMap((quarter) => SKILLS.filter((s) => DEMO_CAPACITY[s]).map((skill) => ({ quarter, skill, personWeeks: DEMO_CAPACITY[skill]! }))),
  );

  const initiatives = new Map<string, string>();
  for (const i of DEMO_INITIATIVES) {
    const demand = [];
    for (let n = i.from; n <= i.to; n++) for (const skill of SKILLS) if (i.demand[skill]) demand.push({ quarter: addQuarters(here, n), skill, personWeeks: i.demand[skill] });
    const created = await services.initiatives.create(actor, organisationId, {
      name: i.name,
      change: i.change,
      level: i.level,
      status: i.status,
      ownerId: memberId(i.owner),
      sponsorId: memberId(i.sponsor),
      problemIds: i.problems.map(problemId),
      goalIds: i.goals.map(goalId),
      demand,
      cost: i.cost,
      startQuarter: addQuarters(here, i.from),
      endQuarter: addQuarters(here, i.to),
      scores: i.scores,
      wontDoReason: i.wontDoReason ?? null,
    });
    initiatives.set(i.name, created.id);
  }

  const stopItems = new Map<string, string>();
  for (const s of DEMO_STOP_ITEMS) {
    const created = await services.stopItems.create(actor, organisationId, {
      title: s.title,
      kind: s.kind,
      reason: s.reason,
      ownerId: memberId(s.owner),
      stopOn: formatIsoDate(new Date(now.getTime() + s.stopInDays * DAY)),
      freed: SKILLS.filter((k) => s.freed[k]).map((skill) => ({ skill, personWeeks: s.freed[skill] })),
      moneyFreed: s.moneyFreed,
      status: s.status,
    });
    stopItems.set(s.title, created.id);
  }

  for (const d of DEMO_DO_DIFFERENTLY) {
    await services.doDifferently.create(actor, organisationId, { title: d.title, description: d.description, problemIds: d.problems.map(problemId) });
  }

  const decisions = new Map<string, string>();
  for (const d of DEMO_DECISIONS) {
    const recorded = await services.decisions.record(actor, organisationId, {
      kind: d.kind,
      decidedOn: formatIsoDate(new Date(now.getTime() - d.daysAgo * DAY)),
      what: d.what,
      options: d.options,
      rationale: d.rationale,
      present: [...d.members.map((k) => ({ userId: memberId(k) })), ...d.guests],
      items: [
        ...d.initiatives.map((n) => ({ type: 'initiative', id: initiatives.get(n) ?? fail(`initiative “${n}”`) })),
        ...d.stopItems.map((n) => ({ type: 'stop_item', id: stopItems.get(n) ?? fail(`stop item “${n}”`) })),
      ],
      supersedesId: d.supersedes ? (decisions.get(d.supersedes) ?? fail(`decision “${d.supersedes}”`)) : null,
    });
    decisions.set(d.what, recorded.id);
  }
}

function fail(what: string): never {
  throw new Error(`The demo choices name an unknown ${what}`);
}
