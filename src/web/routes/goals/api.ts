/** The goals API: goals of an organisation, one goal, its weekly check-ins, and strategic objectives. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { Goal } from '../../../domain/goal.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse, OrganisationParams } from '../problems/schema.ts';
import { presentCheckIn, presentGoal, presentObjective } from './present.ts';
import {
  CheckInInput,
  CheckInList,
  CheckInListQuery,
  CheckInOutput,
  GoalCreate,
  GoalList,
  GoalOutput,
  GoalParams,
  GoalPatch,
  ObjectiveInput,
  ObjectiveList,
  ObjectiveOutput,
  ObjectiveParams,
  ObjectivePatch,
} from './schema.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const tags = ['goals'];

/** Register the goals API. */
export function goalApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    async function present(goal: Goal) {
      const org = await services.organisations.getById(goal.organisationId);
      return presentGoal(goal, org.code);
    }

    app.get(
      '/api/v1/organisations/:code/goals',
      {
        schema: {
          tags,
          summary: 'List an organisation’s goals',
          params: OrganisationParams,
          response: { 200: GoalList, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const goals = await services.goals.list(actor, org.id);
        return { goals: goals.map((g) => presentGoal(g, org.code)) };
      },
    );

    app.post(
      '/api/v1/organisations/:code/goals',
      {
        schema: {
          tags,
          summary: 'Set a goal (editors): what improves, for whom, by when',
          params: OrganisationParams,
          body: GoalCreate,
          response: { 201: GoalOutput, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const goal = await services.goals.create(actor, org.id, request.body);
        reply.code(201).header('location', `/api/v1/goals/${goal.id}`);
        return presentGoal(goal, org.code);
      },
    );

    app.get(
      '/api/v1/goals/:goalId',
      {
        schema: {
          tags,
          summary: 'One goal',
          params: GoalParams,
          response: { 200: GoalOutput, ...errors },
        },
      },
      async (request) => present(await services.goals.get(actorOf(request), request.params.goalId)),
    );

    app.patch(
      '/api/v1/goals/:goalId',
      {
        schema: {
          tags,
          summary: 'Change some fields of a goal (editors)',
          params: GoalParams,
          body: GoalPatch,
          response: { 200: GoalOutput, ...errors },
        },
      },
      async (request) =>
        present(await services.goals.update(actorOf(request), request.params.goalId, request.body)),
    );

    app.delete(
      '/api/v1/goals/:goalId',
      {
        schema: {
          tags,
          summary: 'Delete a goal with its measures, values and check-ins (editors)',
          params: GoalParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await services.goals.delete(actorOf(request), request.params.goalId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/goals/:goalId/check-ins',
      {
        schema: {
          tags,
          summary: 'A goal’s weekly check-ins, newest first',
          params: GoalParams,
          querystring: CheckInListQuery,
          response: { 200: CheckInList, ...errors },
        },
      },
      async (request) => {
        const limit = Number(request.query.limit ?? 52);
        const checkIns = await services.checkIns.listForGoal(
          actorOf(request),
          request.params.goalId,
          limit,
        );
        return { checkIns: checkIns.map(presentCheckIn) };
      },
    );

    app.post(
      '/api/v1/goals/:goalId/check-ins',
      {
        schema: {
          tags,
          summary: 'Write a goal’s weekly check-in (its owners, or editors)',
          description:
            'One check-in per goal per week: a second one for the same period edits the first (200) instead of adding another (201).',
          params: GoalParams,
          body: CheckInInput,
          response: { 200: CheckInOutput, 201: CheckInOutput, ...errors },
        },
      },
      async (request, reply) => {
        const { checkIn, updated } = await services.checkIns.record(
          actorOf(request),
          request.params.goalId,
          request.body,
        );
        return reply.code(updated ? 200 : 201).send(presentCheckIn(checkIn));
      },
    );

    app.get(
      '/api/v1/organisations/:code/objectives',
      {
        schema: {
          tags,
          summary: 'An organisation’s strategic objectives',
          params: OrganisationParams,
          response: { 200: ObjectiveList, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        return {
          objectives: (await services.goals.listObjectives(actor, org.id)).map(presentObjective),
        };
      },
    );

    app.post(
      '/api/v1/organisations/:code/objectives',
      {
        schema: {
          tags,
          summary: 'Record a strategic objective (editors)',
          params: OrganisationParams,
          body: ObjectiveInput,
          response: { 201: ObjectiveOutput, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        const o = await services.goals.addObjective(actor, org.id, request.body);
        return reply.code(201).send(presentObjective(o));
      },
    );

    app.patch(
      '/api/v1/objectives/:objectiveId',
      {
        schema: {
          tags,
          summary: 'Change a strategic objective (editors)',
          params: ObjectiveParams,
          body: ObjectivePatch,
          response: { 200: ObjectiveOutput, ...errors },
        },
      },
      async (request) =>
        presentObjective(
          await services.goals.updateObjective(
            actorOf(request),
            request.params.objectiveId,
            request.body,
          ),
        ),
    );

    app.delete(
      '/api/v1/objectives/:objectiveId',
      {
        schema: {
          tags,
          summary: 'Delete a strategic objective (editors); goals lose the link',
          params: ObjectiveParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await services.goals.deleteObjective(actorOf(request), request.params.objectiveId);
        return reply.code(204).send(null);
      },
    );
  };
}
