/** The database schema: one definition for PGlite and PostgreSQL, migrated by drizzle-kit. */
import { sql } from 'drizzle-orm';
import {
  pgTable,
  uuid,
  text,
  integer,
  timestamp,
  jsonb,
  primaryKey,
  index,
  uniqueIndex,
  check,
  date,
  doublePrecision,
  boolean,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_code_key').on(t.code),
    check('organisations_type_check', sql`${t.type} in ('icb','trust','place','pcn','local_authority','other')`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    discipline: text('discipline').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.organisationId] }),
    index('memberships_organisation_idx').on(t.organisationId),
    check('memberships_role_check', sql`${t.role} in ('viewer','contributor','editor','admin')`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').references(() => organisations.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    // Accounts hardening: when the session was last used, for the idle timeout (written at most once a minute).
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    // Accounts hardening: optional expiry, and when it was last used (written at most once a minute).
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash), index('api_tokens_organisation_idx').on(t.organisationId)],
);

export const problems = pgTable(
  'problems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    affected: text('affected').notNull(),
    affectedGroup: text('affected_group').notNull().default(''),
    severity: integer('severity').notNull(),
    reach: integer('reach').notNull(),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull(),
    raisedBy: text('raised_by').notNull(),
    raisedByUserId: uuid('raised_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('problems_organisation_idx').on(t.organisationId),
    check('problems_severity_check', sql`${t.severity} between 1 and 5`),
    check('problems_reach_check', sql`${t.reach} >= 0`),
    check('problems_affected_check', sql`${t.affected} in ('patients','staff','both')`),
    check(
      'problems_status_check',
      sql`${t.status} in ('open','being_addressed','parked','resolved')`,
    ),
  ],
);

export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    problemId: uuid('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    link: text('link'),
    count: integer('count'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_problem_idx').on(t.problemId)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').references(() => organisations.id, {
      onDelete: 'cascade',
    }),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    actorLabel: text('actor_label').notNull(),
    changes: jsonb('changes').notNull(),
    // clock_timestamp, not now(): several changes in one transaction keep their order in History.
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entityType, t.entityId, t.at),
    // Board report: an organisation's change mark (its count of events and the newest) from the index alone.
    index('audit_events_organisation_idx').on(t.organisationId, t.at),
  ],
);

export const strategicObjectives = pgTable(
  'strategic_objectives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('strategic_objectives_organisation_idx').on(t.organisationId)],
);

export const goals = pgTable(
  'goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    statement: text('statement').notNull(),
    forWhom: text('for_whom').notNull().default(''),
    byWhen: date('by_when', { mode: 'string' }),
    wgll: text('wgll').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('goals_organisation_idx').on(t.organisationId)],
);

export const goalProblems = pgTable(
  'goal_problems',
  {
    goalId: uuid('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
    problemId: uuid('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.goalId, t.problemId] }), index('goal_problems_problem_idx').on(t.problemId)],
);

export const goalObjectives = pgTable(
  'goal_objectives',
  {
    goalId: uuid('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
    objectiveId: uuid('objective_id')
      .notNull()
      .references(() => strategicObjectives.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.goalId, t.objectiveId] })],
);

export const goalOwners = pgTable(
  'goal_owners',
  {
    goalId: uuid('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.goalId, t.userId] })],
);

export const measures = pgTable(
  'measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    goalId: uuid('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    unit: text('unit').notNull(),
    improvementDirection: text('improvement_direction').notNull(),
    target: doublePrecision('target'),
    targetFrom: date('target_from', { mode: 'string' }),
    frequency: text('frequency').notNull(),
    dataSource: text('data_source').notNull().default(''),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    spcPreset: text('spc_preset').notNull().default('mdc'),
    baseline: integer('baseline'),
    rebases: jsonb('rebases').notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Bumped by every change to the measure or its values: the key of cached statistics. */
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('measures_goal_idx').on(t.goalId),
    index('measures_organisation_idx').on(t.organisationId),
    check('measures_direction_check', sql`${t.improvementDirection} in ('increase','decrease','neutral')`),
    check('measures_frequency_check', sql`${t.frequency} in ('weekly','monthly')`),
  ],
);

export const measureAnnotations = pgTable(
  'measure_annotations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    measureId: uuid('measure_id').notNull().references(() => measures.id, { onDelete: 'cascade' }),
    period: date('period', { mode: 'string' }).notNull(),
    label: text('label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('measure_annotations_measure_idx').on(t.measureId)],
);

export const measureValues = pgTable(
  'measure_values',
  {
    measureId: uuid('measure_id').notNull().references(() => measures.id, { onDelete: 'cascade' }),
    period: date('period', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    note: text('note').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.period] })],
);

export const checkIns = pgTable(
  'check_ins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    goalId: uuid('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
    period: date('period', { mode: 'string' }).notNull(),
    whatHappened: text('what_happened').notNull(),
    whatNext: text('what_next').notNull(),
    confidence: integer('confidence').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // One check-in per goal per period: a second one for the same period edits the first.
    uniqueIndex('check_ins_goal_period_key').on(t.goalId, t.period),
    check('check_ins_confidence_check', sql`${t.confidence} between 1 and 5`),
  ],
);

// ── Accounts hardening: sign-in limits, session activity, token expiry and use ──

/**
 * Failed sign-ins, one row per account (normalised email, whether or not it has an account) or per
 * client address: the failures in the current run, how many lockouts came before (each doubles the
 * next), and until when it is locked. Kept in the database so every instance sees the same limits.
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull().default(0),
    firstFailureAt: timestamp('first_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    lockouts: integer('lockouts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('sign_in_throttles_kind_key').on(t.kind, t.key),
    index('sign_in_throttles_last_failure_idx').on(t.lastFailureAt),
    check('sign_in_throttles_kind_check', sql`${t.kind} in ('account','address')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Choices: initiatives, capacity, the scoring model, stop items, do differently, decisions.
// ---------------------------------------------------------------------------------------------

export const initiatives = pgTable(
  'initiatives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** What will change in ways of working or the operating model. */
    change: text('change').notNull(),
    level: text('level').notNull().default('local'),
    status: text('status').notNull().default('idea'),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    sponsorUserId: uuid('sponsor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** [{quarter, skill, personWeeks}] */
    demand: jsonb('demand').notNull().default(sql`'[]'::jsonb`),
    cost: doublePrecision('cost'),
    startQuarter: text('start_quarter'),
    endQuarter: text('end_quarter'),
    rank: integer('rank').notNull(),
    wontDoReason: text('wont_do_reason'),
    /** criterion key → score 1 to 5 */
    scores: jsonb('scores').notNull().default(sql`'{}'::jsonb`),
    stoppedOn: date('stopped_on', { mode: 'string' }),
    /** The day it was paused: it needs no capacity in the quarters from then until it resumes. */
    pausedOn: date('paused_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('initiatives_organisation_idx').on(t.organisationId, t.rank),
    check('initiatives_level_check', sql`${t.level} in ('system','local')`),
    check(
      'initiatives_status_check',
      sql`${t.status} in ('idea','proposed','committed','in_progress','paused','stopped','done')`,
    ),
    check('initiatives_cost_check', sql`${t.cost} is null or ${t.cost} >= 0`),
  ],
);

export const initiativeProblems = pgTable(
  'initiative_problems',
  {
    initiativeId: uuid('initiative_id').notNull().references(() => initiatives.id, { onDelete: 'cascade' }),
    problemId: uuid('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.problemId] }), index('initiative_problems_problem_idx').on(t.problemId)],
);

export const initiativeGoals = pgTable(
  'initiative_goals',
  {
    initiativeId: uuid('initiative_id').notNull().references(() => initiatives.id, { onDelete: 'cascade' }),
    goalId: uuid('goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.goalId] }), index('initiative_goals_goal_idx').on(t.goalId)],
);

export const initiativeHypotheses = pgTable(
  'initiative_hypotheses',
  {
    initiativeId: uuid('initiative_id').notNull().references(() => initiatives.id, { onDelete: 'cascade' }),
    measureId: uuid('measure_id').notNull().references(() => measures.id, { onDelete: 'cascade' }),
    expectation: text('expectation').notNull(),
    byDate: date('by_date', { mode: 'string' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.measureId] }),
    index('initiative_hypotheses_measure_idx').on(t.measureId),
  ],
);

export const capacity = pgTable(
  'capacity',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    quarter: text('quarter').notNull(),
    skill: text('skill').notNull(),
    personWeeks: doublePrecision('person_weeks').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.quarter, t.skill] }),
    check('capacity_person_weeks_check', sql`${t.personWeeks} >= 0`),
  ],
);

export const scoringModels = pgTable('scoring_models', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  /** [{key, label, weight, direction}] */
  criteria: jsonb('criteria').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const stopItems = pgTable(
  'stop_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    stopOn: date('stop_on', { mode: 'string' }).notNull(),
    /** [{skill, personWeeks}] freed per quarter */
    freed: jsonb('freed').notNull().default(sql`'[]'::jsonb`),
    moneyFreed: doublePrecision('money_freed'),
    status: text('status').notNull().default('planned'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('stop_items_organisation_idx').on(t.organisationId),
    check('stop_items_kind_check', sql`${t.kind} in ('system','report','meeting','project','contract','other')`),
    check('stop_items_status_check', sql`${t.status} in ('planned','stopped','reversed')`),
    check('stop_items_money_freed_check', sql`${t.moneyFreed} is null or ${t.moneyFreed} >= 0`),
  ],
);

export const doDifferently = pgTable(
  'do_differently',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('do_differently_organisation_idx').on(t.organisationId)],
);

export const doDifferentlyProblems = pgTable(
  'do_differently_problems',
  {
    doDifferentlyId: uuid('do_differently_id').notNull().references(() => doDifferently.id, { onDelete: 'cascade' }),
    problemId: uuid('problem_id').notNull().references(() => problems.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.doDifferentlyId, t.problemId] }),
    index('do_differently_problems_problem_idx').on(t.problemId),
  ],
);

/** Decisions are only ever inserted: the store has no update or delete. */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    what: text('what').notNull(),
    options: jsonb('options').notNull().default(sql`'[]'::jsonb`),
    rationale: text('rationale').notNull(),
    /** [{kind: 'member', userId, name, discipline} | {kind: 'guest', name, discipline}], as it was on the day */
    present: jsonb('present').notNull(),
    /** [{type, id}] */
    items: jsonb('items').notNull().default(sql`'[]'::jsonb`),
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => decisions.id),
    recordedBy: text('recorded_by').notNull(),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index('decisions_organisation_idx').on(t.organisationId, t.decidedOn),
    // A decision is superseded at most once; the chain of later decisions stays readable.
    uniqueIndex('decisions_supersedes_key').on(t.supersedesId),
    index('decisions_items_idx').using('gin', t.items),
    check(
      'decisions_present_check',
      sql`jsonb_typeof(${t.present}) = 'array' and jsonb_array_length(${t.present}) > 0`,
    ),
  ],
);

// ── The strategy story: the board's own words, published versions, examples copied in ──

/** One row per organisation: the mission and narrative sections, public page and peer settings. */
export const storySettings = pgTable('story_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  mission: text('mission').notNull().default(''),
  /** section key → the board's short narrative for it */
  narratives: jsonb('narratives').$type<Record<string, string>>().notNull().default({}),
  publicEnabled: boolean('public_enabled').notNull().default(false),
  publicShowNames: boolean('public_show_names').notNull().default(false),
  /** The ODS trust code whose public statistics are this organisation's, for peers. */
  trustCode: text('trust_code'),
  peerCodes: jsonb('peer_codes').$type<string[]>().notNull().default([]),
  /** Words the readability check flags; null keeps the default list. */
  jargon: jsonb('jargon').$type<string[] | null>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A published, frozen version of the story: the document as it was, not recomputed. */
export const storyVersions = pgTable(
  'story_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
    publishedBy: text('published_by').notNull(),
    note: text('note').notNull().default(''),
    document: jsonb('document').$type<unknown>().notNull(),
  },
  (t) => [uniqueIndex('story_versions_number_key').on(t.organisationId, t.number)],
);

/** Where copied content came from: an example of the library, copied by whom and when. */
export const exampleCopies = pgTable(
  'example_copies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    exampleId: text('example_id').notNull(),
    exampleTitle: text('example_title').notNull(),
    copiedBy: text('copied_by').notNull(),
    copiedAt: createdAt(),
    problemId: uuid('problem_id').references(() => problems.id, { onDelete: 'set null' }),
    goalId: uuid('goal_id').references(() => goals.id, { onDelete: 'set null' }),
  },
  (t) => [index('example_copies_organisation_idx').on(t.organisationId)],
);

// ---------------------------------------------------------------------------------------------
// Reviews and health checks (issue 8): each organisation's review settings, review meetings,
// and the outcome of each item decided in a review, linked to its decision in the decision log.

export const reviewSettings = pgTable(
  'review_settings',
  {
    organisationId: uuid('organisation_id')
      .primaryKey()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    frequency: text('frequency').notNull().default('weekly'),
    maxPrioritiesNow: integer('max_priorities_now').notNull().default(7),
    problemPriorityThreshold: integer('problem_priority_threshold').notNull().default(8000),
    staleAfterPeriods: integer('stale_after_periods').notNull().default(2),
    buzzwords: text('buzzwords').array().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('review_settings_frequency_check', sql`${t.frequency} in ('weekly','monthly')`),
    check('review_settings_positive_check', sql`${t.maxPrioritiesNow} > 0 and ${t.problemPriorityThreshold} > 0 and ${t.staleAfterPeriods} > 0`),
  ],
);

export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    /** Who is present: members (user id, name, discipline) or named guests (name, discipline). */
    present: jsonb('present').notNull(),
    openedBy: text('opened_by').notNull(),
    openedByUserId: uuid('opened_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** The item keys still open when the review closed: what was left for next time. */
    leftOpen: jsonb('left_open'),
  },
  (t) => [index('reviews_organisation_idx').on(t.organisationId, t.heldOn)],
);

export const reviewOutcomes = pgTable(
  'review_outcomes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'restrict' }),
    itemKey: text('item_key').notNull(),
    kind: text('kind').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    subjectTitle: text('subject_title').notNull(),
    /** The evidence that raised the item, as it was when it was decided. */
    evidence: jsonb('evidence').notNull(),
    fingerprint: text('fingerprint').notNull(),
    outcome: text('outcome').notNull(),
    nextReviewDate: date('next_review_date', { mode: 'string' }),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    uniqueIndex('review_outcomes_item_key').on(t.reviewId, t.itemKey),
    index('review_outcomes_organisation_idx').on(t.organisationId, t.itemKey, t.createdAt),
    check('review_outcomes_outcome_check', sql`${t.outcome} in ('continue','pivot','pause','stop')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Systems (issue 9): an ICB's dated memberships, sharing, principles, contributions of member
// goals to system goals, the capability landscape, assessments and roll-up measures.

export const systemMemberships = pgTable(
  'system_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('system_memberships_system_idx').on(t.systemId),
    index('system_memberships_organisation_idx').on(t.organisationId),
    check('system_memberships_dates_check', sql`${t.toDate} is null or ${t.toDate} >= ${t.fromDate}`),
    check('system_memberships_self_check', sql`${t.systemId} <> ${t.organisationId}`),
  ],
);

export const systemSettings = pgTable('system_settings', {
  systemId: uuid('system_id').primaryKey().references(() => organisations.id, { onDelete: 'cascade' }),
  sharedAreas: text('shared_areas').array().notNull().default(sql`'{}'::text[]`),
});

export const principles = pgTable(
  'principles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The owning organisation: an ICB (the system's principles) or any other (its own).
    systemId: uuid('system_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    rationale: text('rationale').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('principles_system_idx').on(t.systemId)],
);

export const goalContributions = pgTable(
  'goal_contributions',
  {
    goalId: uuid('goal_id').primaryKey().references(() => goals.id, { onDelete: 'cascade' }),
    systemGoalId: uuid('system_goal_id').notNull().references(() => goals.id, { onDelete: 'cascade' }),
  },
  (t) => [index('goal_contributions_system_goal_idx').on(t.systemGoalId)],
);

export const capabilities = pgTable(
  'capabilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    // Retiring a capability (decision 0014): it leaves the landscape but stays readable; null while current.
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    retiredBy: text('retired_by'),
    retiredReason: text('retired_reason'),
  },
  (t) => [
    uniqueIndex('capabilities_system_name_key').on(t.systemId, sql`lower(${t.name})`),
    check('capabilities_retired_check', sql`(${t.retiredAt} is null) = (${t.retiredBy} is null) and (${t.retiredAt} is null) = (${t.retiredReason} is null)`),
  ],
);

export const capabilityEntries = pgTable(
  'capability_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    capabilityId: uuid('capability_id').notNull().references(() => capabilities.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    product: text('product').notNull().default(''),
    supplier: text('supplier').notNull().default(''),
    contractEnd: date('contract_end', { mode: 'string' }),
    serves: text('serves'),
    servesReason: text('serves_reason').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('capability_entries_capability_organisation_key').on(t.capabilityId, t.organisationId),
    index('capability_entries_organisation_idx').on(t.organisationId),
    check('capability_entries_status_check', sql`${t.status} in ('in_use','building','needed','not_needed')`),
    check('capability_entries_serves_check', sql`${t.serves} is null or ${t.serves} in ('well','partly','poorly')`),
  ],
);

export const capabilityAssessments = pgTable(
  'capability_assessments',
  {
    capabilityId: uuid('capability_id').primaryKey().references(() => capabilities.id, { onDelete: 'cascade' }),
    /** criterion → { score, reason } */
    scores: jsonb('scores').notNull(),
    total: integer('total').notNull(),
    recommendation: text('recommendation').notNull(),
    assessedBy: text('assessed_by').notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The system-or-local decision in the decision log, once made, and what it chose. */
    decisionId: uuid('decision_id').references(() => decisions.id, { onDelete: 'set null' }),
    decided: text('decided'),
  },
  (t) => [check('capability_assessments_recommendation_check', sql`${t.recommendation} in ('system','hybrid','local')`)],
);

export const rollupMeasures = pgTable(
  'rollup_measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    systemId: uuid('system_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    goalId: uuid('goal_id').references(() => goals.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    unit: text('unit').notNull(),
    improvementDirection: text('improvement_direction').notNull(),
    frequency: text('frequency').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('rollup_measures_system_idx').on(t.systemId),
    check('rollup_measures_kind_check', sql`${t.kind} in ('sum','ratio')`),
  ],
);

export const rollupComponents = pgTable(
  'rollup_components',
  {
    rollupId: uuid('rollup_id').notNull().references(() => rollupMeasures.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    measureId: uuid('measure_id').notNull().references(() => measures.id, { onDelete: 'cascade' }),
    denominatorMeasureId: uuid('denominator_measure_id').references(() => measures.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.rollupId, t.organisationId] })],
);

export const principleDeclarations = pgTable(
  'principle_declarations',
  {
    initiativeId: uuid('initiative_id').notNull().references(() => initiatives.id, { onDelete: 'cascade' }),
    principleId: uuid('principle_id').notNull().references(() => principles.id, { onDelete: 'cascade' }),
    stance: text('stance').notNull(),
    reason: text('reason').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.principleId] }),
    index('principle_declarations_principle_idx').on(t.principleId),
    check('principle_declarations_stance_check', sql`${t.stance} in ('conforms','exception')`),
  ],
);
