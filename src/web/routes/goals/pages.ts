/** Goal pages: an organisation's goals, a goal with its measures and check-ins, the forms, objectives and what is due. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, NotFound, type FieldErrors } from '../../../domain/errors.ts';
import {
  isSolutionFirst,
  WGLL,
  WGLL_LABELS,
  type Goal,
  type StrategicObjective,
} from '../../../domain/goal.ts';
import { hasRole, roleIn, type Actor } from '../../../domain/person.ts';
import type { CheckIn } from '../../../domain/check-in.ts';
import { describePeriod, periodStartOf, describeDate } from '../../../domain/period.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import type { Problem } from '../../../domain/problem.ts';
import type { Services } from '../../../services/index.ts';
import type { DueItem } from '../../../services/check-ins.ts';
import { formatMeasureValue } from '../../../services/measures.ts';
import { renderSpcChart } from '../../../charts/spc-chart.ts';
import { renderAssuranceIcon, renderIconSprite, renderVariationIcon } from '../../../charts/spc-icons.ts';
import { describeAssurance, describeCheckInTimeliness, describeValueTimeliness, describeVariation } from '../../words.ts';
import { actorOf, signedInPages } from '../../auth.ts';
import { listOf, textOf, type Form } from './form.ts';
import {
  CONFIDENCE_LABELS,
  describeDiscipline,
  describeWgll,
  presentGoalHistory,
} from './present.ts';

/** Every problem of an organisation: the service pages them, a form needs them all. */
async function listAllProblems(
  services: Services,
  actor: Actor,
  organisationId: string,
): Promise<Problem[]> {
  const out: Problem[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await services.problems.list(actor, organisationId, {}, { limit: 100, offset });
    out.push(...page.problems);
    if (out.length >= page.total || page.problems.length === 0) return out;
  }
}

const forbidden = (reply: FastifyReply, title: string, message: string) =>
  reply.code(403).render('error.njk', { title, message, status: 403 });

const CHECK_IN_FIELD_IDS: Record<string, string> = { period: 'checkInPeriod' };

function goalValues(goal: Goal): Form {
  return {
    statement: goal.statement,
    forWhom: goal.forWhom,
    byWhen: goal.byWhen ?? '',
    problemIds: goal.problemIds,
    ownerIds: goal.owners.map((o) => o.userId),
    wgll: goal.wgll,
    objectiveIds: goal.objectiveIds,
  };
}

function goalFromForm(body: Form) {
  return {
    statement: textOf(body.statement),
    forWhom: textOf(body.forWhom),
    byWhen: textOf(body.byWhen),
    problemIds: listOf(body.problemIds),
    ownerIds: listOf(body.ownerIds),
    wgll: listOf(body.wgll),
    objectiveIds: listOf(body.objectiveIds),
  };
}

/** Goal, objective and due pages. */
export function goalPages(services: Services) {
  return async (app: FastifyInstance) => {
    signedInPages(app);

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>) {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    async function goalFor(request: FastifyRequest<{ Params: { goalId: string } }>) {
      const goal = await services.goals.get(actorOf(request), request.params.goalId);
      request.organisation = await services.organisations.getById(goal.organisationId);
      return goal;
    }

    const canEdit = (actor: Actor, organisationId: string) =>
      hasRole(roleIn(actor, organisationId), 'editor');

    async function formChoices(actor: Actor, org: Organisation, values: Form) {
      const [problems, members, objectives, system] = await Promise.all([
        listAllProblems(services, actor, org.id),
        services.people.listMembers(actor, org.id),
        services.goals.listObjectives(actor, org.id),
        services.systems.systemGoalsFor(actor, org.id),
      ]);
      const ticked = (field: string) => new Set(listOf(values[field]));
      return {
        problemItems: problems.map((p) => ({
          value: p.id,
          text: p.title,
          checked: ticked('problemIds').has(p.id),
        })),
        ownerItems: members.map((m) => ({
          value: m.userId,
          text: m.name,
          hint: { text: describeDiscipline(m.discipline) },
          checked: ticked('ownerIds').has(m.userId),
        })),
        wgllItems: WGLL.map((w) => ({
          value: w,
          text: WGLL_LABELS[w],
          checked: ticked('wgll').has(w),
        })),
        objectiveItems: objectives.map((o) => ({
          value: o.id,
          text: o.title,
          checked: ticked('objectiveIds').has(o.id),
        })),
        // A member of a system says which of the system's goals this goal serves.
        systemName: system.system?.name ?? null,
        systemGoalItems: system.system
          ? [
              { value: '', text: 'None' },
              ...system.goals.map((g) => ({
                value: g.id,
                text: g.statement,
                selected: textOf(values.systemGoalId) === g.id,
              })),
            ]
          : [],
      };
    }

    async function renderGoalForm(
      request: FastifyRequest,
      reply: FastifyReply,
      org: Organisation,
      context: { title: string; action: string; back: string; values: Form; isNew?: boolean },
      errors: FieldErrors = {},
    ) {
      const choices = await formChoices(actorOf(request), org, context.values);
      return reply.render('goals/form.njk', { ...context, ...choices, errors });
    }

    app.get<{ Params: { code: string } }>('/organisations/:code/goals', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const [goals, problems, objectives, measures] = await Promise.all([
        services.goals.list(actor, org.id),
        listAllProblems(services, actor, org.id),
        services.goals.listObjectives(actor, org.id),
        services.measures.listForOrganisation(actor, org.id),
      ]);
      const problemTitles = new Map(problems.map((p) => [p.id, p.title]));
      const objectiveTitles = new Map(objectives.map((o) => [o.id, o.title]));
      return reply.render('goals/index.njk', {
        title: 'Goals',
        goals: goals.map((g) => ({
          id: g.id,
          statement: g.statement,
          forWhom: g.forWhom,
          byWhen: g.byWhen ? describeDate(g.byWhen) : null,
          solutionFirst: isSolutionFirst(g),
          problems: g.problemIds.map((id) => ({ id, title: problemTitles.get(id) ?? 'A problem' })),
          owners: g.owners.map((o) => `${o.name} (${describeDiscipline(o.discipline)})`),
          wgll: describeWgll(g.wgll),
          objectives: g.objectiveIds.map((id) => objectiveTitles.get(id) ?? 'An objective'),
          measureCount: measures.filter((m) => m.goalId === g.id).length,
        })),
        canAdd: canEdit(actor, org.id),
      });
    });

    app.get<{ Params: { code: string }; Querystring: { problemId?: string } }>(
      '/organisations/:code/goals/new',
      async (request, reply) => {
        const org = await organisationFor(request);
        if (!canEdit(actorOf(request), org.id)) {
          return forbidden(
            reply,
            'You cannot set goals',
            'Only editors can set goals. Ask an editor or admin of your organisation.',
          );
        }
        const values: Form = {
          problemIds: request.query.problemId ? [request.query.problemId] : [],
        };
        return renderGoalForm(request, reply, org, {
          title: 'Set a goal',
          action: `/organisations/${org.code}/goals`,
          back: `/organisations/${org.code}/goals`,
          values,
          isNew: true,
        });
      },
    );

    app.post<{ Params: { code: string }; Body: Form }>(
      '/organisations/:code/goals',
      async (request, reply) => {
        const org = await organisationFor(request);
        const body = request.body ?? {};
        try {
          const systemGoalId = textOf(body.systemGoalId) || null;
          if (systemGoalId) await services.systems.checkContribution(actorOf(request), org.id, systemGoalId);
          const goal = await services.goals.create(actorOf(request), org.id, goalFromForm(body));
          if (systemGoalId) await services.systems.setContribution(actorOf(request), goal.id, systemGoalId);
          return reply.redirect(`/goals/${goal.id}?added=1`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderGoalForm(
            request,
            reply,
            org,
            {
              title: 'Set a goal',
              action: `/organisations/${org.code}/goals`,
              back: `/organisations/${org.code}/goals`,
              values: body,
              isNew: true,
            },
            e.fields,
          );
        }
      },
    );

    async function renderGoal(
      request: FastifyRequest,
      reply: FastifyReply,
      goal: Goal,
      extra: { flash?: string | undefined; checkIn?: Form; errors?: FieldErrors } = {},
    ) {
      const actor = actorOf(request);
      const org = request.organisation!;
      const [measures, checkIns, history, problems, objectives, members] = await Promise.all([
        services.measures.listForGoal(actor, goal.id),
        services.checkIns.listForGoal(actor, goal.id, 52),
        services.goals.history(actor, goal.id),
        listAllProblems(services, actor, org.id),
        services.goals.listObjectives(actor, org.id),
        services.people.listMembers(actor, org.id),
      ]);
      const details = await Promise.all(
        measures.map((m) => services.measures.getWithValues(actor, m.id)),
      );
      const problemTitles = new Map(problems.map((p) => [p.id, p.title]));
      const objectiveTitles = new Map(objectives.map((o: StrategicObjective) => [o.id, o.title]));
      const isOwner = actor.kind === 'user' && goal.owners.some((o) => o.userId === actor.userId);
      const thisWeek = periodStartOf(services.clock(), 'weekly');
      const checkInValues = extra.checkIn ?? { period: thisWeek };
      const initiatives = await services.initiatives.listForGoal(actor, goal.id);
      // The system goal this goal serves, while the actor may still read it.
      const servesId = await services.systems.contributionOf(actor, goal.id);
      const serves = servesId ? await services.goals.get(actor, servesId).catch(() => null) : null;
      return reply.render('goals/show.njk', {
        // The small charts' markers.
        icons: ICON_SPRITE,
        title: goal.statement,
        initiatives: initiatives.map((i) => ({ id: i.id, name: i.name, change: i.change })),
        goal: {
          ...goal,
          byWhenText: goal.byWhen ? describeDate(goal.byWhen) : 'Not set',
          solutionFirst: isSolutionFirst(goal),
          wgllText: describeWgll(goal.wgll),
          owners: goal.owners.map((o) => ({
            ...o,
            disciplineLabel: describeDiscipline(o.discipline),
          })),
          problems: goal.problemIds.map((id) => ({
            id,
            title: problemTitles.get(id) ?? 'A problem',
          })),
          objectives: goal.objectiveIds.map((id) => objectiveTitles.get(id) ?? 'An objective'),
          serves: serves && { id: serves.id, statement: serves.statement },
        },
        measures: details.map(({ measure, values, statistics }) => {
          const last = values.at(-1);
          const { variation, assurance } = statistics.analysis;
          return {
            id: measure.id,
            name: measure.name,
            latest: last
              ? `${formatMeasureValue(measure, last.value)} (${describePeriod(last.period, measure.frequency)})`
              : null,
            target: measure.target === null ? null : formatMeasureValue(measure, measure.target),
            chart: values.length
              ? renderSpcChart(statistics.analysis, {
                  size: 'small',
                  title: `${measure.name}: SPC chart`,
                  id: `chart-${measure.id}`,
                  formatValue: (v) => formatMeasureValue(measure, v),
                  periodWord: measure.frequency === 'weekly' ? 'weeks' : 'months',
                })
              : null,
            variationIcon: renderVariationIcon(variation, {
              size: 40,
              id: `variation-${measure.id}`,
            }),
            variationText: describeVariation(variation),
            assuranceIcon: renderAssuranceIcon(assurance, {
              size: 40,
              id: `assurance-${measure.id}`,
            }),
            assuranceText: describeAssurance(assurance, measure),
          };
        }),
        checkIns: checkIns.map((c: CheckIn) => ({
          ...c,
          periodText: describePeriod(c.period, 'weekly'),
          confidenceText: CONFIDENCE_LABELS[c.confidence] ?? String(c.confidence),
        })),
        checkIn: checkInValues,
        thisWeek: describePeriod(thisWeek, 'weekly'),
        thisWeekIso: thisWeek,
        confidenceItems: [1, 2, 3, 4, 5].map((n) => ({
          value: String(n),
          text: CONFIDENCE_LABELS[n],
          checked: textOf(checkInValues.confidence) === String(n),
        })),
        history: presentGoalHistory(history, {
          problems: problemTitles,
          objectives: objectiveTitles,
          people: new Map(members.map((m) => [m.userId, m.name])),
        }),
        canEdit: canEdit(actor, goal.organisationId),
        canCheckIn: isOwner || canEdit(actor, goal.organisationId),
        flash: extra.flash,
        errors: extra.errors ?? {},
        fieldIds: CHECK_IN_FIELD_IDS,
      });
    }

    app.get<{
      Params: { goalId: string };
      Querystring: { added?: string; saved?: string; checkedIn?: string };
    }>('/goals/:goalId', async (request, reply) => {
      const goal = await goalFor(request);
      const q = request.query;
      const flash = q.added
        ? 'Goal set'
        : q.saved
          ? 'Changes saved'
          : q.checkedIn === 'updated'
            ? 'Check-in updated: this week already had a check-in, so it was changed rather than added again'
            : q.checkedIn
              ? 'Check-in saved'
              : undefined;
      return renderGoal(request, reply, goal, { flash });
    });

    app.post<{ Params: { goalId: string }; Body: Form }>(
      '/goals/:goalId/check-ins',
      async (request, reply) => {
        const goal = await goalFor(request);
        const body = request.body ?? {};
        const fields = {
          period: textOf(body.period),
          whatHappened: textOf(body.whatHappened),
          whatNext: textOf(body.whatNext),
          confidence: textOf(body.confidence),
        };
        try {
          const { updated } = await services.checkIns.record(actorOf(request), goal.id, fields);
          return reply.redirect(`/goals/${goal.id}?checkedIn=${updated ? 'updated' : '1'}#check-ins`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderGoal(request, reply, goal, { checkIn: fields, errors: e.fields });
        }
      },
    );

    app.get<{ Params: { goalId: string } }>('/goals/:goalId/edit', async (request, reply) => {
      const goal = await goalFor(request);
      const org = request.organisation!;
      if (!canEdit(actorOf(request), goal.organisationId)) {
        return forbidden(reply, 'You cannot change this goal', 'Only editors can change goals.');
      }
      return renderGoalForm(request, reply, org, {
        title: 'Change the goal',
        action: `/goals/${goal.id}/edit`,
        back: `/goals/${goal.id}`,
        values: { ...goalValues(goal), systemGoalId: (await services.systems.contributionOf(actorOf(request), goal.id)) ?? '' },
      });
    });

    app.post<{ Params: { goalId: string }; Body: Form }>(
      '/goals/:goalId/edit',
      async (request, reply) => {
        const goal = await goalFor(request);
        const org = request.organisation!;
        const body = request.body ?? {};
        try {
          // Every field is sent, so unticking every box clears the list.
          const systemGoalId = body.systemGoalId === undefined ? undefined : textOf(body.systemGoalId) || null;
          if (systemGoalId) await services.systems.checkContribution(actorOf(request), goal.organisationId, systemGoalId);
          await services.goals.update(actorOf(request), goal.id, goalFromForm(body));
          if (systemGoalId !== undefined) await services.systems.setContribution(actorOf(request), goal.id, systemGoalId);
          return reply.redirect(`/goals/${goal.id}?saved=1`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderGoalForm(
            request,
            reply,
            org,
            {
              title: 'Change the goal',
              action: `/goals/${goal.id}/edit`,
              back: `/goals/${goal.id}`,
              values: body,
            },
            e.fields,
          );
        }
      },
    );

    app.get<{ Params: { goalId: string } }>('/goals/:goalId/delete', async (request, reply) => {
      const goal = await goalFor(request);
      if (!canEdit(actorOf(request), goal.organisationId)) {
        return forbidden(reply, 'You cannot delete this goal', 'Only editors can delete goals.');
      }
      const measures = await services.measures.listForGoal(actorOf(request), goal.id);
      return reply.render('goals/delete.njk', {
        title: 'Delete this goal',
        goal,
        measureCount: measures.length,
      });
    });

    app.post<{ Params: { goalId: string } }>('/goals/:goalId/delete', async (request, reply) => {
      const goal = await goalFor(request);
      const org = request.organisation!;
      await services.goals.delete(actorOf(request), goal.id);
      return reply.redirect(`/organisations/${org.code}/goals`, 303);
    });

    // Strategic objectives: a list with an add form, and a page each to change or delete one.

    async function renderObjectives(
      request: FastifyRequest,
      reply: FastifyReply,
      org: Organisation,
      extra: { values?: Form; errors?: FieldErrors; flash?: string | undefined } = {},
    ) {
      const actor = actorOf(request);
      const [objectives, goals] = await Promise.all([
        services.goals.listObjectives(actor, org.id),
        services.goals.list(actor, org.id),
      ]);
      return reply.render('goals/objectives.njk', {
        title: 'Strategic objectives',
        objectives: objectives.map((o) => ({
          ...o,
          goalCount: goals.filter((g) => g.objectiveIds.includes(o.id)).length,
        })),
        canEdit: canEdit(actor, org.id),
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        flash: extra.flash,
      });
    }

    async function objectiveFor(
      request: FastifyRequest<{ Params: { code: string; objectiveId: string } }>,
    ) {
      const org = await organisationFor(request);
      const objectives = await services.goals.listObjectives(actorOf(request), org.id);
      const objective = objectives.find((o) => o.id === request.params.objectiveId);
      if (!objective) throw new NotFound('Strategic objective');
      return { org, objective };
    }

    app.get<{ Params: { code: string }; Querystring: { saved?: string } }>(
      '/organisations/:code/objectives',
      async (request, reply) => {
        const org = await organisationFor(request);
        return renderObjectives(request, reply, org, {
          flash: request.query.saved ? 'Strategic objectives updated' : undefined,
        });
      },
    );

    app.post<{ Params: { code: string }; Body: Form }>(
      '/organisations/:code/objectives',
      async (request, reply) => {
        const org = await organisationFor(request);
        const body = request.body ?? {};
        try {
          await services.goals.addObjective(actorOf(request), org.id, {
            title: textOf(body.title),
            description: textOf(body.description),
          });
          return reply.redirect(`/organisations/${org.code}/objectives?saved=1`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return renderObjectives(request, reply, org, { values: body, errors: e.fields });
        }
      },
    );

    app.get<{ Params: { code: string; objectiveId: string } }>(
      '/organisations/:code/objectives/:objectiveId/edit',
      async (request, reply) => {
        const { org, objective } = await objectiveFor(request);
        if (!canEdit(actorOf(request), org.id))
          return forbidden(
            reply,
            'You cannot change objectives',
            'Only editors can change strategic objectives.',
          );
        return reply.render('goals/objective-form.njk', {
          title: 'Change the objective',
          objective,
          values: { title: objective.title, description: objective.description },
          errors: {},
        });
      },
    );

    app.post<{ Params: { code: string; objectiveId: string }; Body: Form }>(
      '/organisations/:code/objectives/:objectiveId/edit',
      async (request, reply) => {
        const { org, objective } = await objectiveFor(request);
        const body = request.body ?? {};
        try {
          await services.goals.updateObjective(actorOf(request), objective.id, {
            title: textOf(body.title),
            description: textOf(body.description),
          });
          return reply.redirect(`/organisations/${org.code}/objectives?saved=1`, 303);
        } catch (e) {
          if (!(e instanceof InvalidInput)) throw e;
          reply.code(400);
          return reply.render('goals/objective-form.njk', {
            title: 'Change the objective',
            objective,
            values: body,
            errors: e.fields,
          });
        }
      },
    );

    app.get<{ Params: { code: string; objectiveId: string } }>(
      '/organisations/:code/objectives/:objectiveId/delete',
      async (request, reply) => {
        const { org, objective } = await objectiveFor(request);
        if (!canEdit(actorOf(request), org.id))
          return forbidden(
            reply,
            'You cannot delete objectives',
            'Only editors can delete strategic objectives.',
          );
        const goals = await services.goals.list(actorOf(request), org.id);
        return reply.render('goals/objective-delete.njk', {
          title: 'Delete this objective',
          objective,
          goalCount: goals.filter((g) => g.objectiveIds.includes(objective.id)).length,
        });
      },
    );

    app.post<{ Params: { code: string; objectiveId: string } }>(
      '/organisations/:code/objectives/:objectiveId/delete',
      async (request, reply) => {
        const { org, objective } = await objectiveFor(request);
        await services.goals.deleteObjective(actorOf(request), objective.id);
        return reply.redirect(`/organisations/${org.code}/objectives?saved=1`, 303);
      },
    );

    app.get<{ Params: { code: string } }>('/organisations/:code/due', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const [items, measures] = await Promise.all([
        services.checkIns.due(actor, org.id),
        services.measures.listForOrganisation(actor, org.id),
      ]);
      const frequencyOf = new Map(measures.map((m) => [m.id, m.frequency]));
      return reply.render('goals/due.njk', {
        title: 'Due and overdue',
        items: items.map((item) => {
          const frequency =
            item.kind === 'check_in'
              ? 'weekly'
              : (frequencyOf.get(item.measureId ?? '') ?? 'weekly');
          return { ...item, ...describeDueItem(item, frequency) };
        }),
        today: describeDate(services.clock().toISOString().slice(0, 10)),
      });
    });
  };
}

const ICON_SPRITE = renderIconSprite();


function describeDueItem(item: DueItem, frequency: 'weekly' | 'monthly') {
  const say = (p: string) => describePeriod(p, frequency);
  if (item.kind === 'check_in') {
    const status = describeCheckInTimeliness(item.timeliness, Boolean(item.latest));
    return {
      what: 'Weekly check-in',
      status,
      sentence: item.latest
        ? `The check-in for the ${say(item.duePeriod)} has not been written. The last one was for the ${say(item.latest)}.`
        : `No check-in has been written yet. One is due for the ${say(item.duePeriod)}.`,
      href: `/goals/${item.goalId}#check-in`,
    };
  }
  const article = frequency === 'weekly' ? 'the ' : '';
  return {
    what: `Value of “${item.measureName ?? ''}”`,
    status: describeValueTimeliness(item.timeliness, frequency, Boolean(item.latest)),
    sentence: item.latest
      ? `The latest value is for ${article}${say(item.latest)}. The next is due for ${article}${say(item.duePeriod)}.`
      : `No value has been entered yet. One is due for ${article}${say(item.duePeriod)}.`,
    href: `/measures/${item.measureId ?? ''}#enter-value`,
  };
}
