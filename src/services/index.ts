/** All services, built on one storage. */
import type { Clock, Storage } from './stores.ts';
import { createOrganisationService, type ReferenceOrganisations } from './organisations.ts';
import { createPeopleService, type SessionSettings } from './people.ts';
import { createProblemService } from './problems.ts';
import { createGoalService } from './goals.ts';
import { createMeasureService } from './measures.ts';
import { createCheckInService } from './check-ins.ts';
import { createBoardReportService } from './board-report.ts';
import { createValueImportService } from './value-import.ts';
import { createStoryService } from './story.ts';
import { createExampleService } from './examples.ts';
import { createPeerService, type PublicStatistics } from './peers.ts';
import { createSystemService } from './systems.ts';
import { createDecisionService } from './decisions.ts';
import { createInitiativeService } from './initiatives.ts';
import { createPortfolioService } from './portfolio.ts';
import { createDoDifferentlyService, createStopItemService } from './stop-items.ts';
import { createReviewService } from './reviews.ts';
import { createHealthCheckService } from './health-checks.ts';

/** Build every service on a storage. */
export function createServices(
  storage: Storage,
  reference: ReferenceOrganisations,
  clock: Clock = () => new Date(),
  settings: { sessions?: SessionSettings; publicStatistics?: PublicStatistics | null } = {},
) {
  const measures = createMeasureService(storage, clock);
  const boardReport = createBoardReportService(storage, measures, clock);
  return {
    engine: storage.engine,
    goals: createGoalService(storage),
    measures,
    valueImport: createValueImportService(measures, clock),
    checkIns: createCheckInService(storage, clock),
    boardReport,
    reviews: createReviewService(storage, measures, clock),
    healthChecks: createHealthCheckService(storage, measures, clock),
    clock,
    organisations: createOrganisationService(storage, reference),
    people: createPeopleService(storage, clock, settings.sessions),
    problems: createProblemService(storage),
    story: createStoryService(storage, boardReport, clock),
    examples: createExampleService(storage),
    peers: createPeerService(storage, settings.publicStatistics ?? null),
    systems: createSystemService(storage, reference, clock),
    decisions: createDecisionService(storage, clock),
    initiatives: createInitiativeService(storage, clock),
    portfolio: createPortfolioService(storage, clock),
    stopItems: createStopItemService(storage),
    doDifferently: createDoDifferentlyService(storage),
  };
}

export type Services = ReturnType<typeof createServices>;
