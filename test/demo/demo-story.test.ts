import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/demo.ts';
import { DEMO_ADMIN, DEMO_TRUST } from '../../src/demo/demo-content.ts';
import { DEMO_STORY } from '../../src/demo/demo-story.ts';
import { buildStory } from '../../src/report/build-story.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { loadReferenceOrganisations } from '../../src/db/reference-organisations.ts';
import { loadPublicStatistics } from '../../src/db/public-statistics.ts';
import { readFourHourSeries } from '../../src/db/reference-series.ts';
import { createApp } from '../../src/web/app.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { openTestWorld, type TestWorld } from '../support/database.ts';

describe('the demo story', () => {
  let world: TestWorld;
  let services: Services;
  let trust: Organisation;
  let admin: Actor;

  beforeAll(async () => {
    world = await openTestWorld('pglite');
    services = createServices(world.storage, loadReferenceOrganisations(), undefined, { publicStatistics: loadPublicStatistics() });
    await loadDemo(services, { fourHour: readFourHourSeries(), buildStory: (actor, org) => buildStory(services, actor, org) });
    trust = await services.organisations.getByCode(DEMO_TRUST.code);
    const members = await world.storage.stores.users.listMembers(trust.id);
    const m = members.find((x) => x.email === DEMO_ADMIN.email)!;
    admin = { kind: 'user', userId: m.userId, name: m.name, email: m.email, roles: new Map([[trust.id, m.role]]) };
  }, 120_000);

  afterAll(async () => {
    await world.close();
  });

  it('has two published versions that compare, with the example copied in between', async () => {
    const { versions } = await services.story.versions(admin, trust.id);
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
    const { comparison } = await services.story.compare(admin, trust.id, 1, 2);
    expect(comparison.goalsAdded).toHaveLength(1);
    const copies = await services.examples.copies(admin, trust.id);
    expect(copies.map((c) => c.exampleId)).toEqual([DEMO_STORY.exampleId]);
    expect(copies[0]!.goalId).toBe(comparison.goalsAdded[0]!.id);
  });

  it('has its public page on, showing the latest version', async () => {
    const app = await createApp(services);
    try {
      const res = await app.inject({ url: `/public/${DEMO_TRUST.code}/strategy` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Version 2');
      expect(res.body).toContain(DEMO_STORY.mission.slice(0, 40));
      const sections = [...res.body.matchAll(/data-section="(\w+)"/g)].map((m) => m[1]);
      expect(sections).toEqual(expect.arrayContaining(['principles', 'system', 'know']));
      const { document } = await services.story.version(admin, trust.id, 2);
      expect(document.facts.principles?.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('compares its A&E 4-hour performance with the other trusts of its ICB, each with an SPC reading', async () => {
    const c = await services.peers.fourHour(admin, trust.id);
    expect(c.organisation.code).toBe('R1H');
    expect(c.basis).toBe('icb');
    expect(c.peers.length).toBeGreaterThan(1);
    for (const p of c.peers) {
      expect(p.reading.text.length).toBeGreaterThan(10);
      expect(p.improving).toBe(p.analysis.variation === 'improvement_high');
    }
    expect(c.licence).toContain('Open Government Licence');
  });
});
