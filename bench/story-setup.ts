/** Shared set-up of the story benchmarks: an organisation on in-memory PGlite with weekly measures and a published story. */
import { openDatabase } from '../src/db/connect.ts';
import { createStorage } from '../src/db/storage.ts';
import { loadReferenceOrganisations } from '../src/db/reference-organisations.ts';
import { createServices } from '../src/services/index.ts';
import { addPeriods, periodStartOf } from '../src/domain/period.ts';
import type { Actor } from '../src/domain/person.ts';
import { createRandom } from '../src/demo/seeded-random.ts';
import { buildStory } from '../src/report/build-story.ts';

/** Set up `goals` × `perGoal` measures of `weeks` weekly values, a mission, and one published version. */
export async function setUpStory(goals: number, perGoal: number, weeks = 104) {
  const connection = await openDatabase({ dataDir: 'memory://' });
  const services = createServices(createStorage(connection), loadReferenceOrganisations());
  const org = await services.organisations.add({ code: 'XBENCH', name: 'Benchmark Valley NHS Trust', type: 'trust' });
  const user = await services.people.createUser({ email: 'bench@example.nhs.uk', name: 'Bea Bench', password: 'quiet harbour lantern seventeen', organisationId: org.id, role: 'admin', discipline: 'digital' });
  const actor: Actor = { kind: 'user', userId: user.id, name: user.name, email: user.email, roles: new Map([[org.id, 'admin']]) };
  const random = createRandom(20250312);
  const lastWeek = addPeriods(periodStartOf(new Date(), 'weekly'), 'weekly', -1);
  const problem = await services.problems.create(actor, org.id, { title: 'Letters reach patients late', description: 'Letters arrive after the appointment.', affected: 'patients', severity: 4, reach: 5000, status: 'open', evidence: [{ kind: 'patient_feedback', summary: 'Complaints about late letters' }] });
  for (let g = 0; g < goals; g++) {
    const goal = await services.goals.create(actor, org.id, { statement: `Goal ${g + 1}: an outcome for patients that improves week by week`, problemIds: [problem.id], ownerIds: [user.id] });
    for (let k = 0; k < perGoal; k++) {
      let level = 40 + 50 * random();
      const values = Array.from({ length: weeks }, () => {
        if (random() < 0.02) level += 8 * (random() - 0.5);
        return Math.round((level + 3 * (random() + random() - 1)) * 10) / 10;
      });
      const m = await services.measures.create(actor, goal.id, { name: `Measure ${g + 1}.${k + 1}`, definition: 'A synthetic weekly measure for the benchmark.', unit: 'percentage', improvementDirection: k % 2 ? 'increase' : 'decrease', target: 60, frequency: 'weekly', dataSource: 'Synthetic benchmark data', ownerUserId: user.id });
      await services.measures.recordValues(actor, m.id, values.map((value, i) => ({ period: addPeriods(lastWeek, 'weekly', i - (weeks - 1)), value })));
    }
  }
  await services.story.updateSettings(actor, org.id, { mission: 'Patients wait less and staff spend their time on care.', narrative_why: 'Patients told us letters come late.', publicEnabled: true });
  await services.story.publish(actor, org.id, await buildStory(services, actor, org));
  return { connection, services, org, actor };
}
