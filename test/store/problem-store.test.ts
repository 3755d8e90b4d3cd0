import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, buildEvidence, buildProblem } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { validateProblem } from '../../src/domain/problem.ts';

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`problems on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let editor: Actor;

    beforeAll(async () => {
      world = await openTestWorld(engine);
      org = await addOrganisation(world.services);
      editor = (await addPerson(world.services, org, 'editor')).actor;
    });
    afterAll(() => world?.close());

    it('stores a problem with its evidence and reads it back', async () => {
      const created = await world.services.problems.create(editor, org.id, {
        ...buildProblem({ themes: ['Access', ' access ', 'Outpatients'] }),
        evidence: [buildEvidence(), buildEvidence({ kind: 'staff_survey', link: '', count: null })],
      });
      const read = await world.services.problems.get(editor, created.id);
      expect(read.themes).toEqual(['access', 'outpatients']);
      expect(read.evidence.map((e) => e.kind)).toEqual(['operational_data', 'staff_survey']);
      expect(read.evidence[1]).toMatchObject({ link: null, count: null });
      expect(read.raisedBy).toBe('editor person');
    });

    it('sorts by severity × reach and filters by theme, who and status', async () => {
      const o = await addOrganisation(world.services);
      const a = (await addPerson(world.services, o, 'editor')).actor;
      const make = (severity: number, reach: number, extra: Record<string, unknown> = {}) =>
        world.services.problems.create(a, o.id, buildProblem({ severity, reach, title: `s${severity} r${reach}`, ...extra }));
      await make(1, 1000); // 1000
      await make(5, 100, { themes: ['beds'], affected: 'staff' }); // 500
      await make(3, 2000, { status: 'parked' }); // 6000
      const all = await world.services.problems.list(a, o.id, {}, { limit: 10, offset: 0 });
      expect(all.problems.map((p) => p.title)).toEqual(['s3 r2000', 's1 r1000', 's5 r100']);
      expect(all.total).toBe(3);
      const beds = await world.services.problems.list(a, o.id, { theme: 'beds' }, { limit: 10, offset: 0 });
      expect(beds.problems.map((p) => p.title)).toEqual(['s5 r100']);
      const staff = await world.services.problems.list(a, o.id, { affected: 'staff' }, { limit: 10, offset: 0 });
      expect(staff.total).toBe(1);
      const parked = await world.services.problems.list(a, o.id, { status: 'parked' }, { limit: 10, offset: 0 });
      expect(parked.problems.map((p) => p.title)).toEqual(['s3 r2000']);
      const page2 = await world.services.problems.list(a, o.id, {}, { limit: 2, offset: 2 });
      expect(page2.problems.map((p) => p.title)).toEqual(['s5 r100']);
      expect(page2.total).toBe(3);
      expect(await world.services.problems.themes(a, o.id)).toEqual(['beds', 'communication', 'discharge']);
    });

    it('writes history for every change, with before and after', async () => {
      const p = await world.services.problems.create(editor, org.id, buildProblem());
      await world.services.problems.update(editor, p.id, { severity: 2, status: 'being_addressed' });
      await world.services.problems.addEvidence(editor, p.id, buildEvidence());
      const history = await world.services.problems.history(editor, p.id);
      expect(history.map((h) => h.action)).toEqual(['updated', 'updated', 'created']);
      const update = history.find((h) => h.changes.severity);
      expect(update?.changes.severity).toEqual({ before: 4, after: 2 });
      expect(update?.changes.status).toEqual({ before: 'open', after: 'being_addressed' });
      expect(update?.actorLabel).toBe('editor person');
    });

    it('stores nothing when one evidence item is invalid', async () => {
      const o = await addOrganisation(world.services);
      const a = (await addPerson(world.services, o, 'editor')).actor;
      await expect(
        world.services.problems.create(a, o.id, {
          ...buildProblem(),
          evidence: [buildEvidence(), buildEvidence({ link: 'javascript:alert(1)' })],
        }),
      ).rejects.toMatchObject({ fields: { 'evidence[1].link': expect.any(String) } });
      const list = await world.services.problems.list(a, o.id, {}, { limit: 10, offset: 0 });
      expect(list.total).toBe(0);
    });

    it('rolls back the whole transaction when a later write fails', async () => {
      const o = await addOrganisation(world.services);
      await expect(
        world.storage.transaction(async (stores) => {
          await stores.problems.insert({ ...(validateProblem(buildProblem())), organisationId: o.id, raisedBy: 'x', raisedByUserId: null });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const a = (await addPerson(world.services, o, 'viewer')).actor;
      expect((await world.services.problems.list(a, o.id, {}, { limit: 5, offset: 0 })).total).toBe(0);
    });

    it('hides another organisation’s problem as not found', async () => {
      const other = await addOrganisation(world.services, 'Other Trust');
      const outsider = (await addPerson(world.services, other, 'admin')).actor;
      const p = await world.services.problems.create(editor, org.id, buildProblem());
      await expect(world.services.problems.get(outsider, p.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(world.services.problems.update(outsider, p.id, { severity: 1 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(world.services.problems.list(outsider, org.id, {}, { limit: 5, offset: 0 })).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('lets a contributor edit only the problems they raised', async () => {
      const c1 = (await addPerson(world.services, org, 'contributor')).actor;
      const c2 = (await addPerson(world.services, org, 'contributor')).actor;
      const p = await world.services.problems.create(c1, org.id, buildProblem());
      await expect(world.services.problems.update(c1, p.id, { severity: 5 })).resolves.toMatchObject({ severity: 5 });
      await expect(world.services.problems.update(c2, p.id, { severity: 1 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(world.services.problems.delete(c1, p.id)).rejects.toMatchObject({ code: 'forbidden' });
      const viewer = (await addPerson(world.services, org, 'viewer')).actor;
      await expect(world.services.problems.create(viewer, org.id, buildProblem())).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
}
