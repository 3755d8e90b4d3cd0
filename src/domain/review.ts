/**
 * The review: the questions the data raises each period (the review queue), the settings an
 * organisation tunes them with, and when an item already decided stays quiet.
 */
import { SIGNAL_CODE, type SpcAnalysis } from '../spc/index.ts';
import { InvalidInput, type FieldErrors } from './errors.ts';
import { addPeriods, parseIsoDate, periodStartOf, type Frequency } from './period.ts';
import { isDiscipline, type Discipline } from './person.ts';
import type { Attendee } from './decision.ts';

/** What an item of the queue is about. */
export const REVIEW_ITEM_KINDS = [
  'initiative_no_improvement',
  'initiative_concern',
  'initiative_over_capacity',
  'initiative_past_end',
  'measure_concern',
  'measure_will_miss',
  'measure_stale',
  'check_in_overdue',
  'problem_unaddressed',
] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

/** A short heading per kind, for the queue. */
export const REVIEW_ITEM_KIND_LABELS: Record<ReviewItemKind, string> = {
  initiative_no_improvement: 'Initiative past its hypothesis date with no improvement',
  initiative_concern: 'Initiative whose measure shows concern',
  initiative_over_capacity: 'Initiative over capacity',
  initiative_past_end: 'Initiative past its expected end',
  measure_concern: 'Measure with a concern signal',
  measure_will_miss: 'Measure that will miss its target consistently',
  measure_stale: 'Measure without recent values',
  check_in_overdue: 'Goal whose check-in is overdue',
  problem_unaddressed: 'Serious problem that nothing addresses',
};

export const SUBJECT_TYPES = ['initiative', 'measure', 'goal', 'problem'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The record an item concerns. */
export interface ReviewSubject {
  type: SubjectType;
  id: string;
  title: string;
}

/** Why an item was raised: what the data shows, and a fingerprint of it. */
export interface ReviewEvidence {
  /** One sentence in plain English. */
  summary: string;
  /** The facts behind it, one a line. */
  facts: string[];
  /**
   * A stable string of the evidence that matters to a decision: the onset of a signal, the
   * latest value, the quarters over capacity. Stored with a decision; when it differs the
   * evidence has changed and the item reopens.
   */
  fingerprint: string;
  /** Related records (the measure behind an initiative's item), beyond the subject itself. */
  related: ReviewSubject[];
}

/** One question for the review. */
export interface ReviewItem {
  /** `kind:subjectId`: the same question keeps the same key from week to week. */
  key: string;
  kind: ReviewItemKind;
  subject: ReviewSubject;
  evidence: ReviewEvidence;
}

/** Build an item with its key. */
export function buildItem(kind: ReviewItemKind, subject: ReviewSubject, evidence: ReviewEvidence): ReviewItem {
  return { key: itemKey(kind, subject.id), kind, subject, evidence };
}

/** The key of the item of a kind about a record. */
export function itemKey(kind: ReviewItemKind, subjectId: string): string {
  return `${kind}:${subjectId}`;
}

/** Parse an item key, or null when it is not one. */
export function parseItemKey(key: string): { kind: ReviewItemKind; subjectId: string } | null {
  const at = key.indexOf(':');
  if (at < 0) return null;
  const kind = key.slice(0, at);
  const subjectId = key.slice(at + 1);
  if (!(REVIEW_ITEM_KINDS as readonly string[]).includes(kind) || !subjectId) return null;
  return { kind: kind as ReviewItemKind, subjectId };
}

// ---------------------------------------------------------------------------------------------
// Settings

/** The words a strategy is warned about unless a linked problem names them. Organisations edit the list. */
export const DEFAULT_BUZZWORDS = [
  'AI',
  'artificial intelligence',
  'blockchain',
  'metaverse',
  'digital twin',
  'Web3',
  'robotic process automation',
  'RPA',
  'machine learning',
  'big data',
  'Internet of Things',
  'cloud first',
] as const;

/** How an organisation runs its review and where its health checks draw the line. */
export interface ReviewSettings {
  organisationId: string;
  /** How often the queue is built and reviewed. */
  frequency: Frequency;
  /** More priorities "now" than this makes a shopping list. */
  maxPrioritiesNow: number;
  /** A problem whose severity × reach reaches this and that nothing addresses is raised. */
  problemPriorityThreshold: number;
  /** A measure without a value for more than this many of its periods is stale. */
  staleAfterPeriods: number;
  /** Words that need a linked problem to justify them. */
  buzzwords: string[];
}

/** The settings of an organisation that has changed nothing. */
export function defaultReviewSettings(organisationId: string): ReviewSettings {
  return {
    organisationId,
    frequency: 'weekly',
    maxPrioritiesNow: 7,
    problemPriorityThreshold: 8000,
    staleAfterPeriods: 2,
    buzzwords: [...DEFAULT_BUZZWORDS],
  };
}

export type ReviewSettingsFields = Omit<ReviewSettings, 'organisationId'>;
export type RawReviewSettings = { [K in keyof ReviewSettingsFields]?: unknown };

function positiveWholeNumber(value: unknown, field: string, label: string, max: number, fields: FieldErrors): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1) {
    fields[field] = `${label} must be a whole number of 1 or more, like 7`;
    return 0;
  }
  if (n > max) {
    fields[field] = `${label} must be ${max.toLocaleString('en-GB')} or less`;
    return 0;
  }
  return n;
}

/** Split a list typed one per line or comma-separated, or given as an array. */
function wordList(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? (value) : null;
  if (typeof value === 'string') return value.split(/[\n,]/);
  return null;
}

/** Validate settings; fields left out keep the values in `current`. */
export function validateReviewSettings(raw: RawReviewSettings, current: ReviewSettingsFields): ReviewSettingsFields {
  const fields: FieldErrors = {};
  let frequency = current.frequency;
  if (raw.frequency !== undefined) {
    if (raw.frequency === 'weekly' || raw.frequency === 'monthly') frequency = raw.frequency;
    else fields.frequency = 'Choose whether the review is weekly or monthly';
  }
  const maxPrioritiesNow = raw.maxPrioritiesNow === undefined ? current.maxPrioritiesNow : positiveWholeNumber(raw.maxPrioritiesNow, 'maxPrioritiesNow', 'The most priorities “now”', 100, fields);
  const problemPriorityThreshold = raw.problemPriorityThreshold === undefined ? current.problemPriorityThreshold : positiveWholeNumber(raw.problemPriorityThreshold, 'problemPriorityThreshold', 'The severity × reach of a serious problem', 100_000_000, fields);
  const staleAfterPeriods = raw.staleAfterPeriods === undefined ? current.staleAfterPeriods : positiveWholeNumber(raw.staleAfterPeriods, 'staleAfterPeriods', 'The periods without a value', 52, fields);
  let buzzwords = current.buzzwords;
  if (raw.buzzwords !== undefined) {
    const list = wordList(raw.buzzwords);
    if (list === null) fields.buzzwords = 'Buzzwords must be a list of words or phrases';
    else {
      const seen = new Set<string>();
      buzzwords = [];
      for (const w of list.map((s) => s.trim().replace(/\s+/g, ' ')).filter(Boolean)) {
        if (w.length > 60) fields.buzzwords = `“${w.slice(0, 20)}…” is too long: each buzzword must be 60 characters or fewer`;
        if (seen.has(w.toLowerCase())) continue;
        seen.add(w.toLowerCase());
        buzzwords.push(w);
      }
      if (buzzwords.length > 200) fields.buzzwords = 'List 200 buzzwords or fewer';
    }
  }
  if (Object.keys(fields).length) throw new InvalidInput('The review settings are not valid', fields);
  return { frequency, maxPrioritiesNow, problemPriorityThreshold, staleAfterPeriods, buzzwords };
}

/** The period under review: the one that contains `now`, in the organisation's frequency. */
export function reviewPeriodOf(now: Date, frequency: Frequency): { start: string; end: string } {
  const start = periodStartOf(now, frequency);
  const next = parseIsoDate(addPeriods(start, frequency, 1))!;
  next.setUTCDate(next.getUTCDate() - 1);
  return { start, end: next.toISOString().slice(0, 10) };
}

// ---------------------------------------------------------------------------------------------
// Signals on a measure's statistics

/** How many of the latest points a concern must be on to be raised. */
export const LATEST_POINTS = 3;

/** A concern on the latest points of a series: where its run began and ended. */
export interface ConcernSignal {
  /** The first period of the run of concern points (the signal's onset). */
  onset: string;
  /** The latest period that shows concern. */
  latest: string;
  points: number;
}

function isConcern(code: number | undefined): boolean {
  return code === SIGNAL_CODE.concern_high || code === SIGNAL_CODE.concern_low;
}

function isImprovement(code: number | undefined): boolean {
  return code === SIGNAL_CODE.improvement_high || code === SIGNAL_CODE.improvement_low;
}

/**
 * A concern signal on one of the latest `LATEST_POINTS` points with a value, with the onset of its
 * run (consecutive concern points, missing values bridged), or null.
 */
export function findConcern(analysis: SpcAnalysis): ConcernSignal | null {
  const { signalCodes, periods } = analysis;
  if (!periods) return null;
  let seen = 0;
  let latest = -1;
  for (let i = analysis.lastIndex; i >= 0 && seen < LATEST_POINTS; i--) {
    const code = signalCodes[i];
    if (code === SIGNAL_CODE.missing) continue;
    seen++;
    if (isConcern(code)) {
      latest = i;
      break;
    }
  }
  if (latest < 0) return null;
  let onset = latest;
  let points = 1;
  for (let i = latest - 1; i >= 0; i--) {
    const code = signalCodes[i];
    if (code === SIGNAL_CODE.missing) continue;
    if (!isConcern(code)) break;
    onset = i;
    points++;
  }
  return { onset: periods[onset]!, latest: periods[latest]!, points };
}

/** The periods of special-cause improvement on or after `from`, oldest first. */
export function improvementsSince(analysis: SpcAnalysis, from: string): string[] {
  const { signalCodes, periods } = analysis;
  if (!periods) return [];
  const out: string[] = [];
  for (let i = 0; i <= analysis.lastIndex; i++) {
    if (periods[i]! >= from && isImprovement(signalCodes[i])) out.push(periods[i]!);
  }
  return out;
}

/** The period the current limits start from (the last rebase), for fingerprints of assurance. */
export function currentSegmentStart(analysis: SpcAnalysis): string | null {
  const segment = analysis.segments.at(-1);
  if (!segment || !analysis.periods) return null;
  return analysis.periods[segment.start] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Decided items stay quiet

/** What was decided about an item, as the queue needs it. */
export interface ItemDecision {
  itemKey: string;
  fingerprint: string;
  /** The date from which the item may be raised again; null to wait for new evidence only. */
  nextReviewDate: string | null;
  decidedOn: string;
}

/**
 * Whether an item already decided stays out of the queue: it does until its next review date
 * comes, or until its evidence changes (a new fingerprint: a new signal, a new date missed).
 */
export function isQuiet(item: Pick<ReviewItem, 'evidence'>, decision: ItemDecision | null | undefined, today: string): boolean {
  if (!decision) return false;
  if (decision.fingerprint !== item.evidence.fingerprint) return false;
  return decision.nextReviewDate === null || decision.nextReviewDate > today;
}

/** The items of the queue that are open today, given the latest decision on each key. */
export function openItems<T extends Pick<ReviewItem, 'key' | 'evidence'>>(items: readonly T[], decisions: ReadonlyMap<string, ItemDecision>, today: string): T[] {
  return items.filter((item) => !isQuiet(item, decisions.get(item.key), today));
}

const KIND_ORDER = new Map(REVIEW_ITEM_KINDS.map((k, i) => [k, i]));

/** The queue's order: initiatives first (they are what can change), then measures, goals, problems. */
export function sortItems<T extends Pick<ReviewItem, 'kind' | 'subject'>>(items: T[]): T[] {
  return items.sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || a.subject.title.localeCompare(b.subject.title));
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export const REVIEW_OUTCOMES = ['continue', 'pivot', 'pause', 'stop'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  continue: 'Continue',
  pivot: 'Pivot',
  pause: 'Pause',
  stop: 'Stop',
};

/** A decision on an item, as entered. */
export interface ReviewOutcomeFields {
  outcome: ReviewOutcome;
  /** Why (continue), what changes (pivot), or why it pauses or stops. */
  rationale: string;
  nextReviewDate: string | null;
}

/** Validate a decision on an item taken on `today`. Pause and stop apply to initiatives only. */
export function validateOutcome(
  raw: { outcome?: unknown; rationale?: unknown; nextReviewDate?: unknown },
  subjectType: SubjectType,
  today: string,
): ReviewOutcomeFields {
  const fields: FieldErrors = {};
  const outcome = (REVIEW_OUTCOMES as readonly string[]).includes(raw.outcome as string) ? (raw.outcome as ReviewOutcome) : null;
  if (!outcome) fields.outcome = 'Choose continue, pivot, pause or stop';
  else if ((outcome === 'pause' || outcome === 'stop') && subjectType !== 'initiative') {
    fields.outcome = `Only an initiative can be paused or stopped: continue this ${subjectType} with a reason, or pivot it and say what changes`;
  }
  const rationale = typeof raw.rationale === 'string' ? raw.rationale.trim() : '';
  if (!rationale) {
    fields.rationale =
      outcome === 'pivot' ? 'Describe the pivot: what changes' : outcome === 'continue' ? 'Give the reason to continue' : 'Give the reason for the decision';
  } else if (rationale.length > 2000) fields.rationale = 'The reason must be 2000 characters or fewer';
  let nextReviewDate: string | null = null;
  const date = typeof raw.nextReviewDate === 'string' ? raw.nextReviewDate.trim() : raw.nextReviewDate ?? null;
  if (date !== null && date !== '') {
    if (typeof date !== 'string' || !parseIsoDate(date)) fields.nextReviewDate = 'Enter a real date for the next review, like 2026-03-31';
    else if (date <= today) fields.nextReviewDate = 'The next review date must be in the future';
    else nextReviewDate = date;
  } else if (outcome === 'continue') {
    fields.nextReviewDate = 'Enter the date of the next review of this item';
  }
  if (Object.keys(fields).length) throw new InvalidInput('The decision is not valid', fields);
  return { outcome: outcome!, rationale, nextReviewDate };
}

// ---------------------------------------------------------------------------------------------
// Review meetings

/** A review meeting: a date, who is present, and, once closed, what was left for next time. */
export interface Review {
  id: string;
  organisationId: string;
  heldOn: string;
  present: Attendee[];
  openedBy: string;
  openedByUserId: string | null;
  createdAt: Date;
  closedAt: Date | null;
  /** The items still open when it closed, as they were. */
  leftOpen: ReviewItem[] | null;
}

/** An item decided in a review, linked to its decision in the decision log. */
export interface ReviewOutcomeRecord {
  id: string;
  reviewId: string;
  organisationId: string;
  decisionId: string;
  itemKey: string;
  kind: ReviewItemKind;
  subject: ReviewSubject;
  evidence: ReviewEvidence;
  /** The evidence's fingerprint when it was decided: a different one today reopens the item. */
  fingerprint: string;
  outcome: ReviewOutcome;
  rationale: string;
  nextReviewDate: string | null;
  decidedOn: string;
  createdAt: Date;
}

/** Who is present as entered: a member by user id, or a guest by name and discipline. */
export type PresentDraft = { kind: 'member'; userId: string } | { kind: 'guest'; name: string; discipline: Discipline };

/** Validate the opening of a review: a real date not in the future, and at least one person present. */
export function validateReviewOpening(raw: { heldOn?: unknown; present?: unknown }, today: string): { heldOn: string; present: PresentDraft[] } {
  const fields: FieldErrors = {};
  const heldOn = typeof raw.heldOn === 'string' ? raw.heldOn.trim() : '';
  if (!heldOn) fields.heldOn = 'Enter the date of the review, like 2027-01-14';
  else if (!parseIsoDate(heldOn)) fields.heldOn = 'Enter a real date for the review, like 2027-01-14';
  else if (heldOn > today) fields.heldOn = 'The review cannot be dated in the future: open it on the day it meets';
  const list = Array.isArray(raw.present) ? (raw.present as unknown[]) : raw.present === undefined || raw.present === null || raw.present === '' ? [] : null;
  const present: PresentDraft[] = [];
  if (list === null) fields.present = 'Say who is present: a list of members or named guests';
  else {
    if (list.length > 100) fields.present = 'List 100 people or fewer';
    const members = new Set<string>();
    list.forEach((item, i) => {
      const a = item && typeof item === 'object' ? (item as Record<string, unknown>) : null;
      if (!a) {
        fields[`present[${i}]`] = 'Give a member, or a guest’s name and discipline';
        return;
      }
      if (typeof a.userId === 'string' && a.userId.trim()) {
        if (!members.has(a.userId.trim())) present.push({ kind: 'member', userId: a.userId.trim() });
        members.add(a.userId.trim());
        return;
      }
      const name = typeof a.name === 'string' ? a.name.trim() : '';
      if (!name) fields[`present[${i}].name`] = 'Enter the guest’s name';
      else if (name.length > 200) fields[`present[${i}].name`] = 'The guest’s name must be 200 characters or fewer';
      if (!isDiscipline(typeof a.discipline === 'string' ? a.discipline : '')) fields[`present[${i}].discipline`] = 'Choose the guest’s discipline';
      else if (name && name.length <= 200) present.push({ kind: 'guest', name, discipline: a.discipline as Discipline });
    });
    if (!fields.present && list.length === 0) fields.present = 'Say who is present: a review needs at least one person in the room';
  }
  if (Object.keys(fields).length) throw new InvalidInput('The review is not valid', fields);
  return { heldOn, present };
}
