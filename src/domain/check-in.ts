/** Weekly check-ins: a goal owner's short update per period, and what is due or overdue. */
import { InvalidInput, type FieldErrors } from './errors.ts';
import { checkPeriod, periodsBetween, type Frequency } from './period.ts';

export interface CheckIn {
  id: string;
  goalId: string;
  period: string;
  whatHappened: string;
  whatNext: string;
  /** 1 (not confident) to 5 (very confident) that the goal will be met. */
  confidence: number;
  authorUserId: string | null;
  authorName: string;
  createdAt: Date;
}

export type CheckInFields = Pick<CheckIn, 'period' | 'whatHappened' | 'whatNext' | 'confidence'>;

/** Check-ins are weekly. */
export const CHECK_IN_FREQUENCY: Frequency = 'weekly';

/** Validate a check-in. */
export function validateCheckIn(raw: { period?: unknown; whatHappened?: unknown; whatNext?: unknown; confidence?: unknown }, now: Date): CheckInFields {
  const fields: FieldErrors = {};
  const period = typeof raw.period === 'string' ? raw.period.trim() : '';
  const periodError = checkPeriod(period, CHECK_IN_FREQUENCY, now);
  if (periodError) fields.period = periodError;
  const whatHappened = typeof raw.whatHappened === 'string' ? raw.whatHappened.trim() : '';
  if (!whatHappened) fields.whatHappened = 'Say what happened this week';
  else if (whatHappened.length > 2000) fields.whatHappened = 'What happened must be 2000 characters or fewer';
  const whatNext = typeof raw.whatNext === 'string' ? raw.whatNext.trim() : '';
  if (!whatNext) fields.whatNext = 'Say what happens next';
  else if (whatNext.length > 2000) fields.whatNext = 'What next must be 2000 characters or fewer';
  const c = typeof raw.confidence === 'number' ? raw.confidence : typeof raw.confidence === 'string' ? Number(raw.confidence) : NaN;
  if (!Number.isInteger(c) || c < 1 || c > 5) fields.confidence = 'Select your confidence from 1 (not confident) to 5 (very confident)';
  if (Object.keys(fields).length) throw new InvalidInput('The check-in is not valid', fields);
  return { period, whatHappened, whatNext, confidence: c };
}

export type Timeliness = 'up_to_date' | 'due' | 'overdue' | 'stale';

/**
 * How up to date a series is, from its latest period and the current period:
 * up to date (the current period, or the last one while the current is still running, is in),
 * due (the last complete period is missing), overdue (two missing), stale (more than two periods without a value).
 */
export function timelinessOf(latest: string | null, current: string, frequency: Frequency): Timeliness {
  if (!latest) return 'stale';
  const behind = periodsBetween(latest, current, frequency);
  if (behind <= 0) return 'up_to_date';
  if (behind === 1) return 'due';
  if (behind === 2) return 'overdue';
  return 'stale';
}
