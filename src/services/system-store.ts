/** The store interface for systems (memberships, principles, capabilities, assessments, roll-ups); src/db implements it. */
import type { ReadArea } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import type {
  Assessment,
  Capability,
  CapabilityEntry,
  CapabilityRetirement,
  CapabilityEntryFields,
  Principle,
  Recommendation,
  PrincipleDeclaration,
  RollupMeasure,
  Stance,
  SystemMembership,
} from '../domain/system.ts';

/** A membership with the member organisation. */
export type MembershipWithOrganisation = SystemMembership & { organisation: Organisation };

/** A membership with the system's name, as the member sees it. */
export type MembershipOfOrganisation = SystemMembership & { systemName: string; systemCode: string };

/** A member goal that says it contributes to a system goal. */
export interface Contribution {
  goalId: string;
  organisationId: string;
  statement: string;
  systemGoalId: string;
}

export interface SystemStore {
  /** Lock an organisation's row until the transaction ends, so checks of its memberships hold. */
  lockOrganisation(id: string): Promise<void>;
  insertMembership(m: { systemId: string; organisationId: string; from: string; to: string | null }): Promise<SystemMembership>;
  findMembership(id: string): Promise<SystemMembership | null>;
  setMembershipEnd(id: string, to: string | null): Promise<SystemMembership>;
  /** Every membership of a system, past and present, earliest first. */
  listMemberships(systemId: string): Promise<MembershipWithOrganisation[]>;
  /** Every membership an organisation has had, of any system. */
  membershipsOf(organisationId: string): Promise<MembershipOfOrganisation[]>;
  /**
   * The memberships current on a date of every system that is one of `organisationIds` or has
   * one of them as a current member, with those systems' shared areas.
   */
  currentAround(organisationIds: readonly string[], on: string): Promise<{ memberships: { systemId: string; organisationId: string }[]; sharedAreas: Map<string, ReadArea[]> }>;

  sharedAreas(systemId: string): Promise<ReadArea[]>;
  setSharedAreas(systemId: string, areas: readonly ReadArea[]): Promise<void>;

  insertPrinciple(systemId: string, p: { title: string; rationale: string }): Promise<Principle>;
  listPrinciples(systemId: string): Promise<Principle[]>;
  findPrinciple(id: string): Promise<Principle | null>;
  updatePrinciple(id: string, p: { title: string; rationale: string }): Promise<Principle>;
  deletePrinciple(id: string): Promise<void>;

  /** Set or clear the system goal a member goal contributes to. */
  setContribution(goalId: string, systemGoalId: string | null): Promise<void>;
  contributionOf(goalId: string): Promise<string | null>;
  /** Member goals contributing to any of these system goals. */
  contributionsTo(systemGoalIds: readonly string[]): Promise<Contribution[]>;

  insertCapability(systemId: string, c: { name: string; description: string }): Promise<Capability>;
  listCapabilities(systemId: string): Promise<Capability[]>;
  findCapability(id: string): Promise<Capability | null>;
  findCapabilityByName(systemId: string, name: string): Promise<Capability | null>;
  /** Read a capability and lock its row until the transaction ends: 'share' to depend on it, 'update' to retire or delete it. */
  lockCapability(id: string, mode: 'share' | 'update'): Promise<Capability | null>;
  /** Retire a capability (with when, who and why), or bring it back with null. */
  setCapabilityRetired(id: string, retired: CapabilityRetirement | null): Promise<Capability>;
  updateCapability(id: string, c: { name: string; description: string }): Promise<Capability>;
  deleteCapability(id: string): Promise<void>;
  upsertEntry(capabilityId: string, organisationId: string, fields: CapabilityEntryFields): Promise<CapabilityEntry>;
  findEntry(capabilityId: string, organisationId: string): Promise<CapabilityEntry | null>;
  deleteEntry(capabilityId: string, organisationId: string): Promise<void>;
  /** Entries of many capabilities. */
  listEntries(capabilityIds: readonly string[]): Promise<CapabilityEntry[]>;

  findAssessment(capabilityId: string): Promise<Assessment | null>;
  listAssessments(capabilityIds: readonly string[]): Promise<Assessment[]>;
  putAssessment(a: Omit<Assessment, 'assessedAt' | 'decisionId' | 'decided'>): Promise<Assessment>;
  setAssessmentDecision(capabilityId: string, decisionId: string, decided: Recommendation): Promise<void>;

  insertRollup(r: Omit<RollupMeasure, 'id' | 'createdAt'>): Promise<RollupMeasure>;
  listRollups(systemId: string): Promise<RollupMeasure[]>;
  findRollup(id: string): Promise<RollupMeasure | null>;
  deleteRollup(id: string): Promise<void>;

  /** An initiative's declarations against its system's principles. */
  listDeclarations(initiativeIds: readonly string[]): Promise<PrincipleDeclaration[]>;
  putDeclaration(d: { initiativeId: string; principleId: string; stance: Stance; reason: string }): Promise<PrincipleDeclaration>;
}
