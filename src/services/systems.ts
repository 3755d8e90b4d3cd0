/**
 * Systems: an ICB's dated memberships and sharing, its principles (and any organisation's own
 * principles, in the same table), the goals its members contribute to, the capability landscape, system-or-local assessments and roll-up measures.
 * The system edits only its own content; members edit only theirs (domain/person.ts).
 */
import { Conflict, InvalidInput, NotFound } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { canRead, canSeeOrganisation, requireRole, type Actor, type ReadArea } from '../domain/person.ts';
import { parseOdsCode, type Organisation } from '../domain/organisation.ts';
import { formatIsoDate } from '../domain/period.ts';
import { DIRECTIONS, UNITS, type Direction, type Measure, type MeasureValue, type Unit } from '../domain/measure.ts';
import {
  checkMembershipKinds,
  checkNoOverlap,
  checkRollupDefinitions,
  combineRollup,
  findConvergence,
  findDuplication,
  isCurrentOn,
  recommend,
  suggestCommonality,
  validateAssessment,
  validateCapability,
  validateDeclaration,
  validateEntry,
  parseRecommendation,
  RECOMMENDATION_LABELS,
  RECOMMENDATIONS,
  validateMembershipDates,
  validatePrinciple,
  validateSharedAreas,
  validateRetirement,
  ROLLUP_KINDS,
  type Assessment,
  type Capability,
  type CapabilityEntry,
  type ConvergenceOpportunity,
  type Principle,
  type PrincipleDeclaration,
  type RollupComponent,
  type RollupKind,
  type RollupMeasure,
  type RollupPoint,
  type SystemMembership,
} from '../domain/system.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Clock, Storage, Stores } from './stores.ts';
import type { MembershipOfOrganisation, MembershipWithOrganisation } from './system-store.ts';
import type { ReferenceOrganisations } from './organisations.ts';
import { analyseMeasure, type MeasureStatistics } from './measures.ts';
import { recordChange } from './audit.ts';
import { readGrantsFor } from './system-access.ts';
import { DECISION_ITEM_RESOLVERS, recordDecision } from './decisions.ts';
import type { Decision, RawDecision } from '../domain/decision.ts';
import type { Initiative } from '../domain/initiative.ts';

// The decision log's items may name a capability or a principle of a system.
// A capability is read FOR SHARE, so a decision about it and its deletion cannot cross (decision 0014).
DECISION_ITEM_RESOLVERS.capability = async (stores, id) => {
  const c = await stores.systems.lockCapability(id, 'share');
  return c && { organisationId: c.systemId, label: c.name };
};
DECISION_ITEM_RESOLVERS.principle = async (stores, id) => {
  const p = await stores.systems.findPrinciple(id);
  return p && { organisationId: p.systemId, label: p.title };
};

/** A capability with the entries the actor may read. */
export interface CapabilityWithEntries {
  capability: Capability;
  entries: CapabilityEntry[];
  assessment: Assessment | null;
}

/** What deleting a capability takes with it, or the decisions that keep it (decision 0014). */
export interface CapabilityDeletion {
  capability: Capability;
  /** Decisions of the log that concern it: while there is one, it can only be retired. */
  decisions: Decision[];
  decisionCount: number;
  /** Members' entries that go with it (those the actor may read are named). */
  entries: (CapabilityEntry & { organisation: Organisation | null })[];
  assessment: Assessment | null;
}

/** Which capabilities a list holds: current ones (the landscape), retired ones, or both. */
export type CapabilityFilter = 'current' | 'retired' | 'all';

/** A roll-up measure with its combined series, statistics and each member's contribution. */
export interface RollupSeries {
  rollup: RollupMeasure;
  points: RollupPoint[];
  /** Periods left out because a member had no value. */
  incomplete: string[];
  statistics: MeasureStatistics;
  /** The organisations whose contributions the actor may see (others are only in the total). */
  visible: Set<string>;
  measures: Map<string, Measure>;
  /** Organisations whose membership has ended: their measures are no longer read into the roll-up. */
  formerMembers: string[];
}

const rollupRecord = (r: Omit<RollupMeasure, 'id' | 'createdAt'>): Record<string, unknown> => ({
  name: r.name,
  kind: r.kind,
  unit: r.unit,
  improvementDirection: r.improvementDirection,
  goalId: r.goalId,
  components: r.components.map((c) => `${c.measureId}${c.denominatorMeasureId ? ` / ${c.denominatorMeasureId}` : ''}`),
});

/** The use cases for systems. */
export function createSystemService(storage: Storage, reference: ReferenceOrganisations, clock: Clock) {
  const today = () => formatIsoDate(clock());

  /** The system (an ICB) by id, if the actor may see it at all. */
  async function loadSystem(stores: Stores, actor: Actor, systemId: string): Promise<Organisation> {
    const org = isId(systemId) ? await stores.organisations.findById(systemId) : null;
    if (!org || !canSeeOrganisation(actor, org.id)) throw new NotFound('Organisation');
    if (org.type !== 'icb') throw new NotFound('System');
    return org;
  }

  /** Any organisation the actor may see (principles belong to a system or to an organisation itself). */
  async function loadOrganisation(stores: Stores, actor: Actor, organisationId: string): Promise<Organisation> {
    const org = isId(organisationId) ? await stores.organisations.findById(organisationId) : null;
    if (!org || !canSeeOrganisation(actor, org.id)) throw new NotFound('Organisation');
    return org;
  }

  async function loadCapability(stores: Stores, actor: Actor, id: string): Promise<Capability> {
    const c = isId(id) ? await stores.systems.findCapability(id) : null;
    if (!c || !canSeeOrganisation(actor, c.systemId)) throw new NotFound('Capability');
    return c;
  }

  /** A capability, its row locked for this transaction ('share' to depend on it, 'update' to retire or delete it). */
  async function lockCapability(stores: Stores, actor: Actor, id: string, mode: 'share' | 'update'): Promise<Capability> {
    const c = isId(id) ? await stores.systems.lockCapability(id, mode) : null;
    if (!c || !canSeeOrganisation(actor, c.systemId)) throw new NotFound('Capability');
    return c;
  }

  /** Refuse new entries, scores and decisions on a retired capability: it is out of the landscape until brought back. */
  function requireCurrent(c: Capability, what: string): void {
    if (c.retired) throw new Conflict(`${c.name} is retired, so ${what}: the system’s editors can bring it back first`);
  }

  /** The decisions of the system's log that concern a capability. */
  async function decisionsAbout(stores: Stores, c: Capability, limit: number) {
    return stores.decisions.list(c.systemId, { item: { type: 'capability', id: c.id } }, { limit, offset: 0 });
  }

  async function currentMembers(stores: Stores, systemId: string): Promise<MembershipWithOrganisation[]> {
    const on = today();
    return (await stores.systems.listMemberships(systemId)).filter((m) => isCurrentOn(m, on));
  }

  async function checkMembershipDates(stores: Stores, systemId: string, organisationId: string, dates: { from: string; to: string | null }, except: string | null) {
    await stores.systems.lockOrganisation(organisationId);
    const others = (await stores.systems.membershipsOf(organisationId)).filter((m) => m.id !== except);
    checkNoOverlap(dates, systemId, others);
  }

  async function findOrAddMember(stores: Stores, actor: Actor, code: string): Promise<Organisation> {
    let code2: string;
    try {
      code2 = parseOdsCode(code, 'organisation');
    } catch (e) {
      throw e instanceof InvalidInput ? new InvalidInput('Enter the member’s ODS code', e.fields) : e;
    }
    const stored = await stores.organisations.findByCode(code2);
    if (stored) return stored;
    const known = reference.find(code2);
    if (!known) {
      throw new InvalidInput(`${code2} is not in Throughline`, { organisation: `${code2} is not in Throughline or the reference list of NHS trusts: add the organisation first` });
    }
    const org = await stores.organisations.insert({ code: known.code, name: known.name, type: known.type });
    await recordChange(stores, actor, { organisationId: org.id, entityType: 'organisation', entityId: org.id, action: 'created', before: null, after: { code: org.code, name: org.name, type: org.type } });
    return org;
  }

  async function loadComponentMeasure(stores: Stores, actor: Actor, id: unknown, field: string, members: ReadonlySet<string>): Promise<Measure> {
    const m = typeof id === 'string' && isId(id) ? await stores.measures.findById(id) : null;
    if (!m || !canRead(actor, m.organisationId, 'goals')) throw new InvalidInput('A measure was not found', { [field]: `There is no measure ${String(id)} that you can read` });
    if (!members.has(m.organisationId)) throw new InvalidInput('A measure is not of a current member', { [field]: `“${m.name}” is not a measure of a current member of this system` });
    return m;
  }

  async function checkContributionTarget(stores: Stores, organisationId: string, systemGoalId: string | null): Promise<void> {
    if (systemGoalId === null) return;
    const current = (await stores.systems.membershipsOf(organisationId)).find((m) => isCurrentOn(m, today()));
    const target = isId(systemGoalId) ? await stores.goals.findById(systemGoalId) : null;
    if (!current) throw new InvalidInput('The organisation is not a member of a system', { systemGoalId: 'This organisation is not a member of a system today, so its goals cannot contribute to a system goal' });
    if (!target || target.organisationId !== current.systemId) {
      throw new InvalidInput('That is not a goal of this organisation’s system', { systemGoalId: `Choose a goal of ${current.systemName}, the system this organisation belongs to` });
    }
  }

  /** One principle. */
  async function getPrinciple(actor: Actor, id: string): Promise<Principle> {
    const p = isId(id) ? await storage.stores.systems.findPrinciple(id) : null;
    if (!p || !canSeeOrganisation(actor, p.systemId)) throw new NotFound('Principle');
    return p;
  }

  /**
   * The capability catalogue with each member's entry the actor may read: by default the current
   * capabilities only (the landscape), as the matrix, convergence, duplication and the story read it.
   */
  async function listCapabilities(actor: Actor, systemId: string, filter: CapabilityFilter = 'current'): Promise<CapabilityWithEntries[]> {
    await loadSystem(storage.stores, actor, systemId);
    const caps = (await storage.stores.systems.listCapabilities(systemId)).filter((c) => filter === 'all' || (filter === 'retired') === (c.retired !== null));
    const ids = caps.map((c) => c.id);
    const [entries, assessments] = await Promise.all([storage.stores.systems.listEntries(ids), storage.stores.systems.listAssessments(ids)]);
    const readable = entries.filter((e) => canRead(actor, e.organisationId, 'capabilities'));
    return caps.map((capability) => ({
      capability,
      entries: readable.filter((e) => e.capabilityId === capability.id),
      assessment: assessments.find((a) => a.capabilityId === capability.id) ?? null,
    }));
  }

  /** One capability with its readable entries and assessment. */
  async function getCapability(actor: Actor, id: string): Promise<CapabilityWithEntries> {
    const capability = await loadCapability(storage.stores, actor, id);
    const [entries, assessment] = await Promise.all([storage.stores.systems.listEntries([id]), storage.stores.systems.findAssessment(id)]);
    return { capability, entries: entries.filter((e) => canRead(actor, e.organisationId, 'capabilities')), assessment };
  }

  /**
   * Rename or redescribe a capability, retire it with a reason (`retired: true`) or bring it back
   * (`retired: false`), all in one transaction (the system's editors). A retired capability leaves
   * the landscape but stays readable on its own page, with when, by whom and why.
   */
  async function updateCapability(actor: Actor, id: string, raw: { name?: unknown; description?: unknown; retired?: unknown; retiredReason?: unknown }): Promise<Capability> {
    return storage.transaction(async (stores) => {
      const before = await lockCapability(stores, actor, id, 'update');
      requireRole(actor, before.systemId, 'editor');
      if (raw.retired !== undefined && typeof raw.retired !== 'boolean') throw new InvalidInput('Say whether the capability is retired', { retired: 'Retired must be true or false' });
      const retire = raw.retired === true;
      const restore = raw.retired === false;
      if (raw.retiredReason !== undefined && !retire) throw new InvalidInput('A reason goes with retiring', { retiredReason: 'Give a reason only when you retire the capability' });
      const reason = retire ? validateRetirement({ reason: raw.retiredReason }, 'retiredReason') : null;
      const fields = validateCapability({ name: raw.name ?? before.name, description: raw.description ?? before.description });
      if (retire && before.retired) throw new Conflict(`${before.name} is already retired`, { retired: `${before.name} was retired on ${formatIsoDate(before.retired.at)} by ${before.retired.by}` });
      if (restore && !before.retired) throw new Conflict(`${before.name} is not retired`, { retired: `${before.name} is current, so there is nothing to bring back` });
      let c = before;
      if (fields.name !== before.name || fields.description !== before.description) {
        const clash = await stores.systems.findCapabilityByName(before.systemId, fields.name);
        if (clash && clash.id !== id) throw new Conflict('That capability is already in the catalogue', { name: `${fields.name} is already in the catalogue` });
        c = await stores.systems.updateCapability(id, fields);
        await recordChange(stores, actor, { organisationId: before.systemId, entityType: 'capability', entityId: id, action: 'updated', before: { name: before.name, description: before.description }, after: fields });
      }
      if (reason !== null || restore) {
        c = await stores.systems.setCapabilityRetired(id, reason !== null ? { at: clock(), by: actor.name, reason } : null);
        await recordChange(stores, actor, { organisationId: before.systemId, entityType: 'capability', entityId: id, action: 'updated', before: { retired: before.retired?.reason ?? null }, after: { retired: reason } });
      }
      return c;
    });
  }

  /** Several roll-ups' series at once (the alignment view). */
  async function rollupSeriesFor(actor: Actor, systemId: string): Promise<RollupSeries[]> {
    await loadSystem(storage.stores, actor, systemId);
    const [rollups, members] = await Promise.all([storage.stores.systems.listRollups(systemId), currentMembers(storage.stores, systemId)]);
    const current = new Set(members.map((m) => m.organisationId));
    return Promise.all(rollups.map((r) => seriesOf(storage.stores, actor, r, current)));
  }

  return {
    /** Recompute an actor's read grants from the memberships current now (for tests, the demo and the CLI). */
    async withCurrentReads(actor: Actor): Promise<Actor> {
      const ids = actor.kind === 'token' ? [actor.organisationId] : [...actor.roles.keys()];
      return { ...actor, reads: await readGrantsFor(storage.stores, ids, today()) };
    },

    // ---- memberships -----------------------------------------------------------------------

    /** Every membership of a system, past and present (its people, and its current members). */
    async listMemberships(actor: Actor, systemId: string): Promise<{ memberships: MembershipWithOrganisation[]; today: string }> {
      await loadSystem(storage.stores, actor, systemId);
      return { memberships: await storage.stores.systems.listMemberships(systemId), today: today() };
    },

    /** The organisations that are members now. */
    async listCurrentMembers(actor: Actor, systemId: string): Promise<MembershipWithOrganisation[]> {
      await loadSystem(storage.stores, actor, systemId);
      return currentMembers(storage.stores, systemId);
    },

    /** The systems an organisation has belonged to, and the one it belongs to today. */
    async systemsOf(actor: Actor, organisationId: string): Promise<{ memberships: MembershipOfOrganisation[]; current: MembershipOfOrganisation | null }> {
      requireRole(actor, organisationId, 'viewer');
      const memberships = await storage.stores.systems.membershipsOf(organisationId);
      const on = today();
      return { memberships, current: memberships.find((m) => isCurrentOn(m, on)) ?? null };
    },

    /** Add a dated membership (the system's editors): never overlapping, one system at a time. */
    async addMembership(actor: Actor, systemId: string, raw: { organisation?: unknown; from?: unknown; to?: unknown }): Promise<MembershipWithOrganisation> {
      const system = await loadSystem(storage.stores, actor, systemId);
      requireRole(actor, system.id, 'editor');
      const dates = validateMembershipDates(raw);
      if (typeof raw.organisation !== 'string' || !raw.organisation.trim()) {
        throw new InvalidInput('Enter the member’s ODS code', { organisation: 'Enter the ODS code of the member organisation, like RHQ' });
      }
      const code = raw.organisation;
      return storage.transaction(async (stores) => {
        const member = await findOrAddMember(stores, actor, code);
        checkMembershipKinds(system, member);
        await checkMembershipDates(stores, system.id, member.id, dates, null);
        const m = await stores.systems.insertMembership({ systemId: system.id, organisationId: member.id, ...dates });
        await recordChange(stores, actor, { organisationId: system.id, entityType: 'system_membership', entityId: m.id, action: 'created', before: null, after: { organisation: member.code, from: m.from, to: m.to } });
        return { ...m, organisation: member };
      });
    },

    /**
     * One membership, with its member and the member's other memberships, of any system, whose
     * dates it must not overlap (the system's people only).
     */
    async getMembership(actor: Actor, membershipId: string): Promise<{ membership: MembershipWithOrganisation; others: MembershipOfOrganisation[]; today: string }> {
      const m = isId(membershipId) ? await storage.stores.systems.findMembership(membershipId) : null;
      if (!m || !canSeeOrganisation(actor, m.systemId)) throw new NotFound('Membership');
      requireRole(actor, m.systemId, 'viewer');
      const [organisation, all] = await Promise.all([storage.stores.organisations.findById(m.organisationId), storage.stores.systems.membershipsOf(m.organisationId)]);
      if (!organisation) throw new NotFound('Membership');
      return { membership: { ...m, organisation }, others: all.filter((o) => o.id !== m.id), today: today() };
    },

    /** Set (or clear) a membership's last day (the system's editors); its history stays. */
    async endMembership(actor: Actor, membershipId: string, raw: { to?: unknown }): Promise<SystemMembership> {
      return storage.transaction(async (stores) => {
        const before = isId(membershipId) ? await stores.systems.findMembership(membershipId) : null;
        if (!before || !canSeeOrganisation(actor, before.systemId)) throw new NotFound('Membership');
        requireRole(actor, before.systemId, 'editor');
        const dates = validateMembershipDates({ from: before.from, to: raw.to });
        await checkMembershipDates(stores, before.systemId, before.organisationId, dates, before.id);
        const after = await stores.systems.setMembershipEnd(before.id, dates.to);
        await recordChange(stores, actor, { organisationId: before.systemId, entityType: 'system_membership', entityId: before.id, action: 'updated', before: { to: before.to }, after: { to: after.to } });
        return after;
      });
    },

    /** The history of a system's memberships, newest first. */
    async membershipHistory(actor: Actor, systemId: string): Promise<AuditEvent[]> {
      await loadSystem(storage.stores, actor, systemId);
      requireRole(actor, systemId, 'viewer');
      const ids = (await storage.stores.systems.listMemberships(systemId)).map((m) => m.id);
      return ids.length ? storage.stores.audit.history('system_membership', ids, 200) : [];
    },

    /** What the system shares between its members. */
    async sharedAreas(actor: Actor, systemId: string): Promise<ReadArea[]> {
      await loadSystem(storage.stores, actor, systemId);
      return storage.stores.systems.sharedAreas(systemId);
    },

    /** Choose what members may read of each other's work (the system's editors). */
    async setSharedAreas(actor: Actor, systemId: string, raw: unknown): Promise<ReadArea[]> {
      await loadSystem(storage.stores, actor, systemId);
      requireRole(actor, systemId, 'editor');
      const areas = validateSharedAreas(raw);
      return storage.transaction(async (stores) => {
        const before = await stores.systems.sharedAreas(systemId);
        await stores.systems.setSharedAreas(systemId, areas);
        await recordChange(stores, actor, { organisationId: systemId, entityType: 'system_settings', entityId: systemId, action: 'updated', before: { sharedAreas: before }, after: { sharedAreas: areas } });
        return areas;
      });
    },

    // ---- principles -----------------------------------------------------------------------

    /**
     * An organisation's principles: an ICB's are its system's, which its members work within and
     * declare against; any other organisation's are its own, told in its story beside its system's.
     */
    async listPrinciples(actor: Actor, organisationId: string): Promise<Principle[]> {
      await loadOrganisation(storage.stores, actor, organisationId);
      return storage.stores.systems.listPrinciples(organisationId);
    },

    getPrinciple,


    /** Set a principle with its rationale (the organisation's editors: an ICB's for the system). */
    async addPrinciple(actor: Actor, organisationId: string, raw: { title?: unknown; rationale?: unknown }): Promise<Principle> {
      await loadOrganisation(storage.stores, actor, organisationId);
      requireRole(actor, organisationId, 'editor');
      const fields = validatePrinciple(raw);
      return storage.transaction(async (stores) => {
        const p = await stores.systems.insertPrinciple(organisationId, fields);
        await recordChange(stores, actor, { organisationId, entityType: 'principle', entityId: p.id, action: 'created', before: null, after: fields });
        return p;
      });
    },

    /** Change a principle (the editors of the organisation it belongs to). */
    async updatePrinciple(actor: Actor, id: string, raw: { title?: unknown; rationale?: unknown }): Promise<Principle> {
      const before = await getPrinciple(actor, id);
      requireRole(actor, before.systemId, 'editor');
      const fields = validatePrinciple({ title: raw.title ?? before.title, rationale: raw.rationale ?? before.rationale });
      return storage.transaction(async (stores) => {
        const p = await stores.systems.updatePrinciple(id, fields);
        await recordChange(stores, actor, { organisationId: before.systemId, entityType: 'principle', entityId: id, action: 'updated', before: { title: before.title, rationale: before.rationale }, after: fields });
        return p;
      });
    },

    /** Remove a principle (the editors of the organisation it belongs to); initiatives' declarations against it go too. */
    async deletePrinciple(actor: Actor, id: string): Promise<void> {
      const before = await getPrinciple(actor, id);
      requireRole(actor, before.systemId, 'editor');
      await storage.transaction(async (stores) => {
        await stores.systems.deletePrinciple(id);
        await recordChange(stores, actor, { organisationId: before.systemId, entityType: 'principle', entityId: id, action: 'deleted', before: { title: before.title, rationale: before.rationale }, after: null });
      });
    },

    // ---- contributions ----------------------------------------------------------------------

    /** The system an organisation belongs to today and that system's goals, to contribute to. */
    async systemGoalsFor(actor: Actor, organisationId: string) {
      requireRole(actor, organisationId, 'viewer');
      const current = (await storage.stores.systems.membershipsOf(organisationId)).find((m) => isCurrentOn(m, today()));
      if (!current) return { system: null, goals: [] };
      const system = await storage.stores.organisations.findById(current.systemId);
      return { system, goals: await storage.stores.goals.list(current.systemId) };
    },

    /** The system goal a goal contributes to, if any. */
    async contributionOf(actor: Actor, goalId: string): Promise<string | null> {
      const goal = isId(goalId) ? await storage.stores.goals.findById(goalId) : null;
      if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
      return storage.stores.systems.contributionOf(goalId);
    },

    /**
     * Refuse, without writing, a system goal that a goal of this organisation cannot contribute
     * to (the goal form checks before it saves the goal itself).
     */
    async checkContribution(actor: Actor, organisationId: string, systemGoalId: string | null): Promise<void> {
      requireRole(actor, organisationId, 'editor');
      await checkContributionTarget(storage.stores, organisationId, systemGoalId);
    },

    /**
     * Say which goal of its current system a member's goal contributes to, or none (editors of
     * the member). A goal of another system, or of the organisation itself, is refused.
     */
    async setContribution(actor: Actor, goalId: string, systemGoalId: string | null): Promise<void> {
      await storage.transaction(async (stores) => {
        const goal = isId(goalId) ? await stores.goals.findById(goalId) : null;
        if (!goal || !canRead(actor, goal.organisationId, 'goals')) throw new NotFound('Goal');
        requireRole(actor, goal.organisationId, 'editor');
        const before = await stores.systems.contributionOf(goalId);
        if (before === systemGoalId) return;
        await checkContributionTarget(stores, goal.organisationId, systemGoalId);
        await stores.systems.setContribution(goalId, systemGoalId);
        await recordChange(stores, actor, { organisationId: goal.organisationId, entityType: 'goal', entityId: goalId, action: 'updated', before: { contributesTo: before }, after: { contributesTo: systemGoalId } });
      });
    },

    // ---- capabilities -----------------------------------------------------------------------

    listCapabilities,


    getCapability,


    /** Add a capability to the catalogue (the system's editors). */
    async addCapability(actor: Actor, systemId: string, raw: { name?: unknown; description?: unknown }): Promise<Capability> {
      await loadSystem(storage.stores, actor, systemId);
      requireRole(actor, systemId, 'editor');
      const fields = validateCapability(raw);
      return storage.transaction(async (stores) => {
        const clash = await stores.systems.findCapabilityByName(systemId, fields.name);
        if (clash) throw new Conflict('That capability is already in the catalogue', { name: clash.retired ? `${clash.name} is in the catalogue, retired: bring it back from its page instead` : `${fields.name} is already in the catalogue` });
        const c = await stores.systems.insertCapability(systemId, fields);
        await recordChange(stores, actor, { organisationId: systemId, entityType: 'capability', entityId: c.id, action: 'created', before: null, after: fields });
        return c;
      });
    },

    updateCapability,

    /** Retire a capability with the reason (the system's editors): it leaves the landscape and stays readable. */
    async retireCapability(actor: Actor, id: string, reason: unknown): Promise<Capability> {
      return updateCapability(actor, id, { retired: true, retiredReason: reason });
    },

    /** Bring a retired capability back into the landscape (the system's editors). */
    async restoreCapability(actor: Actor, id: string): Promise<Capability> {
      return updateCapability(actor, id, { retired: false });
    },

    /**
     * What deleting a capability would take with it (the system's editors): members' entries and
     * the assessment, or the decisions that concern it, which mean it can only be retired.
     */
    async capabilityDeletion(actor: Actor, id: string): Promise<CapabilityDeletion> {
      const capability = await loadCapability(storage.stores, actor, id);
      requireRole(actor, capability.systemId, 'editor');
      return deletionOf(storage.stores, actor, capability);
    },

    /**
     * Delete a capability with its members' entries and its assessment, in one transaction with
     * its audit record (the system's editors). A decision in the decision log is never changed, so
     * a capability that any decision concerns cannot be deleted: it is a Conflict, to retire instead.
     */
    async deleteCapability(actor: Actor, id: string): Promise<CapabilityDeletion> {
      return storage.transaction(async (stores) => {
        const capability = await lockCapability(stores, actor, id, 'update');
        requireRole(actor, capability.systemId, 'editor');
        const gone = await deletionOf(stores, actor, capability);
        if (gone.decisionCount > 0 || gone.assessment?.decisionId) {
          throw new Conflict(`${capability.name} cannot be deleted: ${gone.decisionCount === 1 ? 'a decision in the decision log concerns it' : `${gone.decisionCount} decisions in the decision log concern it`}, and decisions are never changed. Retire it instead`);
        }
        await stores.systems.deleteCapability(id);
        await recordChange(stores, actor, {
          organisationId: capability.systemId,
          entityType: 'capability',
          entityId: id,
          action: 'deleted',
          before: { name: capability.name, description: capability.description, retired: capability.retired?.reason ?? null, entries: gone.entries.length, assessment: gone.assessment ? gone.assessment.recommendation : null },
          after: null,
        });
        return gone;
      });
    },

    /** Record where a member stands on a capability (the member's editors only: not the system's). */
    async putEntry(actor: Actor, capabilityId: string, organisationId: string, raw: Record<string, unknown>): Promise<CapabilityEntry> {
      return storage.transaction(async (stores) => {
        const capability = await lockCapability(stores, actor, capabilityId, 'share');
        if (!isId(organisationId) || !canSeeOrganisation(actor, organisationId)) throw new NotFound('Organisation');
        requireRole(actor, organisationId, 'editor');
        requireCurrent(capability, 'members no longer record entries on it');
        const current = (await stores.systems.membershipsOf(organisationId)).some((m) => m.systemId === capability.systemId && isCurrentOn(m, today()));
        if (!current) throw new InvalidInput('The organisation is not a current member of this system', { organisation: 'Only a current member of the system records its capabilities' });
        const fields = validateEntry(raw);
        const before = await stores.systems.findEntry(capabilityId, organisationId);
        const entry = await stores.systems.upsertEntry(capabilityId, organisationId, fields);
        const rec = (e: CapabilityEntry | null) => (e ? { status: e.status, product: e.product, supplier: e.supplier, contractEnd: e.contractEnd, serves: e.serves, servesReason: e.servesReason } : null);
        await recordChange(stores, actor, { organisationId, entityType: 'capability_entry', entityId: entry.id, action: before ? 'updated' : 'created', before: rec(before), after: rec(entry) });
        return entry;
      });
    },

    /** The matrix: capabilities × current members, with the entries the actor may read. */
    async matrix(actor: Actor, systemId: string) {
      const [capabilities, members] = await Promise.all([listCapabilities(actor, systemId), currentMembers(storage.stores, systemId)]);
      return { capabilities, members: members.map((m) => ({ ...m.organisation, readable: canRead(actor, m.organisation.id, 'capabilities') })) };
    },

    /** Contracts for one capability that end within 24 months in two or more members. */
    async convergence(actor: Actor, systemId: string): Promise<ConvergenceOpportunity[]> {
      const caps = await listCapabilities(actor, systemId);
      const members = new Set((await currentMembers(storage.stores, systemId)).map((m) => m.organisationId));
      return findConvergence(caps.flatMap((c) => c.entries).filter((e) => members.has(e.organisationId)), today());
    },

    // ---- assessments -----------------------------------------------------------------------

    /** A capability's assessment (or none yet), with the commonality the landscape suggests. */
    async getAssessment(actor: Actor, capabilityId: string) {
      const { capability, entries, assessment } = await getCapability(actor, capabilityId);
      const members = await currentMembers(storage.stores, capability.systemId);
      const ids = new Set(members.map((m) => m.organisationId));
      // Suggested from every current member's entry, readable or not: it is a count, not content.
      const all = (await storage.stores.systems.listEntries([capabilityId])).filter((e) => ids.has(e.organisationId));
      return { capability, entries, assessment, suggestedCommonality: suggestCommonality(all, members.length) };
    },

    /** Score a capability on the four criteria, each with its reason (the system's editors). */
    async putAssessment(actor: Actor, capabilityId: string, raw: Record<string, unknown>): Promise<Assessment> {
      return storage.transaction(async (stores) => {
        const capability = await lockCapability(stores, actor, capabilityId, 'share');
        requireRole(actor, capability.systemId, 'editor');
        requireCurrent(capability, 'it is not assessed');
        const scores = validateAssessment(raw);
        const plain = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.score])) as Parameters<typeof recommend>[0];
        const { total, recommendation } = recommend(plain);
        const before = await stores.systems.findAssessment(capabilityId);
        const a = await stores.systems.putAssessment({ capabilityId, scores, total, recommendation, assessedBy: actor.name });
        const rec = (x: Assessment | null) => (x ? { ...Object.fromEntries(Object.entries(x.scores).map(([k, v]) => [k, `${v.score}: ${v.reason}`])), recommendation: x.recommendation } : null);
        await recordChange(stores, actor, { organisationId: capability.systemId, entityType: 'capability', entityId: capabilityId, action: before ? 'updated' : 'created', before: rec(before), after: rec(a) });
        return a;
      });
    },

    /** The history of a capability (its definition and assessment), newest first. */
    async capabilityHistory(actor: Actor, capabilityId: string): Promise<AuditEvent[]> {
      await loadCapability(storage.stores, actor, capabilityId);
      return storage.stores.audit.history('capability', [capabilityId], 200);
    },

    // ---- roll-up measures -------------------------------------------------------------------

    /** The system's roll-up measures. */
    async listRollups(actor: Actor, systemId: string): Promise<RollupMeasure[]> {
      await loadSystem(storage.stores, actor, systemId);
      return storage.stores.systems.listRollups(systemId);
    },

    /**
     * Define a roll-up over current members' measures of one definition (the system's editors):
     * counts summed, or numerator and denominator counts for a rate or percentage.
     */
    async createRollup(actor: Actor, systemId: string, raw: { name?: unknown; kind?: unknown; unit?: unknown; improvementDirection?: unknown; goalId?: unknown; components?: unknown }): Promise<RollupMeasure> {
      const system = await loadSystem(storage.stores, actor, systemId);
      requireRole(actor, system.id, 'editor');
      const fields: Record<string, string> = {};
      const name = typeof raw.name === 'string' ? raw.name.trim() : '';
      if (!name) fields.name = 'Enter the roll-up’s name';
      else if (name.length > 200) fields.name = 'The name must be 200 characters or fewer';
      const kind = raw.kind;
      if (typeof kind !== 'string' || !(ROLLUP_KINDS as readonly string[]).includes(kind)) fields.kind = 'Choose a sum of counts or a rate (numerators over denominators)';
      const unit = (raw.unit ?? (kind === 'sum' ? 'count' : 'percentage')) as string;
      if (!(UNITS as readonly string[]).includes(unit) || (kind === 'sum' && unit !== 'count') || (kind === 'ratio' && unit !== 'percentage' && unit !== 'rate')) {
        fields.unit = kind === 'sum' ? 'A sum of counts is a count' : 'A ratio is a percentage or a rate';
      }
      const direction = raw.improvementDirection;
      if (typeof direction !== 'string' || !(DIRECTIONS as readonly string[]).includes(direction)) fields.improvementDirection = 'Choose which way is better';
      if (!Array.isArray(raw.components)) fields.components = 'Choose the measures of two or more members';
      if (Object.keys(fields).length) throw new InvalidInput('The roll-up is not valid', fields);
      const members = new Set((await currentMembers(storage.stores, system.id)).map((m) => m.organisationId));
      return storage.transaction(async (stores) => {
        let goalId: string | null = null;
        if (raw.goalId != null && raw.goalId !== '') {
          const goal = typeof raw.goalId === 'string' && isId(raw.goalId) ? await stores.goals.findById(raw.goalId) : null;
          if (!goal || goal.organisationId !== system.id) throw new InvalidInput('That is not a system goal', { goalId: 'Choose one of the system’s own goals' });
          goalId = goal.id;
        }
        const parts: Parameters<typeof checkRollupDefinitions>[1][number][] = [];
        const components: RollupComponent[] = [];
        const list = raw.components as unknown[];
        for (let i = 0; i < list.length; i++) {
          const item = (list[i] && typeof list[i] === 'object' ? list[i] : {}) as { measureId?: unknown; denominatorMeasureId?: unknown };
          const measure = await loadComponentMeasure(stores, actor, item.measureId, `components[${i}].measureId`, members);
          const denominator = kind === 'ratio' && item.denominatorMeasureId ? await loadComponentMeasure(stores, actor, item.denominatorMeasureId, `components[${i}].denominatorMeasureId`, members) : null;
          if (denominator && denominator.organisationId !== measure.organisationId) {
            throw new InvalidInput('A denominator is of another member', { [`components[${i}].denominatorMeasureId`]: 'The denominator must be a measure of the same member as the numerator' });
          }
          const org = (await stores.organisations.findById(measure.organisationId))!;
          parts.push({ organisationName: org.name, measure, denominator });
          components.push({ organisationId: measure.organisationId, measureId: measure.id, denominatorMeasureId: denominator?.id ?? null });
        }
        checkRollupDefinitions(kind as RollupKind, parts);
        const r = { systemId: system.id, goalId, name, kind: kind as RollupKind, unit: unit as Unit, improvementDirection: direction as Direction, frequency: parts[0]!.measure.frequency, components };
        const created = await stores.systems.insertRollup(r);
        await recordChange(stores, actor, { organisationId: system.id, entityType: 'rollup_measure', entityId: created.id, action: 'created', before: null, after: rollupRecord(r) });
        return created;
      });
    },

    /** The current members and the count measures of each that the actor may roll up. */
    async rollupCandidates(actor: Actor, systemId: string): Promise<{ organisation: Organisation; measures: Measure[] }[]> {
      await loadSystem(storage.stores, actor, systemId);
      const members = await currentMembers(storage.stores, systemId);
      return Promise.all(
        members.map(async (m) => ({
          organisation: m.organisation,
          measures: canRead(actor, m.organisationId, 'goals') ? (await storage.stores.measures.listForOrganisation(m.organisationId)).filter((x) => x.unit === 'count') : [],
        })),
      );
    },

    /** Remove a roll-up (the system's editors); members' measures are untouched. */
    async deleteRollup(actor: Actor, id: string): Promise<void> {
      const r = isId(id) ? await storage.stores.systems.findRollup(id) : null;
      if (!r || !canSeeOrganisation(actor, r.systemId)) throw new NotFound('Roll-up measure');
      requireRole(actor, r.systemId, 'editor');
      await storage.transaction(async (stores) => {
        await stores.systems.deleteRollup(id);
        await recordChange(stores, actor, { organisationId: r.systemId, entityType: 'rollup_measure', entityId: id, action: 'deleted', before: rollupRecord(r), after: null });
      });
    },

    /** A roll-up's combined values, charted with SPC, and each member's contribution. */
    async rollupSeries(actor: Actor, id: string): Promise<RollupSeries> {
      const rollup = isId(id) ? await storage.stores.systems.findRollup(id) : null;
      if (!rollup || !canSeeOrganisation(actor, rollup.systemId)) throw new NotFound('Roll-up measure');
      const current = new Set((await currentMembers(storage.stores, rollup.systemId)).map((m) => m.organisationId));
      return seriesOf(storage.stores, actor, rollup, current);
    },

    rollupSeriesFor,


    /**
     * Record the system's system-or-local decision on an assessed capability in the decision
     * log, with who was present; a later decision supersedes the earlier one.
     */
    async decideCapability(actor: Actor, capabilityId: string, raw: RawDecision & { decided?: unknown }): Promise<Decision> {
      return storage.transaction(async (stores) => {
        const capability = await lockCapability(stores, actor, capabilityId, 'share');
        requireRole(actor, capability.systemId, 'editor');
        requireCurrent(capability, 'the system does not decide where it is done');
        const assessment = await stores.systems.findAssessment(capabilityId);
        if (!assessment) throw new InvalidInput('Assess the capability first', { decided: 'Score the capability before recording the decision' });
        const decided = parseRecommendation(raw.decided);
        const lead = `${capability.name}: ${RECOMMENDATION_LABELS[decided].toLowerCase()}`;
        const what = typeof raw.what === 'string' && raw.what.trim() ? `${lead}. ${raw.what.trim()}` : lead;
        const decision = await recordDecision(
          stores,
          actor,
          capability.systemId,
          {
            ...raw,
            kind: 'system_or_local',
            what,
            options: raw.options ?? RECOMMENDATIONS.map((r) => RECOMMENDATION_LABELS[r]),
            items: [{ type: 'capability', id: capabilityId }],
            supersedesId: assessment.decisionId ?? undefined,
          },
          clock(),
        );
        await stores.systems.setAssessmentDecision(capabilityId, decision.id, decided);
        return decision;
      });
    },

    // ---- principles and initiatives ---------------------------------------------------------

    /** The principles of an initiative's current system, and its declaration against each. */
    async declarations(actor: Actor, initiativeId: string): Promise<{ system: Organisation | null; principles: { principle: Principle; declaration: PrincipleDeclaration | null }[] }> {
      const initiative = isId(initiativeId) ? await storage.stores.initiatives.findById(initiativeId) : null;
      if (!initiative || !canRead(actor, initiative.organisationId, 'initiatives')) throw new NotFound('Initiative');
      const current = (await storage.stores.systems.membershipsOf(initiative.organisationId)).find((m) => isCurrentOn(m, today()));
      if (!current) return { system: null, principles: [] };
      const [system, list, declared] = await Promise.all([
        storage.stores.organisations.findById(current.systemId),
        storage.stores.systems.listPrinciples(current.systemId),
        storage.stores.systems.listDeclarations([initiativeId]),
      ]);
      return { system, principles: list.map((principle) => ({ principle, declaration: declared.find((d) => d.principleId === principle.id) ?? null })) };
    },

    /**
     * Declare that an initiative conforms to a principle of its system, or ask for an exception
     * with the reason (editors of the initiative's organisation). No approval: the system sees it.
     */
    async declare(actor: Actor, initiativeId: string, principleId: string, raw: { stance?: unknown; reason?: unknown }): Promise<PrincipleDeclaration> {
      return storage.transaction(async (stores) => {
        const initiative = isId(initiativeId) ? await stores.initiatives.findById(initiativeId) : null;
        if (!initiative || !canRead(actor, initiative.organisationId, 'initiatives')) throw new NotFound('Initiative');
        requireRole(actor, initiative.organisationId, 'editor');
        const principle = isId(principleId) ? await stores.systems.findPrinciple(principleId) : null;
        const current = (await stores.systems.membershipsOf(initiative.organisationId)).find((m) => isCurrentOn(m, today()));
        if (!principle || !current || principle.systemId !== current.systemId) {
          throw new InvalidInput('That is not a principle of this organisation’s system', { principleId: 'Choose a principle of the system this organisation belongs to' });
        }
        const fields = validateDeclaration(raw);
        const before = (await stores.systems.listDeclarations([initiativeId])).find((d) => d.principleId === principleId) ?? null;
        const d = await stores.systems.putDeclaration({ initiativeId, principleId, ...fields });
        const rec = (x: { stance: string; reason: string } | null) => (x ? { [`principle “${principle.title}”`]: x.stance === 'exception' ? `exception: ${x.reason}` : 'conforms' } : null);
        await recordChange(stores, actor, { organisationId: initiative.organisationId, entityType: 'initiative', entityId: initiativeId, action: 'updated', before: rec(before), after: rec(fields) });
        return d;
      });
    },

    // ---- alignment --------------------------------------------------------------------------

    /**
     * Per system goal, the member goals that contribute; system goals nobody contributes to;
     * capabilities two or more members build locally; and the roll-up measures.
     */
    async alignment(actor: Actor, systemId: string) {
      const system = await loadSystem(storage.stores, actor, systemId);
      const stores = storage.stores;
      const [systemGoals, members, capabilities, rollups] = await Promise.all([
        stores.goals.list(system.id),
        currentMembers(stores, system.id),
        listCapabilities(actor, system.id),
        rollupSeriesFor(actor, system.id),
      ]);
      const contributions = (await stores.systems.contributionsTo(systemGoals.map((g) => g.id))).filter((c) => canRead(actor, c.organisationId, 'goals'));
      const names = new Map(members.map((m) => [m.organisationId, m.organisation]));
      const goals = systemGoals.map((goal) => ({
        goal,
        contributions: contributions.filter((c) => c.systemGoalId === goal.id).map((c) => ({ ...c, organisation: names.get(c.organisationId) ?? null, initiatives: [] as Initiative[] })),
      }));
      // Member initiatives that serve a contributing goal, read per member in one query each.
      const contributingOrgs = [...new Set(contributions.map((c) => c.organisationId))].filter((o) => canRead(actor, o, 'initiatives'));
      const memberInitiatives = (await Promise.all(contributingOrgs.map((o) => stores.initiatives.list(o)))).flat();
      const principleList = await stores.systems.listPrinciples(system.id);
      const readableInitiatives = await Promise.all(
        members.filter((m) => canRead(actor, m.organisationId, 'initiatives')).map((m) => (contributingOrgs.includes(m.organisationId) ? Promise.resolve(memberInitiatives.filter((i) => i.organisationId === m.organisationId)) : stores.initiatives.list(m.organisationId))),
      );
      const allInitiatives = new Map<string, Initiative>(readableInitiatives.flat().map((i) => [i.id, i]));
      const declarations = await stores.systems.listDeclarations([...allInitiatives.keys()]);
      const exceptions = declarations
        .filter((d) => d.stance === 'exception')
        .map((d) => ({ ...d, initiative: allInitiatives.get(d.initiativeId)!, principle: principleList.find((p) => p.id === d.principleId) }))
        .filter((x): x is typeof x & { principle: Principle } => x.principle !== undefined)
        .map((x) => ({ ...x, organisation: names.get(x.initiative.organisationId) ?? null }));
      for (const g of goals) {
        for (const c of g.contributions) {
          c.initiatives = memberInitiatives.filter((i) => i.goalIds.includes(c.goalId));
        }
      }
      const entries = capabilities.flatMap((c) => c.entries).filter((e) => names.has(e.organisationId));
      const duplication = [...findDuplication(entries)].map(([capabilityId, list]) => ({
        capability: capabilities.find((c) => c.capability.id === capabilityId)!.capability,
        entries: list.map((e) => ({ ...e, organisation: names.get(e.organisationId)! })),
      }));
      return {
        system,
        members,
        goals,
        uncontributed: goals.filter((g) => g.contributions.length === 0).map((g) => g.goal),
        principles: principleList,
        exceptions,
        duplication,
        convergence: findConvergence(entries, today()),
        rollups,
      };
    },
  };

  async function deletionOf(stores: Stores, actor: Actor, capability: Capability): Promise<CapabilityDeletion> {
    const [{ decisions, total }, entries, assessment] = await Promise.all([decisionsAbout(stores, capability, 5), stores.systems.listEntries([capability.id]), stores.systems.findAssessment(capability.id)]);
    const organisations = await Promise.all(entries.map((e) => (canRead(actor, e.organisationId, 'capabilities') ? stores.organisations.findById(e.organisationId) : Promise.resolve(null))));
    return { capability, decisions, decisionCount: total, entries: entries.map((e, i) => ({ ...e, organisation: organisations[i] ?? null })), assessment };
  }

  async function seriesOf(stores: Stores, actor: Actor, defined: RollupMeasure, current: ReadonlySet<string>): Promise<RollupSeries> {
    // A membership that has ended grants nothing: a former member's values leave the roll-up.
    const formerMembers = defined.components.map((c) => c.organisationId).filter((o) => !current.has(o));
    const rollup = { ...defined, components: defined.components.filter((c) => current.has(c.organisationId)) };
    const ids = rollup.components.flatMap((c) => (c.denominatorMeasureId ? [c.measureId, c.denominatorMeasureId] : [c.measureId]));
    const [values, measureList] = await Promise.all([stores.measures.valuesFor(ids), stores.measures.findByIds(ids)]);
    const asMap = (vs: readonly MeasureValue[] | undefined) => new Map((vs ?? []).map((v) => [v.period, v.value]));
    const { points, incomplete } = combineRollup(
      rollup.kind,
      rollup.unit,
      rollup.components.map((c) => ({
        organisationId: c.organisationId,
        numerator: asMap(values.get(c.measureId)),
        denominator: c.denominatorMeasureId ? asMap(values.get(c.denominatorMeasureId)) : null,
      })),
    );
    const measures = new Map(measureList.map((m) => [m.id, m]));
    const first = measures.get(rollup.components[0]?.measureId ?? '');
    // The roll-up is charted as a measure of its own: the system's settings, no target.
    const asMeasure: Measure = {
      id: rollup.id,
      goalId: rollup.goalId ?? '',
      organisationId: rollup.systemId,
      name: rollup.name,
      definition: first?.definition ?? '',
      unit: rollup.unit,
      improvementDirection: rollup.improvementDirection,
      target: null,
      targetFrom: null,
      frequency: rollup.frequency,
      dataSource: 'Members’ measures',
      ownerUserId: null,
      ownerName: null,
      spcPreset: 'mdc',
      baseline: null,
      rebases: [],
      annotations: [],
      createdAt: rollup.createdAt,
      updatedAt: rollup.createdAt,
      version: 0,
    };
    const statistics = analyseMeasure(asMeasure, points.map((p) => ({ period: p.period, value: p.value, note: '' })));
    // Each member's contribution is shown to those who may read that member's measures.
    const visible = new Set(rollup.components.map((c) => c.organisationId).filter((o) => canRead(actor, o, 'goals')));
    return { rollup, points, incomplete, statistics, visible, measures, formerMembers };
  }
}

export type SystemService = ReturnType<typeof createSystemService>;
