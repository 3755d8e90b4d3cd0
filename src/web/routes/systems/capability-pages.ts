/** Capability pages: the landscape matrix, a capability with its entries, assessment and decision; roll-up charts; initiatives' declarations. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../../../domain/errors.ts';
import { DISCIPLINES, DISCIPLINE_LABELS, hasRole, roleIn, type Actor, type Discipline } from '../../../domain/person.ts';
import {
  CRITERIA,
  CRITERION_LABELS,
  ENTRY_STATUSES,
  ENTRY_STATUS_LABELS,
  RECOMMENDATIONS,
  RECOMMENDATION_LABELS,
  RECOMMENDATION_RULE,
  SERVES,
  SERVES_LABELS,
  STANCES,
  STANCE_LABELS,
  type CapabilityEntry,
} from '../../../domain/system.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import { describePeriod, formatIsoDate } from '../../../domain/period.ts';
import { DIRECTIONS, DIRECTION_LABELS } from '../../../domain/measure.ts';
import type { Services } from '../../../services/index.ts';
import { formatMeasureValue } from '../../../services/measures.ts';
import { renderSpcChart } from '../../../charts/spc-chart.ts';
import { describeVariationIcon, renderVariationIcon } from '../../../charts/spc-icons.ts';
import { actorOf, signedInPages } from '../../auth.ts';
import { listOf, textOf, type Form } from '../goals/form.ts';
import { fieldErrorsOf, sayDate } from './pages.ts';

const canEdit = (actor: Actor, organisationId: string) => hasRole(roleIn(actor, organisationId), 'editor');
const ENTRY_FIELDS = ['status', 'product', 'supplier', 'contractEnd', 'serves', 'servesReason', 'organisation'] as const;

function describeEntry(e: CapabilityEntry | undefined): { status: string; detail: string } {
  if (!e) return { status: 'Not recorded', detail: '' };
  const what = [e.product, e.supplier].filter(Boolean).join(', ');
  const parts = [what, e.contractEnd ? `contract ends ${sayDate(e.contractEnd)}` : '', e.serves ? `${SERVES_LABELS[e.serves].toLowerCase()}: ${e.servesReason}` : ''].filter(Boolean);
  return { status: ENTRY_STATUS_LABELS[e.status], detail: parts.join('; ') };
}

// Guests on the decision form: one a line, "Name, discipline".
function parseGuests(text: string): { name: string; discipline: Discipline }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, d] = line.split(',').map((s) => s.trim());
      const key = (d ?? '').toLowerCase();
      const discipline = DISCIPLINES.find((x) => x === key.replace(/[’' ]+/g, '_').replace(/_s?_?representative$/, '_representative') || DISCIPLINE_LABELS[x].toLowerCase() === key) ?? 'other';
      return { name: name ?? line, discipline };
    });
}

/** Capability, roll-up and declaration pages. */
export function capabilityPages(services: Services) {
  return async (app: FastifyInstance) => {
    signedInPages(app);
    const sys = services.systems;

    async function renderMatrix(request: FastifyRequest, reply: FastifyReply, org: Organisation, errors: FieldErrors = {}, values: Form = {}, flash?: string) {
      const actor = actorOf(request);
      const [{ capabilities, members }, convergence, retired] = await Promise.all([sys.matrix(actor, org.id), sys.convergence(actor, org.id), sys.listCapabilities(actor, org.id, 'retired')]);
      const rows = capabilities.map((c) => ({
        id: c.capability.id,
        name: c.capability.name,
        description: c.capability.description,
        recommendation: c.assessment ? RECOMMENDATION_LABELS[c.assessment.recommendation] : null,
        decided: c.assessment?.decided ? RECOMMENDATION_LABELS[c.assessment.decided] : null,
        cells: members.map((m) => ({ member: m, readable: m.readable, ...describeEntry(c.entries.find((e) => e.organisationId === m.id)) })),
      }));
      return reply.render('systems/capabilities.njk', {
        title: 'Capabilities',
        members,
        rows,
        convergence: convergence.map((o) => ({
          name: capabilities.find((c) => c.capability.id === o.capabilityId)?.capability.name ?? '',
          id: o.capabilityId,
          entries: o.entries.map((e) => `${members.find((m) => m.id === e.organisationId)?.name ?? 'A member'}: ${sayDate(e.contractEnd)}`),
        })),
        retired: retired.map((c) => ({ id: c.capability.id, name: c.capability.name, on: c.capability.retired ? sayDate(formatIsoDate(c.capability.retired.at)) : '', reason: c.capability.retired?.reason ?? '' })),
        canEdit: canEdit(actor, org.id),
        errors,
        values,
        flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { done?: string } }>('/organisations/:code/capabilities', async (request, reply) => {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      const flash = { added: 'Capability added', deleted: 'Capability deleted' }[request.query.done ?? ''];
      return renderMatrix(request, reply, org, {}, {}, flash);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/capabilities', async (request, reply) => {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      const body = request.body ?? {};
      try {
        await sys.addCapability(actorOf(request), org.id, { name: textOf(body.name), description: textOf(body.description) });
      } catch (e) {
        return renderMatrix(request, reply.code(400), org, fieldErrorsOf(e), body);
      }
      return reply.redirect(`/organisations/${org.code}/capabilities?done=added`, 303);
    });

    /**
     * `entryFor` is the code of the organisation whose entry form was sent, so its errors and
     * values go back to that form and no other.
     */
    async function renderCapability(request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldErrors = {}, values: Form = {}, flash?: string, entryFor?: string) {
      const actor = actorOf(request);
      const a = await sys.getAssessment(actor, id);
      const system = await services.organisations.getById(a.capability.systemId);
      request.organisation = system;
      const members = await sys.listCurrentMembers(actor, system.id);
      // Each current member the actor may edit records its own entry, on a form of its own.
      const mine = a.capability.retired ? [] : members.filter((m) => canEdit(actor, m.organisationId));
      const entryFieldIds: Record<string, string> = {};
      const entryForms = mine.map((m) => {
        const own = a.entries.find((e) => e.organisationId === m.organisationId);
        const sent = entryFor === m.organisation.code;
        const v: Form = sent ? values : {};
        // With one form the fields keep their plain ids; with several, each form's ids carry its code.
        const prefix = mine.length > 1 ? `${m.organisation.code}-` : '';
        if (sent) for (const f of ENTRY_FIELDS) entryFieldIds[f] = `${prefix}${f}`;
        return {
          organisation: m.organisation,
          prefix,
          current: describeEntry(own),
          recorded: own !== undefined,
          errors: sent ? errors : {},
          values: {
            status: textOf(v.status) || own?.status || '',
            product: v.product ?? own?.product ?? '',
            supplier: v.supplier ?? own?.supplier ?? '',
            contractEnd: v.contractEnd ?? own?.contractEnd ?? '',
            serves: textOf(v.serves) || own?.serves || '',
            servesReason: v.servesReason ?? own?.servesReason ?? '',
          },
        };
      });
      const scoreOf = (c: (typeof CRITERIA)[number]) => (values[`${c}.score`] as string | undefined) ?? (a.assessment ? String(a.assessment.scores[c].score) : c === 'commonality' ? String(a.suggestedCommonality.score) : '');
      const reasonOf = (c: (typeof CRITERIA)[number]) => (values[`${c}.reason`] as string | undefined) ?? (a.assessment ? a.assessment.scores[c].reason : c === 'commonality' ? a.suggestedCommonality.reason : '');
      const systemPeople = canEdit(actor, system.id) ? await services.people.listMembers(actor, system.id) : [];
      return reply.render('systems/capability.njk', {
        title: a.capability.name,
        capability: a.capability,
        system,
        entries: members.map((m) => ({ organisation: m.organisation, ...describeEntry(a.entries.find((e) => e.organisationId === m.organisationId)) })),
        assessment: a.assessment && {
          ...a.assessment,
          recommendationText: RECOMMENDATION_LABELS[a.assessment.recommendation],
          decidedText: a.assessment.decided ? RECOMMENDATION_LABELS[a.assessment.decided] : null,
          rows: CRITERIA.map((c) => ({ label: CRITERION_LABELS[c].label, score: a.assessment!.scores[c].score, reason: a.assessment!.scores[c].reason })),
        },
        suggested: a.suggestedCommonality,
        rule: RECOMMENDATION_RULE,
        canAssess: canEdit(actor, system.id) && !a.capability.retired,
        canEdit: canEdit(actor, system.id),
        retired: a.capability.retired && { ...a.capability.retired, on: sayDate(formatIsoDate(a.capability.retired.at)) },
        criteria: CRITERIA.map((c) => ({
          key: c,
          ...CRITERION_LABELS[c],
          items: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n), checked: scoreOf(c) === String(n) })),
          reason: reasonOf(c),
          scoreError: errors[`${c}.score`],
          reasonError: errors[`${c}.reason`],
        })),
        decisionItems: RECOMMENDATIONS.map((r) => ({ value: r, text: RECOMMENDATION_LABELS[r], checked: (values.decided ?? a.assessment?.recommendation) === r })),
        peopleItems: systemPeople.map((p) => ({ value: p.userId, text: p.name, hint: { text: DISCIPLINE_LABELS[p.discipline] }, checked: listOf(values.presentUserIds).includes(p.userId) })),
        entryForms,
        statusItems: ENTRY_STATUSES.map((s) => ({ value: s, text: ENTRY_STATUS_LABELS[s] })),
        servesItems: [{ value: '', text: 'Not said' }, ...SERVES.map((s) => ({ value: s, text: SERVES_LABELS[s] }))],
        values,
        today: services.clock().toISOString().slice(0, 10),
        errors,
        fieldIds: { ...Object.fromEntries(CRITERIA.flatMap((c) => [[`${c}.score`, `${c}-score`], [`${c}.reason`, `${c}-reason`]])), ...entryFieldIds },
        flash,
      });
    }

    app.get<{ Params: { capabilityId: string }; Querystring: { done?: string } }>('/capabilities/:capabilityId', async (request, reply) => {
      const flash = { changed: 'Capability changed', assessed: 'Assessment saved', decided: 'Decision recorded in the decision log', entry: 'Entry saved', retired: 'Capability retired', restored: 'Capability brought back' }[request.query.done ?? ''];
      return renderCapability(request, reply, request.params.capabilityId, {}, {}, flash);
    });

    async function renderCapabilityForm(request: FastifyRequest<{ Params: { capabilityId: string } }>, reply: FastifyReply, errors: FieldErrors = {}, values?: Form) {
      const actor = actorOf(request);
      const { capability } = await sys.getCapability(actor, request.params.capabilityId);
      const system = await services.organisations.getById(capability.systemId);
      request.organisation = system;
      if (!canEdit(actor, system.id)) return reply.code(403).render('error.njk', { title: 'You cannot change this capability', message: 'Only editors of the system change its catalogue.', status: 403 });
      return reply.render('systems/capability-form.njk', { title: `Change ${capability.name}`, capability, system, values: values ?? { name: capability.name, description: capability.description }, errors });
    }

    app.get<{ Params: { capabilityId: string } }>('/capabilities/:capabilityId/edit', async (request, reply) => renderCapabilityForm(request, reply));

    app.post<{ Params: { capabilityId: string }; Body: Form }>('/capabilities/:capabilityId/edit', async (request, reply) => {
      const body = request.body ?? {};
      try {
        await sys.updateCapability(actorOf(request), request.params.capabilityId, { name: textOf(body.name), description: textOf(body.description) });
      } catch (e) {
        return renderCapabilityForm(request, reply.code(400), fieldErrorsOf(e), body);
      }
      return reply.redirect(`/capabilities/${request.params.capabilityId}?done=changed`, 303);
    });

    app.post<{ Params: { capabilityId: string }; Body: Form }>('/capabilities/:capabilityId/assessment', async (request, reply) => {
      const body = request.body ?? {};
      const raw = Object.fromEntries(CRITERIA.map((c) => [c, { score: textOf(body[`${c}.score`]), reason: textOf(body[`${c}.reason`]) }]));
      try {
        await sys.putAssessment(actorOf(request), request.params.capabilityId, raw);
      } catch (e) {
        return renderCapability(request, reply.code(400), request.params.capabilityId, fieldErrorsOf(e), body);
      }
      return reply.redirect(`/capabilities/${request.params.capabilityId}?done=assessed#assessment`, 303);
    });

    app.post<{ Params: { capabilityId: string }; Body: Form }>('/capabilities/:capabilityId/decision', async (request, reply) => {
      const body = request.body ?? {};
      const present = [...listOf(body.presentUserIds).map((userId) => ({ userId })), ...parseGuests(textOf(body.guests))];
      try {
        await sys.decideCapability(actorOf(request), request.params.capabilityId, { decided: textOf(body.decided), decidedOn: textOf(body.decidedOn), what: textOf(body.what), rationale: textOf(body.rationale), present });
      } catch (e) {
        return renderCapability(request, reply.code(400), request.params.capabilityId, fieldErrorsOf(e), body);
      }
      return reply.redirect(`/capabilities/${request.params.capabilityId}?done=decided#decision`, 303);
    });

    app.post<{ Params: { capabilityId: string }; Body: Form }>('/capabilities/:capabilityId/entry', async (request, reply) => {
      const body = request.body ?? {};
      const actor = actorOf(request);
      // The organisation comes from the form; the service refuses one the person may not edit (403, or 404 if unseen).
      const code = textOf(body.organisation);
      try {
        const org = await services.organisations.getForActor(code || 'X', actor);
        await sys.putEntry(actor, request.params.capabilityId, org.id, { status: textOf(body.status), product: textOf(body.product), supplier: textOf(body.supplier), contractEnd: textOf(body.contractEnd), serves: textOf(body.serves), servesReason: textOf(body.servesReason) });
        return reply.redirect(`/capabilities/${request.params.capabilityId}?done=entry#entry-${org.code}`, 303);
      } catch (e) {
        return renderCapability(request, reply.code(400), request.params.capabilityId, fieldErrorsOf(e), body, undefined, code.toUpperCase());
      }
    });

    // ---- roll-ups ----

    const SHAPES = [
      { value: 'sum', text: 'A sum of counts', hint: 'Each member’s count is added up, like admissions to virtual wards', kind: 'sum', unit: 'count' },
      { value: 'percentage', text: 'A percentage: numerators over denominators', hint: 'Members’ numerators added up over their denominators added up, × 100', kind: 'ratio', unit: 'percentage' },
      { value: 'rate', text: 'A rate: numerators over denominators', hint: 'Members’ numerators added up over their denominators added up', kind: 'ratio', unit: 'rate' },
    ] as const;

    async function renderRollupForm(request: FastifyRequest, reply: FastifyReply, org: Organisation, errors: FieldErrors = {}, values: Form = {}) {
      const actor = actorOf(request);
      if (!canEdit(actor, org.id)) return reply.code(403).render('error.njk', { title: 'You cannot add a roll-up measure', message: 'Only editors of the system define its roll-up measures.', status: 403 });
      const [candidates, goals] = await Promise.all([sys.rollupCandidates(actor, org.id), services.goals.list(actor, org.id)]);
      const short = (t: string) => (t.length > 90 ? `${t.slice(0, 89)}…` : t);
      const options = (list: readonly { id: string; name: string; definition: string }[], chosen: string) => [
        { value: '', text: 'Leave this member out', selected: !chosen },
        ...list.map((m) => ({ value: m.id, text: m.definition ? `${m.name}: ${short(m.definition)}` : m.name, selected: chosen === m.id })),
      ];
      return reply.render('systems/rollup-form.njk', {
        title: 'Add a roll-up measure',
        shapeItems: SHAPES.map((x) => ({ value: x.value, text: x.text, hint: { text: x.hint }, checked: textOf(values.shape) === x.value })),
        directionItems: DIRECTIONS.map((d) => ({ value: d, text: DIRECTION_LABELS[d], checked: textOf(values.improvementDirection) === d })),
        goalItems: [{ value: '', text: 'None' }, ...goals.map((g) => ({ value: g.id, text: g.statement, selected: textOf(values.goalId) === g.id }))],
        members: candidates.map((c) => ({
          organisation: c.organisation,
          measureItems: options(c.measures, textOf(values[`measure-${c.organisation.id}`])),
          denominatorItems: options(c.measures, textOf(values[`denominator-${c.organisation.id}`])),
          measureError: errors[`measure-${c.organisation.id}`],
          denominatorError: errors[`denominator-${c.organisation.id}`],
          count: c.measures.length,
        })),
        values,
        errors,
        fieldIds: { shape: 'shape', kind: 'shape', unit: 'shape', improvementDirection: 'improvementDirection', components: candidates[0] ? `measure-${candidates[0].organisation.id}` : 'name' },
      });
    }

    app.get<{ Params: { code: string } }>('/organisations/:code/rollups/new', async (request, reply) => {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return renderRollupForm(request, reply, org);
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/rollups', async (request, reply) => {
      const actor = actorOf(request);
      const org = await services.organisations.getForActor(request.params.code, actor);
      request.organisation = org;
      const body = request.body ?? {};
      const shape = SHAPES.find((x) => x.value === textOf(body.shape));
      // The members in the order their measures are sent, to put errors back next to their fields.
      const order: string[] = [];
      const components: { measureId: string; denominatorMeasureId: string | null }[] = [];
      for (const c of await sys.rollupCandidates(actor, org.id)) {
        const measureId = textOf(body[`measure-${c.organisation.id}`]);
        if (!measureId) continue;
        order.push(c.organisation.id);
        components.push({ measureId, denominatorMeasureId: textOf(body[`denominator-${c.organisation.id}`]) || null });
      }
      try {
        const r = await sys.createRollup(actor, org.id, {
          name: textOf(body.name),
          kind: shape?.kind ?? '',
          unit: shape?.unit,
          improvementDirection: textOf(body.improvementDirection),
          goalId: textOf(body.goalId) || null,
          components,
        });
        return reply.redirect(`/rollups/${r.id}?done=added`, 303);
      } catch (e) {
        const fields: FieldErrors = {};
        for (const [k, v] of Object.entries(fieldErrorsOf(e))) {
          const m = /^components\[(\d+)\](?:\.(measureId|denominatorMeasureId))?$/.exec(k);
          const orgId = m ? order[Number(m[1])] : undefined;
          if (m && orgId) fields[`${m[2] === 'denominatorMeasureId' ? 'denominator' : 'measure'}-${orgId}`] = v;
          else if (k === 'kind' || k === 'unit') fields.shape = v;
          else fields[k] = v;
        }
        return renderRollupForm(request, reply.code(400), org, fields, body);
      }
    });

    app.post<{ Params: { rollupId: string } }>('/rollups/:rollupId/delete', async (request, reply) => {
      const actor = actorOf(request);
      const s = await sys.rollupSeries(actor, request.params.rollupId);
      const system = await services.organisations.getById(s.rollup.systemId);
      await sys.deleteRollup(actor, s.rollup.id);
      return reply.redirect(`/organisations/${system.code}/alignment?done=rollup-removed#rollups`, 303);
    });

    app.get<{ Params: { rollupId: string }; Querystring: { done?: string } }>('/rollups/:rollupId', async (request, reply) => {
      const actor = actorOf(request);
      const s = await sys.rollupSeries(actor, request.params.rollupId);
      const system = await services.organisations.getById(s.rollup.systemId);
      request.organisation = system;
      const members = await sys.listCurrentMembers(actor, system.id);
      const orgName = (id: string) => members.find((m) => m.organisationId === id)?.organisation.name ?? 'A former member';
      const f = s.rollup.frequency;
      const fmt = (v: number) => formatMeasureValue(s.rollup, Math.round(v * 100) / 100);
      const visible = s.rollup.components.filter((c) => s.visible.has(c.organisationId));
      return reply.render('systems/rollup.njk', {
        title: s.rollup.name,
        rollup: s.rollup,
        system,
        definition: s.measures.get(s.rollup.components[0]?.measureId ?? '')?.definition ?? '',
        howText: s.rollup.kind === 'sum' ? 'The sum of the members’ counts for each period.' : 'The members’ numerators added up, over their denominators added up, for each period: never an average of members’ rates.',
        chart: s.points.length
          ? renderSpcChart(s.statistics.analysis, { size: 'full', title: `${s.rollup.name}: SPC chart of ${s.points.length} ${f === 'weekly' ? 'weeks' : 'months'}`, id: `chart-${s.rollup.id}`, formatValue: fmt, periodWord: f === 'weekly' ? 'weeks' : 'months' })
          : null,
        variationIcon: renderVariationIcon(s.statistics.spc.variation, { size: 56, id: `variation-${s.rollup.id}` }),
        variationText: describeVariationIcon(s.statistics.spc.variation),
        reading: s.statistics.reading.text,
        components: visible.map((c) => ({ organisation: orgName(c.organisationId), measure: s.measures.get(c.measureId), denominator: c.denominatorMeasureId ? s.measures.get(c.denominatorMeasureId) : null })),
        hidden: s.rollup.components.length - visible.length,
        formerCount: s.formerMembers.length,
        headers: visible.map((c) => orgName(c.organisationId)),
        rows: [...s.points].reverse().slice(0, 26).map((p) => ({
          period: describePeriod(p.period, f),
          value: fmt(p.value),
          cells: p.contributions.filter((c) => s.visible.has(c.organisationId)).map((c) => (c.denominator === null ? String(c.numerator) : `${c.numerator} of ${c.denominator}`)),
        })),
        incomplete: s.incomplete.map((p) => describePeriod(p, f)),
        canEdit: canEdit(actor, system.id),
        flash: request.query.done === 'added' ? 'Roll-up measure added' : undefined,
      });
    });

    // ---- initiatives and the principles ----

    async function renderDeclarations(request: FastifyRequest, reply: FastifyReply, initiativeId: string, errors: FieldErrors = {}, values: Form = {}, flash?: string) {
      const actor = actorOf(request);
      const initiative = await services.initiatives.get(actor, initiativeId);
      const org = await services.organisations.getById(initiative.organisationId);
      request.organisation = org;
      const d = await sys.declarations(actor, initiativeId);
      return reply.render('systems/declarations.njk', {
        title: `${initiative.name}: the system’s principles`,
        initiative,
        system: d.system,
        canEdit: canEdit(actor, org.id),
        principles: d.principles.map(({ principle, declaration }) => {
          const stance = textOf(values[`stance-${principle.id}`]) || declaration?.stance || '';
          return {
            principle,
            declaration: declaration && { ...declaration, stanceText: STANCE_LABELS[declaration.stance] },
            items: STANCES.map((s) => ({ value: s, text: STANCE_LABELS[s], checked: stance === s })),
            reason: values[`reason-${principle.id}`] ?? declaration?.reason ?? '',
            stanceError: errors[`stance-${principle.id}`],
            reasonError: errors[`reason-${principle.id}`],
          };
        }),
        errors,
        flash,
      });
    }

    app.get<{ Params: { initiativeId: string }; Querystring: { done?: string } }>('/initiatives/:initiativeId/principles', async (request, reply) =>
      renderDeclarations(request, reply, request.params.initiativeId, {}, {}, request.query.done ? 'Declaration saved' : undefined),
    );

    app.post<{ Params: { initiativeId: string; principleId: string }; Body: Form }>('/initiatives/:initiativeId/principles/:principleId', async (request, reply) => {
      const { initiativeId, principleId } = request.params;
      const body = request.body ?? {};
      try {
        await sys.declare(actorOf(request), initiativeId, principleId, { stance: textOf(body[`stance-${principleId}`]), reason: textOf(body[`reason-${principleId}`]) });
      } catch (e) {
        const fields = fieldErrorsOf(e);
        const renamed: FieldErrors = {};
        for (const [k, v] of Object.entries(fields)) renamed[k === 'stance' || k === 'reason' ? `${k}-${principleId}` : k] = v;
        return renderDeclarations(request, reply.code(400), initiativeId, renamed, body);
      }
      return reply.redirect(`/initiatives/${initiativeId}/principles?done=1`, 303);
    });
  };
}

