import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { engines, openTestWorld, type TestWorld } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addPerson, addWeeklyMeasure, buildProblem, uniqueCode } from '../support/builders.ts';
import type { Actor } from '../../src/domain/person.ts';

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`systems on ${engine}`, () => {
    let world: TestWorld;
    let now = new Date('2026-06-01T10:00:00Z');

    beforeAll(async () => {
      world = await openTestWorld(engine, () => now);
    });
    afterAll(() => world?.close());

    const s = () => world.services;
    const icb = (name = 'Test ICB') => s().organisations.add({ code: uniqueCode(), name, type: 'icb' });
    const trust = (name = 'Test Trust') => s().organisations.add({ code: uniqueCode(), name, type: 'trust' });
    const fresh = (a: Actor) => s().systems.withCurrentReads(a);
    const count = async (table: string) => {
      const r: unknown = await world.connection.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      return Number((r as { rows: { n: number }[] }).rows[0]!.n);
    };

    /** A system with an editor, and two member trusts with an editor each. */
    async function system() {
      const sys = await icb();
      const lead = (await addPerson(s(), sys, 'editor', 'ICS lead')).actor;
      const a = await trust('Alpha Trust');
      const b = await trust('Beta Trust');
      const aEditor = (await addPerson(s(), a, 'editor', 'Alpha editor')).actor;
      const bEditor = (await addPerson(s(), b, 'editor', 'Beta editor')).actor;
      await s().systems.addMembership(lead, sys.id, { organisation: a.code, from: '2022-07-01' });
      await s().systems.addMembership(lead, sys.id, { organisation: b.code, from: '2022-07-01' });
      return { sys, lead, a, b, aEditor, bEditor };
    }

    describe('memberships', () => {
      it('keeps dated memberships and refuses one that overlaps itself, storing nothing', async () => {
        const { sys, lead, a } = await system();
        const before = await count('system_memberships');
        await expect(s().systems.addMembership(lead, sys.id, { organisation: a.code, from: '2024-01-01', to: '2024-12-31' })).rejects.toMatchObject({
          code: 'invalid_input',
          fields: { from: expect.stringContaining('overlaps') },
        });
        expect(await count('system_memberships')).toBe(before);
      });

      it('refuses a member of two systems at the same date, and allows a move once the first ends', async () => {
        const { sys, lead, a } = await system();
        const other = await icb('Other ICB');
        const otherLead = (await addPerson(s(), other, 'editor')).actor;
        await expect(s().systems.addMembership(otherLead, other.id, { organisation: a.code, from: '2026-04-01' })).rejects.toMatchObject({
          fields: { from: expect.stringContaining('one system at a time') },
        });
        const { memberships } = await s().systems.listMemberships(lead, sys.id);
        const m = memberships.find((x) => x.organisationId === a.id)!;
        await s().systems.endMembership(lead, m.id, { to: '2026-03-31' });
        await s().systems.addMembership(otherLead, other.id, { organisation: a.code, from: '2026-04-01' });
        const history = await s().systems.systemsOf((await addPerson(s(), a, 'viewer')).actor, a.id);
        expect(history.memberships.map((x) => [x.systemId, x.from, x.to])).toEqual([
          [sys.id, '2022-07-01', '2026-03-31'],
          [other.id, '2026-04-01', null],
        ]);
        expect(history.current?.systemId).toBe(other.id);
      });

      it('refuses a last day before the first, an ICB as a member, and a trust as a system', async () => {
        const { sys, lead, a } = await system();
        await expect(s().systems.addMembership(lead, sys.id, { organisation: (await trust()).code, from: '2026-05-01', to: '2026-04-01' })).rejects.toMatchObject({ fields: { to: expect.any(String) } });
        await expect(s().systems.addMembership(lead, sys.id, { organisation: (await icb()).code, from: '2026-05-01' })).rejects.toMatchObject({ fields: { organisation: expect.stringContaining('ICB') } });
        const aAdmin = (await addPerson(s(), a, 'admin')).actor;
        await expect(s().systems.addMembership(aAdmin, a.id, { organisation: (await trust()).code, from: '2026-05-01' })).rejects.toMatchObject({ code: 'not_found' });
      });

      it('lets only the system’s editors add memberships', async () => {
        const { sys, a } = await system();
        const viewer = (await addPerson(s(), sys, 'viewer')).actor;
        await expect(s().systems.addMembership(viewer, sys.id, { organisation: (await trust()).code, from: '2026-01-01' })).rejects.toMatchObject({ code: 'forbidden' });
        const member = await fresh((await addPerson(s(), a, 'admin')).actor);
        await expect(s().systems.addMembership(member, sys.id, { organisation: (await trust()).code, from: '2026-01-01' })).rejects.toMatchObject({ code: 'forbidden' });
      });
    });

    describe('permissions in both directions', () => {
      it('lets the system’s people read members’ problems, goals and measures but not change them', async () => {
        const { sys, a, aEditor } = await system();
        const problem = await s().problems.create(aEditor, a.id, buildProblem());
        const goal = await s().goals.create(aEditor, a.id, { statement: 'Letters reach GPs in a day' });
        const measure = await addWeeklyMeasure(s(), aEditor, goal.id, { name: 'Letters late', improvementDirection: 'decrease' }, [5, 6, 4], '2026-05-18');
        const reader = await fresh((await addPerson(s(), sys, 'admin')).actor);
        expect((await s().problems.get(reader, problem.id)).id).toBe(problem.id);
        expect((await s().goals.list(reader, a.id)).map((g) => g.id)).toContain(goal.id);
        expect((await s().measures.getWithValues(reader, measure.id)).values).toHaveLength(3);
        await expect(s().goals.update(reader, goal.id, { statement: 'Changed by the ICB' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().problems.update(reader, problem.id, { title: 'Changed' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().measures.recordValues(reader, measure.id, [{ period: '2026-05-25', value: 1 }])).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().goals.create(reader, a.id, { statement: 'An ICB goal in a trust' })).rejects.toMatchObject({ code: 'forbidden' });
      });

      it('lets members read the system’s principles and goals but not change them', async () => {
        const { sys, lead, aEditor } = await system();
        const principle = await s().systems.addPrinciple(lead, sys.id, { title: 'Data stays in the UK', rationale: 'UK GDPR and public trust' });
        const goal = await s().goals.create(lead, sys.id, { statement: 'Fewer people wait over 18 weeks' });
        const member = await fresh(aEditor);
        expect((await s().systems.listPrinciples(member, sys.id)).map((p) => p.id)).toEqual([principle.id]);
        expect((await s().goals.get(member, goal.id)).id).toBe(goal.id);
        await expect(s().systems.updatePrinciple(member, principle.id, { title: 'Data stays anywhere' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().goals.update(member, goal.id, { statement: 'Changed by a trust' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().systems.addCapability(member, sys.id, { name: 'Rostering' })).rejects.toMatchObject({ code: 'forbidden' });
      });

      it('shows a member another member’s work only in the areas the system shares', async () => {
        const { sys, lead, a, aEditor, bEditor } = await system();
        const problem = await s().problems.create(aEditor, a.id, buildProblem());
        const goal = await s().goals.create(aEditor, a.id, { statement: 'Alpha goal' });
        await expect(s().problems.get(await fresh(bEditor), problem.id)).rejects.toMatchObject({ code: 'not_found' });
        await s().systems.setSharedAreas(lead, sys.id, ['goals']);
        const b = await fresh(bEditor);
        expect((await s().goals.get(b, goal.id)).id).toBe(goal.id);
        await expect(s().problems.get(b, problem.id)).rejects.toMatchObject({ code: 'not_found' });
        await expect(s().goals.update(b, goal.id, { statement: 'Changed by Beta' })).rejects.toMatchObject({ code: 'forbidden' });
      });

      it('stops every read through the system once a membership has ended', async () => {
        const { sys, lead, a, aEditor } = await system();
        await s().systems.setSharedAreas(lead, sys.id, ['goals', 'problems']);
        const goal = await s().goals.create(aEditor, a.id, { statement: 'Alpha goal before leaving' });
        const principle = await s().systems.addPrinciple(lead, sys.id, { title: 'New interfaces use FHIR UK Core', rationale: 'One standard' });
        const reader = (await addPerson(s(), sys, 'viewer')).actor;
        expect((await s().goals.get(await fresh(reader), goal.id)).id).toBe(goal.id);
        const { memberships } = await s().systems.listMemberships(lead, sys.id);
        await s().systems.endMembership(lead, memberships.find((m) => m.organisationId === a.id)!.id, { to: '2026-06-30' });
        const saved = now;
        try {
          now = new Date('2026-07-01T09:00:00Z');
          await expect(s().goals.get(await fresh(reader), goal.id)).rejects.toMatchObject({ code: 'not_found' });
          await expect(s().goals.list(await fresh(reader), a.id)).rejects.toMatchObject({ code: 'forbidden' });
          await expect(s().systems.getPrinciple(await fresh(aEditor), principle.id)).rejects.toMatchObject({ code: 'not_found' });
          // The session of a signed-in person is resolved afresh on each request, with the new date.
          const person = await addPerson(s(), sys, 'viewer');
          const { token } = await s().people.signIn(person.email, 'correct horse battery staple');
          const resolved = await s().people.resolveSession(token);
          await expect(s().goals.get(resolved!.actor, goal.id)).rejects.toMatchObject({ code: 'not_found' });
        } finally {
          now = saved;
        }
      });

      it('gives an organisation outside the system nothing', async () => {
        const { sys, lead, a, aEditor } = await system();
        const goal = await s().goals.create(aEditor, a.id, { statement: 'Private goal' });
        await s().systems.addPrinciple(lead, sys.id, { title: 'Patients prove who they are with NHS login', rationale: 'One identity' });
        const outsider = await fresh((await addPerson(s(), await trust('Outside Trust'), 'admin')).actor);
        await expect(s().goals.get(outsider, goal.id)).rejects.toMatchObject({ code: 'not_found' });
        await expect(s().systems.listPrinciples(outsider, sys.id)).rejects.toMatchObject({ code: 'not_found' });
        await expect(s().organisations.getForActor(sys.code, outsider)).rejects.toMatchObject({ code: 'not_found' });
      });
    });

    describe('contributions to system goals', () => {
      it('links a member goal to a goal of its own system and refuses another system’s', async () => {
        const { sys, lead, a, aEditor } = await system();
        const sysGoal = await s().goals.create(lead, sys.id, { statement: 'System goal' });
        const other = await icb('Other');
        const otherGoal = await s().goals.create((await addPerson(s(), other, 'editor')).actor, other.id, { statement: 'Other system goal' });
        const goal = await s().goals.create(aEditor, a.id, { statement: 'Member goal' });
        const member = await fresh(aEditor);
        await expect(s().systems.setContribution(member, goal.id, otherGoal.id)).rejects.toMatchObject({ fields: { systemGoalId: expect.any(String) } });
        expect(await s().systems.contributionOf(member, goal.id)).toBeNull();
        await s().systems.setContribution(member, goal.id, sysGoal.id);
        expect(await s().systems.contributionOf(member, goal.id)).toBe(sysGoal.id);
        await expect(s().systems.setContribution(await fresh(lead), goal.id, null)).rejects.toMatchObject({ code: 'forbidden' });
        const view = await s().systems.alignment(await fresh(lead), sys.id);
        expect(view.goals.find((g) => g.goal.id === sysGoal.id)?.contributions.map((c) => c.goalId)).toEqual([goal.id]);
      });
    });

    describe('capabilities and assessments', () => {
      it('keeps entries per member, finds convergence and duplication, and refuses the system editing an entry', async () => {
        const { sys, lead, a, b, aEditor, bEditor } = await system();
        const cap = await s().systems.addCapability(lead, sys.id, { name: 'E-prescribing' });
        await expect(s().systems.addCapability(lead, sys.id, { name: 'e-prescribing' })).rejects.toMatchObject({ code: 'conflict' });
        await s().systems.putEntry(await fresh(aEditor), cap.id, a.id, { status: 'in_use', product: 'EPMA One', contractEnd: '2027-03-31', serves: 'poorly', servesReason: 'Slow on wards' });
        await s().systems.putEntry(await fresh(bEditor), cap.id, b.id, { status: 'in_use', supplier: 'Other Co', contractEnd: '2028-01-31', serves: 'well', servesReason: 'Liked' });
        await expect(s().systems.putEntry(await fresh(lead), cap.id, a.id, { status: 'needed' })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().systems.putEntry(await fresh(aEditor), cap.id, a.id, { status: 'in_use', serves: 'well' })).rejects.toMatchObject({ fields: { servesReason: expect.any(String), product: expect.any(String) } });
        const conv = await s().systems.convergence(await fresh(lead), sys.id);
        expect(conv).toHaveLength(1);
        expect(conv[0]).toMatchObject({ capabilityId: cap.id, earliest: '2027-03-31', latest: '2028-01-31' });
        const local = await s().systems.addCapability(lead, sys.id, { name: 'Virtual wards' });
        await s().systems.putEntry(await fresh(aEditor), local.id, a.id, { status: 'building', product: 'Own build' });
        await s().systems.putEntry(await fresh(bEditor), local.id, b.id, { status: 'building', supplier: 'Local partner' });
        const view = await s().systems.alignment(await fresh(lead), sys.id);
        expect(view.duplication.map((d) => d.capability.id)).toEqual([local.id]);
        // A member without sharing sees its own entry only.
        expect((await s().systems.getCapability(await fresh(aEditor), cap.id)).entries.map((e) => e.organisationId)).toEqual([a.id]);
      });

      it('scores an assessment to a recommendation by the rule and refuses a score out of range', async () => {
        const { sys, lead, a, aEditor } = await system();
        const cap = await s().systems.addCapability(lead, sys.id, { name: 'Shared care record' });
        await s().systems.putEntry(await fresh(aEditor), cap.id, a.id, { status: 'needed' });
        const suggested = await s().systems.getAssessment(await fresh(lead), cap.id);
        expect(suggested.suggestedCommonality).toEqual({ score: 3, reason: '1 of 2 members have it or need it' });
        const scores = (c: number, s2: number, i: number, l: number) => ({
          commonality: { score: c, reason: 'All members need it' },
          standardisation: { score: s2, reason: 'Same process' },
          interoperability: { score: i, reason: 'Care crosses organisations' },
          localVariation: { score: l, reason: 'Little gain' },
        });
        await expect(s().systems.putAssessment(lead, cap.id, scores(6, 5, 5, 1))).rejects.toMatchObject({ fields: { 'commonality.score': expect.any(String) } });
        expect(await s().systems.getAssessment(lead, cap.id).then((x) => x.assessment)).toBeNull();
        expect(await s().systems.putAssessment(lead, cap.id, scores(5, 4, 5, 1))).toMatchObject({ total: 13, recommendation: 'system' });
        expect(await s().systems.putAssessment(lead, cap.id, scores(3, 3, 3, 3))).toMatchObject({ total: 6, recommendation: 'hybrid' });
        expect(await s().systems.putAssessment(lead, cap.id, scores(2, 2, 1, 5))).toMatchObject({ total: 0, recommendation: 'local' });
        await expect(s().systems.putAssessment(await fresh(aEditor), cap.id, scores(5, 5, 5, 1))).rejects.toMatchObject({ code: 'forbidden' });
      });
    });

    describe('retiring and deleting capabilities', () => {
      it('takes a retired capability out of the matrix, convergence, duplication and the assessment list, keeps its page, and brings it back', async () => {
        const { sys, lead, a, b, aEditor, bEditor } = await system();
        const cap = await s().systems.addCapability(lead, sys.id, { name: 'Virtual wards' });
        for (const [org, editor] of [[a, aEditor], [b, bEditor]] as const) {
          await s().systems.putEntry(await fresh(editor), cap.id, org.id, { status: 'building', product: 'Own build', contractEnd: '2027-03-31' });
        }
        const score = { score: 3, reason: 'Written down' };
        await s().systems.putAssessment(lead, cap.id, { commonality: score, standardisation: score, interoperability: score, localVariation: score });
        const before = await s().systems.alignment(await fresh(lead), sys.id);
        expect(before.duplication.map((d) => d.capability.id)).toEqual([cap.id]);
        expect(before.convergence.map((c) => c.capabilityId)).toEqual([cap.id]);
        await expect(s().systems.retireCapability(await fresh(aEditor), cap.id, 'Not ours')).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s().systems.retireCapability(lead, cap.id, ' ')).rejects.toMatchObject({ fields: { retiredReason: 'Enter the reason for retiring it' } });
        const retired = await s().systems.retireCapability(lead, cap.id, 'The region runs it now');
        expect(retired.retired).toEqual({ at: now, by: 'ICS lead', reason: 'The region runs it now' });
        const after = await s().systems.alignment(await fresh(lead), sys.id);
        expect(after.duplication).toEqual([]);
        expect(after.convergence).toEqual([]);
        expect((await s().systems.matrix(await fresh(lead), sys.id)).capabilities).toEqual([]);
        expect(await s().systems.convergence(await fresh(lead), sys.id)).toEqual([]);
        expect((await s().systems.listCapabilities(lead, sys.id, 'retired')).map((c) => [c.capability.id, c.assessment?.recommendation])).toEqual([[cap.id, 'hybrid']]);
        const page = await s().systems.getCapability(await fresh(lead), cap.id);
        expect(page.entries).toHaveLength(2);
        expect(page.capability.retired?.reason).toBe('The region runs it now');
        await expect(s().systems.putEntry(await fresh(aEditor), cap.id, a.id, { status: 'needed' })).rejects.toMatchObject({ code: 'conflict' });
        await expect(s().systems.addCapability(lead, sys.id, { name: 'virtual wards' })).rejects.toMatchObject({ code: 'conflict', fields: { name: expect.stringContaining('retired') } });
        await s().systems.restoreCapability(lead, cap.id);
        expect((await s().systems.alignment(await fresh(lead), sys.id)).duplication.map((d) => d.capability.id)).toEqual([cap.id]);
      });

      it('deletes a capability with its entries and assessment in one transaction, but never one a decision concerns', async () => {
        const { sys, lead, a, aEditor } = await system();
        const cap = await s().systems.addCapability(lead, sys.id, { name: 'Rostering' });
        await s().systems.putEntry(await fresh(aEditor), cap.id, a.id, { status: 'in_use', product: 'Rota' });
        const score = { score: 2, reason: 'Written down' };
        await s().systems.putAssessment(lead, cap.id, { commonality: score, standardisation: score, interoperability: score, localVariation: score });
        const preview = await s().systems.capabilityDeletion(await fresh(lead), cap.id);
        expect(preview).toMatchObject({ decisionCount: 0, assessment: { recommendation: 'local' } });
        expect(preview.entries.map((e) => e.organisation?.name)).toEqual(['Alpha Trust']);
        await expect(s().systems.deleteCapability(await fresh(aEditor), cap.id)).rejects.toMatchObject({ code: 'forbidden' });
        await s().systems.deleteCapability(lead, cap.id);
        expect(await world.storage.stores.systems.findCapability(cap.id)).toBeNull();
        expect(await world.storage.stores.systems.listEntries([cap.id])).toEqual([]);

        const kept = await s().systems.addCapability(lead, sys.id, { name: 'Shared care record' });
        await s().systems.putAssessment(lead, kept.id, { commonality: score, standardisation: score, interoperability: score, localVariation: score });
        await s().systems.decideCapability(lead, kept.id, { decided: 'local', decidedOn: '2026-05-30', rationale: 'Each member has its own', present: [{ name: 'Pat Jones', discipline: 'digital' }] });
        const entries = await count('capability_entries');
        const audits = await count('audit_events');
        await expect(s().systems.deleteCapability(lead, kept.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Retire it instead') });
        expect(await world.storage.stores.systems.findCapability(kept.id)).not.toBeNull();
        expect([await count('capability_entries'), await count('audit_events')]).toEqual([entries, audits]);
      });

      it('never leaves a decision naming a deleted capability when both happen at once', async () => {
        const { sys, lead } = await system();
        for (let i = 0; i < 3; i++) {
          const cap = await s().systems.addCapability(lead, sys.id, { name: `Imaging ${i}` });
          const [deleted, decided] = await Promise.allSettled([
            s().systems.deleteCapability(lead, cap.id),
            s().decisions.record(lead, sys.id, { kind: 'other', decidedOn: '2026-05-30', what: 'Imaging together', rationale: 'One archive', present: [{ name: 'Pat Jones', discipline: 'digital' }], items: [{ type: 'capability', id: cap.id }] }),
          ]);
          const exists = (await world.storage.stores.systems.findCapability(cap.id)) !== null;
          // Either the decision landed and the capability stays, or the capability went and the decision was refused.
          expect(decided.status === 'fulfilled' ? exists && deleted.status === 'rejected' : !exists && deleted.status === 'fulfilled').toBe(true);
        }
      });
    });

    describe('roll-up measures', () => {
      async function withMeasures() {
        const w = await system();
        const ga = await s().goals.create(w.aEditor, w.a.id, { statement: 'A' });
        const gb = await s().goals.create(w.bEditor, w.b.id, { statement: 'B' });
        const def = (d: string) => ({ definition: d });
        const ma = await addWeeklyMeasure(s(), w.aEditor, ga.id, { name: 'Referrals A', improvementDirection: 'increase', ...def('Electronic referrals sent in the week.') }, [10, 12, 11, 13], '2026-05-18');
        const mb = await addWeeklyMeasure(s(), w.bEditor, gb.id, { name: 'Referrals B', improvementDirection: 'increase', ...def('electronic referrals  sent in the week') }, [20, 22, 19], '2026-05-18');
        const odd = await addWeeklyMeasure(s(), w.bEditor, gb.id, { name: 'Referrals B (other)', improvementDirection: 'increase', ...def('Referrals of any kind') }, [1, 2, 3], '2026-05-18');
        return { ...w, ma, mb, odd, ga, gb };
      }

      it('sums members’ counts period by period, leaving out periods a member has not sent', async () => {
        const { sys, lead, ma, mb, a, b } = await withMeasures();
        const r = await s().systems.createRollup(await fresh(lead), sys.id, { name: 'E-referrals', kind: 'sum', improvementDirection: 'increase', components: [{ measureId: ma.id }, { measureId: mb.id }] });
        const series = await s().systems.rollupSeries(await fresh(lead), r.id);
        expect(series.points.map((p) => [p.period, p.value])).toEqual([
          ['2026-05-04', 32],
          ['2026-05-11', 33],
          ['2026-05-18', 32],
        ]);
        expect(series.incomplete).toEqual(['2026-04-27']);
        expect(series.points[0]!.contributions).toEqual([
          { organisationId: a.id, numerator: 12, denominator: null },
          { organisationId: b.id, numerator: 20, denominator: null },
        ]);
        expect(series.statistics.spc.points).toHaveLength(3);
      });

      it('refuses a roll-up over measures whose definitions differ, storing nothing', async () => {
        const { sys, lead, ma, odd } = await withMeasures();
        const before = await count('rollup_measures');
        await expect(s().systems.createRollup(await fresh(lead), sys.id, { name: 'Mixed', kind: 'sum', improvementDirection: 'increase', components: [{ measureId: ma.id }, { measureId: odd.id }] })).rejects.toMatchObject({
          code: 'invalid_input',
          fields: { 'components[1].measureId': expect.stringContaining('differs') },
        });
        expect(await count('rollup_measures')).toBe(before);
      });

      it('rolls a rate up as the sum of numerators over the sum of denominators', async () => {
        const { sys, lead, aEditor, bEditor, ga, gb } = await withMeasures();
        const mk = (actor: Actor, goalId: string, name: string, definition: string, values: number[]) => addWeeklyMeasure(s(), actor, goalId, { name, improvementDirection: 'increase', definition } as never, values, '2026-05-18');
        const na = await mk(aEditor, ga.id, 'Seen in 4h A', 'Attendances seen within four hours', [90, 80]);
        const da = await mk(aEditor, ga.id, 'Attendances A', 'All attendances', [100, 100]);
        const nb = await mk(bEditor, gb.id, 'Seen in 4h B', 'Attendances seen within four hours', [10, 30]);
        const db = await mk(bEditor, gb.id, 'Attendances B', 'All attendances', [100, 50]);
        const r = await s().systems.createRollup(await fresh(lead), sys.id, { name: '4-hour', kind: 'ratio', unit: 'percentage', improvementDirection: 'increase', components: [{ measureId: na.id, denominatorMeasureId: da.id }, { measureId: nb.id, denominatorMeasureId: db.id }] });
        const series = await s().systems.rollupSeries(await fresh(lead), r.id);
        expect(series.points.map((p) => p.value)).toEqual([50, (110 / 150) * 100]);
      });

      it('stops reading a member’s values into the roll-up once its membership ends', async () => {
        const { sys, lead, ma, mb, a, b } = await withMeasures();
        const r = await s().systems.createRollup(await fresh(lead), sys.id, { name: 'E-referrals', kind: 'sum', improvementDirection: 'increase', components: [{ measureId: ma.id }, { measureId: mb.id }] });
        const { memberships } = await s().systems.listMemberships(lead, sys.id);
        await s().systems.endMembership(lead, memberships.find((m) => m.organisationId === b.id)!.id, { to: '2026-05-31' });
        const series = await s().systems.rollupSeries(await fresh(lead), r.id);
        expect(series.formerMembers).toEqual([b.id]);
        expect(series.points.map((p) => p.value)).toEqual([10, 12, 11, 13]);
        expect(series.points.flatMap((p) => p.contributions.map((c) => c.organisationId))).not.toContain(b.id);
        expect([...series.visible]).toEqual([a.id]);
      });

      it('refuses a measure of an organisation that is not a current member', async () => {
        const { sys, lead, ma } = await withMeasures();
        const outside = await trust('Outside');
        const oEditor = (await addPerson(s(), outside, 'editor')).actor;
        const g = await s().goals.create(oEditor, outside.id, { statement: 'O' });
        const mo = await addWeeklyMeasure(s(), oEditor, g.id, { name: 'Referrals O', improvementDirection: 'increase' }, [1, 2], '2026-05-18');
        await expect(s().systems.createRollup(await fresh(lead), sys.id, { name: 'X', kind: 'sum', improvementDirection: 'increase', components: [{ measureId: ma.id }, { measureId: mo.id }] })).rejects.toMatchObject({ code: 'invalid_input' });
      });
    });

    describe('principles, initiatives and decisions', () => {
      it('lets a member declare conformance or an exception with a reason, seen by the system', async () => {
        const { sys, lead, a, aEditor } = await system();
        const login = await s().systems.addPrinciple(lead, sys.id, { title: 'Patients prove who they are with NHS login', rationale: 'One identity for patients' });
        const fhir = await s().systems.addPrinciple(lead, sys.id, { title: 'New interfaces use FHIR UK Core', rationale: 'One standard' });
        const sysGoal = await s().goals.create(lead, sys.id, { statement: 'Patients manage care online' });
        const goal = await s().goals.create(aEditor, a.id, { statement: 'Half of outpatients use the portal' });
        const member = await fresh(aEditor);
        await s().systems.setContribution(member, goal.id, sysGoal.id);
        const initiative = await s().initiatives.create(member, a.id, { name: 'Patient portal', change: 'Patients book and change appointments themselves', goalIds: [goal.id] });
        await expect(s().systems.declare(member, initiative.id, login.id, { stance: 'exception' })).rejects.toMatchObject({ fields: { reason: expect.any(String) } });
        await s().systems.declare(member, initiative.id, login.id, { stance: 'exception', reason: 'The supplier supports NHS login only from 2027' });
        await s().systems.declare(member, initiative.id, fhir.id, { stance: 'conforms' });
        await expect(s().systems.declare(await fresh(lead), initiative.id, fhir.id, { stance: 'exception', reason: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
        const other = await icb('Elsewhere');
        const foreign = await s().systems.addPrinciple((await addPerson(s(), other, 'editor')).actor, other.id, { title: 'Elsewhere', rationale: 'x' });
        await expect(s().systems.declare(member, initiative.id, foreign.id, { stance: 'conforms' })).rejects.toMatchObject({ fields: { principleId: expect.any(String) } });
        const mine = await s().systems.declarations(member, initiative.id);
        expect(mine.principles.map((p) => p.declaration?.stance)).toEqual(['exception', 'conforms']);
        const view = await s().systems.alignment(await fresh(lead), sys.id);
        expect(view.exceptions.map((e) => [e.principle.id, e.initiative.id, e.reason])).toEqual([[login.id, initiative.id, 'The supplier supports NHS login only from 2027']]);
        expect(view.goals[0]!.contributions[0]!.initiatives.map((i) => i.id)).toEqual([initiative.id]);
        expect(view.uncontributed).toEqual([]);
      });

      it('records the system-or-local decision in the decision log with who was present', async () => {
        const { sys, lead } = await system();
        const cap = await s().systems.addCapability(lead, sys.id, { name: 'Shared care record' });
        await expect(s().systems.decideCapability(lead, cap.id, { decided: 'system', decidedOn: '2026-05-30', rationale: 'r', present: [{ name: 'Sam', discipline: 'digital' }] })).rejects.toMatchObject({ fields: { decided: expect.any(String) } });
        const sc = (n: number) => ({ score: n, reason: 'Because' });
        await s().systems.putAssessment(lead, cap.id, { commonality: sc(5), standardisation: sc(4), interoperability: sc(5), localVariation: sc(1) });
        const leadId = lead.kind === 'user' ? lead.userId : '';
        await expect(s().systems.decideCapability(lead, cap.id, { decided: 'system', decidedOn: '2026-05-30', rationale: 'Care crosses every border', present: [] })).rejects.toMatchObject({ fields: { present: expect.any(String) } });
        const first = await s().systems.decideCapability(lead, cap.id, { decided: 'system', decidedOn: '2026-05-30', rationale: 'Care crosses every border', present: [{ userId: leadId }, { name: 'Pat Jones', discipline: 'patients_representative' }] });
        expect(first).toMatchObject({ kind: 'system_or_local', items: [{ type: 'capability', id: cap.id }], organisationId: sys.id });
        expect(first.present.map((p) => p.name)).toEqual(['ICS lead', 'Pat Jones']);
        const second = await s().systems.decideCapability(lead, cap.id, { decided: 'hybrid', decidedOn: '2026-05-31', rationale: 'Keep local viewers', present: [{ userId: leadId }] });
        expect(second.supersedesId).toBe(first.id);
        expect((await s().systems.getAssessment(lead, cap.id)).assessment).toMatchObject({ decisionId: second.id, decided: 'hybrid' });
        const log = await s().decisions.list(lead, sys.id, { kind: 'system_or_local' });
        expect(log.decisions.map((d) => d.id)).toEqual([second.id, first.id]);
      });
    });

    it('writes an audit record for each change to a system', async () => {
      const { sys, lead } = await system();
      const events = await s().systems.membershipHistory(lead, sys.id);
      expect(events).toHaveLength(2);
      expect(events.every((e) => e.action === 'created' && e.actorLabel === 'ICS lead')).toBe(true);
    });
  });
}
