/** The Storage of src/services, built on an open connection. */
import type { Connection, Db } from './connect.ts';
import type { Storage, Stores } from '../services/stores.ts';
import { createOrganisationStore } from './organisation-store.ts';
import { createApiTokenStore, createSessionStore, createSignInThrottleStore, createUserStore } from './user-store.ts';
import { createProblemStore } from './problem-store.ts';
import { createAuditStore } from './audit-store.ts';
import { createCheckInStore, createGoalStore } from './goal-store.ts';
import { createMeasureStore } from './measure-store.ts';
import { createStoryStore } from './story-store.ts';
import { createSystemStore } from './system-store.ts';
import { createCapacityStore, createInitiativeStore, createScoringModelStore } from './initiative-store.ts';
import { createDecisionStore, createDoDifferentlyStore, createStopItemStore } from './choice-store.ts';
import { createReviewSettingsStore, createReviewStore } from './review-store.ts';

function createStores(db: Db): Stores {
  return {
    organisations: createOrganisationStore(db),
    users: createUserStore(db),
    sessions: createSessionStore(db),
    apiTokens: createApiTokenStore(db),
    signInThrottles: createSignInThrottleStore(db),
    problems: createProblemStore(db),
    audit: createAuditStore(db),
    goals: createGoalStore(db),
    measures: createMeasureStore(db),
    checkIns: createCheckInStore(db),
    story: createStoryStore(db),
    systems: createSystemStore(db),
    initiatives: createInitiativeStore(db),
    capacity: createCapacityStore(db),
    scoringModels: createScoringModelStore(db),
    stopItems: createStopItemStore(db),
    doDifferently: createDoDifferentlyStore(db),
    decisions: createDecisionStore(db),
    reviewSettings: createReviewSettingsStore(db),
    reviews: createReviewStore(db),
  };
}

/** Stores for a connection, with transactions. */
export function createStorage(connection: Connection): Storage {
  return {
    stores: createStores(connection.db),
    engine: connection.engine,
    transaction: (work) => connection.db.transaction((tx) => work(createStores(tx as unknown as Db))),
  };
}
