/** Parts of the board pack from the choices area: decisions since the last meeting, and the stop list's progress. */
import { DECISION_KIND_LABELS } from '../domain/decision.ts';
import { addPeriods } from '../domain/period.ts';
import { STOP_ITEM_STATUS_LABELS } from '../domain/stop-item.ts';
import type { PackPart } from './board-pack.ts';

/** Weeks back from the meeting that count as "since the last meeting" (boards here meet monthly). */
export const SINCE_LAST_MEETING_WEEKS = 4;

/** Decisions from the decision log taken in the four weeks up to the meeting. */
export const decisionsSincePart: PackPart = {
  key: 'decisions-since',
  place: 'body',
  async build({ services, actor, organisation, meetingDate }) {
    const since = addPeriods(meetingDate, 'weekly', -SINCE_LAST_MEETING_WEEKS);
    const { decisions } = await services.decisions.list(actor, organisation.id, {}, { limit: 200, offset: 0 });
    const recent = decisions.filter((d) => d.decidedOn > since && d.decidedOn <= meetingDate);
    return {
      key: 'decisions-since',
      title: 'Decisions since the last meeting',
      narrative: `Decisions recorded from ${since} to ${meetingDate}.`,
      blocks: recent.length
        ? [{ kind: 'table', caption: 'Decisions', head: ['Date', 'Kind', 'What we decided', 'Why'], rows: recent.map((d) => [d.decidedOn, DECISION_KIND_LABELS[d.kind], d.what, d.rationale]) }]
        : [{ kind: 'paragraph', text: 'No decisions were recorded in this time.' }],
    };
  },
};

/** The stop list: what is stopped, what is planned and by when, and the capacity it frees. */
export const stopListPart: PackPart = {
  key: 'stop-list',
  place: 'body',
  async build({ services, actor, organisation, meetingDate }) {
    const items = await services.stopItems.list(actor, organisation.id);
    if (!items.length) return null;
    const stopped = items.filter((i) => i.status === 'stopped').length;
    const overdue = items.filter((i) => i.status === 'planned' && i.stopOn < meetingDate).length;
    const weeks = (i: (typeof items)[number]) => i.freed.reduce((n, f) => n + f.personWeeks, 0);
    return {
      key: 'stop-list',
      title: 'The stop list’s progress',
      narrative: `${stopped} of ${items.length} ${items.length === 1 ? 'item' : 'items'} stopped${overdue ? `; ${overdue} planned to stop before this meeting ${overdue === 1 ? 'has' : 'have'} not stopped yet` : ''}.`,
      blocks: [
        {
          kind: 'table',
          caption: 'What we are stopping',
          head: ['What', 'Status', 'Stop date', 'Capacity freed (person-weeks a quarter)', 'Money freed (a year)'],
          rows: items.map((i) => [
            i.title,
            STOP_ITEM_STATUS_LABELS[i.status] + (i.status === 'planned' && i.stopOn < meetingDate ? ' (late)' : ''),
            i.stopOn,
            String(weeks(i)),
            i.moneyFreed === null ? '–' : `£${i.moneyFreed.toLocaleString('en-GB')}`,
          ]),
        },
      ],
    };
  },
};
