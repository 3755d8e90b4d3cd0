/** Presenters: exactly which fields of initiatives, stop items, decisions and the portfolio leave the server. */
import type { Initiative } from '../../../domain/initiative.ts';
import { weightedScore, type ScoringCriterion } from '../../../domain/portfolio.ts';
import type { StopItem } from '../../../domain/stop-item.ts';
import { presenceOf, type Decision } from '../../../domain/decision.ts';
import type { Portfolio } from '../../../services/portfolio.ts';

/** An initiative as JSON. */
export function presentInitiative(i: Initiative, organisationCode: string, criteria: readonly ScoringCriterion[]) {
  return {
    id: i.id,
    organisationCode,
    name: i.name,
    change: i.change,
    level: i.level,
    status: i.status,
    problemIds: i.problemIds,
    goalIds: i.goalIds,
    hypotheses: i.hypotheses,
    owner: i.owner,
    sponsor: i.sponsor,
    demand: i.demand,
    cost: i.cost,
    startQuarter: i.startQuarter,
    endQuarter: i.endQuarter,
    rank: i.rank,
    wontDoReason: i.wontDoReason,
    scores: i.scores,
    score: weightedScore(i.scores, criteria),
    stoppedOn: i.stoppedOn,
    pausedOn: i.pausedOn,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** A stop item as JSON. */
export function presentStopItem(s: StopItem, organisationCode: string) {
  return {
    id: s.id,
    organisationCode,
    title: s.title,
    kind: s.kind,
    reason: s.reason,
    owner: s.ownerUserId ? { userId: s.ownerUserId, name: s.ownerName ?? '' } : null,
    stopOn: s.stopOn,
    freed: s.freed,
    moneyFreed: s.moneyFreed,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** A decision as JSON, with who was in the room by discipline. */
export function presentDecision(d: Decision, organisationCode: string) {
  return {
    id: d.id,
    organisationCode,
    kind: d.kind,
    decidedOn: d.decidedOn,
    what: d.what,
    options: d.options,
    rationale: d.rationale,
    present: d.present,
    presence: presenceOf(d.present),
    items: d.items.map((i) => ({ type: i.type, id: i.id })),
    supersedesId: d.supersedesId,
    supersededById: d.supersededById,
    recordedBy: d.recordedBy,
    recordedAt: d.recordedAt.toISOString(),
  };
}

/** A quarter's portfolio as JSON. */
export function presentPortfolio(p: Portfolio, organisationCode: string) {
  return {
    organisationCode,
    quarter: p.quarter,
    items: p.items.map((i) => ({
      initiativeId: i.initiativeId,
      name: p.initiatives.get(i.initiativeId)?.name ?? '',
      rank: i.rank,
      placement: i.placement,
      overrunSkills: i.overrunSkills,
      paused: i.paused,
      demand: i.demand,
      score: i.score,
      wontDoReason: p.initiatives.get(i.initiativeId)?.wontDoReason ?? null,
    })),
    skills: p.skills,
    criteria: p.criteria,
  };
}
