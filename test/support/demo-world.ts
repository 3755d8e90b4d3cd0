/** A test database with the demo loaded through the services, and its admin signed in. */
import { loadDemo, type DemoSignIn } from '../../src/demo/demo.ts';
import type { Clock } from '../../src/services/stores.ts';
import type { Actor } from '../../src/domain/person.ts';
import { openTestWorld, type TestWorld } from './database.ts';

export interface DemoWorld {
  world: TestWorld;
  signIn: DemoSignIn;
  /** The demo admin, signed in. */
  actor: Actor;
  /** The demo trust's id. */
  trustId: string;
}

/** Open an embedded test database (on `clock`, if given) and load the demo with `options`. */
export async function openDemoWorld(options: Parameters<typeof loadDemo>[1] = {}, clock?: Clock): Promise<DemoWorld> {
  const world = await openTestWorld('pglite', clock);
  const signIn = await loadDemo(world.services, options);
  const actor = (await world.services.people.signIn(signIn.email, signIn.password)).session.actor;
  const trustId = (await world.services.organisations.getByCode(signIn.organisationCode)).id;
  return { world, signIn, actor, trustId };
}
