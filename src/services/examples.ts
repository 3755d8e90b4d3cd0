/** Examples to start from: list the library, and copy one into an organisation's strategy with where it came from. */
import { NotFound } from '../domain/errors.ts';
import { validateEvidence, validateProblem } from '../domain/problem.ts';
import { validateGoal } from '../domain/goal.ts';
import { validateMeasure } from '../domain/measure.ts';
import { describeActor, requireRole, type Actor } from '../domain/person.ts';
import { findStoryExample, provenanceNote, STORY_EXAMPLES, type StoryExample } from '../domain/story-examples.ts';
import type { ExampleCopy, Storage } from './stores.ts';
import { recordChange } from './audit.ts';

/** What a copy made. */
export interface CopiedExample {
  copy: ExampleCopy;
  problemId: string;
  goalId: string;
  measureIds: string[];
}

/** The use cases of the examples library. */
export function createExampleService(storage: Storage) {
  return {
    /** Every example, in order. */
    list(): readonly StoryExample[] {
      return STORY_EXAMPLES;
    },

    /** One example, or NotFound. */
    get(id: string): StoryExample {
      const e = findStoryExample(id);
      if (!e) throw new NotFound('Example');
      return e;
    },

    /** The examples an organisation has copied, newest first. */
    async copies(actor: Actor, organisationId: string): Promise<ExampleCopy[]> {
      requireRole(actor, organisationId, 'viewer');
      return storage.stores.story.listExampleCopies(organisationId);
    },

    /**
     * Copy an example into an organisation: its problem (with evidence), goal and measures, in one
     * transaction, with a record of the example it came from. The copy is the organisation's to adapt.
     */
    async copy(actor: Actor, organisationId: string, exampleId: string): Promise<CopiedExample> {
      requireRole(actor, organisationId, 'editor');
      const example = findStoryExample(exampleId);
      if (!example) throw new NotFound('Example');
      const provenance = provenanceNote(example.title);
      const problemFields = validateProblem({ ...example.problem, status: 'open', description: `${example.problem.description}\n\n${provenance}` });
      const evidence = example.problem.evidence.map((e, i) => validateEvidence({ ...e, link: null, count: null }, `evidence[${i}].`));
      return storage.transaction(async (stores) => {
        const problem = await stores.problems.insert({ ...problemFields, organisationId, raisedBy: actor.name, raisedByUserId: actor.kind === 'user' ? actor.userId : null });
        for (const e of evidence) await stores.problems.addEvidence(problem.id, e);
        await recordChange(stores, actor, { organisationId, entityType: 'problem', entityId: problem.id, action: 'created', before: null, after: { title: problem.title, copiedFrom: example.id } });
        const goalFields = validateGoal({ ...example.goal, byWhen: null, problemIds: [problem.id], objectiveIds: [], ownerIds: [] });
        const goal = await stores.goals.insert(organisationId, goalFields);
        await recordChange(stores, actor, { organisationId, entityType: 'goal', entityId: goal.id, action: 'created', before: null, after: { statement: goal.statement, copiedFrom: example.id } });
        const measureIds: string[] = [];
        for (const m of example.measures) {
          const measure = await stores.measures.insert(goal.id, organisationId, validateMeasure({ ...m, ownerUserId: null }));
          measureIds.push(measure.id);
          await recordChange(stores, actor, { organisationId, entityType: 'measure', entityId: measure.id, action: 'created', before: null, after: { name: measure.name, copiedFrom: example.id } });
        }
        const copy = await stores.story.insertExampleCopy({ organisationId, exampleId: example.id, exampleTitle: example.title, copiedBy: describeActor(actor), problemId: problem.id, goalId: goal.id });
        await recordChange(stores, actor, { organisationId, entityType: 'example_copy', entityId: copy.id, action: 'created', before: null, after: { example: example.id, problemId: problem.id, goalId: goal.id } });
        return { copy, problemId: problem.id, goalId: goal.id, measureIds };
      });
    },
  };
}

export type ExampleService = ReturnType<typeof createExampleService>;
