import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { InvalidInput } from '../../src/domain/errors.ts';
import { presenceOf } from '../../src/domain/decision.ts';

async function fieldsOf(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InvalidInput) return e.fields;
    throw e;
  }
  throw new Error('expected InvalidInput');
}

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`decisions on ${engine}`, () => {
    let world: TestWorld;
    let org: Organisation;
    let other: Organisation;
    let editor: Actor;
    let editorId: string;
    let otherEditor: Actor;

    const today = () => world.services.clock().toISOString().slice(0, 10);
    const base = () => ({
      kind: 'prioritisation',
      decidedOn: today(),
      what: 'Commit to electronic discharge letters this quarter',
      options: ['Commit now', 'Wait for the new patient record'],
      rationale: 'Letters are late for most patients and the work fits our capacity.',
      present: [{ userId: editorId }, { name: 'Pat Jones', discipline: 'patients_representative' }],
      items: [] as { type: string; id: string }[],
    });

    beforeAll(async () => {
      world = await openTestWorld(engine);
      org = await addOrganisation(world.services);
      other = await addOrganisation(world.services, 'Other Trust');
      editor = (await addPerson(world.services, org, 'editor', 'Dr Ada Clinician', 'clinical')).actor;
      editorId = editor.kind === 'user' ? editor.userId : '';
      otherEditor = (await addPerson(world.services, other, 'editor')).actor;
    });
    afterAll(() => world?.close());

    it('records a decision with the people present, their disciplines and the items it concerns', async () => {
      const problem = await world.services.problems.create(editor, org.id, buildProblem());
      const d = await world.services.decisions.record(editor, org.id, { ...base(), items: [{ type: 'problem', id: problem.id }] });
      const read = await world.services.decisions.get(editor, d.id);
      expect(read.present).toEqual([
        { kind: 'member', userId: editorId, name: 'Dr Ada Clinician', discipline: 'clinical' },
        { kind: 'guest', name: 'Pat Jones', discipline: 'patients_representative' },
      ]);
      expect(read.items).toEqual([{ type: 'problem', id: problem.id }]);
      expect(presenceOf(read.present)).toMatchObject({ clinical: true, patients: true, operational: false, digitalOnly: false });
      const refs = await world.services.decisions.describeItems(editor, read);
      expect(refs[0]!.label).toBe(problem.title);
      const listed = await world.services.decisions.listFor(editor, org.id, { type: 'problem', id: problem.id });
      expect(listed.map((x) => x.id)).toEqual([d.id]);
      const history = await world.storage.stores.audit.history('decision', [d.id], 10);
      expect(history[0]!.action).toBe('created');
    });

    it('keeps a superseded decision and links both ways; a decision is superseded once', async () => {
      const first = await world.services.decisions.record(editor, org.id, base());
      const second = await world.services.decisions.record(editor, org.id, { ...base(), kind: 'pivot', what: 'Pivot to letters by text message', supersedesId: first.id });
      expect((await world.services.decisions.get(editor, first.id)).supersededById).toBe(second.id);
      expect(second.supersedesId).toBe(first.id);
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), supersedesId: first.id }))).toHaveProperty('supersedesId');
    });

    it('refuses nobody present, a future date, another organisation’s items, members and decisions, and stores nothing', async () => {
      const before = (await world.services.decisions.list(editor, org.id)).total;
      const foreignProblem = await world.services.problems.create(otherEditor, other.id, buildProblem());
      const foreignDecision = await world.services.decisions.record(otherEditor, other.id, { ...base(), present: [{ name: 'Sam', discipline: 'digital' }] });
      const otherId = otherEditor.kind === 'user' ? otherEditor.userId : '';
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), present: [] }))).toHaveProperty('present');
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), decidedOn: '2999-01-01' }))).toHaveProperty('decidedOn');
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), decidedOn: '2027-02-30' }))).toHaveProperty('decidedOn');
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), items: [{ type: 'problem', id: foreignProblem.id }] }))).toHaveProperty(['items[0].id']);
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), items: [{ type: 'spaceship', id: foreignProblem.id }] }))).toHaveProperty(['items[0].type']);
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), present: [{ userId: otherId }] }))).toHaveProperty(['present[0].userId']);
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), supersedesId: foreignDecision.id }))).toHaveProperty('supersedesId');
      expect(await fieldsOf(world.services.decisions.record(editor, org.id, { ...base(), present: [{ name: 'Guest' }] }))).toHaveProperty(['present[0].discipline']);
      expect((await world.services.decisions.list(editor, org.id)).total).toBe(before);
      await expect(world.services.decisions.get(editor, foreignDecision.id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('lets only editors record, and viewers read', async () => {
      const viewer = (await addPerson(world.services, org, 'viewer')).actor;
      await expect(world.services.decisions.record(viewer, org.id, base())).rejects.toMatchObject({ code: 'forbidden' });
      expect((await world.services.decisions.list(viewer, org.id)).total).toBeGreaterThan(0);
    });

    it('records inside another service’s transaction, and rolls back with it', async () => {
      const before = (await world.services.decisions.list(editor, org.id)).total;
      await expect(
        world.storage.transaction(async (stores) => {
          await world.services.decisions.record(editor, org.id, base(), { stores });
          throw new Error('the other change failed');
        }),
      ).rejects.toThrow('the other change failed');
      expect((await world.services.decisions.list(editor, org.id)).total).toBe(before);
    });

    it('has no way to change or delete a stored decision', () => {
      expect(Object.keys(world.storage.stores.decisions).sort()).toEqual(['findById', 'insert', 'list']);
      expect(Object.keys(world.services.decisions)).not.toContain('update');
      expect(Object.keys(world.services.decisions)).not.toContain('delete');
    });
  });
}
