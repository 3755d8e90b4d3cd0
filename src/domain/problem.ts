/** Problems that patients and staff face, with their evidence: types and rules. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { readTextField as text } from './text-field.ts';

export const AFFECTED = ['patients', 'staff', 'both'] as const;
export type Affected = (typeof AFFECTED)[number];
export const AFFECTED_LABELS: Record<Affected, string> = {
  patients: 'Patients',
  staff: 'Staff',
  both: 'Patients and staff',
};

export const PROBLEM_STATUSES = ['open', 'being_addressed', 'parked', 'resolved'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = {
  open: 'Open',
  being_addressed: 'Being addressed',
  parked: 'Parked',
  resolved: 'Resolved',
};

export const EVIDENCE_KINDS = [
  'staff_survey',
  'patient_feedback',
  'user_research',
  'incident_or_complaint_data',
  'operational_data',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  staff_survey: 'Staff survey',
  patient_feedback: 'Patient feedback',
  user_research: 'User research',
  incident_or_complaint_data: 'Incident or complaint data',
  operational_data: 'Operational data',
  other: 'Other',
};

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  summary: string;
  link: string | null;
  count: number | null;
}

export interface Problem {
  id: string;
  organisationId: string;
  title: string;
  description: string;
  affected: Affected;
  affectedGroup: string;
  severity: number;
  reach: number;
  themes: string[];
  status: ProblemStatus;
  raisedBy: string;
  raisedByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
  evidence: Evidence[];
}

/** The fields a person can set on a problem. */
export type ProblemFields = Pick<
  Problem,
  'title' | 'description' | 'affected' | 'affectedGroup' | 'severity' | 'reach' | 'themes' | 'status'
>;

/** Evidence as entered, before it has an id. */
export type EvidenceFields = Omit<Evidence, 'id'>;

/** Unvalidated input: from a form (strings) or JSON (typed but unchecked). */
export type RawProblem = { [K in keyof ProblemFields]?: unknown };
export type RawEvidence = { [K in keyof EvidenceFields]?: unknown };

/** The priority score the list sorts by: severity × reach. */
export function priorityOf(problem: Pick<Problem, 'severity' | 'reach'>): number {
  return problem.severity * problem.reach;
}

const MAX_REACH = 100_000_000;

function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string') {
    const s = value.trim().replace(/,/g, '');
    if (!/^-?\d+$/.test(s)) return null;
    return Number(s);
  }
  return null;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  message: string,
  fields: FieldErrors,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  fields[field] = message;
  return allowed[0] as T;
}

/** Split free-text themes ("access, outpatients") into distinct lower-case tags. */
export function parseThemes(value: unknown): string[] | null {
  const list =
    typeof value === 'string' ? value.split(',') : Array.isArray(value) ? (value as unknown[]) : null;
  if (list === null || list.some((t) => typeof t !== 'string')) return null;
  const seen = new Set<string>();
  for (const t of list as string[]) {
    const tag = t.trim().toLowerCase().replace(/\s+/g, ' ');
    if (tag) seen.add(tag);
  }
  return [...seen];
}

/** Validate every field of a problem, collecting all errors at once. */
export function validateProblem(raw: RawProblem): ProblemFields {
  const fields: FieldErrors = {};
  const title = text(raw.title, 'title', 'A title', 200, fields);
  const description = text(raw.description, 'description', 'A description', 5000, fields);
  const affected = oneOf(raw.affected, AFFECTED, 'affected', 'Select who feels this problem', fields);
  const affectedGroup = text(raw.affectedGroup, 'affectedGroup', 'The group', 200, fields, false);
  const severity = wholeNumber(raw.severity);
  if (severity === null || severity < 1 || severity > 5) {
    fields.severity = 'Select a severity from 1 (minor) to 5 (severe)';
  }
  const reach = wholeNumber(raw.reach);
  if (raw.reach === undefined || raw.reach === '' || raw.reach === null) {
    fields.reach = 'Enter how many people this affects each month';
  } else if (reach === null) {
    fields.reach = 'Reach must be a whole number, like 250';
  } else if (reach < 0) {
    fields.reach = 'Reach must be 0 or more';
  } else if (reach > MAX_REACH) {
    fields.reach = `Reach must be ${MAX_REACH.toLocaleString('en-GB')} or fewer`;
  }
  const themes = parseThemes(raw.themes ?? []);
  if (themes === null) fields.themes = 'Themes must be a list of words';
  else if (themes.length > 20) fields.themes = 'Use 20 themes or fewer';
  else if (themes.some((t) => t.length > 50)) fields.themes = 'Each theme must be 50 characters or fewer';
  const status = oneOf(
    raw.status ?? 'open',
    PROBLEM_STATUSES,
    'status',
    'Select a status: open, being addressed, parked or resolved',
    fields,
  );
  if (Object.keys(fields).length) throw new InvalidInput('The problem is not valid', fields);
  return {
    title,
    description,
    affected,
    affectedGroup,
    severity: severity as number,
    reach: reach as number,
    themes: themes ?? [],
    status,
  };
}

/** Validate a partial update: only the fields present are checked and returned. */
export function validateProblemPatch(current: ProblemFields, raw: RawProblem): ProblemFields {
  const merged: RawProblem = { ...current };
  for (const key of Object.keys(raw) as (keyof RawProblem)[]) {
    if (raw[key] !== undefined) merged[key] = raw[key];
  }
  return validateProblem(merged);
}

/** Validate one evidence item; `prefix` names fields in a list (e.g. "evidence[0].summary"). */
export function validateEvidence(raw: RawEvidence, prefix = ''): EvidenceFields {
  const fields: FieldErrors = {};
  const kind = oneOf(
    raw.kind,
    EVIDENCE_KINDS,
    `${prefix}kind`,
    'Select the kind of evidence',
    fields,
  );
  const summary = text(raw.summary, `${prefix}summary`, 'A summary', 2000, fields);
  let link: string | null = null;
  if (typeof raw.link === 'string' && raw.link.trim()) {
    link = raw.link.trim();
    let ok = false;
    try {
      const url = new URL(link);
      ok = url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) fields[`${prefix}link`] = 'Enter a link that starts with https:// or http://';
    else if (link.length > 2000) fields[`${prefix}link`] = 'Link must be 2000 characters or fewer';
  } else if (raw.link != null && typeof raw.link !== 'string') {
    fields[`${prefix}link`] = 'Link must be text';
  }
  let count: number | null = null;
  if (raw.count !== undefined && raw.count !== null && raw.count !== '') {
    count = wholeNumber(raw.count);
    if (count === null || count < 0) {
      fields[`${prefix}count`] = 'Count must be a whole number, 0 or more';
      count = null;
    } else if (count > 2_000_000_000) {
      fields[`${prefix}count`] = 'Count must be 2,000,000,000 or fewer';
    }
  }
  if (Object.keys(fields).length) throw new InvalidInput('The evidence is not valid', fields);
  return { kind, summary, link, count };
}
