/** Loading the demo system through the services: members, principles, goals, landscape, assessments, a roll-up and an exception. */
import { createUnknownPassword } from './unknown-password.ts';
import type { Actor } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import { addPeriods, formatIsoDate, periodStartOf } from '../domain/period.ts';
import { addMonths, type Criterion } from '../domain/system.ts';
import type { Services } from '../services/index.ts';
import { generateDemoSeries } from './demo-measures.ts';
import { SYNTHETIC_SOURCE } from './demo-measures-content.ts';
import {
  DEMO_ASSESSMENTS,
  DEMO_CAPABILITIES,
  DEMO_ENTRIES,
  DEMO_MEMBER_GOALS,
  DEMO_MEMBER_INITIATIVE,
  DEMO_PRINCIPLES,
  DEMO_SYSTEM_GOALS,
  DEMO_SYSTEM_MEMBERS,
  DEMO_VIRTUAL_WARD_DEFINITION,
} from './demo-system-content.ts';

/**
 * Make the demo ICB a system of five members (the demo trust and four more), with principles,
 * system goals (one that nobody contributes to), members' goals that contribute, a landscape of
 * contracts ending at different dates, three assessments and one decision, a roll-up measure
 * over synthetic weekly counts, and one initiative that asks for an exception to a principle.
 */
export async function loadDemoSystem(
  services: Services,
  options: { icb: Organisation; trust: Organisation; icbLead: Actor; trustActor: Actor },
): Promise<void> {
  const sys = services.systems;
  const now = services.clock();
  const today = formatIsoDate(now);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const lead = await sys.withCurrentReads(options.icbLead);

  // Members: the demo trust and four fictional others, each with an editor.
  const orgs = new Map<string, Organisation>([['trust', options.trust]]);
  const editors = new Map<string, Actor>([['trust', options.trustActor]]);
  await sys.addMembership(lead, options.icb.id, { organisation: options.trust.code, from: addMonths(firstOfMonth, -41) });
  for (const m of DEMO_SYSTEM_MEMBERS) {
    const org = await services.organisations.add({ code: m.code, name: m.name, type: m.type });
    const user = await services.people.createUser({ email: m.editor.email, name: m.editor.name, password: createUnknownPassword(), organisationId: org.id, role: 'editor', discipline: 'digital' });
    await sys.addMembership(lead, options.icb.id, { organisation: org.code, from: addMonths(firstOfMonth, -m.joinedMonthsAgo) });
    orgs.set(m.key, org);
    editors.set(m.key, { kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'editor']]) });
  }
  const member = (key: string) => orgs.get(key)!;
  const editor = async (key: string) => sys.withCurrentReads(editors.get(key)!);

  const principles = new Map<string, string>();
  for (const p of DEMO_PRINCIPLES) principles.set(p.key, (await sys.addPrinciple(lead, options.icb.id, { title: p.title, rationale: p.rationale })).id);

  const systemGoals = new Map<string, string>();
  for (const g of DEMO_SYSTEM_GOALS) systemGoals.set(g.key, (await services.goals.create(lead, options.icb.id, { statement: g.statement, forWhom: g.forWhom })).id);

  // The demo trust's first goal serves the shared record goal.
  const trustGoal = (await services.goals.list(options.trustActor, options.trust.id))[0];
  if (trustGoal) await sys.setContribution(await editor('trust'), trustGoal.id, systemGoals.get('record')!);

  // Members' virtual ward goals, each with a weekly count of one definition: the roll-up's parts.
  const lastWeek = addPeriods(periodStartOf(now, 'weekly'), 'weekly', -1);
  const memberGoals = new Map<string, string>();
  const parts: { measureId: string }[] = [];
  for (const g of DEMO_MEMBER_GOALS) {
    const actor = await editor(g.member);
    const goal = await services.goals.create(actor, member(g.member).id, { statement: g.statement });
    memberGoals.set(g.member, goal.id);
    await sys.setContribution(actor, goal.id, systemGoals.get(g.contributesTo)!);
    const measure = await services.measures.create(actor, goal.id, { name: 'Virtual ward admissions', definition: DEMO_VIRTUAL_WARD_DEFINITION, unit: 'count', improvementDirection: 'increase', frequency: 'weekly', dataSource: SYNTHETIC_SOURCE });
    const values = generateDemoSeries({ seed: g.seed, level: g.level, noise: g.level * 0.12, decimals: 0, steps: [{ fromWeeksBeforeEnd: 20, by: g.level * 0.25 }] }, 52);
    await services.measures.recordValues(actor, measure.id, values.map((value, i) => ({ period: addPeriods(lastWeek, 'weekly', i - values.length + 1), value })));
    parts.push({ measureId: measure.id });
  }
  await sys.createRollup(await sys.withCurrentReads(lead), options.icb.id, { name: 'Virtual ward admissions across the system', kind: 'sum', improvementDirection: 'increase', goalId: systemGoals.get('home')!, components: parts });

  // One initiative, with an exception to the NHS login principle.
  const i = DEMO_MEMBER_INITIATIVE;
  const initiativeActor = await editor(i.member);
  const initiative = await services.initiatives.create(initiativeActor, member(i.member).id, { name: i.name, change: i.change, goalIds: [memberGoals.get(i.member)!] });
  for (const d of i.declarations) await sys.declare(initiativeActor, initiative.id, principles.get(d.principle)!, { stance: d.stance, reason: d.reason });

  // The landscape, and three assessments.
  const capabilities = new Map<string, string>();
  for (const name of DEMO_CAPABILITIES) capabilities.set(name, (await sys.addCapability(lead, options.icb.id, { name })).id);
  for (const e of DEMO_ENTRIES) {
    await sys.putEntry(await editor(e.member), capabilities.get(e.capability)!, member(e.member).id, {
      status: e.status,
      product: e.product ?? '',
      supplier: e.supplier ?? '',
      contractEnd: e.endsInMonths === undefined ? null : addMonths(today, e.endsInMonths),
      serves: e.serves ?? null,
      servesReason: e.reason ?? '',
    });
  }
  const leadId = options.icbLead.kind === 'user' ? options.icbLead.userId : '';
  for (const a of DEMO_ASSESSMENTS) {
    const id = capabilities.get(a.capability)!;
    const scores = Object.fromEntries(Object.entries(a.scores).map(([k, [score, reason]]) => [k, { score, reason }])) as Record<Criterion, { score: number; reason: string }>;
    await sys.putAssessment(lead, id, scores);
    if (a.decided) {
      await sys.decideCapability(lead, id, {
        decided: a.decided,
        decidedOn: today,
        rationale: a.rationale ?? '',
        present: [{ userId: leadId }, { name: 'Chief digital officers of the members', discipline: 'digital' }, { name: 'Sam Turner', discipline: 'patients_representative' }],
      });
    }
  }
}
