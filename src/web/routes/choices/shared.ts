/** What the choices pages share: the sign-in guard, the organisation of a page, form reading, labels. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { hasRole, roleIn } from '../../../domain/person.ts';
import { actorOf, requireSignIn } from '../../auth.ts';

export type Form = Record<string, string | string[] | undefined>;

const GUARDED = /^\/(initiatives|stop-items|decisions|do-differently)(\/|$|\?)|^\/organisations\/[^/]+\/(portfolio|initiatives|capacity|scoring-model|stop-list|stop-items|do-differently|decisions)/;

/** Require sign-in on every choices page. */
export function guardChoicePages(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (GUARDED.test(request.url)) await requireSignIn(request, reply);
  });
}

/** The organisation named in the URL, if the signed-in person belongs to it. */
export async function organisationOf(services: Services, request: FastifyRequest<{ Params: { code: string } }>) {
  const org = await services.organisations.getForActor(request.params.code, actorOf(request));
  request.organisation = org;
  return org;
}

/** Whether the signed-in person is an editor of an organisation. */
export function isEditor(request: FastifyRequest, organisationId: string): boolean {
  return hasRole(roleIn(actorOf(request), organisationId), 'editor');
}

/** A form value as one string. */
export function one(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** A form value as a list (checkboxes send one string or several). */
export function many(value: string | string[] | undefined): string[] {
  return value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
}

/** The page a viewer sees when they try to change something. */
export const EDITORS_ONLY = { title: 'Only editors can do this', message: 'Viewers and contributors can read the portfolio, the stop list and the decision log, but only editors change them.', status: 403 };

// One formatter for every call: toLocaleString builds a new one each time, which a page of
// hundreds of figures feels.
const WEEKS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** Format person-weeks: 12.5, 3. */
export function weeks(n: number): string {
  return WEEKS.format(n);
}
