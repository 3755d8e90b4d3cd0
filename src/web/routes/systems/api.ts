/** The systems API: memberships, sharing, principles, capabilities and entries, assessments and decisions, roll-ups, contributions, declarations and the alignment. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../services/index.ts';
import type { Actor } from '../../../domain/person.ts';
import { actorOf } from '../../auth.ts';
import { ErrorResponse, OrganisationParams } from '../problems/schema.ts';
import {
  AlignmentOutput,
  AssessmentInput,
  AssessmentOutput,
  CapabilityInput,
  CapabilityList,
  CapabilityListQuery,
  CapabilityOutput,
  CapabilityParams,
  CapabilityPatch,
  ContributionInput,
  ContributionOutput,
  DeclarationInput,
  DeclarationList,
  DeclarationOutput,
  DeclarationParams,
  DecisionInput,
  DecisionOutput,
  EntryInput,
  EntryOutput,
  EntryParams,
  GoalParams,
  InitiativeParams,
  MembershipCreate,
  MembershipList,
  MembershipOutput,
  MembershipParams,
  MembershipPatch,
  PrincipleInput,
  PrincipleList,
  PrincipleOutput,
  PrincipleParams,
  PrinciplePatch,
  RollupInput,
  RollupList,
  RollupOutput,
  RollupParams,
  RollupSeriesOutput,
  SharingInput,
  SharingOutput,
} from './schema.ts';
import { presentAlignment, presentAssessment, presentCapability, presentDecision, presentEntry, presentMembership, presentPrinciple, presentRollup, presentRollupSeries } from './present.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['systems'];

/** Register the systems API. */
export function systemApi(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const sys = services.systems;
    const system = (code: string, actor: Actor) => services.organisations.getForActor(code, actor);
    async function codesOf(actor: Actor, systemId: string): Promise<Map<string, string>> {
      const members = await sys.listCurrentMembers(actor, systemId);
      return new Map(members.map((m) => [m.organisationId, m.organisation.code]));
    }

    app.get('/api/v1/organisations/:code/memberships', { schema: { tags, summary: 'The system’s memberships, past and present, with their dates', params: OrganisationParams, response: { 200: MembershipList, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      const { memberships, today } = await sys.listMemberships(actor, org.id);
      return { memberships: memberships.map((m) => presentMembership(m, today)) };
    });

    app.post('/api/v1/organisations/:code/memberships', { schema: { tags, summary: 'Add a dated membership (the system’s editors): no overlaps, one system at a time', params: OrganisationParams, body: MembershipCreate, response: { 201: MembershipOutput, ...errors } } }, async (request, reply) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      const m = await sys.addMembership(actor, org.id, request.body);
      reply.code(201);
      return presentMembership(m, services.clock().toISOString().slice(0, 10));
    });

    app.patch('/api/v1/memberships/:membershipId', { schema: { tags, summary: 'End a membership, or change its last day (the system’s editors)', params: MembershipParams, body: MembershipPatch, response: { 200: MembershipOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const m = await sys.endMembership(actor, request.params.membershipId, request.body);
      const organisation = await services.organisations.getById(m.organisationId);
      return presentMembership({ ...m, organisation }, services.clock().toISOString().slice(0, 10));
    });

    app.get('/api/v1/organisations/:code/sharing', { schema: { tags, summary: 'Which areas of members’ work the system shares with its other members', params: OrganisationParams, response: { 200: SharingOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      return { sharedAreas: await sys.sharedAreas(actor, org.id) };
    });

    app.put('/api/v1/organisations/:code/sharing', { schema: { tags, summary: 'Choose the areas members may read of each other’s work (the system’s editors)', params: OrganisationParams, body: SharingInput, response: { 200: SharingOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      return { sharedAreas: await sys.setSharedAreas(actor, org.id, request.body.sharedAreas) };
    });

    app.get('/api/v1/organisations/:code/principles', { schema: { tags, summary: 'The organisation’s principles: an ICB’s are its system’s, any other organisation’s are its own', params: OrganisationParams, response: { 200: PrincipleList, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      return { principles: (await sys.listPrinciples(actor, org.id)).map(presentPrinciple) };
    });

    app.post('/api/v1/organisations/:code/principles', { schema: { tags, summary: 'Set a principle with its rationale (the organisation’s editors)', params: OrganisationParams, body: PrincipleInput, response: { 201: PrincipleOutput, ...errors } } }, async (request, reply) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      const p = await sys.addPrinciple(actor, org.id, request.body);
      reply.code(201).header('location', `/api/v1/principles/${p.id}`);
      return presentPrinciple(p);
    });

    app.get('/api/v1/principles/:principleId', { schema: { tags, summary: 'One principle', params: PrincipleParams, response: { 200: PrincipleOutput, ...errors } } }, async (request) =>
      presentPrinciple(await sys.getPrinciple(actorOf(request), request.params.principleId)),
    );

    app.patch('/api/v1/principles/:principleId', { schema: { tags, summary: 'Change a principle (the editors of its organisation)', params: PrincipleParams, body: PrinciplePatch, response: { 200: PrincipleOutput, ...errors } } }, async (request) =>
      presentPrinciple(await sys.updatePrinciple(actorOf(request), request.params.principleId, request.body)),
    );

    app.delete('/api/v1/principles/:principleId', { schema: { tags, summary: 'Remove a principle (the editors of its organisation)', params: PrincipleParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
      await sys.deletePrinciple(actorOf(request), request.params.principleId);
      return reply.code(204).send(null);
    });

    app.get('/api/v1/organisations/:code/capabilities', { schema: { tags, summary: 'The capability catalogue with the members’ entries you may read: current capabilities unless you ask for retired ones', params: OrganisationParams, querystring: CapabilityListQuery, response: { 200: CapabilityList, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      const [list, codes] = await Promise.all([sys.listCapabilities(actor, org.id, request.query.status ?? 'current'), codesOf(actor, org.id)]);
      return { capabilities: list.map((c) => presentCapability(c, codes)) };
    });

    app.post('/api/v1/organisations/:code/capabilities', { schema: { tags, summary: 'Add a capability to the catalogue (the system’s editors)', params: OrganisationParams, body: CapabilityInput, response: { 201: CapabilityOutput, ...errors } } }, async (request, reply) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      const c = await sys.addCapability(actor, org.id, request.body);
      reply.code(201).header('location', `/api/v1/capabilities/${c.id}`);
      return presentCapability({ capability: c, entries: [], assessment: null }, new Map());
    });

    app.get('/api/v1/capabilities/:capabilityId', { schema: { tags, summary: 'One capability with the entries you may read', params: CapabilityParams, response: { 200: CapabilityOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const c = await sys.getCapability(actor, request.params.capabilityId);
      return presentCapability(c, await codesOf(actor, c.capability.systemId));
    });

    app.patch('/api/v1/capabilities/:capabilityId', { schema: { tags, summary: 'Rename or redescribe a capability, retire it with a reason, or bring it back (the system’s editors)', description: 'Send `retired: true` with `retiredReason` to retire it: it leaves the matrix, convergence, duplication and the story, and stays readable. Send `retired: false` to bring it back. Retiring a retired capability, or bringing back a current one, is a 409.', params: CapabilityParams, body: CapabilityPatch, response: { 200: CapabilityOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      await sys.updateCapability(actor, request.params.capabilityId, request.body);
      const c = await sys.getCapability(actor, request.params.capabilityId);
      return presentCapability(c, await codesOf(actor, c.capability.systemId));
    });

    app.delete('/api/v1/capabilities/:capabilityId', { schema: { tags, summary: 'Delete a capability with its members’ entries and its assessment (the system’s editors)', description: 'A capability that any decision in the decision log concerns cannot be deleted, because decisions are never changed: the answer is 409, and the capability can be retired instead (PATCH with `retired: true`).', params: CapabilityParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
      await sys.deleteCapability(actorOf(request), request.params.capabilityId);
      return reply.code(204).send(null);
    });

    app.put('/api/v1/capabilities/:capabilityId/entries/:organisationCode', { schema: { tags, summary: 'Record where a member stands on a capability (the member’s editors); a retired capability takes no entries (409)', params: EntryParams, body: EntryInput, response: { 200: EntryOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const member = await services.organisations.getForActor(request.params.organisationCode, actor);
      const e = await sys.putEntry(actor, request.params.capabilityId, member.id, request.body);
      return presentEntry(e, new Map([[member.id, member.code]]));
    });

    app.get('/api/v1/capabilities/:capabilityId/assessment', { schema: { tags, summary: 'The system-or-local assessment: scores, reasons, the rule and the recommendation', params: CapabilityParams, response: { 200: AssessmentOutput, ...errors } } }, async (request) => {
      const a = await sys.getAssessment(actorOf(request), request.params.capabilityId);
      return presentAssessment(a.capability.id, a.assessment, a.suggestedCommonality);
    });

    app.put('/api/v1/capabilities/:capabilityId/assessment', { schema: { tags, summary: 'Score the four criteria, each 1 to 5 with its reason (the system’s editors)', params: CapabilityParams, body: AssessmentInput, response: { 200: AssessmentOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      await sys.putAssessment(actor, request.params.capabilityId, request.body);
      const a = await sys.getAssessment(actor, request.params.capabilityId);
      return presentAssessment(a.capability.id, a.assessment, a.suggestedCommonality);
    });

    app.post('/api/v1/capabilities/:capabilityId/decisions', { schema: { tags, summary: 'Record the system-or-local decision in the decision log, with who was present (the system’s editors)', params: CapabilityParams, body: DecisionInput, response: { 201: DecisionOutput, ...errors } } }, async (request, reply) => {
      const d = await sys.decideCapability(actorOf(request), request.params.capabilityId, request.body);
      reply.code(201);
      return presentDecision(d);
    });

    app.get('/api/v1/organisations/:code/rollups', { schema: { tags, summary: 'The system’s roll-up measures', params: OrganisationParams, response: { 200: RollupList, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      return { rollups: (await sys.listRollups(actor, org.id)).map(presentRollup) };
    });

    app.post('/api/v1/organisations/:code/rollups', { schema: { tags, summary: 'Define a roll-up over members’ measures of one definition (the system’s editors)', params: OrganisationParams, body: RollupInput, response: { 201: RollupOutput, ...errors } } }, async (request, reply) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      const r = await sys.createRollup(actor, org.id, request.body);
      reply.code(201).header('location', `/api/v1/rollups/${r.id}`);
      return presentRollup(r);
    });

    app.get('/api/v1/rollups/:rollupId', { schema: { tags, summary: 'A roll-up’s values with SPC and each member’s contribution', params: RollupParams, response: { 200: RollupSeriesOutput, ...errors } } }, async (request) =>
      presentRollupSeries(await sys.rollupSeries(actorOf(request), request.params.rollupId)),
    );

    app.delete('/api/v1/rollups/:rollupId', { schema: { tags, summary: 'Remove a roll-up measure (the system’s editors); members’ measures stay', params: RollupParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
      await sys.deleteRollup(actorOf(request), request.params.rollupId);
      return reply.code(204).send(null);
    });

    app.put('/api/v1/goals/:goalId/contribution', { schema: { tags, summary: 'Say which goal of its system a member’s goal contributes to (the member’s editors)', params: GoalParams, body: ContributionInput, response: { 200: ContributionOutput, ...errors } } }, async (request) => {
      await sys.setContribution(actorOf(request), request.params.goalId, request.body.systemGoalId);
      return { goalId: request.params.goalId, systemGoalId: request.body.systemGoalId };
    });

    app.get('/api/v1/initiatives/:initiativeId/principles', { schema: { tags, summary: 'The system’s principles and the initiative’s declaration against each', params: InitiativeParams, response: { 200: DeclarationList, ...errors } } }, async (request) => {
      const d = await sys.declarations(actorOf(request), request.params.initiativeId);
      return { systemCode: d.system?.code ?? null, principles: d.principles.map((p) => ({ principle: presentPrinciple(p.principle), declaration: p.declaration && { initiativeId: p.declaration.initiativeId, principleId: p.declaration.principleId, stance: p.declaration.stance, reason: p.declaration.reason } })) };
    });

    app.put('/api/v1/initiatives/:initiativeId/principles/:principleId', { schema: { tags, summary: 'Declare that the initiative conforms, or ask for an exception with the reason (the member’s editors)', params: DeclarationParams, body: DeclarationInput, response: { 200: DeclarationOutput, ...errors } } }, async (request) => {
      const d = await sys.declare(actorOf(request), request.params.initiativeId, request.params.principleId, request.body);
      return { initiativeId: d.initiativeId, principleId: d.principleId, stance: d.stance, reason: d.reason };
    });

    app.get('/api/v1/organisations/:code/alignment', { schema: { tags, summary: 'Per system goal, the member goals and initiatives that contribute; gaps, duplication, convergence, exceptions and roll-ups', params: OrganisationParams, response: { 200: AlignmentOutput, ...errors } } }, async (request) => {
      const actor = actorOf(request);
      const org = await system(request.params.code, actor);
      return presentAlignment(await sys.alignment(actor, org.id));
    });
  };
}
