/** Initiative pages: the list, one initiative with its history, and the form to add or change one. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import {
  INITIATIVE_STATUSES,
  INITIATIVE_STATUS_LABELS,
  LEVEL_LABELS,
  SKILLS,
  SKILL_LABELS,
  describeQuarter,
  initiativeFieldsOf,
  type Initiative,
} from '../../../domain/initiative.ts';
import { DISCIPLINE_LABELS, isDiscipline } from '../../../domain/person.ts';
import { weightedScore } from '../../../domain/portfolio.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { presentHistory } from '../problems/present.ts';
import { EDITORS_ONLY, guardChoicePages, isEditor, many, one, organisationOf, weeks, type Form } from './shared.ts';

const HYPOTHESIS_ROWS = 3;

function personText(p: Initiative['owner']): string {
  if (!p) return 'Not set';
  return `${p.name} (${isDiscipline(p.discipline) ? DISCIPLINE_LABELS[p.discipline] : p.discipline})`;
}

/** Initiatives per page of the list. */
export const INITIATIVES_PAGE = 50;

/** Initiative pages. */
export function initiativePages(services: Services) {
  return async (app: FastifyInstance) => {
    guardChoicePages(app);

    async function initiativeFor(request: FastifyRequest<{ Params: { initiativeId: string } }>) {
      const i = await services.initiatives.get(actorOf(request), request.params.initiativeId);
      request.organisation = await services.organisations.getById(i.organisationId);
      return i;
    }

    /** The form's values from a stored initiative. */
    function valuesOf(i: Initiative): Form {
      const v: Form = {
        name: i.name,
        change: i.change,
        level: i.level,
        status: i.status,
        problemIds: i.problemIds,
        goalIds: i.goalIds,
        ownerId: i.owner?.userId ?? '',
        sponsorId: i.sponsor?.userId ?? '',
        cost: i.cost === null ? '' : String(i.cost),
        startQuarter: i.startQuarter ?? '',
        endQuarter: i.endQuarter ?? '',
        wontDoReason: i.wontDoReason ?? '',
      };
      for (const d of i.demand) v[`d-${d.quarter}-${d.skill}`] = weeks(d.personWeeks);
      for (const [k, s] of Object.entries(i.scores)) v[`score-${k}`] = String(s);
      i.hypotheses.forEach((h, n) => {
        v[`h-${n}-measureId`] = h.measureId;
        v[`h-${n}-expectation`] = h.expectation;
        v[`h-${n}-byDate`] = h.byDate ?? '';
      });
      return v;
    }

    /** Raw initiative input from the form. */
    function fromForm(body: Form, quarters: readonly string[]) {
      const demand = [];
      for (const q of quarters) for (const skill of SKILLS) {
        const v = one(body[`d-${q}-${skill}`]).trim();
        if (v) demand.push({ quarter: q, skill, personWeeks: v });
      }
      const scores: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (k.startsWith('score-') && one(v)) scores[k.slice(6)] = one(v);
      const hypotheses = [];
      for (let n = 0; n < HYPOTHESIS_ROWS; n++) {
        const measureId = one(body[`h-${n}-measureId`]);
        const expectation = one(body[`h-${n}-expectation`]);
        if (measureId || expectation.trim()) hypotheses.push({ measureId, expectation, byDate: one(body[`h-${n}-byDate`]) });
      }
      return {
        raw: {
          name: one(body.name),
          change: one(body.change),
          level: one(body.level),
          status: one(body.status),
          problemIds: many(body.problemIds),
          goalIds: many(body.goalIds),
          ownerId: one(body.ownerId),
          sponsorId: one(body.sponsorId),
          cost: one(body.cost),
          startQuarter: one(body.startQuarter),
          endQuarter: one(body.endQuarter),
          wontDoReason: one(body.wontDoReason),
          demand,
          scores,
          hypotheses,
        },
        demand,
        hypotheses,
      };
    }

    /** Map the service's field names to the form's input ids. */
    function formErrors(fields: FieldErrors, demand: { quarter: string; skill: string }[]): FieldErrors {
      const out: FieldErrors = {};
      for (const [k, v] of Object.entries(fields)) {
        const d = /^demand\[(\d+)\]/.exec(k);
        const h = /^hypotheses\[(\d+)\]\.(\w+)$/.exec(k);
        const s = /^scores\.(.+)$/.exec(k);
        if (d && demand[Number(d[1])]) {
          const e = demand[Number(d[1])]!;
          out[`d-${e.quarter}-${e.skill}`] = `${SKILL_LABELS[e.skill as keyof typeof SKILL_LABELS] ?? e.skill} in ${e.quarter}: ${v}`;
        } else if (h) out[`h-${h[1]}-${h[2]}`] = v;
        else if (s) out[`score-${s[1]}`] = v;
        else out[k] = v;
      }
      return out;
    }

    async function renderForm(request: FastifyRequest, reply: FastifyReply, org: Organisation, context: { title: string; action: string; back: string; values: Form }, errors: FieldErrors = {}) {
      const actor = actorOf(request);
      const [problems, goals, members, measures, criteria] = await Promise.all([
        services.problems.list(actor, org.id, {}, { limit: 100, offset: 0 }),
        services.goals.list(actor, org.id),
        services.people.listMembers(actor, org.id),
        services.measures.listForOrganisation(actor, org.id),
        services.portfolio.scoringModel(actor, org.id),
      ]);
      const v = context.values;
      const start = services.portfolio.readQuarter(one(v.startQuarter) || undefined);
      const quarters = services.portfolio.planningQuarters(start);
      const memberItems = (selected: string) => [{ value: '', text: 'Not set' }, ...members.map((m) => ({ value: m.userId, text: `${m.name} (${DISCIPLINE_LABELS[m.discipline]})`, selected: m.userId === selected }))];
      const chosen = (field: string) => many(v[field]);
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/initiative-form.njk', {
        ...context,
        section: 'initiatives',
        errors,
        quarters,
        skills: SKILLS.map((s) => ({ key: s, label: SKILL_LABELS[s] })),
        levelItems: (['local', 'system'] as const).map((l) => ({ value: l, text: LEVEL_LABELS[l], checked: (one(v.level) || 'local') === l, hint: { text: l === 'system' ? 'Done once for the integrated care system' : 'Done by this organisation' } })),
        statusItems: INITIATIVE_STATUSES.map((s) => ({ value: s, text: INITIATIVE_STATUS_LABELS[s], selected: (one(v.status) || 'idea') === s })),
        problemItems: problems.problems.map((p) => ({ value: p.id, text: p.title, checked: chosen('problemIds').includes(p.id) })),
        goalItems: goals.map((g) => ({ value: g.id, text: g.statement, checked: chosen('goalIds').includes(g.id) })),
        ownerItems: memberItems(one(v.ownerId)),
        sponsorItems: memberItems(one(v.sponsorId)),
        criteria: criteria.map((c) => ({
          ...c,
          items: [{ value: '', text: 'Not scored' }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n), selected: one(v[`score-${c.key}`]) === String(n) }))],
        })),
        hypotheses: Array.from({ length: HYPOTHESIS_ROWS }, (_, n) => ({
          n,
          measureItems: [{ value: '', text: 'Choose a measure' }, ...measures.map((m) => ({ value: m.id, text: m.name, selected: one(v[`h-${n}-measureId`]) === m.id }))],
        })),
        hasMeasures: measures.length > 0,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { page?: string } }>('/organisations/:code/initiatives', async (request, reply) => {
      const org = await organisationOf(services, request);
      const actor = actorOf(request);
      const [all, criteria] = await Promise.all([services.initiatives.list(actor, org.id), services.portfolio.scoringModel(actor, org.id)]);
      // A page at a time, in rank order.
      const pages = Math.max(1, Math.ceil(all.length / INITIATIVES_PAGE));
      const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const list = all.slice((pageNumber - 1) * INITIATIVES_PAGE, pageNumber * INITIATIVES_PAGE);
      const href = (n: number) => `/organisations/${org.code}/initiatives?page=${n}`;
      return reply.render('choices/initiatives.njk', {
        title: 'Initiatives',
        section: 'initiatives',
        total: all.length,
        pageNumber,
        pages,
        previous: pageNumber > 1 ? { href: href(pageNumber - 1) } : undefined,
        next: pageNumber < pages ? { href: href(pageNumber + 1) } : undefined,
        initiatives: list.map((i) => ({
          id: i.id,
          name: i.name,
          change: i.change,
          statusLabel: INITIATIVE_STATUS_LABELS[i.status],
          levelLabel: LEVEL_LABELS[i.level],
          score: weightedScore(i.scores, criteria),
          wontDo: !!i.wontDoReason,
          totalWeeks: weeks(i.demand.reduce((s, d) => s + d.personWeeks, 0)),
          owner: personText(i.owner),
        })),
        canAdd: isEditor(request, org.id),
      });
    });

    app.get<{ Params: { code: string }; Querystring: { problemId?: string; goalId?: string } }>('/organisations/:code/initiatives/new', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const values: Form = { level: 'local', status: 'idea', problemIds: request.query.problemId ? [request.query.problemId] : [], goalIds: request.query.goalId ? [request.query.goalId] : [] };
      return renderForm(request, reply, org, { title: 'Add an initiative', action: `/organisations/${org.code}/initiatives`, back: `/organisations/${org.code}/initiatives`, values });
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/initiatives', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      const start = services.portfolio.readQuarter(one(body.startQuarter).trim().toUpperCase().match(/^\d{4}-Q[1-4]$/) ? one(body.startQuarter) : undefined);
      const { raw, demand } = fromForm(body, services.portfolio.planningQuarters(start));
      try {
        const created = await services.initiatives.create(actorOf(request), org.id, raw);
        return reply.redirect(`/initiatives/${created.id}?added=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderForm(request, reply, org, { title: 'Add an initiative', action: `/organisations/${org.code}/initiatives`, back: `/organisations/${org.code}/initiatives`, values: body }, formErrors(e.fields, demand));
      }
    });

    app.get<{ Params: { initiativeId: string }; Querystring: { added?: string; saved?: string } }>('/initiatives/:initiativeId', async (request, reply) => {
      const actor = actorOf(request);
      const i = await initiativeFor(request);
      const org = request.organisation!;
      const [history, criteria, problems, goals, measures, decisions] = await Promise.all([
        services.initiatives.history(actor, i.id),
        services.portfolio.scoringModel(actor, org.id),
        Promise.all(i.problemIds.map((id) => services.problems.get(actor, id))),
        Promise.all(i.goalIds.map((id) => services.goals.get(actor, id))),
        services.measures.listForOrganisation(actor, org.id),
        services.decisions.listFor(actor, org.id, { type: 'initiative', id: i.id }),
      ]);
      const quarters = [...new Set(i.demand.map((d) => d.quarter))];
      return reply.render('choices/initiative.njk', {
        title: i.name,
        section: 'initiatives',
        initiative: {
          ...i,
          statusLabel: INITIATIVE_STATUS_LABELS[i.status],
          levelLabel: LEVEL_LABELS[i.level],
          ownerText: personText(i.owner),
          sponsorText: personText(i.sponsor),
          score: weightedScore(i.scores, criteria),
          periodText: i.startQuarter ? `${describeQuarter(i.startQuarter)} to ${i.endQuarter ? describeQuarter(i.endQuarter) : 'not said'}` : 'Not said',
        },
        demand: quarters.map((q) => ({
          quarter: q,
          cells: SKILLS.map((s) => weeks(i.demand.filter((d) => d.quarter === q && d.skill === s).reduce((a, d) => a + d.personWeeks, 0))),
        })),
        skills: SKILLS.map((s) => SKILL_LABELS[s]),
        scores: criteria.map((c) => ({ label: c.label, weight: c.weight, score: i.scores[c.key] ?? null })),
        problems: problems.map((p) => ({ id: p.id, title: p.title })),
        goals: goals.map((g) => ({ id: g.id, statement: g.statement })),
        hypotheses: i.hypotheses.map((h) => ({ ...h, measure: measures.find((m) => m.id === h.measureId)?.name ?? 'A measure' })),
        decisions: decisions.map((d) => ({ id: d.id, what: d.what, decidedOn: d.decidedOn, superseded: !!d.supersededById })),
        history: presentHistory(history),
        canEdit: isEditor(request, org.id),
        flash: request.query.added ? 'Initiative added' : request.query.saved ? 'Changes saved' : undefined,
      });
    });

    app.get<{ Params: { initiativeId: string } }>('/initiatives/:initiativeId/edit', async (request, reply) => {
      const i = await initiativeFor(request);
      const org = request.organisation!;
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      return renderForm(request, reply, org, { title: 'Change the initiative', action: `/initiatives/${i.id}/edit`, back: `/initiatives/${i.id}`, values: valuesOf(i) });
    });

    app.post<{ Params: { initiativeId: string }; Body: Form }>('/initiatives/:initiativeId/edit', async (request, reply) => {
      const i = await initiativeFor(request);
      const org = request.organisation!;
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      const start = services.portfolio.readQuarter(one(body.startQuarter).trim().toUpperCase().match(/^\d{4}-Q[1-4]$/) ? one(body.startQuarter) : undefined);
      const quarters = services.portfolio.planningQuarters(start);
      const { raw, demand } = fromForm(body, quarters);
      // Demand outside the quarters on the form is kept as it was.
      const kept = initiativeFieldsOf(i).demand.filter((d) => !quarters.includes(d.quarter));
      try {
        await services.initiatives.update(actorOf(request), i.id, { ...raw, demand: [...kept, ...demand] });
        return reply.redirect(`/initiatives/${i.id}?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        const shifted: FieldErrors = {};
        for (const [k, v] of Object.entries(e.fields)) {
          const m = /^demand\[(\d+)\](.*)$/.exec(k);
          shifted[m ? `demand[${Number(m[1]) - kept.length}]${m[2]}` : k] = v;
        }
        return renderForm(request, reply, org, { title: 'Change the initiative', action: `/initiatives/${i.id}/edit`, back: `/initiatives/${i.id}`, values: body }, formErrors(shifted, demand));
      }
    });
  };
}
