/** Problem pages: the register, a problem with its evidence and history, and the forms. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import {
  AFFECTED,
  AFFECTED_LABELS,
  EVIDENCE_KINDS,
  EVIDENCE_KIND_LABELS,
  PROBLEM_STATUSES,
  PROBLEM_STATUS_LABELS,
  priorityOf,
  type Affected,
  type Problem,
  type ProblemStatus,
} from '../../../domain/problem.ts';
import { hasRole, roleIn } from '../../../domain/person.ts';
import type { Services } from '../../../services/index.ts';
import { canEditProblem } from '../../../services/problems.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { presentHistory } from './present.ts';

const PAGE_SIZE = 20;

type Form = Record<string, string | undefined>;

const options = <T extends string>(values: readonly T[], labels: Record<T, string>, selected: unknown) =>
  values.map((v) => ({ value: v, text: labels[v], checked: v === selected, selected: v === selected }));

function formChoices(values: Form) {
  return {
    affectedItems: options(AFFECTED, AFFECTED_LABELS, values.affected),
    statusItems: options(PROBLEM_STATUSES, PROBLEM_STATUS_LABELS, values.status ?? 'open'),
    severityItems: [1, 2, 3, 4, 5].map((n) => ({
      value: String(n),
      text: `${n}${n === 1 ? ' – minor' : n === 5 ? ' – severe' : ''}`,
      checked: String(n) === values.severity,
    })),
    evidenceKindItems: [
      { value: '', text: 'Choose a kind of evidence' },
      ...options(EVIDENCE_KINDS, EVIDENCE_KIND_LABELS, values.evidenceKind ?? values.kind),
    ],
  };
}

// The NHS error summary links to each field: radios' first input has the group's id.
const FIELD_IDS: Record<string, string> = {
  'evidence[0].kind': 'evidenceKind',
  'evidence[0].summary': 'evidenceSummary',
  'evidence[0].link': 'evidenceLink',
  'evidence[0].count': 'evidenceCount',
};

function evidenceFromForm(body: Form) {
  const present = [body.evidenceKind, body.evidenceSummary, body.evidenceLink, body.evidenceCount].some((v) => v && v.trim());
  if (!present) return [];
  return [{ kind: body.evidenceKind, summary: body.evidenceSummary, link: body.evidenceLink, count: body.evidenceCount }];
}

function valuesOf(p: Problem): Form {
  return {
    title: p.title,
    description: p.description,
    affected: p.affected,
    affectedGroup: p.affectedGroup,
    severity: String(p.severity),
    reach: String(p.reach),
    themes: p.themes.join(', '),
    status: p.status,
  };
}

/** Problem pages. */
export function problemPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (request.url.startsWith('/problems') || /^\/organisations\/[^/]+\/problems/.test(request.url)) {
        await requireSignIn(request, reply);
      }
    });

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>) {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    async function problemFor(request: FastifyRequest<{ Params: { problemId: string } }>) {
      const problem = await services.problems.get(actorOf(request), request.params.problemId);
      request.organisation = await services.organisations.getById(problem.organisationId);
      return problem;
    }

    function renderForm(reply: FastifyReply, view: string, context: Record<string, unknown> & { values: Form }, errors: FieldErrors = {}) {
      return reply.render(view, { ...context, ...formChoices(context.values), errors, fieldIds: FIELD_IDS });
    }

    app.get<{ Params: { code: string }; Querystring: { theme?: string; affected?: string; status?: string; page?: string } }>(
      '/organisations/:code/problems',
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await organisationFor(request);
        const q = request.query;
        const theme = q.theme?.trim().toLowerCase() || undefined;
        const affected = (AFFECTED as readonly string[]).includes(q.affected ?? '') ? (q.affected as Affected) : undefined;
        const status = (PROBLEM_STATUSES as readonly string[]).includes(q.status ?? '') ? (q.status as ProblemStatus) : undefined;
        const pageNumber = Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1);
        const [page, themes] = await Promise.all([
          services.problems.list(actor, org.id, { theme, affected, status }, { limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE }),
          services.problems.themes(actor, org.id),
        ]);
        const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
        const filterQuery = (n: number) => {
          const params = new URLSearchParams();
          if (theme) params.set('theme', theme);
          if (affected) params.set('affected', affected);
          if (status) params.set('status', status);
          if (n > 1) params.set('page', String(n));
          const s = params.toString();
          return `/organisations/${org.code}/problems${s ? `?${s}` : ''}`;
        };
        return reply.render('problems/index.njk', {
          title: 'Problems',
          problems: page.problems.map((p) => ({
            ...p,
            priority: priorityOf(p),
            affectedLabel: AFFECTED_LABELS[p.affected],
            statusLabel: PROBLEM_STATUS_LABELS[p.status],
          })),
          total: page.total,
          filtered: !!(theme || affected || status),
          filter: { theme: theme ?? '', affected: affected ?? '', status: status ?? '' },
          themeItems: [{ value: '', text: 'Any theme' }, ...themes.map((t) => ({ value: t, text: t, selected: t === theme }))],
          affectedItems: [{ value: '', text: 'Patients or staff' }, ...options(AFFECTED, AFFECTED_LABELS, affected)],
          statusItems: [{ value: '', text: 'Any status' }, ...options(PROBLEM_STATUSES, PROBLEM_STATUS_LABELS, status)],
          pageNumber,
          pages,
          previous: pageNumber > 1 ? { href: filterQuery(pageNumber - 1) } : undefined,
          next: pageNumber < pages ? { href: filterQuery(pageNumber + 1) } : undefined,
          canAdd: hasRole(roleIn(actor, org.id), 'contributor'),
        });
      },
    );

    app.get<{ Params: { code: string } }>('/organisations/:code/problems/new', async (request, reply) => {
      const org = await organisationFor(request);
      const actor = actorOf(request);
      if (!hasRole(roleIn(actor, org.id), 'contributor')) {
        return reply.code(403).render('error.njk', { title: 'You cannot add problems', message: 'Viewers can read problems but not add them.', status: 403 });
      }
      return renderForm(reply, 'problems/form.njk', { title: 'Add a problem', action: `/organisations/${org.code}/problems`, values: { status: 'open' }, isNew: true, back: `/organisations/${org.code}/problems` });
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/problems', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      try {
        const problem = await services.problems.create(actorOf(request), org.id, { ...body, evidence: evidenceFromForm(body) });
        return reply.redirect(`/problems/${problem.id}?added=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderForm(reply, 'problems/form.njk', { title: 'Add a problem', action: `/organisations/${org.code}/problems`, values: body, isNew: true, back: `/organisations/${org.code}/problems` }, e.fields);
      }
    });

    app.get<{ Params: { problemId: string }; Querystring: { added?: string; saved?: string } }>('/problems/:problemId', async (request, reply) => {
      const actor = actorOf(request);
      const problem = await problemFor(request);
      const history = await services.problems.history(actor, problem.id);
      const goals = await services.goals.listForProblem(actor, problem.id);
      const [initiatives, changes] = await Promise.all([services.initiatives.listForProblem(actor, problem.id), services.doDifferently.listForProblem(actor, problem.id)]);
      const flash = request.query.added ? 'Problem added' : request.query.saved ? 'Changes saved' : undefined;
      return reply.render('problems/show.njk', {
        title: problem.title,
        problem: {
          ...problem,
          priority: priorityOf(problem),
          affectedLabel: AFFECTED_LABELS[problem.affected],
          statusLabel: PROBLEM_STATUS_LABELS[problem.status],
          evidence: problem.evidence.map((e) => ({ ...e, kindLabel: EVIDENCE_KIND_LABELS[e.kind] })),
        },
        history: presentHistory(history),
        goals: goals.map((g) => ({ id: g.id, statement: g.statement })),
        initiatives: initiatives.map((i) => ({ id: i.id, name: i.name })),
        changes: changes.map((c) => ({ title: c.title })),
        canAddGoal: hasRole(roleIn(actor, problem.organisationId), 'editor'),
        canEdit: canEditProblem(actor, problem),
        canAddEvidence: hasRole(roleIn(actor, problem.organisationId), 'contributor'),
        canDelete: hasRole(roleIn(actor, problem.organisationId), 'editor'),
        flash,
      });
    });

    app.get<{ Params: { problemId: string } }>('/problems/:problemId/edit', async (request, reply) => {
      const problem = await problemFor(request);
      if (!canEditProblem(actorOf(request), problem)) {
        return reply.code(403).render('error.njk', { title: 'You cannot change this problem', message: 'Only editors, or the contributor who raised it, can change this problem.', status: 403 });
      }
      return renderForm(reply, 'problems/form.njk', { title: 'Change the problem', action: `/problems/${problem.id}/edit`, values: valuesOf(problem), back: `/problems/${problem.id}` });
    });

    app.post<{ Params: { problemId: string }; Body: Form }>('/problems/:problemId/edit', async (request, reply) => {
      const problem = await problemFor(request);
      const body = request.body ?? {};
      try {
        await services.problems.update(actorOf(request), problem.id, {
          title: body.title ?? '',
          description: body.description ?? '',
          affected: body.affected ?? '',
          affectedGroup: body.affectedGroup ?? '',
          severity: body.severity ?? '',
          reach: body.reach ?? '',
          themes: body.themes ?? '',
          status: body.status ?? '',
        });
        return reply.redirect(`/problems/${problem.id}?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderForm(reply, 'problems/form.njk', { title: 'Change the problem', action: `/problems/${problem.id}/edit`, values: body, back: `/problems/${problem.id}` }, e.fields);
      }
    });

    app.get<{ Params: { problemId: string } }>('/problems/:problemId/evidence/new', async (request, reply) => {
      const problem = await problemFor(request);
      return renderForm(reply, 'problems/evidence-form.njk', { title: 'Add evidence', problem, values: {} });
    });

    app.post<{ Params: { problemId: string }; Body: Form }>('/problems/:problemId/evidence', async (request, reply) => {
      const problem = await problemFor(request);
      const body = request.body ?? {};
      try {
        await services.problems.addEvidence(actorOf(request), problem.id, { kind: body.kind, summary: body.summary, link: body.link, count: body.count });
        return reply.redirect(`/problems/${problem.id}?saved=1#evidence`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderForm(reply, 'problems/evidence-form.njk', { title: 'Add evidence', problem, values: { ...body, evidenceKind: body.kind } }, e.fields);
      }
    });

    app.post<{ Params: { problemId: string; evidenceId: string } }>('/problems/:problemId/evidence/:evidenceId/remove', async (request, reply) => {
      const problem = await problemFor(request);
      await services.problems.removeEvidence(actorOf(request), problem.id, request.params.evidenceId);
      return reply.redirect(`/problems/${problem.id}?saved=1#evidence`, 303);
    });

    app.get<{ Params: { problemId: string } }>('/problems/:problemId/delete', async (request, reply) => {
      const problem = await problemFor(request);
      return reply.render('problems/delete.njk', { title: 'Delete this problem', problem });
    });

    app.post<{ Params: { problemId: string } }>('/problems/:problemId/delete', async (request, reply) => {
      const problem = await problemFor(request);
      const org = request.organisation!;
      await services.problems.delete(actorOf(request), problem.id);
      return reply.redirect(`/organisations/${org.code}/problems`, 303);
    });
  };
}
