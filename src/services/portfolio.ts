/** Capacity, the scoring model and the portfolio: the ranking split by the capacity line per quarter. */
import { InvalidInput } from '../domain/errors.ts';
import { requireRead, requireRole, type Actor } from '../domain/person.ts';
import { SKILLS, validateSkillDemand, type InitiativeSummary, type SkillDemand } from '../domain/initiative.ts';
import { addQuarters, parseQuarter, quarterMessage, quarterOf, quarterRange, type Quarter } from '../domain/quarter.ts';
import { DEFAULT_CRITERIA, preparePortfolio, validateScoringModel, type QuarterPortfolio, type ScoringCriterion } from '../domain/portfolio.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Clock, Storage } from './stores.ts';
import { recordChange } from './audit.ts';
import { isRankable } from './initiatives.ts';
import { formatIsoDate } from '../domain/period.ts';

/** How many quarters the portfolio looks ahead by default, the current one included. */
export const PLANNING_QUARTERS = 8;

/** A quarter's demand against capacity, summed over skills, for the chart. */
export interface QuarterTotals {
  quarter: Quarter;
  capacity: number;
  freed: number;
  committed: number;
  demand: number;
  now: number;
  notNow: number;
}

/** How many portfolios (an organisation's quarter each) one process keeps. */
export const KEPT_PORTFOLIOS = 64;

/** Everything the portfolio page and API show for one quarter; kept and shared, so frozen. */
export interface Portfolio extends QuarterPortfolio {
  /** Initiatives by id, for names and links. */
  initiatives: Map<string, InitiativeSummary>;
  criteria: ScoringCriterion[];
  /** The quarters on the chart, with their totals. */
  totals: QuarterTotals[];
  hasCapacity: boolean;
}

const round = (n: number) => Math.round(n * 100) / 100;
const count = (p: QuarterPortfolio, placement: 'now' | 'not-now') => p.items.filter((i) => i.placement === placement).length;

/** Freeze a portfolio and what it holds, so that no reader can change what the next one is given. */
function freeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const v of value.values()) freeze(v);
  } else if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  }
  return value;
}

function capacityRecord(entries: readonly SkillDemand[]): Record<string, unknown> {
  return Object.fromEntries(entries.map((e) => [`${e.quarter} ${e.skill}`, e.personWeeks]));
}

/** The use cases for capacity, the scoring model and the portfolio. */
export function createPortfolioService(storage: Storage, clock: Clock) {
  function readQuarter(value: unknown): Quarter {
    if (value === undefined || value === null || value === '') return quarterOf(clock());
    const q = parseQuarter(value);
    if (!q) throw new InvalidInput('The quarter is not valid', { quarter: quarterMessage(value) });
    return q;
  }

  // Portfolios kept by organisation and quarter, with the mark they were worked out at (oldest first).
  const kept = new Map<string, { mark: string; portfolio: Promise<Portfolio> }>();

  async function workOut(organisationId: string, quarter: Quarter): Promise<Portfolio> {
    const [all, capacity, stopItems, model] = await Promise.all([
      storage.stores.initiatives.listSummaries(organisationId),
      storage.stores.capacity.list(organisationId),
      storage.stores.stopItems.list(organisationId),
      storage.stores.scoringModels.get(organisationId),
    ]);
    const criteria = model ?? DEFAULT_CRITERIA.map((c) => ({ ...c }));
    // Ranks as people see them: the rankable initiatives 1, 2, …, then the rest.
    const rankable = all.filter(isRankable);
    const others = all.filter((i) => !isRankable(i) && (i.wontDoReason || i.status === 'stopped'));
    const inPortfolio = [...rankable, ...others].map((i, n) => ({ ...i, rank: n + 1 }));
    // Prepared once, placed per quarter: the chart's quarters need only their sums.
    const prepared = preparePortfolio(inPortfolio, capacity, stopItems, criteria);
    const current = quarterOf(clock());
    const from = quarter < current ? quarter : current;
    const chartQuarters = quarterRange(from, addQuarters(from, PLANNING_QUARTERS - 1));
    if (!chartQuarters.includes(quarter)) chartQuarters.push(quarter);
    const mine: QuarterPortfolio = prepared.place(quarter);
    const totals = chartQuarters.map((q): QuarterTotals => {
      const p = q === quarter ? { ...mine, now: count(mine, 'now'), notNow: count(mine, 'not-now') } : prepared.sums(q);
      const sum = (k: 'capacity' | 'freed' | 'committed' | 'demand') => round(p.skills.reduce((s, line) => s + line[k], 0));
      return { quarter: q, capacity: sum('capacity'), freed: sum('freed'), committed: sum('committed'), demand: sum('demand'), now: p.now, notNow: p.notNow };
    });
    return freeze({
      ...mine,
      initiatives: new Map(all.map((i) => [i.id, i])),
      criteria,
      totals,
      hasCapacity: capacity.length > 0,
    });
  }

  return {
    /** The current quarter, by the services' clock. */
    currentQuarter(): Quarter {
      return quarterOf(clock());
    },

    /** Read a quarter from a query or flag; the current quarter when none is given. */
    readQuarter,

    /** The quarters planned by default: the current one and the seven after. */
    planningQuarters(from: Quarter = quarterOf(clock())): Quarter[] {
      return quarterRange(from, addQuarters(from, PLANNING_QUARTERS - 1));
    },

    /** The organisation's available capacity per quarter and skill. */
    async capacity(actor: Actor, organisationId: string): Promise<SkillDemand[]> {
      requireRead(actor, organisationId, 'initiatives');
      return storage.stores.capacity.list(organisationId);
    },

    /**
     * Set the available capacity (editors). `quarters`, when given, limits the change to those
     * quarters (a form shows some quarters); otherwise the entries replace all capacity.
     */
    async setCapacity(actor: Actor, organisationId: string, raw: unknown, quarters?: readonly Quarter[]): Promise<SkillDemand[]> {
      requireRole(actor, organisationId, 'editor');
      const fields: Record<string, string> = {};
      const entries = validateSkillDemand(raw, 'entries', fields);
      if (quarters) {
        entries.forEach((e, i) => {
          if (!quarters.includes(e.quarter)) fields[`entries[${i}].quarter`] = `${e.quarter} is not one of the quarters on this form`;
        });
      }
      if (Object.keys(fields).length) throw new InvalidInput('The capacity is not valid', fields);
      return storage.transaction(async (stores) => {
        const before = await stores.capacity.list(organisationId);
        const kept = quarters ? before.filter((e) => !quarters.includes(e.quarter)) : [];
        const after = [...kept, ...entries];
        await stores.capacity.replace(organisationId, after);
        await recordChange(stores, actor, { organisationId, entityType: 'capacity', entityId: organisationId, action: 'updated', before: capacityRecord(before), after: capacityRecord(after) });
        return stores.capacity.list(organisationId);
      });
    },

    /** The organisation's scoring model (the default until it edits it). */
    async scoringModel(actor: Actor, organisationId: string): Promise<ScoringCriterion[]> {
      requireRead(actor, organisationId, 'initiatives');
      return (await storage.stores.scoringModels.get(organisationId)) ?? [...DEFAULT_CRITERIA];
    },

    /** Change the scoring model's criteria and weights (editors). */
    async setScoringModel(actor: Actor, organisationId: string, raw: unknown): Promise<ScoringCriterion[]> {
      requireRole(actor, organisationId, 'editor');
      const criteria = validateScoringModel(raw);
      return storage.transaction(async (stores) => {
        const before = (await stores.scoringModels.get(organisationId)) ?? DEFAULT_CRITERIA;
        await stores.scoringModels.put(organisationId, criteria);
        const describe = (list: readonly ScoringCriterion[]) => Object.fromEntries(list.map((c) => [c.label, `weight ${c.weight}${c.direction === 'lower_is_better' ? ', lower is better' : ''}`]));
        const recorded = { before: describe(before), after: describe(criteria) };
        // A change the labels and weights do not show (a key alone, or one of two criteria with the
        // same label) is recorded in full, so that no change goes unrecorded: the kept portfolio
        // moves with the audit trail.
        const full = (list: readonly ScoringCriterion[]) => list.map((c) => `${c.key}: ${c.label}, weight ${c.weight}, ${c.direction.replace(/_/g, ' ')}`).join('; ');
        if (full(before) !== full(criteria) && JSON.stringify(recorded.before) === JSON.stringify(recorded.after)) {
          recorded.before['Criteria in full'] = full(before);
          recorded.after['Criteria in full'] = full(criteria);
        }
        await recordChange(stores, actor, { organisationId, entityType: 'scoring_model', entityId: organisationId, action: 'updated', ...recorded });
        return criteria;
      });
    },

    /** The history of capacity and the scoring model, newest first. */
    async planningHistory(actor: Actor, organisationId: string, limit = 20): Promise<AuditEvent[]> {
      requireRead(actor, organisationId, 'initiatives');
      const [capacity, model] = await Promise.all([
        storage.stores.audit.history('capacity', [organisationId], limit),
        storage.stores.audit.history('scoring_model', [organisationId], limit),
      ]);
      return [...capacity, ...model].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
    },

    /**
     * The portfolio in one quarter: ranked initiatives placed now, not now (with the skills they
     * overrun) or won't do, per skill the capacity and the committed demand, and the totals of
     * the planning quarters for the chart. Worked out once per organisation, quarter, day and
     * change mark: every write that can move it (initiatives and their ranks, won't do and pauses,
     * capacity, the scoring model, stop items) records an audit event of the organisation, which
     * moves the mark, so any instance answers what is in the database.
     */
    async portfolio(actor: Actor, organisationId: string, rawQuarter?: unknown): Promise<Portfolio> {
      requireRead(actor, organisationId, 'initiatives');
      const quarter = readQuarter(rawQuarter);
      // The mark is read first: a change that lands while the portfolio is worked out moves it again.
      const mark = `${formatIsoDate(clock())}:${await storage.stores.audit.changeMark(organisationId)}`;
      const key = `${organisationId} ${quarter}`;
      const found = kept.get(key);
      if (found?.mark === mark) return found.portfolio;
      const portfolio = workOut(organisationId, quarter);
      if (found) kept.delete(key);
      else if (kept.size >= KEPT_PORTFOLIOS) kept.delete(kept.keys().next().value!);
      kept.set(key, { mark, portfolio });
      // A failure is not kept: the next request tries again.
      portfolio.catch(() => {
        if (kept.get(key)?.portfolio === portfolio) kept.delete(key);
      });
      return portfolio;
    },

    /** The skills in display order. */
    skills: SKILLS,
  };
}

export type PortfolioService = ReturnType<typeof createPortfolioService>;
