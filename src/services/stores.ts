/** The store interfaces that services depend on; src/db implements them for PGlite and PostgreSQL. */
import type { Organisation } from '../domain/organisation.ts';
import type { Discipline, Role } from '../domain/person.ts';
import type {
  Affected,
  EvidenceFields,
  Evidence,
  Problem,
  ProblemFields,
  ProblemStatus,
} from '../domain/problem.ts';
import type { AuditAction, AuditEvent, Changes } from '../domain/audit.ts';
import type { Goal, GoalFields, StrategicObjective } from '../domain/goal.ts';
import type { Annotation, Measure, MeasureFields, MeasureValue, ValuesSummary } from '../domain/measure.ts';
import type { CheckIn, CheckInFields } from '../domain/check-in.ts';
import type { ThrottleState } from '../domain/sign-in-limit.ts';
import type { Initiative, InitiativeFields, InitiativeSummary, SkillDemand } from '../domain/initiative.ts';
import type { StoryDocument, StorySettings, StorySettingsFields, StoryVersion, StoryVersionSummary } from '../domain/story.ts';
import type { SystemStore } from './system-store.ts';
import type { ScoringCriterion } from '../domain/portfolio.ts';
import type { DoDifferently, DoDifferentlyFields, StopItem, StopItemFields } from '../domain/stop-item.ts';
import type { Attendee, Decision, DecisionDraft, DecisionItem, DecisionKind } from '../domain/decision.ts';
import type { Review, ReviewOutcomeRecord, ReviewSettings, ReviewSettingsFields } from '../domain/review.ts';

export interface OrganisationStore {
  insert(org: Omit<Organisation, 'id'>): Promise<Organisation>;
  findByCode(code: string): Promise<Organisation | null>;
  findById(id: string): Promise<Organisation | null>;
  listByIds(ids: readonly string[]): Promise<Organisation[]>;
  count(): Promise<number>;
}

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

export interface Membership {
  userId: string;
  organisationId: string;
  role: Role;
  discipline: Discipline;
}

export interface Member extends Membership {
  email: string;
  name: string;
}

export interface UserStore {
  insert(user: Omit<User, 'id'>): Promise<User>;
  findByEmail(email: string): Promise<User | null>;
  findById(id: string): Promise<User | null>;
  memberships(userId: string): Promise<Membership[]>;
  upsertMembership(m: Membership): Promise<void>;
  findMembership(userId: string, organisationId: string): Promise<Membership | null>;
  removeMembership(userId: string, organisationId: string): Promise<void>;
  listMembers(organisationId: string): Promise<Member[]>;
  countAdmins(organisationId: string): Promise<number>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
}

export interface Session {
  id: string;
  userId: string;
  organisationId: string | null;
  createdAt: Date;
  /** The absolute limit: the session ends then, however active. */
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface SessionStore {
  insert(s: { tokenHash: string; userId: string; organisationId: string | null; expiresAt: Date; lastSeenAt: Date }): Promise<Session>;
  findByTokenHash(tokenHash: string): Promise<Session | null>;
  setOrganisation(id: string, organisationId: string): Promise<void>;
  /** Record that the session was used at `at`. */
  touch(id: string, at: Date): Promise<void>;
  delete(id: string): Promise<void>;
  /** End every session of a person but one; returns how many ended. */
  deleteForUser(userId: string, exceptSessionId: string | null): Promise<number>;
  /** Remove sessions past their absolute limit, or idle since before `idleBefore`. */
  deleteExpired(now: Date, idleBefore?: Date): Promise<void>;
}

export interface ApiToken {
  id: string;
  organisationId: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ApiTokenStore {
  insert(t: { tokenHash: string; organisationId: string; name: string; role: Role; expiresAt: Date | null }): Promise<ApiToken>;
  findByTokenHash(tokenHash: string): Promise<ApiToken | null>;
  findById(id: string): Promise<ApiToken | null>;
  /** An organisation's tokens, newest first. */
  list(organisationId: string, page: { limit: number; offset: number }): Promise<{ tokens: ApiToken[]; total: number }>;
  revoke(id: string, at: Date): Promise<void>;
  /** Record that the token was used at `at`. */
  touch(id: string, at: Date): Promise<void>;
}

/** Failed sign-ins of one account (normalised email) or client address. */
export type ThrottleKind = 'account' | 'address';

export interface SignInThrottleStore {
  find(kind: ThrottleKind, key: string): Promise<ThrottleState | null>;
  /** The state, created empty if missing, locked for update until the transaction ends. */
  lock(kind: ThrottleKind, key: string, now: Date): Promise<ThrottleState>;
  save(kind: ThrottleKind, key: string, state: ThrottleState): Promise<void>;
  delete(kind: ThrottleKind, key: string): Promise<void>;
  /** Forget records with no failure since `before` and no lock still running. */
  deleteStale(before: Date, now: Date): Promise<void>;
}

export interface ProblemFilter {
  theme?: string | undefined;
  affected?: Affected | undefined;
  status?: ProblemStatus | undefined;
}

export interface ProblemPage {
  problems: Problem[];
  total: number;
}

export interface ProblemStore {
  insert(p: ProblemFields & {
    organisationId: string;
    raisedBy: string;
    raisedByUserId: string | null;
  }): Promise<Problem>;
  findById(id: string): Promise<Problem | null>;
  /** Sorted by severity × reach, highest first, then newest. */
  list(organisationId: string, filter: ProblemFilter, page: { limit: number; offset: number }): Promise<ProblemPage>;
  themes(organisationId: string): Promise<string[]>;
  update(id: string, fields: ProblemFields): Promise<Problem>;
  delete(id: string): Promise<void>;
  addEvidence(problemId: string, e: EvidenceFields): Promise<Evidence>;
  removeEvidence(problemId: string, evidenceId: string): Promise<boolean>;
}

export interface AuditStore {
  record(e: {
    organisationId: string | null;
    entityType: string;
    entityId: string;
    action: AuditAction;
    actorUserId: string | null;
    actorTokenId: string | null;
    actorLabel: string;
    changes: Changes;
  }): Promise<void>;
  /** Record many events in a few statements, in the order given. */
  recordMany(events: readonly Parameters<AuditStore['record']>[0][]): Promise<void>;
  /** Newest first. */
  history(entityType: string, entityIds: readonly string[], limit: number): Promise<AuditEvent[]>;
  /** A mark that moves with every change recorded for an organisation: how many events, and the newest. */
  changeMark(organisationId: string): Promise<string>;
}

export interface GoalStore {
  insert(organisationId: string, fields: GoalFields): Promise<Goal>;
  findById(id: string): Promise<Goal | null>;
  list(organisationId: string): Promise<Goal[]>;
  update(id: string, fields: GoalFields): Promise<Goal>;
  delete(id: string): Promise<void>;
  /** Goals that a problem is linked to. */
  listForProblem(problemId: string): Promise<Goal[]>;
  insertObjective(organisationId: string, o: { title: string; description: string }): Promise<StrategicObjective>;
  listObjectives(organisationId: string): Promise<StrategicObjective[]>;
  findObjective(id: string): Promise<StrategicObjective | null>;
  updateObjective(id: string, o: { title: string; description: string }): Promise<StrategicObjective>;
  deleteObjective(id: string): Promise<void>;
}

export interface MeasureStore {
  insert(goalId: string, organisationId: string, fields: MeasureFields): Promise<Measure>;
  findById(id: string): Promise<Measure | null>;
  findByIds(ids: readonly string[]): Promise<Measure[]>;
  listForGoal(goalId: string): Promise<Measure[]>;
  listForOrganisation(organisationId: string): Promise<Measure[]>;
  update(id: string, fields: MeasureFields): Promise<Measure>;
  delete(id: string): Promise<void>;
  addAnnotation(measureId: string, a: { period: string; label: string }): Promise<Annotation>;
  removeAnnotation(measureId: string, annotationId: string): Promise<boolean>;
  /** Values in period order. */
  values(measureId: string): Promise<MeasureValue[]>;
  /** Values of many measures at once, each in period order. */
  valuesFor(measureIds: readonly string[]): Promise<Map<string, MeasureValue[]>>;
  /** The stored values for some periods of one measure. */
  valuesAt(measureId: string, periods: readonly string[]): Promise<MeasureValue[]>;
  /**
   * Insert or update values in bulk (the measure locked, then one statement), returning how many were added, changed and
   * unchanged. Bumps the measure's version when anything changed.
   */
  upsertValues(measureId: string, values: readonly MeasureValue[]): Promise<ValuesSummary>;
  /**
   * Insert or update the values of many measures in a few set-based statements (the measures locked
   * in id order first), returning per measure how many were added, changed and unchanged, and, for
   * the measures in `withBefore`, the values stored before at the periods given. Bumps the version of
   * each measure where anything changed.
   */
  upsertValuesForMeasures(
    byMeasure: ReadonlyMap<string, readonly MeasureValue[]>,
    withBefore: ReadonlySet<string>,
  ): Promise<Map<string, { summary: ValuesSummary; before: MeasureValue[] }>>;
  /** Latest period with a value per measure. */
  latestPeriods(measureIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Lock the measures in id order (as upsertValuesForMeasures does) and open a stream of values
   * into the table for those of them with no stored values, to be written while a file is still
   * being read. Null where the engine or the connection has no such stream (PGlite, or outside a
   * transaction): the values are then written with upsertValuesForMeasures.
   */
  copyValues(measureIds: readonly string[]): Promise<ValuesCopy | null>;
}

/** Where checked values go while a file is still being read. */
export interface ValueSink {
  /** Take one checked value; false when the measure's values are not taken here (they are written afterwards). */
  take(measureId: string, value: MeasureValue): boolean;
  /**
   * Null when the sink can take more now; otherwise a promise that settles once it can, so the
   * reader waits for the database rather than buffer the file. Rejects when the stream has failed.
   */
  backlog(): Promise<void> | null;
}

/** A stream of values into the table, open within a transaction (see MeasureStore.copyValues). */
export interface ValuesCopy extends ValueSink {
  /**
   * End the stream: every value taken is in the table and the version of each measure written is
   * bumped. Returns how many values each measure got. Rejects with ValuesCopyFailed when the
   * database refused the values; the transaction must then roll back.
   */
  finish(): Promise<Map<string, number>>;
  /** Abandon the stream (a bad row, an error): nothing it carried is stored; the transaction must roll back. */
  abort(): Promise<void>;
}

export interface CheckInStore {
  insert(goalId: string, author: { userId: string | null; name: string }, fields: CheckInFields): Promise<CheckIn>;
  /** Write the goal's check-in for its period: a new one, or an edit of the one already there (returned as `before`). */
  upsert(goalId: string, author: { userId: string | null; name: string }, fields: CheckInFields): Promise<{ checkIn: CheckIn; before: CheckIn | null }>;
  listForGoal(goalId: string, limit: number): Promise<CheckIn[]>;
  /** The latest check-in of each goal. */
  latestFor(goalIds: readonly string[]): Promise<Map<string, CheckIn>>;
}

/** Where a copied example came from. */
export interface ExampleCopy {
  id: string;
  organisationId: string;
  exampleId: string;
  exampleTitle: string;
  copiedBy: string;
  copiedAt: Date;
  problemId: string | null;
  goalId: string | null;
}

/** What the public page needs on every request: one row, found by the organisation's code. */
export interface PublicStoryHead {
  organisationId: string;
  code: string;
  name: string;
  publicEnabled: boolean;
  publicShowNames: boolean;
  /** The latest published version, or null before the first. */
  latest: number | null;
}

export interface StoryStore {
  findSettings(organisationId: string): Promise<StorySettings | null>;
  saveSettings(organisationId: string, fields: StorySettingsFields): Promise<StorySettings>;
  /** Insert the next version (numbered from 1, the organisation's versions locked). */
  insertVersion(organisationId: string, v: { publishedAt: Date; publishedBy: string; note: string; document: StoryDocument }): Promise<StoryVersionSummary>;
  /** Newest first. */
  listVersions(organisationId: string, page: { limit: number; offset: number }): Promise<{ versions: StoryVersionSummary[]; total: number }>;
  findVersion(organisationId: string, number: number): Promise<StoryVersion | null>;
  publicHead(code: string): Promise<PublicStoryHead | null>;
  insertExampleCopy(c: Omit<ExampleCopy, 'id' | 'copiedAt'>): Promise<ExampleCopy>;
  listExampleCopies(organisationId: string): Promise<ExampleCopy[]>;
}

// Choices: initiatives, capacity, the scoring model, stop items, do differently, decisions.

export interface InitiativeStore {
  insert(organisationId: string, fields: InitiativeFields, rank: number): Promise<Initiative>;
  findById(id: string): Promise<Initiative | null>;
  /** Every initiative of an organisation, in rank order. */
  list(organisationId: string): Promise<Initiative[]>;
  /** Every initiative of an organisation in rank order, without links: for the portfolio. */
  listSummaries(organisationId: string): Promise<InitiativeSummary[]>;
  /** Initiatives linked to a goal or a problem. */
  listForGoal(goalId: string): Promise<Initiative[]>;
  listForProblem(problemId: string): Promise<Initiative[]>;
  /** Initiatives with a hypothesis about a measure. */
  listForMeasure(measureId: string): Promise<Initiative[]>;
  update(id: string, fields: InitiativeFields & { stoppedOn: string | null; pausedOn: string | null }): Promise<Initiative>;
  /** Set the rank of several initiatives at once (the organisation's whole order). */
  setRanks(organisationId: string, order: readonly { id: string; rank: number }[]): Promise<void>;
  /** The rank one after the last. */
  nextRank(organisationId: string): Promise<number>;
  delete(id: string): Promise<void>;
}

export interface CapacityStore {
  /** The organisation's available capacity, by quarter and skill. */
  list(organisationId: string): Promise<SkillDemand[]>;
  /** Replace the organisation's capacity with these entries. */
  replace(organisationId: string, entries: readonly SkillDemand[]): Promise<void>;
}

export interface ScoringModelStore {
  /** The organisation's criteria, or null when it uses the default model. */
  get(organisationId: string): Promise<ScoringCriterion[] | null>;
  put(organisationId: string, criteria: readonly ScoringCriterion[]): Promise<void>;
}

export interface StopItemStore {
  insert(organisationId: string, fields: StopItemFields): Promise<StopItem>;
  findById(id: string): Promise<StopItem | null>;
  /** Newest stop date first. */
  list(organisationId: string): Promise<StopItem[]>;
  update(id: string, fields: StopItemFields): Promise<StopItem>;
}

export interface DoDifferentlyStore {
  insert(organisationId: string, fields: DoDifferentlyFields): Promise<DoDifferently>;
  findById(id: string): Promise<DoDifferently | null>;
  list(organisationId: string): Promise<DoDifferently[]>;
  listForProblem(problemId: string): Promise<DoDifferently[]>;
  update(id: string, fields: DoDifferentlyFields): Promise<DoDifferently>;
  delete(id: string): Promise<void>;
}

export interface DecisionFilter {
  kind?: DecisionKind | undefined;
  /** Only decisions that concern this record. */
  item?: DecisionItem | undefined;
}

export interface DecisionPage {
  decisions: Decision[];
  total: number;
}

/** Decisions are immutable: there is no update and no delete. */
export interface DecisionStore {
  insert(
    organisationId: string,
    d: Omit<DecisionDraft, 'present'> & { present: Attendee[]; recordedBy: string; recordedByUserId: string | null },
  ): Promise<Decision>;
  findById(id: string): Promise<Decision | null>;
  /** Newest decision date first. */
  list(organisationId: string, filter: DecisionFilter, page: { limit: number; offset: number }): Promise<DecisionPage>;
}

/** Each organisation's review settings (issue 8). */
export interface ReviewSettingsStore {
  /** The stored settings, or null when the organisation has kept the defaults. */
  find(organisationId: string): Promise<ReviewSettings | null>;
  save(organisationId: string, fields: ReviewSettingsFields): Promise<ReviewSettings>;
}

/** Review meetings and the items decided in them (issue 8). */
export interface ReviewStore {
  insert(r: Pick<Review, 'organisationId' | 'heldOn' | 'present' | 'openedBy' | 'openedByUserId'>): Promise<Review>;
  findById(id: string): Promise<Review | null>;
  /** Newest first. */
  list(organisationId: string, page: { limit: number; offset: number }): Promise<{ reviews: Review[]; total: number }>;
  close(id: string, leftOpen: Review['leftOpen']): Promise<Review>;
  insertOutcome(o: Omit<ReviewOutcomeRecord, 'id' | 'createdAt'>): Promise<ReviewOutcomeRecord>;
  /** The items decided in a review, in the order they were decided. */
  outcomesOf(reviewId: string): Promise<ReviewOutcomeRecord[]>;
  /** The latest outcome of each item key of an organisation. */
  latestOutcomes(organisationId: string): Promise<Map<string, ReviewOutcomeRecord>>;
  /** Outcomes of reviews held on or after a date, newest first. */
  outcomesSince(organisationId: string, since: string): Promise<ReviewOutcomeRecord[]>;
}

/** Every store, bound to one connection or one transaction. */
export interface Stores {
  organisations: OrganisationStore;
  users: UserStore;
  sessions: SessionStore;
  apiTokens: ApiTokenStore;
  signInThrottles: SignInThrottleStore;
  problems: ProblemStore;
  audit: AuditStore;
  goals: GoalStore;
  measures: MeasureStore;
  checkIns: CheckInStore;
  story: StoryStore;
  systems: SystemStore;
  initiatives: InitiativeStore;
  capacity: CapacityStore;
  scoringModels: ScoringModelStore;
  stopItems: StopItemStore;
  doDifferently: DoDifferentlyStore;
  decisions: DecisionStore;
  reviewSettings: ReviewSettingsStore;
  reviews: ReviewStore;
}

/** The storage the services run on. */
export interface Storage {
  /** Stores outside a transaction, for reads. */
  readonly stores: Stores;
  /** Run `work` in one transaction: all of it is stored, or none of it. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /** "pglite" or "postgres", for /health. */
  readonly engine: 'pglite' | 'postgres';
}

/** The services' clock, so tests can fix the time. */
export type Clock = () => Date;

/** The database refused values streamed into it (ValuesCopy.finish): the transaction is rolled back, nothing is stored. */
export class ValuesCopyFailed extends Error {
  constructor(reason: string) {
    super(`The database refused the values, so nothing was stored: ${reason}`);
    this.name = 'ValuesCopyFailed';
  }
}
