/**
 * What an actor may read through systems: computed from the memberships current on the day of
 * the request, so a membership that has ended grants nothing. The one place that turns system
 * memberships into read access; domain/person.ts `canRead` applies it.
 */
import { READ_AREAS, type ReadArea, type ReadGrants } from '../domain/person.ts';
import type { Stores } from './stores.ts';

/**
 * The read grants of the people of some organisations on a date: a system's people read all of
 * its current members' work; a current member reads its system's own content, and other current
 * members' work in the areas the system shares.
 */
export async function readGrantsFor(stores: Stores, organisationIds: readonly string[], on: string): Promise<ReadGrants> {
  const { memberships, sharedAreas } = await stores.systems.currentAround(organisationIds, on);
  const mine = new Set(organisationIds);
  const grants = new Map<string, Set<ReadArea>>();
  const grant = (organisationId: string, areas: readonly ReadArea[]) => {
    if (mine.has(organisationId) || !areas.length) return;
    const set = grants.get(organisationId) ?? new Set<ReadArea>();
    for (const a of areas) set.add(a);
    grants.set(organisationId, set);
  };
  const systemsIAmIn = new Set(memberships.filter((m) => mine.has(m.organisationId)).map((m) => m.systemId));
  for (const m of memberships) {
    if (mine.has(m.systemId)) grant(m.organisationId, READ_AREAS);
    if (mine.has(m.organisationId)) grant(m.systemId, READ_AREAS);
    else if (systemsIAmIn.has(m.systemId)) grant(m.organisationId, sharedAreas.get(m.systemId) ?? []);
  }
  return grants;
}
