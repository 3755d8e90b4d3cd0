/** The stop list and the do-differently list: pages and forms. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import { SKILLS, SKILL_LABELS } from '../../../domain/initiative.ts';
import { STOP_ITEM_KINDS, STOP_ITEM_KIND_LABELS, STOP_ITEM_STATUSES, STOP_ITEM_STATUS_LABELS, type DoDifferently, type StopItem } from '../../../domain/stop-item.ts';
import { DISCIPLINE_LABELS } from '../../../domain/person.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { presentHistory } from '../problems/present.ts';
import { EDITORS_ONLY, guardChoicePages, isEditor, many, one, organisationOf, weeks, type Form } from './shared.ts';

/** Stop list pages. */
export function stopPages(services: Services) {
  return async (app: FastifyInstance) => {
    guardChoicePages(app);

    app.get<{ Params: { code: string }; Querystring: { saved?: string; removed?: string } }>('/organisations/:code/stop-list', async (request, reply) => {
      const org = await organisationOf(services, request);
      const actor = actorOf(request);
      const [items, changes, problems] = await Promise.all([
        services.stopItems.list(actor, org.id),
        services.doDifferently.list(actor, org.id),
        services.problems.list(actor, org.id, {}, { limit: 100, offset: 0 }),
      ]);
      const titles = new Map(problems.problems.map((p) => [p.id, p.title]));
      return reply.render('choices/stop-list.njk', {
        title: 'Stop list and do differently',
        section: 'stop',
        items: items.map((s) => ({
          ...s,
          kindLabel: STOP_ITEM_KIND_LABELS[s.kind],
          statusLabel: STOP_ITEM_STATUS_LABELS[s.status],
          freedText: s.freed.length ? s.freed.map((f) => `${SKILL_LABELS[f.skill]} ${weeks(f.personWeeks)}`).join(', ') : 'None',
        })),
        changes: changes.map((c) => ({ ...c, problems: c.problemIds.map((id) => ({ id, title: titles.get(id) ?? 'A problem' })) })),
        canEdit: isEditor(request, org.id),
        flash: request.query.removed ? 'Removed from the do-differently list' : request.query.saved ? 'Stop list saved' : undefined,
      });
    });

    function valuesOf(s: StopItem): Form {
      const v: Form = { title: s.title, kind: s.kind, reason: s.reason, ownerId: s.ownerUserId ?? '', stopOn: s.stopOn, moneyFreed: s.moneyFreed === null ? '' : String(s.moneyFreed), status: s.status };
      for (const f of s.freed) v[`freed-${f.skill}`] = weeks(f.personWeeks);
      return v;
    }

    function fromForm(body: Form) {
      const freed: Record<string, string> = {};
      for (const s of SKILLS) if (one(body[`freed-${s}`]).trim()) freed[s] = one(body[`freed-${s}`]).trim();
      return { title: one(body.title), kind: one(body.kind), reason: one(body.reason), ownerId: one(body.ownerId), stopOn: one(body.stopOn), moneyFreed: one(body.moneyFreed), status: one(body.status), freed };
    }

    async function renderForm(request: FastifyRequest, reply: FastifyReply, org: Organisation, context: { title: string; action: string; values: Form; historyOf?: string }, errors: FieldErrors = {}) {
      const [members, history] = await Promise.all([
        services.people.listMembers(actorOf(request), org.id),
        context.historyOf ? services.stopItems.history(actorOf(request), context.historyOf) : null,
      ]);
      const v = context.values;
      const errorsById: FieldErrors = {};
      for (const [k, m] of Object.entries(errors)) errorsById[k.replace(/^freed\.(\w+)$/, 'freed-$1')] = m;
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/stop-item-form.njk', {
        ...context,
        back: `/organisations/${org.code}/stop-list`,
        errors: errorsById,
        kindItems: STOP_ITEM_KINDS.map((k) => ({ value: k, text: STOP_ITEM_KIND_LABELS[k], checked: (one(v.kind) || 'other') === k })),
        statusItems: STOP_ITEM_STATUSES.map((s) => ({ value: s, text: STOP_ITEM_STATUS_LABELS[s], checked: (one(v.status) || 'planned') === s })),
        ownerItems: [{ value: '', text: 'Not set' }, ...members.map((m) => ({ value: m.userId, text: `${m.name} (${DISCIPLINE_LABELS[m.discipline]})`, selected: m.userId === one(v.ownerId) }))],
        skills: SKILLS.map((s) => ({ key: s, label: SKILL_LABELS[s] })),
        history: history && presentHistory(history),
      });
    }

    app.get<{ Params: { code: string } }>('/organisations/:code/stop-items/new', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      return renderForm(request, reply, org, { title: 'Add something to stop', action: `/organisations/${org.code}/stop-items`, values: { status: 'planned', kind: 'system' } });
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/stop-items', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      try {
        await services.stopItems.create(actorOf(request), org.id, fromForm(body));
        return reply.redirect(`/organisations/${org.code}/stop-list?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderForm(request, reply, org, { title: 'Add something to stop', action: `/organisations/${org.code}/stop-items`, values: body }, e.fields);
      }
    });

    async function stopItemFor(request: FastifyRequest<{ Params: { stopItemId: string } }>) {
      const s = await services.stopItems.get(actorOf(request), request.params.stopItemId);
      request.organisation = await services.organisations.getById(s.organisationId);
      return s;
    }

    app.get<{ Params: { stopItemId: string } }>('/stop-items/:stopItemId/edit', async (request, reply) => {
      const s = await stopItemFor(request);
      if (!isEditor(request, s.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      return renderForm(request, reply, request.organisation!, { title: 'Change the stop item', action: `/stop-items/${s.id}/edit`, values: valuesOf(s), historyOf: s.id });
    });

    app.post<{ Params: { stopItemId: string }; Body: Form }>('/stop-items/:stopItemId/edit', async (request, reply) => {
      const s = await stopItemFor(request);
      if (!isEditor(request, s.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      try {
        await services.stopItems.update(actorOf(request), s.id, fromForm(body));
        return reply.redirect(`/organisations/${request.organisation!.code}/stop-list?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderForm(request, reply, request.organisation!, { title: 'Change the stop item', action: `/stop-items/${s.id}/edit`, values: body, historyOf: s.id }, e.fields);
      }
    });

    // One button: mark a planned item stopped, so its capacity counts from the quarter after its date.
    app.post<{ Params: { stopItemId: string } }>('/stop-items/:stopItemId/stop', async (request, reply) => {
      const s = await stopItemFor(request);
      if (!isEditor(request, s.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      await services.stopItems.update(actorOf(request), s.id, { status: 'stopped' });
      return reply.redirect(`/organisations/${request.organisation!.code}/stop-list?saved=1#stop-${s.id}`, 303);
    });

    // The do-differently list: add, change and remove, each audited.
    type ChangeForm = { title: string; action: string; values: Form; historyOf?: string };

    async function renderChangeForm(request: FastifyRequest, reply: FastifyReply, org: Organisation, context: ChangeForm, errors: FieldErrors = {}) {
      const actor = actorOf(request);
      const [problems, history] = await Promise.all([
        services.problems.list(actor, org.id, {}, { limit: 100, offset: 0 }),
        context.historyOf ? services.doDifferently.history(actor, context.historyOf) : null,
      ]);
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/do-differently-form.njk', {
        ...context,
        back: `/organisations/${org.code}/stop-list#do-differently`,
        errors,
        problemItems: problems.problems.map((p) => ({ value: p.id, text: p.title, checked: many(context.values.problemIds).includes(p.id) })),
        history: history && presentHistory(history),
      });
    }

    const changeOf = (body: Form) => ({ title: one(body.title), description: one(body.description), problemIds: many(body.problemIds) });
    const addForm = (org: Organisation, values: Form): ChangeForm => ({ title: 'Add something to do differently', action: `/organisations/${org.code}/do-differently`, values });

    app.get<{ Params: { code: string } }>('/organisations/:code/do-differently/new', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      return renderChangeForm(request, reply, org, addForm(org, {}));
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/do-differently', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      try {
        await services.doDifferently.create(actorOf(request), org.id, changeOf(body));
        return reply.redirect(`/organisations/${org.code}/stop-list?saved=1#do-differently`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderChangeForm(request, reply, org, addForm(org, body), e.fields);
      }
    });

    async function changeFor(request: FastifyRequest<{ Params: { changeId: string } }>) {
      const c = await services.doDifferently.get(actorOf(request), request.params.changeId);
      request.organisation = await services.organisations.getById(c.organisationId);
      return c;
    }
    const editForm = (c: DoDifferently, values: Form): ChangeForm => ({ title: 'Change what you will do differently', action: `/do-differently/${c.id}/edit`, values, historyOf: c.id });

    app.get<{ Params: { changeId: string } }>('/do-differently/:changeId/edit', async (request, reply) => {
      const c = await changeFor(request);
      if (!isEditor(request, c.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      return renderChangeForm(request, reply, request.organisation!, editForm(c, { title: c.title, description: c.description, problemIds: c.problemIds }));
    });

    app.post<{ Params: { changeId: string }; Body: Form }>('/do-differently/:changeId/edit', async (request, reply) => {
      const c = await changeFor(request);
      if (!isEditor(request, c.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      try {
        // Unticking every problem sends no problemIds at all: that means none, not "keep them".
        await services.doDifferently.update(actorOf(request), c.id, changeOf(body));
        return reply.redirect(`/organisations/${request.organisation!.code}/stop-list?saved=1#do-differently`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderChangeForm(request, reply, request.organisation!, editForm(c, body), e.fields);
      }
    });

    app.get<{ Params: { changeId: string } }>('/do-differently/:changeId/delete', async (request, reply) => {
      const c = await changeFor(request);
      if (!isEditor(request, c.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      return reply.render('choices/do-differently-delete.njk', { title: 'Remove from the do-differently list', change: c, back: `/organisations/${request.organisation!.code}/stop-list#do-differently` });
    });

    app.post<{ Params: { changeId: string } }>('/do-differently/:changeId/delete', async (request, reply) => {
      const c = await changeFor(request);
      if (!isEditor(request, c.organisationId)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      await services.doDifferently.delete(actorOf(request), c.id);
      return reply.redirect(`/organisations/${request.organisation!.code}/stop-list?removed=1#do-differently`, 303);
    });
  };
}
