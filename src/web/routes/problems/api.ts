/** The problems API: /api/v1/organisations/{code}/problems, /api/v1/problems/{id} and its evidence. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { Problem } from '../../../domain/problem.ts';
import { NotFound } from '../../../domain/errors.ts';
import { actorOf } from '../../auth.ts';
import { presentProblem } from './present.ts';
import {
  ErrorResponse,
  EvidenceInput,
  EvidenceOutput,
  EvidenceParams,
  OrganisationParams,
  ProblemCreate,
  ProblemList,
  ProblemListQuery,
  ProblemOutput,
  ProblemParams,
  ProblemPatch,
} from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const tags = ['problems'];

/** Register the problems API. */
export function problemApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    async function present(problem: Problem) {
      const org = await services.organisations.getById(problem.organisationId);
      return presentProblem(problem, org.code);
    }

    app.get(
      '/api/v1/organisations/:code/problems',
      { schema: { tags, summary: 'List an organisation’s problems, highest severity × reach first', params: OrganisationParams, querystring: ProblemListQuery, response: { 200: ProblemList, ...errors } } },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const { theme, affected, status } = request.query;
        const limit = Number(request.query.limit ?? 50);
        const offset = Number(request.query.offset ?? 0);
        const page = await services.problems.list(actor, org.id, { theme: theme?.toLowerCase(), affected, status }, { limit, offset });
        return { problems: page.problems.map((p) => presentProblem(p, org.code)), total: page.total, limit, offset };
      },
    );

    app.post(
      '/api/v1/organisations/:code/problems',
      { schema: { tags, summary: 'Record a problem, with any evidence', params: OrganisationParams, body: ProblemCreate, response: { 201: ProblemOutput, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const problem = await services.problems.create(actor, org.id, request.body);
        reply.code(201).header('location', `/api/v1/problems/${problem.id}`);
        return presentProblem(problem, org.code);
      },
    );

    app.get(
      '/api/v1/problems/:problemId',
      { schema: { tags, summary: 'One problem with its evidence', params: ProblemParams, response: { 200: ProblemOutput, ...errors } } },
      async (request) => present(await services.problems.get(actorOf(request), request.params.problemId)),
    );

    app.patch(
      '/api/v1/problems/:problemId',
      { schema: { tags, summary: 'Change some fields of a problem', params: ProblemParams, body: ProblemPatch, response: { 200: ProblemOutput, ...errors } } },
      async (request) => present(await services.problems.update(actorOf(request), request.params.problemId, request.body)),
    );

    app.delete(
      '/api/v1/problems/:problemId',
      { schema: { tags, summary: 'Delete a problem and its evidence (editors)', params: ProblemParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        await services.problems.delete(actorOf(request), request.params.problemId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/problems/:problemId/evidence',
      { schema: { tags, summary: 'A problem’s evidence', params: ProblemParams, response: { 200: Type.Object({ evidence: Type.Array(EvidenceOutput) }), ...errors } } },
      async (request) => ({ evidence: (await services.problems.get(actorOf(request), request.params.problemId)).evidence }),
    );

    app.post(
      '/api/v1/problems/:problemId/evidence',
      { schema: { tags, summary: 'Add evidence to a problem', params: ProblemParams, body: EvidenceInput, response: { 201: EvidenceOutput, ...errors } } },
      async (request, reply) => {
        const e = await services.problems.addEvidence(actorOf(request), request.params.problemId, request.body);
        return reply.code(201).send(e);
      },
    );

    app.get(
      '/api/v1/problems/:problemId/evidence/:evidenceId',
      { schema: { tags, summary: 'One evidence item', params: EvidenceParams, response: { 200: EvidenceOutput, ...errors } } },
      async (request) => {
        const problem = await services.problems.get(actorOf(request), request.params.problemId);
        const item = problem.evidence.find((e) => e.id === request.params.evidenceId);
        if (!item) throw new NotFound('Evidence');
        return item;
      },
    );

    app.delete(
      '/api/v1/problems/:problemId/evidence/:evidenceId',
      { schema: { tags, summary: 'Remove an evidence item', params: EvidenceParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        await services.problems.removeEvidence(actorOf(request), request.params.problemId, request.params.evidenceId);
        return reply.code(204).send(null);
      },
    );
  };
}
