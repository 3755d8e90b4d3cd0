/** Presenters: exactly which fields of memberships, principles, capabilities, assessments, roll-ups and the alignment leave the server. */
import { isCurrentOn, RECOMMENDATION_RULE, type Assessment, type CapabilityEntry, type Principle, type RollupMeasure, type Score } from '../../../domain/system.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Decision } from '../../../domain/decision.ts';
import type { MembershipWithOrganisation } from '../../../services/system-store.ts';
import type { CapabilityWithEntries, RollupSeries, SystemService } from '../../../services/systems.ts';

const org = (o: Organisation) => ({ id: o.id, code: o.code, name: o.name, type: o.type });

/** A membership as JSON. */
export function presentMembership(m: MembershipWithOrganisation, today: string) {
  return { id: m.id, systemId: m.systemId, organisation: org(m.organisation), from: m.from, to: m.to, current: isCurrentOn(m, today) };
}

/** A principle as JSON. */
export function presentPrinciple(p: Principle) {
  return { id: p.id, systemId: p.systemId, title: p.title, rationale: p.rationale, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
}

/** A member's capability entry as JSON. */
export function presentEntry(e: CapabilityEntry, codes: ReadonlyMap<string, string>) {
  return {
    capabilityId: e.capabilityId,
    organisationId: e.organisationId,
    organisationCode: codes.get(e.organisationId) ?? null,
    status: e.status,
    product: e.product,
    supplier: e.supplier,
    contractEnd: e.contractEnd,
    serves: e.serves,
    servesReason: e.servesReason,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** A capability with its entries as JSON. */
export function presentCapability(c: CapabilityWithEntries, codes: ReadonlyMap<string, string>) {
  return {
    id: c.capability.id,
    systemId: c.capability.systemId,
    name: c.capability.name,
    description: c.capability.description,
    entries: c.entries.map((e) => presentEntry(e, codes)),
    recommendation: c.assessment?.recommendation ?? null,
    decided: c.assessment?.decided ?? null,
    retired: c.capability.retired && { at: c.capability.retired.at.toISOString(), by: c.capability.retired.by, reason: c.capability.retired.reason },
  };
}

/** An assessment (or its absence) as JSON, with the rule and the suggested commonality. */
export function presentAssessment(capabilityId: string, a: Assessment | null, suggested: Score) {
  return {
    capabilityId,
    assessed: a !== null,
    scores: a ? a.scores : null,
    total: a?.total ?? null,
    recommendation: a?.recommendation ?? null,
    rule: RECOMMENDATION_RULE,
    suggestedCommonality: suggested,
    decisionId: a?.decisionId ?? null,
    decided: a?.decided ?? null,
    assessedBy: a?.assessedBy ?? null,
    assessedAt: a?.assessedAt.toISOString() ?? null,
  };
}

/** A decision of the log, briefly. */
export function presentDecision(d: Decision) {
  return { id: d.id, kind: d.kind, decidedOn: d.decidedOn, what: d.what, rationale: d.rationale, present: d.present.map((p) => ({ name: p.name, discipline: p.discipline })), supersedesId: d.supersedesId };
}

/** A roll-up's definition as JSON. */
export function presentRollup(r: RollupMeasure) {
  return { id: r.id, systemId: r.systemId, goalId: r.goalId, name: r.name, kind: r.kind, unit: r.unit, improvementDirection: r.improvementDirection, frequency: r.frequency, components: r.components };
}

/** A roll-up's series: contributions only of members the caller may read. */
export function presentRollupSeries(s: RollupSeries) {
  return {
    rollup: presentRollup(s.rollup),
    points: s.points.map((p) => ({ ...p, contributions: p.contributions.filter((c) => s.visible.has(c.organisationId)) })),
    incomplete: s.incomplete,
    variation: s.statistics.spc.variation,
    reading: s.statistics.reading.text,
  };
}

/** The alignment view as JSON. */
export function presentAlignment(a: Awaited<ReturnType<SystemService['alignment']>>) {
  return {
    system: org(a.system),
    members: a.members.map((m) => org(m.organisation)),
    goals: a.goals.map((g) => ({
      goalId: g.goal.id,
      statement: g.goal.statement,
      contributions: g.contributions.map((c) => ({ goalId: c.goalId, organisationId: c.organisationId, statement: c.statement, initiatives: c.initiatives.map((i) => ({ id: i.id, name: i.name, status: i.status })) })),
    })),
    uncontributedGoalIds: a.uncontributed.map((g) => g.id),
    exceptions: a.exceptions.map((e) => ({ initiativeId: e.initiativeId, initiativeName: e.initiative.name, organisationId: e.initiative.organisationId, principleId: e.principleId, principleTitle: e.principle.title, reason: e.reason })),
    duplication: a.duplication.map((d) => ({ capabilityId: d.capability.id, name: d.capability.name, organisationIds: d.entries.map((e) => e.organisationId) })),
    convergence: a.convergence.map((c) => ({ capabilityId: c.capabilityId, earliest: c.earliest, latest: c.latest, organisationIds: c.entries.map((e) => e.organisationId) })),
    rollups: a.rollups.map((r) => ({ id: r.rollup.id, name: r.rollup.name, latestPeriod: r.points.at(-1)?.period ?? null, latestValue: r.points.at(-1)?.value ?? null, variation: r.statistics.spc.variation })),
  };
}
