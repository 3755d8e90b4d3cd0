/** Loading the fictional demo organisations, people and problems into an empty database. */
import { createUnknownPassword } from './unknown-password.ts';
import type { Actor, Role } from '../domain/person.ts';
import type { Services } from '../services/index.ts';
import {
  DEMO_ADMIN,
  DEMO_ADMIN_ICB_ROLE,
  DEMO_ICB,
  DEMO_ICB_LEAD,
  DEMO_PASSWORD,
  DEMO_PROBLEMS,
  DEMO_TRUST,
  DEMO_TRUST_MEMBERS,
  type DemoMember,
} from './demo-content.ts';
import { loadDemoMeasures } from './demo-measures.ts';
import { DEMO_WEEKS } from './demo-measures-content.ts';
import { addPeriods, periodStartOf } from '../domain/period.ts';
import { loadDemoChoices } from './demo-choices.ts';
import { loadDemoReview } from './demo-review.ts';
import type { ReferenceSeries } from '../domain/reference-series.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { StoryDocument } from '../domain/story.ts';
import { loadDemoStory } from './demo-story.ts';
import { loadDemoSystem } from './demo-system.ts';

/**
 * Dates the demo's history across its timeline (src/db/demo-history.ts, wired by src/main):
 * `mark` before each step with the date it happened in the demo, `apply` once at the end.
 */
export interface DemoTimeline {
  mark(at: Date): Promise<void>;
  apply(organisationIds: readonly string[], now: Date): Promise<void>;
}

/** How to sign in as the demo admin. */
export interface DemoSignIn {
  email: string;
  password: string;
  organisationCode: string;
}

function actorOf(userId: string, member: DemoMember, roles: [string, Role][]): Actor {
  return { kind: 'user', userId, name: member.name, email: member.email, roles: new Map(roles) };
}

/** Load the demo into an empty database (the caller checks), through the services so all of it is validated and audited. */
export async function loadDemo(
  services: Services,
  options: {
    password?: string;
    fourHour?: ReferenceSeries | undefined;
    /** Tells the story from the work, to publish the demo's versions; without it the demo has no published story. */
    buildStory?: ((actor: Actor, organisation: Organisation) => Promise<StoryDocument>) | undefined;
    /** Dates the history across the demo's timeline; without it, everything is dated now. */
    timeline?: DemoTimeline | undefined;
  } = {},
): Promise<DemoSignIn> {
  const password = options.password ?? DEMO_PASSWORD;
  const now = services.clock();
  // The timeline: the trust and its people a month before the weekly series begin, the problems
  // a fortnight before, goals and measures a week before; the choices, the system's work, the
  // review and the story in the last quarter.
  const seriesStart = addPeriods(periodStartOf(now, 'weekly'), 'weekly', -(DEMO_WEEKS + 1));
  const daysBefore = (date: string | Date, days: number) => new Date(new Date(date).getTime() - days * 86_400_000);
  const mark = (at: Date) => options.timeline?.mark(at);
  await mark(daysBefore(seriesStart, 28));
  const icb = await services.organisations.add(DEMO_ICB);
  const trust = await services.organisations.add(DEMO_TRUST);

  const admin = await services.people.createUser({
    email: DEMO_ADMIN.email,
    name: DEMO_ADMIN.name,
    password,
    organisationId: trust.id,
    role: DEMO_ADMIN.role,
    discipline: DEMO_ADMIN.discipline,
  });
  const adminActor = actorOf(admin.id, DEMO_ADMIN, [[trust.id, DEMO_ADMIN.role]]);

  const icbLead = await services.people.createUser({
    email: DEMO_ICB_LEAD.email,
    name: DEMO_ICB_LEAD.name,
    password: createUnknownPassword(),
    organisationId: icb.id,
    role: DEMO_ICB_LEAD.role,
    discipline: DEMO_ICB_LEAD.discipline,
  });
  const icbLeadActor = actorOf(icbLead.id, DEMO_ICB_LEAD, [[icb.id, DEMO_ICB_LEAD.role]]);
  await services.people.addMember(icbLeadActor, icb.id, {
    email: DEMO_ADMIN.email,
    name: DEMO_ADMIN.name,
    role: DEMO_ADMIN_ICB_ROLE,
    discipline: DEMO_ADMIN.discipline,
  });

  const actors = new Map<string, Actor>([[DEMO_ADMIN.key, adminActor]]);
  for (const member of DEMO_TRUST_MEMBERS) {
    const added = await services.people.addMember(adminActor, trust.id, {
      email: member.email,
      name: member.name,
      role: member.role,
      discipline: member.discipline,
      password: createUnknownPassword(),
    });
    actors.set(member.key, actorOf(added.userId, member, [[trust.id, member.role]]));
  }

  await mark(daysBefore(seriesStart, 14));
  for (const { raisedBy, ...problem } of DEMO_PROBLEMS) {
    const actor = actors.get(raisedBy);
    if (!actor)
      throw new Error(`The demo problem “${problem.title}” is raised by an unknown member`);
    await services.problems.create(actor, trust.id, problem);
  }

  await mark(daysBefore(seriesStart, 7));
  await loadDemoMeasures(services, { organisationId: trust.id, actor: adminActor, fourHour: options.fourHour });
  await mark(daysBefore(now, 13 * 7));
  await loadDemoChoices(services, { organisationId: trust.id, actor: adminActor });
  await mark(daysBefore(now, 8 * 7));
  await loadDemoSystem(services, { icb, trust, icbLead: icbLeadActor, trustActor: adminActor });
  await mark(daysBefore(now, 14));
  await loadDemoReview(services, { organisationId: trust.id, actor: adminActor });
  await mark(daysBefore(now, 7));
  if (options.buildStory) await loadDemoStory(services, { organisation: trust, actor: adminActor, build: options.buildStory });
  await options.timeline?.apply([icb.id, trust.id], now);
  return { email: DEMO_ADMIN.email, password, organisationCode: DEMO_TRUST.code };
}
