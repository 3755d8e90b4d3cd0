/** All services, built on one storage. */
import type { Clock, Storage } from './stores.ts';
import { createOrganisationService, type ReferenceOrganisations } from './organisations.ts';
import { createPeopleService } from './people.ts';
import { createProblemService } from './problems.ts';

/** Build every service on a storage. */
export function createServices(storage: Storage, reference: ReferenceOrganisations, clock: Clock = () => new Date()) {
  return {
    engine: storage.engine,
    clock,
    organisations: createOrganisationService(storage, reference),
    people: createPeopleService(storage, clock),
    problems: createProblemService(storage),
  };
}

export type Services = ReturnType<typeof createServices>;
