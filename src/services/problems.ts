/** Problems and their evidence: the register that a strategy starts from. */
import { Forbidden, InvalidInput, NotFound } from '../domain/errors.ts';
import { canRead, hasRole, requireRead, requireRole, roleIn, type Actor } from '../domain/person.ts';
import {
  validateEvidence,
  validateProblem,
  validateProblemPatch,
  type Evidence,
  type Problem,
  type ProblemFields,
  type RawEvidence,
  type RawProblem,
} from '../domain/problem.ts';
import type { AuditEvent } from '../domain/audit.ts';
import { isId } from '../domain/ids.ts';
import type { ProblemFilter, ProblemPage, Storage, Stores } from './stores.ts';
import { recordChange } from './audit.ts';

const MAX_PAGE = 100;

function fieldsOf(p: ProblemFields): Record<string, unknown> {
  return {
    title: p.title,
    description: p.description,
    affected: p.affected,
    affectedGroup: p.affectedGroup,
    severity: p.severity,
    reach: p.reach,
    themes: p.themes,
    status: p.status,
  };
}

function evidenceRecord(e: Omit<Evidence, 'id'>): Record<string, unknown> {
  return { kind: e.kind, summary: e.summary, link: e.link, count: e.count };
}

/** Whether an actor may edit a problem: editors, or contributors who raised it. */
export function canEditProblem(actor: Actor, problem: Problem): boolean {
  const role = roleIn(actor, problem.organisationId);
  if (hasRole(role, 'editor')) return true;
  return role === 'contributor' && actor.kind === 'user' && problem.raisedByUserId === actor.userId;
}

/** The use cases for problems. */
export function createProblemService(storage: Storage) {
  async function load(stores: Stores, actor: Actor, id: string): Promise<Problem> {
    const problem = isId(id) ? await stores.problems.findById(id) : null;
    // A problem of another organisation is "not found", so its existence is not revealed.
    if (!problem || !canRead(actor, problem.organisationId, 'problems')) throw new NotFound('Problem');
    return problem;
  }

  function requireEdit(actor: Actor, problem: Problem): void {
    if (!canEditProblem(actor, problem)) {
      throw new Forbidden('Only editors, or the contributor who raised it, can change this problem');
    }
  }

  return {
    /** A page of an organisation's problems, highest severity × reach first. */
    async list(
      actor: Actor,
      organisationId: string,
      filter: ProblemFilter,
      page: { limit: number; offset: number },
    ): Promise<ProblemPage> {
      requireRead(actor, organisationId, 'problems');
      const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_PAGE);
      const offset = Math.max(0, Math.floor(page.offset));
      return storage.stores.problems.list(organisationId, filter, { limit, offset });
    },

    /** Every theme used in an organisation, for the filter. */
    async themes(actor: Actor, organisationId: string): Promise<string[]> {
      requireRead(actor, organisationId, 'problems');
      return storage.stores.problems.themes(organisationId);
    },

    /** One problem, if the actor may see it. */
    get(actor: Actor, id: string): Promise<Problem> {
      return load(storage.stores, actor, id);
    },

    /** Record a new problem, with any evidence, in one transaction. */
    async create(
      actor: Actor,
      organisationId: string,
      raw: RawProblem & { evidence?: unknown },
    ): Promise<Problem> {
      requireRole(actor, organisationId, 'contributor');
      const errors: Record<string, string> = {};
      let fields: ProblemFields | null = null;
      try {
        fields = validateProblem(raw);
      } catch (e) {
        if (e instanceof InvalidInput) Object.assign(errors, e.fields);
        else throw e;
      }
      const rawEvidence = raw.evidence ?? [];
      const items: Omit<Evidence, 'id'>[] = [];
      if (!Array.isArray(rawEvidence)) errors.evidence = 'Evidence must be a list';
      else if (rawEvidence.length > 50) errors.evidence = 'Add 50 evidence items or fewer at once';
      else {
        rawEvidence.forEach((item: unknown, i) => {
          try {
            items.push(validateEvidence(item && typeof item === 'object' ? item : {}, `evidence[${i}].`));
          } catch (e) {
            if (e instanceof InvalidInput) Object.assign(errors, e.fields);
            else throw e;
          }
        });
      }
      if (Object.keys(errors).length || !fields) throw new InvalidInput('The problem is not valid', errors);
      const valid = fields;
      return storage.transaction(async (stores) => {
        const problem = await stores.problems.insert({
          ...valid,
          organisationId,
          raisedBy: actor.name,
          raisedByUserId: actor.kind === 'user' ? actor.userId : null,
        });
        await recordChange(stores, actor, {
          organisationId,
          entityType: 'problem',
          entityId: problem.id,
          action: 'created',
          before: null,
          after: fieldsOf(valid),
        });
        for (const item of items) {
          const e = await stores.problems.addEvidence(problem.id, item);
          problem.evidence.push(e);
          await recordChange(stores, actor, {
            organisationId,
            entityType: 'problem',
            entityId: problem.id,
            action: 'updated',
            before: null,
            after: { evidence: evidenceRecord(e) },
          });
        }
        return problem;
      });
    },

    /** Change some fields of a problem. */
    async update(actor: Actor, id: string, raw: RawProblem): Promise<Problem> {
      return storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireEdit(actor, before);
        const fields = validateProblemPatch(before, raw);
        const after = await stores.problems.update(id, fields);
        await recordChange(stores, actor, {
          organisationId: before.organisationId,
          entityType: 'problem',
          entityId: id,
          action: 'updated',
          before: fieldsOf(before),
          after: fieldsOf(after),
        });
        return after;
      });
    },

    /** Delete a problem and its evidence (editors only). */
    async delete(actor: Actor, id: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const before = await load(stores, actor, id);
        requireRole(actor, before.organisationId, 'editor');
        await stores.problems.delete(id);
        await recordChange(stores, actor, {
          organisationId: before.organisationId,
          entityType: 'problem',
          entityId: id,
          action: 'deleted',
          before: { ...fieldsOf(before), evidence: before.evidence.length },
          after: null,
        });
      });
    },

    /** Add one evidence item to a problem. */
    async addEvidence(actor: Actor, problemId: string, raw: RawEvidence): Promise<Evidence> {
      const item = validateEvidence(raw);
      return storage.transaction(async (stores) => {
        const problem = await load(stores, actor, problemId);
        requireRole(actor, problem.organisationId, 'contributor');
        const e = await stores.problems.addEvidence(problemId, item);
        await recordChange(stores, actor, {
          organisationId: problem.organisationId,
          entityType: 'problem',
          entityId: problemId,
          action: 'updated',
          before: null,
          after: { evidence: evidenceRecord(e) },
        });
        return e;
      });
    },

    /** Remove one evidence item (editors, or the contributor who raised the problem). */
    async removeEvidence(actor: Actor, problemId: string, evidenceId: string): Promise<void> {
      await storage.transaction(async (stores) => {
        const problem = await load(stores, actor, problemId);
        requireEdit(actor, problem);
        const item = isId(evidenceId) ? problem.evidence.find((e) => e.id === evidenceId) : undefined;
        if (!item || !(await stores.problems.removeEvidence(problemId, evidenceId))) {
          throw new NotFound('Evidence');
        }
        await recordChange(stores, actor, {
          organisationId: problem.organisationId,
          entityType: 'problem',
          entityId: problemId,
          action: 'updated',
          before: { evidence: evidenceRecord(item) },
          after: null,
        });
      });
    },

    /** The history of a problem, newest first. */
    async history(actor: Actor, id: string): Promise<AuditEvent[]> {
      await load(storage.stores, actor, id);
      return storage.stores.audit.history('problem', [id], 200);
    },
  };
}

export type ProblemService = ReturnType<typeof createProblemService>;
