/** The decision log: the list, one decision, and the form to record one (never to change one). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import { DECISION_KINDS, DECISION_KIND_LABELS, isDecisionKind, presenceOf, type Decision } from '../../../domain/decision.ts';
import { DISCIPLINES, DISCIPLINE_LABELS, isDiscipline } from '../../../domain/person.ts';
import { formatIsoDate } from '../../../domain/period.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf } from '../../auth.ts';
import { EDITORS_ONLY, guardChoicePages, isEditor, many, one, organisationOf, type Form } from './shared.ts';

const PAGE_SIZE = 20;
const GUEST_ROWS = 3;

/** Who was in the room, in words: for the log's "collective leadership" column. */
function presenceText(d: Decision): string {
  const p = presenceOf(d.present);
  if (p.digitalOnly) return 'Digital team only';
  const who = [p.clinical && 'clinicians', p.operational && 'operational leads', p.patients && 'patients’ representatives', p.board && 'the board'].filter(Boolean);
  return who.length ? `With ${who.join(', ')}` : 'No clinicians or operational leads';
}

function presentRow(d: Decision) {
  const p = presenceOf(d.present);
  return {
    ...d,
    kindLabel: DECISION_KIND_LABELS[d.kind],
    presence: p,
    presenceText: presenceText(d),
    people: d.present.map((a) => `${a.name} (${isDiscipline(a.discipline) ? DISCIPLINE_LABELS[a.discipline] : a.discipline}${a.kind === 'guest' ? ', guest' : ''})`),
  };
}

/** Decision log pages. */
export function decisionPages(services: Services) {
  return async (app: FastifyInstance) => {
    guardChoicePages(app);

    app.get<{ Params: { code: string }; Querystring: { kind?: string; page?: string; recorded?: string } }>('/organisations/:code/decisions', async (request, reply) => {
      const org = await organisationOf(services, request);
      const kind = isDecisionKind(request.query.kind) ? request.query.kind : undefined;
      const pageNumber = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const page = await services.decisions.list(actorOf(request), org.id, { kind }, { limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
      const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
      const href = (n: number) => `/organisations/${org.code}/decisions?${new URLSearchParams({ ...(kind ? { kind } : {}), page: String(n) }).toString()}`;
      return reply.render('choices/decisions.njk', {
        title: 'Decision log',
        section: 'decisions',
        decisions: page.decisions.map(presentRow),
        total: page.total,
        kindItems: [{ value: '', text: 'Any kind' }, ...DECISION_KINDS.map((k) => ({ value: k, text: DECISION_KIND_LABELS[k], selected: k === kind }))],
        filtered: !!kind,
        previous: pageNumber > 1 ? { href: href(pageNumber - 1) } : undefined,
        next: pageNumber < pages ? { href: href(pageNumber + 1) } : undefined,
        canRecord: isEditor(request, org.id),
        flash: request.query.recorded ? 'Decision recorded' : undefined,
      });
    });

    async function renderForm(request: FastifyRequest, reply: FastifyReply, org: Organisation, values: Form, errors: FieldErrors = {}) {
      const actor = actorOf(request);
      const [members, initiatives, stopItems, earlier] = await Promise.all([
        services.people.listMembers(actor, org.id),
        services.initiatives.list(actor, org.id),
        services.stopItems.list(actor, org.id),
        services.decisions.list(actor, org.id, {}, { limit: 100, offset: 0 }),
      ]);
      const items = many(values.items);
      const present = many(values.present);
      // Error keys from the service name list positions; the form's fields have their own ids.
      const errorsById: FieldErrors = {};
      for (const [k, v] of Object.entries(errors)) {
        const guest = /^present\[(\d+)\]\.(name|discipline)$/.exec(k);
        if (guest) errorsById[`guest-${guest[2]}-${Number(guest[1]) - present.length}`] = v;
        else if (/^present\[\d+\]/.test(k)) errorsById.present = v;
        else if (/^items\[/.test(k)) errorsById.items = v;
        else errorsById[k] = v;
      }
      return reply.code(Object.keys(errors).length ? 400 : 200).render('choices/decision-form.njk', {
        title: 'Record a decision',
        action: `/organisations/${org.code}/decisions`,
        back: `/organisations/${org.code}/decisions`,
        values,
        errors: errorsById,
        fieldIds: { present: 'present', items: 'items', kind: 'kind' },
        kindItems: DECISION_KINDS.map((k) => ({ value: k, text: DECISION_KIND_LABELS[k], checked: (one(values.kind) || 'prioritisation') === k })),
        memberItems: members.map((m) => ({ value: m.userId, text: `${m.name} (${DISCIPLINE_LABELS[m.discipline]})`, checked: present.includes(m.userId) })),
        guests: Array.from({ length: GUEST_ROWS }, (_, n) => ({
          n,
          disciplineItems: [{ value: '', text: 'Choose a discipline' }, ...DISCIPLINES.map((d) => ({ value: d, text: DISCIPLINE_LABELS[d], selected: one(values[`guest-discipline-${n}`]) === d }))],
        })),
        itemItems: [
          ...initiatives.map((i) => ({ value: `initiative:${i.id}`, text: `Initiative: ${i.name}`, checked: items.includes(`initiative:${i.id}`) })),
          ...stopItems.map((s) => ({ value: `stop_item:${s.id}`, text: `Stop item: ${s.title}`, checked: items.includes(`stop_item:${s.id}`) })),
        ],
        supersedeItems: [
          { value: '', text: 'None: this is a new decision' },
          ...earlier.decisions.filter((d) => !d.supersededById).map((d) => ({ value: d.id, text: `${d.decidedOn}: ${d.what.slice(0, 80)}`, selected: one(values.supersedesId) === d.id })),
        ],
      });
    }

    app.get<{ Params: { code: string }; Querystring: { kind?: string; supersedes?: string } }>('/organisations/:code/decisions/new', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const kind = isDecisionKind(request.query.kind) ? request.query.kind : 'prioritisation';
      return renderForm(request, reply, org, { kind, decidedOn: formatIsoDate(services.clock()), supersedesId: request.query.supersedes ?? '' });
    });

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/decisions', async (request, reply) => {
      const org = await organisationOf(services, request);
      if (!isEditor(request, org.id)) return reply.code(403).render('error.njk', EDITORS_ONLY);
      const body = request.body ?? {};
      const present: { userId?: string; name?: string; discipline?: string }[] = many(body.present).map((userId) => ({ userId }));
      for (let n = 0; n < GUEST_ROWS; n++) {
        const name = one(body[`guest-name-${n}`]).trim();
        const discipline = one(body[`guest-discipline-${n}`]);
        if (name || discipline) present.push({ name, discipline });
      }
      const items = many(body.items).map((v) => {
        const [type, id] = v.split(':');
        return { type: type ?? '', id: id ?? '' };
      });
      try {
        await services.decisions.record(actorOf(request), org.id, {
          kind: one(body.kind),
          decidedOn: one(body.decidedOn),
          what: one(body.what),
          options: one(body.options),
          rationale: one(body.rationale),
          present,
          items,
          supersedesId: one(body.supersedesId),
        });
        return reply.redirect(`/organisations/${org.code}/decisions?recorded=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        return renderForm(request, reply, org, body, e.fields);
      }
    });

    app.get<{ Params: { decisionId: string } }>('/decisions/:decisionId', async (request, reply) => {
      const actor = actorOf(request);
      const d = await services.decisions.get(actor, request.params.decisionId);
      const org = await services.organisations.getById(d.organisationId);
      request.organisation = org;
      const [items, earlier, later] = await Promise.all([
        services.decisions.describeItems(actor, d),
        d.supersedesId ? services.decisions.get(actor, d.supersedesId) : null,
        d.supersededById ? services.decisions.get(actor, d.supersededById) : null,
      ]);
      const hrefOf = (type: string, id: string) =>
        ({ initiative: `/initiatives/${id}`, problem: `/problems/${id}`, goal: `/goals/${id}`, measure: `/measures/${id}`, decision: `/decisions/${id}`, stop_item: `/organisations/${org.code}/stop-list#stop-${id}` })[type] ?? null;
      return reply.render('choices/decision.njk', {
        title: d.what,
        section: 'decisions',
        decision: presentRow(d),
        items: items.map((i) => ({ ...i, href: hrefOf(i.type, i.id), typeText: i.type.replace(/_/g, ' ') })),
        earlier: earlier && { id: earlier.id, what: earlier.what, decidedOn: earlier.decidedOn },
        later: later && { id: later.id, what: later.what, decidedOn: later.decidedOn },
        canRecord: isEditor(request, org.id),
      });
    });
  };
}
