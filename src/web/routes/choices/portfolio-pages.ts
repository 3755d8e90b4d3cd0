/** The portfolio page (the ranking, the capacity line and its chart), re-ranking, capacity and the scoring model. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import { SKILLS, SKILL_LABELS, addQuarters, describeQuarter, parseQuarter, type Quarter } from '../../../domain/initiative.ts';
import { PLACEMENT_LABELS } from '../../../domain/portfolio.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Services } from '../../../services/index.ts';
import { renderCapacityChart } from '../../../charts/capacity-chart.ts';
import { actorOf } from '../../auth.ts';
import { presentHistory } from '../problems/present.ts';
import { EDITORS_ONLY, guardChoicePages, isEditor, one, organisationOf, weeks, type Form } from './shared.ts';

/** Rows of the ranking per page. */
const RANK_PAGE = 50;

const skillList = (skills: readonly string[]) => skills.map((s) => SKILL_LABELS[s as keyof typeof SKILL_LABELS].toLowerCase()).join(' and ');

/** Portfolio, capacity and scoring model pages. */
export function portfolioPages(services: Services) {
  return async (app: FastifyInstance) => {
    guardChoicePages(app);

    async function renderPortfolio(request: FastifyRequest, reply: FastifyReply, org: Organisation, rawQuarter: unknown, errors: FieldErrors = {}, flash?: string, rawPage?: string) {
      const actor = actorOf(request);
      const quarter = parseQuarter(rawQuarter) ?? services.portfolio.currentQuarter();
      const [p, history] = await Promise.all([services.portfolio.portfolio(actor, org.id, quarter), services.initiatives.rankingHistory(actor, org.id, 10)]);
      const ranked = p.items.filter((i) => i.placement !== 'wont-do');
      // The ranking is shown a page at a time; the capacity line is always drawn over all of it.
      const pages = Math.max(1, Math.ceil(ranked.length / RANK_PAGE));
      const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(rawPage ?? '1', 10) || 1));
      const offset = (pageNumber - 1) * RANK_PAGE;
      const pageHref = (n: number) => `/organisations/${org.code}/portfolio?quarter=${quarter}&page=${n}#ranking`;
      const rows = ranked.slice(offset, offset + RANK_PAGE).map((item, k) => {
        const n = offset + k;
        const i = p.initiatives.get(item.initiativeId)!;
        const needs = SKILLS.filter((s) => item.demand[s]).map((s) => `${SKILL_LABELS[s]} ${weeks(item.demand[s]!)}`);
        return {
          id: i.id,
          name: i.name,
          rank: item.rank,
          first: n === 0,
          last: n === ranked.length - 1,
          score: item.score,
          status: i.status,
          level: i.level,
          needs: needs.length ? needs.join(', ') : 'No capacity this quarter',
          placement: item.placement,
          placementLabel: PLACEMENT_LABELS[item.placement],
          why: item.paused
            ? `Paused${i.pausedOn ? ` on ${i.pausedOn}` : ''}: it takes no capacity while it is paused`
            : item.overrunSkills.length ? `Not enough ${skillList(item.overrunSkills)} capacity` : '',
          rankError: errors[`rank-${i.id}`],
        };
      });
      const wontDo = p.items
        .filter((i) => i.placement === 'wont-do')
        .map((item) => {
          const i = p.initiatives.get(item.initiativeId)!;
          return { id: i.id, name: i.name, reason: i.wontDoReason };
        });
      const skills = p.skills
        .filter((s) => s.capacity || s.demand)
        .map((s) => ({ ...s, label: SKILL_LABELS[s.skill], over: Math.max(0, s.demand - s.capacity), text: { capacity: weeks(s.capacity), freed: weeks(s.freed), committed: weeks(s.committed), demand: weeks(s.demand) } }));
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/portfolio.njk', {
        title: `Portfolio for ${quarter}`,
        section: 'portfolio',
        quarter,
        quarterText: describeQuarter(quarter),
        quarterItems: p.totals.map((t) => ({ value: t.quarter, text: describeQuarter(t.quarter), selected: t.quarter === quarter })),
        chart: renderCapacityChart(p.totals, { title: `Digital demand against capacity, person-weeks per quarter, ${org.name}`, selected: quarter }),
        totals: p.totals.map((t) => ({ ...t, text: { capacity: weeks(t.capacity), freed: weeks(t.freed), committed: weeks(t.committed), demand: weeks(t.demand) }, over: t.demand > t.capacity })),
        skills,
        rows,
        nowCount: ranked.filter((r) => r.placement === 'now').length,
        notNowCount: ranked.filter((r) => r.placement === 'not-now').length,
        pageNumber,
        pages,
        previous: pageNumber > 1 ? { href: pageHref(pageNumber - 1) } : undefined,
        next: pageNumber < pages ? { href: pageHref(pageNumber + 1) } : undefined,
        wontDo,
        placementLabels: PLACEMENT_LABELS,
        criteria: p.criteria,
        hasCapacity: p.hasCapacity,
        hasInitiatives: p.initiatives.size > 0,
        canEdit: isEditor(request, org.id),
        history: presentHistory(history),
        errors,
        flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { quarter?: string; moved?: string; page?: string } }>('/organisations/:code/portfolio', async (request, reply) => {
      const org = await organisationOf(services, request);
      const q = request.query.quarter;
      if (q && !parseQuarter(q)) {
        return renderPortfolio(request, reply, org, undefined, { quarter: `“${q}” is not a quarter: choose one from the list` });
      }
      return renderPortfolio(request, reply, org, q, {}, request.query.moved ? 'Ranking saved' : undefined, request.query.page);
    });

    async function rerank(request: FastifyRequest<{ Params: { initiativeId: string }; Body: Form }>, reply: FastifyReply, work: (id: string) => Promise<{ id: string }[]>) {
      const actor = actorOf(request);
      const target = await services.initiatives.get(actor, request.params.initiativeId);
      const org = await services.organisations.getById(target.organisationId);
      request.organisation = org;
      const quarter = parseQuarter(one(request.body?.quarter)) ?? services.portfolio.currentQuarter();
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      let order: { id: string }[];
      try {
        order = await work(target.id);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderPortfolio(request, reply, org, quarter, { [`rank-${target.id}`]: e.fields.rank ?? e.message }, undefined, one(request.body?.page));
      }
      const page = Math.floor(Math.max(0, order.findIndex((i) => i.id === target.id)) / RANK_PAGE) + 1;
      return reply.redirect(`/organisations/${org.code}/portfolio?quarter=${quarter}&page=${page}&moved=1#initiative-${target.id}`, 303);
    }

    app.post<{ Params: { initiativeId: string }; Body: Form }>('/initiatives/:initiativeId/move', async (request, reply) =>
      rerank(request, reply, (id) => services.initiatives.move(actorOf(request), id, one(request.body?.direction) === 'down' ? 'down' : 'up')),
    );

    app.post<{ Params: { initiativeId: string }; Body: Form }>('/initiatives/:initiativeId/rank', async (request, reply) =>
      rerank(request, reply, (id) => {
        // One form per row: "Set rank" sends the rank field; "Move up" and "Move down" send an action.
        const action = one(request.body?.action);
        if (action === 'up' || action === 'down') return services.initiatives.move(actorOf(request), id, action);
        return services.initiatives.setRank(actorOf(request), id, one(request.body?.rank).trim());
      }),
    );

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/portfolio/rank-by-score', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      await services.initiatives.rankByScore(actorOf(request), org.id);
      const quarter = parseQuarter(one(request.body?.quarter)) ?? services.portfolio.currentQuarter();
      return reply.redirect(`/organisations/${org.code}/portfolio?quarter=${quarter}&moved=1`, 303);
    });

    // Capacity: a grid of skills by quarter.
    function capacityQuarters(from: unknown): Quarter[] {
      return services.portfolio.planningQuarters(parseQuarter(from) ?? services.portfolio.currentQuarter());
    }

    async function renderCapacity(request: FastifyRequest, reply: FastifyReply, org: Organisation, quarters: Quarter[], values: Record<string, string>, errors: FieldErrors = {}, flash?: string) {
      const history = await services.portfolio.planningHistory(actorOf(request), org.id, 10);
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/capacity.njk', {
        title: 'Capacity',
        section: 'capacity',
        quarters,
        from: quarters[0],
        earlier: addQuarters(quarters[0]!, -4),
        later: addQuarters(quarters[0]!, 4),
        skills: SKILLS.map((s) => ({ key: s, label: SKILL_LABELS[s] })),
        values,
        errors,
        canEdit: isEditor(request, org.id),
        empty: Object.values(values).every((v) => !v),
        history: presentHistory(history),
        flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { from?: string; saved?: string } }>('/organisations/:code/capacity', async (request, reply) => {
      const org = await organisationOf(services, request);
      const quarters = capacityQuarters(request.query.from);
      const entries = await services.portfolio.capacity(actorOf(request), org.id);
      const values: Record<string, string> = {};
      for (const e of entries) if (quarters.includes(e.quarter)) values[`c-${e.quarter}-${e.skill}`] = weeks(e.personWeeks);
      return renderCapacity(request, reply, org, quarters, values, {}, request.query.saved ? 'Capacity saved' : undefined);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/capacity', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      const quarters = capacityQuarters(one(body.from));
      const values: Record<string, string> = {};
      const entries: { quarter: Quarter; skill: string; personWeeks: string }[] = [];
      for (const quarter of quarters) {
        for (const skill of SKILLS) {
          const name = `c-${quarter}-${skill}`;
          const v = one(body[name]).trim();
          values[name] = v;
          if (v) entries.push({ quarter, skill, personWeeks: v });
        }
      }
      try {
        await services.portfolio.setCapacity(actorOf(request), org.id, entries, quarters);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        const errors: FieldErrors = {};
        for (const [k, message] of Object.entries(e.fields)) {
          const m = /^entries\[(\d+)\]/.exec(k);
          const entry = m ? entries[Number(m[1])] : undefined;
          if (entry) errors[`c-${entry.quarter}-${entry.skill}`] = `${SKILL_LABELS[entry.skill as keyof typeof SKILL_LABELS]} in ${entry.quarter}: ${message}`;
        }
        return renderCapacity(request, reply, org, quarters, values, Object.keys(errors).length ? errors : { capacity: e.message });
      }
      return reply.redirect(`/organisations/${org.code}/capacity?from=${quarters[0]}&saved=1`, 303);
    });

    // Scoring model: criteria, weights and direction; one blank row adds a criterion.
    function criteriaRows(criteria: readonly { key?: string; label: string; weight: number | string; direction: string }[]) {
      return [...criteria, { key: '', label: '', weight: '', direction: 'higher_is_better' }].map((c, i) => ({ ...c, index: i, weight: String(c.weight) }));
    }

    async function renderScoring(request: FastifyRequest, reply: FastifyReply, org: Organisation, rows: ReturnType<typeof criteriaRows>, errors: FieldErrors = {}, flash?: string) {
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/scoring-model.njk', {
        title: 'Scoring model',
        section: 'scoring',
        rows,
        errors,
        fieldIds: Object.fromEntries(Object.keys(errors).map((k) => [k, k.replace(/^criteria\[(\d+)\]\.(\w+)$/, '$2-$1')])),
        canEdit: isEditor(request, org.id),
        flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/organisations/:code/scoring-model', async (request, reply) => {
      const org = await organisationOf(services, request);
      const criteria = await services.portfolio.scoringModel(actorOf(request), org.id);
      return renderScoring(request, reply, org, criteriaRows(criteria), {}, request.query.saved ? 'Scoring model saved' : undefined);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/scoring-model', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      const raw: { key?: string; label: string; weight: string; direction: string }[] = [];
      for (let i = 0; i < 13; i++) {
        const label = one(body[`label-${i}`]).trim();
        const weight = one(body[`weight-${i}`]).trim();
        if (!label && !weight) continue;
        raw.push({ key: one(body[`key-${i}`]) || undefined, label, weight, direction: one(body[`direction-${i}`]) });
      }
      try {
        await services.portfolio.setScoringModel(actorOf(request), org.id, raw);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        const errors = Object.keys(e.fields).length ? e.fields : { criteria: e.message };
        return renderScoring(request, reply, org, criteriaRows(raw.map((r) => ({ ...r, key: r.key ?? '' }))), errors);
      }
      return reply.redirect(`/organisations/${org.code}/scoring-model?saved=1`, 303);
    });
  };
}
