/** Measure pages: a measure with its chart, table, values and history, and the forms that change it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import {
  DIRECTIONS,
  DIRECTION_LABELS,
  PRESETS,
  UNITS,
  UNIT_LABELS,
  type Measure,
  type ValuesSummary,
} from '../../../domain/measure.ts';
import {
  addPeriods,
  checkPeriod,
  describePeriod,
  FREQUENCIES,
  periodStartOf,
} from '../../../domain/period.ts';
import { hasRole, roleIn, type Actor } from '../../../domain/person.ts';
import type { Goal } from '../../../domain/goal.ts';
import type { Services } from '../../../services/index.ts';
import { formatMeasureValue } from '../../../services/measures.ts';
import { renderSpcChart } from '../../../charts/spc-chart.ts';
import { buildSpcTable } from '../../../charts/spc-table.ts';
import { describeAssurance, describeVariation } from '../../words.ts';
import {
  renderAssuranceIcon,
  renderVariationIcon,
} from '../../../charts/spc-icons.ts';
import { actorOf, signedInPages } from '../../auth.ts';
import { textOf, type Form } from '../goals/form.ts';
import { CONFIDENCE_LABELS, describeDiscipline } from '../goals/present.ts';
import {
  describePeriodShort,
  FREQUENCY_LABELS,
  periodHint,
  PRESET_LABELS,
  presentMeasureHistory,
} from './present.ts';

// Half a year of weeks, or two years of months, on each page of the values table.
const VALUES_PER_PAGE = 26;

const forbidden = (reply: FastifyReply, title: string, message: string) =>
  reply.code(403).render('error.njk', { title, message, status: 403 });

const MEASURE_FIELDS = [
  'name',
  'definition',
  'unit',
  'improvementDirection',
  'target',
  'targetFrom',
  'frequency',
  'dataSource',
  'ownerUserId',
  'spcPreset',
  'baseline',
] as const;

function measureFromForm(body: Form) {
  return Object.fromEntries(MEASURE_FIELDS.map((f) => [f, textOf(body[f])])) as Record<
    (typeof MEASURE_FIELDS)[number],
    string
  >;
}

function measureValues(m: Measure): Form {
  return {
    name: m.name,
    definition: m.definition,
    unit: m.unit,
    improvementDirection: m.improvementDirection,
    target: m.target === null ? '' : String(m.target),
    targetFrom: m.targetFrom ?? '',
    frequency: m.frequency,
    dataSource: m.dataSource,
    ownerUserId: m.ownerUserId ?? '',
    spcPreset: m.spcPreset,
    baseline: m.baseline === null ? '' : String(m.baseline),
  };
}

/** Errors of one form on the measure page, keyed by that form's field ids. */
function keyErrors(
  fields: FieldErrors,
  ids: Record<string, string>,
  fallback: string,
): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const name = /(\w+)$/.exec(key)?.[1] ?? key;
    out[ids[name] ?? fallback] ??= message;
  }
  return out;
}

function summarise(summary: ValuesSummary): string {
  if (summary.added) return 'added';
  if (summary.changed) return 'changed';
  return 'unchanged';
}

/** Measure pages. */
export function measurePages(services: Services) {
  return async (app: FastifyInstance) => {
    signedInPages(app);

    const canEdit = (actor: Actor, organisationId: string) =>
      hasRole(roleIn(actor, organisationId), 'editor');

    async function goalFor(request: FastifyRequest<{ Params: { goalId: string } }>) {
      const goal = await services.goals.get(actorOf(request), request.params.goalId);
      request.organisation = await services.organisations.getById(goal.organisationId);
      return goal;
    }

    async function measureFor(request: FastifyRequest<{ Params: { measureId: string } }>) {
      const measure = await services.measures.get(actorOf(request), request.params.measureId);
      request.organisation = await services.organisations.getById(measure.organisationId);
      return measure;
    }

    async function renderForm(
      request: FastifyRequest,
      reply: FastifyReply,
      goal: Goal,
      context: { title: string; action: string; back: string; values: Form; isNew?: boolean },
      errors: FieldErrors = {},
    ) {
      const members = await services.people.listMembers(actorOf(request), goal.organisationId);
      const v = context.values;
      const one = (field: string) => textOf(v[field]);
      return reply.render('measures/form.njk', {
        ...context,
        goal,
        errors,
        unitItems: [
          { value: '', text: 'Choose a unit' },
          ...UNITS.map((u) => ({ value: u, text: UNIT_LABELS[u], selected: u === one('unit') })),
        ],
        directionItems: DIRECTIONS.map((d) => ({
          value: d,
          text: DIRECTION_LABELS[d],
          checked: d === one('improvementDirection'),
        })),
        frequencyItems: FREQUENCIES.map((f) => ({
          value: f,
          text: FREQUENCY_LABELS[f].text,
          hint: { text: FREQUENCY_LABELS[f].hint },
          checked: f === one('frequency'),
        })),
        presetItems: PRESETS.map((p) => ({
          value: p,
          text: PRESET_LABELS[p].text,
          hint: { text: PRESET_LABELS[p].hint },
          checked: p === (one('spcPreset') || 'mdc'),
        })),
        ownerItems: [
          { value: '', text: 'No owner yet' },
          ...members.map((m) => ({
            value: m.userId,
            text: `${m.name} (${describeDiscipline(m.discipline)})`,
            selected: m.userId === one('ownerUserId'),
          })),
        ],
      });
    }

    app.get<{ Params: { goalId: string } }>(
      '/goals/:goalId/measures/new',
      async (request, reply) => {
        const goal = await goalFor(request);
        if (!canEdit(actorOf(request), goal.organisationId))
          return forbidden(
            reply,
            'You cannot add measures',
            'Only editors can add measures to a goal.',
          );
        return renderForm(request, reply, goal, {
          title: 'Add a measure',
          action: `/goals/${goal.id}/measures`,
          back: `/goals/${goal.id}`,
          values: { spcPreset: 'mdc', frequency: 'weekly' },
          isNew: true,
        });
      },
    );

    app.post<{ Params: { goalId: string }; Body: Form }>(
      '/goals/:goalId/measures',
      async (request, reply) => {
        const goal = await goalFor(request);
        const body = request.body ?? {};
        try {
          const measure = await services.measures.create(
            actorOf(request),
            goal.id,
            measureFromForm(body),
          );
          return reply.redirect(`/measures/${measure.id}?added=1`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderForm(
            request,
            reply,
            goal,
            {
              title: 'Add a measure',
              action: `/goals/${goal.id}/measures`,
              back: `/goals/${goal.id}`,
              values: body,
              isNew: true,
            },
            e.fields,
          );
        }
      },
    );

    type PageForms = { value?: Form; rebase?: Form; annotation?: Form };

    async function renderMeasure(
      request: FastifyRequest,
      reply: FastifyReply,
      measureId: string,
      extra: { flash?: string | undefined; forms?: PageForms; errors?: FieldErrors; valuesPage?: number } = {},
    ) {
      const actor = actorOf(request);
      const { measure, values, statistics } = await services.measures.getWithValues(
        actor,
        measureId,
      );
      const [goal, history, checkIns, members, initiatives] = await Promise.all([
        services.goals.get(actor, measure.goalId),
        services.measures.history(actor, measure.id),
        services.checkIns.listForGoal(actor, measure.goalId, 8),
        services.people.listMembers(actor, measure.organisationId),
        services.initiatives.listForMeasure(actor, measure.id),
      ]);
      const f = measure.frequency;
      const format = (v: number) => formatMeasureValue(measure, v);
      const say = (p: string) => describePeriod(p, f);
      const { analysis, reading } = statistics;
      const lastComplete = addPeriods(periodStartOf(services.clock(), f), f, -1);
      const forms = extra.forms ?? {};
      const table = buildSpcTable(analysis, {
        caption: '',
        formatValue: format,
        formatPeriod: say,
      });
      // One table of values, newest first, a page at a time: each value with its note, limits
      // and variation in words (the chart's data for anyone who cannot see the chart).
      const pages = Math.max(1, Math.ceil(values.length / VALUES_PER_PAGE));
      const page = Math.min(Math.max(1, extra.valuesPage ?? 1), pages);
      const newestFirst = values.map((v, i) => ({ v, row: table.rows[i] })).reverse();
      const shown = newestFirst.slice((page - 1) * VALUES_PER_PAGE, page * VALUES_PER_PAGE);
      const pageHref = (n: number) => `/measures/${measure.id}${n === 1 ? '' : `?page=${n}`}#values`;
      return reply.render('measures/show.njk', {
        title: measure.name,
        measure: {
          ...measure,
          unitLabel: UNIT_LABELS[measure.unit],
          directionLabel: DIRECTION_LABELS[measure.improvementDirection],
          frequencyLabel: FREQUENCY_LABELS[f].text,
          presetLabel: PRESET_LABELS[measure.spcPreset].text,
          targetText:
            measure.target === null
              ? 'No target'
              : format(measure.target) + (measure.targetFrom ? ` from ${measure.targetFrom}` : ''),
          rebases: measure.rebases.map((r) => ({ ...r, periodText: say(r.period) })),
          annotations: measure.annotations.map((a) => ({ ...a, periodText: say(a.period) })),
        },
        goal,
        chart: values.length
          ? renderSpcChart(analysis, {
              size: 'full',
              title: `${measure.name}: SPC chart of ${values.length} ${f === 'weekly' ? 'weeks' : 'months'}`,
              id: `chart-${measure.id}`,
              formatValue: format,
              formatPeriod: (p) => describePeriodShort(p, f),
              periodWord: f === 'weekly' ? 'weeks' : 'months',
              annotations: measure.annotations.map((a) => ({ period: a.period, label: a.label })),
            })
          : null,
        variationIcon: renderVariationIcon(analysis.variation, {
          size: 56,
          id: `variation-${measure.id}`,
        }),
        variationText: describeVariation(analysis.variation),
        assuranceIcon: renderAssuranceIcon(analysis.assurance, {
          size: 56,
          id: `assurance-${measure.id}`,
        }),
        assuranceText: describeAssurance(analysis.assurance, measure),
        reading: reading.text,
        warnings: analysis.warnings,
        values: {
          caption: `Values of “${measure.name}”, newest first, with the mean, process limits and variation of each`,
          summary:
            pages > 1
              ? `Values ${(page - 1) * VALUES_PER_PAGE + 1} to ${(page - 1) * VALUES_PER_PAGE + shown.length} of ${values.length}, page ${page} of ${pages}.`
              : `${values.length} ${values.length === 1 ? 'value' : 'values'}.`,
          rows: shown.map(({ v, row }) => ({
            period: row?.period ?? say(v.period),
            value: format(v.value),
            signal: row?.signal ?? '',
            mean: row?.mean ?? '',
            lowerProcessLimit: row?.lowerProcessLimit ?? '',
            upperProcessLimit: row?.upperProcessLimit ?? '',
            note: v.note,
          })),
          previous: page > 1 ? { href: pageHref(page - 1), labelText: `Newer values, page ${page - 1} of ${pages}` } : null,
          next: page < pages ? { href: pageHref(page + 1), labelText: `Older values, page ${page + 1} of ${pages}` } : null,
        },
        valueForm: forms.value ?? { period: lastComplete },
        valuePeriodHint: periodHint(f),
        rebaseForm: forms.rebase ?? {},
        annotationForm: forms.annotation ?? {},
        checkIns: checkIns.map((c) => ({
          ...c,
          periodText: describePeriod(c.period, 'weekly'),
          confidenceText: CONFIDENCE_LABELS[c.confidence] ?? String(c.confidence),
        })),
        history: presentMeasureHistory(history, new Map(members.map((m) => [m.userId, m.name]))),
        initiatives: initiatives.map((i) => {
          const h = i.hypotheses.find((x) => x.measureId === measure.id);
          return { id: i.id, name: i.name, expectation: h?.expectation ?? '', byDate: h?.byDate ?? null };
        }),
        canEdit: canEdit(actor, measure.organisationId),
        flash: extra.flash,
        errors: extra.errors ?? {},
      });
    }

    app.get<{
      Params: { measureId: string };
      Querystring: { added?: string; saved?: string; value?: string; period?: string; page?: string };
    }>('/measures/:measureId', async (request, reply) => {
      const measure = await measureFor(request);
      const q = request.query;
      let flash: string | undefined;
      if (q.added) flash = 'Measure added';
      else if (q.saved) flash = 'Changes saved';
      else if (q.value && q.period && /^\d{4}-\d{2}-\d{2}$/.test(q.period)) {
        const when = describePeriod(q.period, measure.frequency);
        flash =
          q.value === 'added'
            ? `Value saved for ${when}`
            : q.value === 'changed'
              ? `Value corrected for ${when}`
              : `No change: the value for ${when} was already stored`;
      }
      return renderMeasure(request, reply, measure.id, { flash, valuesPage: /^\d{1,6}$/.test(q.page ?? '') ? Number(q.page) : 1 });
    });

    app.post<{ Params: { measureId: string }; Body: Form }>(
      '/measures/:measureId/values',
      async (request, reply) => {
        const measure = await measureFor(request);
        const body = request.body ?? {};
        const form = {
          period: textOf(body.period).trim(),
          value: textOf(body.value),
          note: textOf(body.note),
        };
        try {
          if (!form.value.trim())
            throw new InvalidInput('Enter the value', { value: 'Enter the value, like 42' });
          const summary = await services.measures.recordValues(actorOf(request), measure.id, [
            form,
          ]);
          return reply.redirect(
            `/measures/${measure.id}?value=${summarise(summary)}&period=${encodeURIComponent(form.period)}#values`,
            303,
          );
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderMeasure(request, reply, measure.id, {
            forms: { value: form },
            errors: keyErrors(
              e.fields,
              { period: 'valuePeriod', value: 'value', note: 'valueNote' },
              'value',
            ),
          });
        }
      },
    );

    app.post<{ Params: { measureId: string }; Body: Form }>(
      '/measures/:measureId/rebases',
      async (request, reply) => {
        const measure = await measureFor(request);
        const body = request.body ?? {};
        const form = { period: textOf(body.period).trim(), reason: textOf(body.reason) };
        const ids = { period: 'rebasePeriod', reason: 'rebaseReason' };
        try {
          // The limits restart at a period, so the date must be one; far-future "now" allows planned rebases.
          const periodError = form.period
            ? checkPeriod(form.period, measure.frequency, new Date('9999-12-31'))
            : 'Enter the first period of the new limits';
          if (periodError)
            throw new InvalidInput('The rebase is not valid', { period: periodError });
          if (measure.rebases.some((r) => r.period === form.period)) {
            throw new InvalidInput('The rebase is not valid', {
              period: `The limits are already recalculated from ${describePeriod(form.period, measure.frequency)}`,
            });
          }
          await services.measures.update(actorOf(request), measure.id, {
            rebases: [...measure.rebases, form],
          });
          return reply.redirect(`/measures/${measure.id}?saved=1#rebases`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderMeasure(request, reply, measure.id, {
            forms: { rebase: form },
            errors: keyErrors(e.fields, ids, 'rebasePeriod'),
          });
        }
      },
    );

    app.post<{ Params: { measureId: string }; Body: Form }>(
      '/measures/:measureId/rebases/remove',
      async (request, reply) => {
        const measure = await measureFor(request);
        const period = textOf(request.body?.period);
        await services.measures.update(actorOf(request), measure.id, {
          rebases: measure.rebases.filter((r) => r.period !== period),
        });
        return reply.redirect(`/measures/${measure.id}?saved=1#rebases`, 303);
      },
    );

    app.post<{ Params: { measureId: string }; Body: Form }>(
      '/measures/:measureId/annotations',
      async (request, reply) => {
        const measure = await measureFor(request);
        const body = request.body ?? {};
        const form = { period: textOf(body.period).trim(), label: textOf(body.label) };
        try {
          await services.measures.addAnnotation(actorOf(request), measure.id, form);
          return reply.redirect(`/measures/${measure.id}?saved=1#annotations`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderMeasure(request, reply, measure.id, {
            forms: { annotation: form },
            errors: keyErrors(
              e.fields,
              { period: 'annotationPeriod', label: 'annotationLabel' },
              'annotationLabel',
            ),
          });
        }
      },
    );

    app.post<{ Params: { measureId: string; annotationId: string } }>(
      '/measures/:measureId/annotations/:annotationId/remove',
      async (request, reply) => {
        const measure = await measureFor(request);
        await services.measures.removeAnnotation(
          actorOf(request),
          measure.id,
          request.params.annotationId,
        );
        return reply.redirect(`/measures/${measure.id}?saved=1#annotations`, 303);
      },
    );

    app.get<{ Params: { measureId: string } }>(
      '/measures/:measureId/edit',
      async (request, reply) => {
        const measure = await measureFor(request);
        if (!canEdit(actorOf(request), measure.organisationId))
          return forbidden(
            reply,
            'You cannot change this measure',
            'Only editors can change measures.',
          );
        const goal = await services.goals.get(actorOf(request), measure.goalId);
        return renderForm(request, reply, goal, {
          title: 'Change the measure',
          action: `/measures/${measure.id}/edit`,
          back: `/measures/${measure.id}`,
          values: measureValues(measure),
        });
      },
    );

    app.post<{ Params: { measureId: string }; Body: Form }>(
      '/measures/:measureId/edit',
      async (request, reply) => {
        const measure = await measureFor(request);
        const body = request.body ?? {};
        try {
          await services.measures.update(actorOf(request), measure.id, measureFromForm(body));
          return reply.redirect(`/measures/${measure.id}?saved=1`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          const goal = await services.goals.get(actorOf(request), measure.goalId);
          return renderForm(
            request,
            reply,
            goal,
            {
              title: 'Change the measure',
              action: `/measures/${measure.id}/edit`,
              back: `/measures/${measure.id}`,
              values: body,
            },
            e.fields,
          );
        }
      },
    );

    app.get<{ Params: { measureId: string } }>(
      '/measures/:measureId/delete',
      async (request, reply) => {
        const measure = await measureFor(request);
        if (!canEdit(actorOf(request), measure.organisationId))
          return forbidden(
            reply,
            'You cannot delete this measure',
            'Only editors can delete measures.',
          );
        const { values } = await services.measures.getWithValues(actorOf(request), measure.id);
        return reply.render('measures/delete.njk', {
          title: 'Delete this measure',
          measure,
          valueCount: values.length,
        });
      },
    );

    app.post<{ Params: { measureId: string } }>(
      '/measures/:measureId/delete',
      async (request, reply) => {
        const measure = await measureFor(request);
        await services.measures.delete(actorOf(request), measure.id);
        return reply.redirect(`/goals/${measure.goalId}?saved=1#measures`, 303);
      },
    );
  };
}
