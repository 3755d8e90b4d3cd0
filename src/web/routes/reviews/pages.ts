/** Review pages: the week's queue, a review meeting with its decisions, the health checks and the review settings. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import { DISCIPLINES, DISCIPLINE_LABELS, hasRole, roleIn } from '../../../domain/person.ts';
import { formatIsoDate } from '../../../domain/period.ts';
import { REVIEW_OUTCOMES, REVIEW_OUTCOME_LABELS, type ReviewOutcome } from '../../../domain/review.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Services } from '../../../services/index.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { presentHealthChecks, presentItem, presentOutcome, presentReview, presentSettings } from './present.ts';

type Form = Record<string, string | string[] | undefined>;
const GUEST_ROWS = 3;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

const OUTCOME_HINTS: Record<ReviewOutcome, string> = {
  continue: 'Keep going as planned. Give the reason and when to look again.',
  pivot: 'Keep the aim but change the approach. Say what changes.',
  pause: 'Pause the initiative. It keeps its place in the portfolio.',
  stop: 'Stop the initiative. Its remaining capacity returns to the portfolio.',
};

/** Review pages. */
export function reviewPages(services: Services) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (request.url.startsWith('/reviews') || /^\/organisations\/[^/]+\/(review|reviews|health-checks|review-settings)(\/|\?|$)/.test(request.url)) {
        await requireSignIn(request, reply);
      }
    });

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>): Promise<Organisation> {
      const current = request.organisation;
      const org = current && current.code === request.params.code.toUpperCase() ? current : await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    const canEdit = (request: FastifyRequest, org: Organisation) => hasRole(roleIn(actorOf(request), org.id), 'editor');

    async function renderQueue(request: FastifyRequest, reply: FastifyReply, org: Organisation, extra: { values?: Form; errors?: FieldErrors } = {}) {
      const actor = actorOf(request);
      const [queue, reviews, members] = await Promise.all([
        services.reviews.queue(actor, org.id),
        services.reviews.list(actor, org.id, { limit: 10, offset: 0 }),
        services.people.listMembers(actor, org.id),
      ]);
      const values = extra.values ?? {};
      const chosen = new Set(many(values.present));
      const open = reviews.reviews.find((r) => !r.closedAt && r.heldOn >= queue.period.start);
      return reply.render('reviews/queue.njk', {
        title: 'Review',
        queue: { ...queue, items: queue.items.map((i) => presentItem(i, org.code)) },
        openItems: queue.items.filter((i) => !i.decision).length,
        reviews: reviews.reviews,
        openReview: open ?? null,
        canEdit: canEdit(request, org),
        today: formatIsoDate(services.clock()),
        values: { heldOn: one(values.heldOn) || formatIsoDate(services.clock()) },
        members: members.map((m) => ({ value: m.userId, text: `${m.name} (${DISCIPLINE_LABELS[m.discipline]})`, checked: chosen.has(m.userId) })),
        guests: Array.from({ length: GUEST_ROWS }, (_, i) => ({ n: i, name: one(values[`guestName${i}`]), discipline: one(values[`guestDiscipline${i}`]) })),
        disciplines: DISCIPLINES.map((d) => ({ value: d, text: DISCIPLINE_LABELS[d] })),
        errors: extra.errors ?? {},
        fieldIds: { heldOn: 'heldOn', present: 'present' },
      });
    }

    app.get<{ Params: { code: string } }>('/organisations/:code/review', async (request, reply) => renderQueue(request, reply, await organisationFor(request)));

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/reviews', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      const present: Record<string, string>[] = many(body.present).map((userId) => ({ userId }));
      for (let i = 0; i < GUEST_ROWS; i++) {
        const name = one(body[`guestName${i}`]).trim();
        const discipline = one(body[`guestDiscipline${i}`]);
        if (name || discipline) present.push({ name, discipline });
      }
      try {
        const review = await services.reviews.open(actorOf(request), org.id, { heldOn: one(body.heldOn), present });
        return reply.redirect(`/reviews/${review.id}`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        // Guests' fields are numbered among the people present; show them against the guest rows.
        const errors: FieldErrors = {};
        const members = many(body.present).length;
        for (const [field, message] of Object.entries(e.fields)) {
          const m = /^present\[(\d+)\]\.(name|discipline)$/.exec(field);
          if (m) errors[`guest${m[2] === 'name' ? 'Name' : 'Discipline'}${Number(m[1]) - members}`] = message;
          else errors[field.startsWith('present') ? 'present' : field] = message;
        }
        reply.code(400);
        return renderQueue(request, reply, org, { values: body, errors });
      }
    });

    async function renderReview(request: FastifyRequest<{ Params: { reviewId: string } }>, reply: FastifyReply, extra: { itemKey?: string; values?: Form; errors?: FieldErrors; flash?: string } = {}) {
      const actor = actorOf(request);
      const { review, outcomes } = await services.reviews.get(actor, request.params.reviewId);
      const org = await services.organisations.getById(review.organisationId);
      request.organisation = org;
      const queue = review.closedAt ? null : await services.reviews.queue(actor, org.id);
      const open = queue ? queue.items.filter((i) => !i.decision) : [];
      const values = extra.values ?? {};
      return reply.render('reviews/show.njk', {
        title: `Review of ${review.heldOn}`,
        review: presentReview(review, outcomes, org.code),
        decided: outcomes.map((o) => ({ ...presentOutcome(o, org.code), outcomeLabel: REVIEW_OUTCOME_LABELS[o.outcome] })),
        items: open.map((item, n) => {
          const mine = extra.itemKey === item.key;
          const outcomes = REVIEW_OUTCOMES.filter((o) => item.subject.type === 'initiative' || (o !== 'pause' && o !== 'stop'));
          return {
            ...presentItem(item, org.code),
            n,
            errors: mine ? (extra.errors ?? {}) : {},
            rationale: mine ? one(values.rationale) : '',
            nextReviewDate: mine ? one(values.nextReviewDate) : '',
            outcomes: outcomes.map((o) => ({ value: o, text: REVIEW_OUTCOME_LABELS[o], hint: OUTCOME_HINTS[o], checked: mine && one(values.outcome) === o })),
          };
        }),
        canEdit: hasRole(roleIn(actor, org.id), 'editor') && !review.closedAt,
        errors: extra.errors ?? {},
        fieldIds: extra.itemKey ? Object.fromEntries(['outcome', 'rationale', 'nextReviewDate', 'itemKey'].map((f) => [f, `${f}-${open.findIndex((i) => i.key === extra.itemKey)}`])) : {},
        flash: extra.flash,
        today: formatIsoDate(services.clock()),
      });
    }

    app.get<{ Params: { reviewId: string }; Querystring: { decided?: string; closed?: string } }>('/reviews/:reviewId', async (request, reply) =>
      renderReview(request, reply, { ...(request.query.decided ? { flash: 'The decision is recorded in the decision log.' } : {}), ...(request.query.closed ? { flash: 'The review is closed.' } : {}) }),
    );

    app.post<{ Params: { reviewId: string }; Body: Form }>('/reviews/:reviewId/decisions', async (request, reply) => {
      const body = request.body ?? {};
      try {
        await services.reviews.decide(actorOf(request), request.params.reviewId, {
          itemKey: one(body.itemKey),
          outcome: one(body.outcome),
          rationale: one(body.rationale),
          nextReviewDate: one(body.nextReviewDate),
        });
        return reply.redirect(`/reviews/${request.params.reviewId}?decided=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput) && !(e instanceof Conflict)) throw e;
        reply.code(e instanceof Conflict ? 409 : 400);
        const errors = Object.keys(e.fields).length ? e.fields : { itemKey: e.message };
        return renderReview(request, reply, { itemKey: one(body.itemKey), values: body, errors });
      }
    });

    app.post<{ Params: { reviewId: string } }>('/reviews/:reviewId/close', async (request, reply) => {
      await services.reviews.close(actorOf(request), request.params.reviewId);
      return reply.redirect(`/reviews/${request.params.reviewId}?closed=1`, 303);
    });

    app.get<{ Params: { code: string } }>('/organisations/:code/health-checks', async (request, reply) => {
      const org = await organisationFor(request);
      const checks = presentHealthChecks(await services.healthChecks.run(actorOf(request), org.id), org);
      return reply.render('reviews/health-checks.njk', { title: 'Strategy health checks', ...checks, canEdit: canEdit(request, org) });
    });

    async function renderSettings(request: FastifyRequest, reply: FastifyReply, org: Organisation, extra: { values?: Form; errors?: FieldErrors; flash?: string } = {}) {
      const current = presentSettings(await services.reviews.settings(actorOf(request), org.id));
      const v = extra.values;
      return reply.render('reviews/settings.njk', {
        title: 'Review settings',
        values: v
          ? { frequency: one(v.frequency), maxPrioritiesNow: one(v.maxPrioritiesNow), problemPriorityThreshold: one(v.problemPriorityThreshold), staleAfterPeriods: one(v.staleAfterPeriods), buzzwords: one(v.buzzwords) }
          : { ...current, buzzwords: current.buzzwords.join('\n') },
        canEdit: canEdit(request, org),
        errors: extra.errors ?? {},
        flash: extra.flash,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/organisations/:code/review-settings', async (request, reply) =>
      renderSettings(request, reply, await organisationFor(request), request.query.saved ? { flash: 'The review settings are saved.' } : {}),
    );

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/review-settings', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      try {
        await services.reviews.updateSettings(actorOf(request), org.id, {
          frequency: one(body.frequency),
          maxPrioritiesNow: one(body.maxPrioritiesNow),
          problemPriorityThreshold: one(body.problemPriorityThreshold),
          staleAfterPeriods: one(body.staleAfterPeriods),
          buzzwords: one(body.buzzwords),
        });
        return reply.redirect(`/organisations/${org.code}/review-settings?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderSettings(request, reply, org, { values: body, errors: e.fields });
      }
    });
  };
}
