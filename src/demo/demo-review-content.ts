/** The demo trust's review: an initiative past its hypothesis date, a measure gone stale, planted warnings, and a past review meeting. */

/** An initiative the review is built to question; measures and problems by name or title. */
export interface DemoReviewInitiative {
  name: string;
  change: string;
  status: 'idea' | 'in_progress' | 'committed';
  problems: string[];
  goal: string | null;
  owner: string;
  sponsor: string | null;
  /** Quarters before the current one it started (and, for the end, after). */
  startQuartersAgo: number;
  endQuartersAhead: number;
  /** Person-weeks of engineering it needs in each of the next quarters (from the current one). */
  engineering: number[];
  /** A hypothesis on a measure, due this many weeks before the last complete week. */
  hypothesis: { measure: string; expectation: string; weeksAgo: number } | null;
}

export const DEMO_REVIEW_INITIATIVES: DemoReviewInitiative[] = [
  {
    name: 'Ward clerks check discharge summaries before they are sent',
    change: 'Ward clerks read each discharge summary against the medication chart before it is sent, and send it back to the doctor the same day when it does not match',
    status: 'in_progress',
    problems: ['Discharge letters reach GPs days after the patient has gone home'],
    goal: 'GPs receive the discharge summary within 24 hours for 9 in 10 patients leaving the medical wards',
    owner: 'deputy-coo',
    sponsor: 'ccio',
    startQuartersAgo: 3,
    endQuartersAhead: 1,
    engineering: [4, 4],
    hypothesis: { measure: 'Discharge summaries returned by GP practices as wrong', expectation: 'We expect special-cause improvement (fewer returned) once clerks check summaries', weeksAgo: 4 },
  },
  {
    // Planted for the health checks: solution-first, tech-only, a buzzword and the digital team alone.
    name: 'AI scribe for every clinic',
    change: 'Deploy an AI platform',
    status: 'idea',
    problems: [],
    goal: null,
    owner: 'cdio',
    sponsor: null,
    startQuartersAgo: 0,
    endQuartersAhead: 2,
    engineering: [],
    hypothesis: null,
  },
];

/**
 * The measure the first initiative should move: it zig-zags around the same level every week, so
 * it shows no special cause at all and the initiative's hypothesis is plainly not met.
 */
export const DEMO_FLAT_MEASURE = {
  goal: 'GPs receive the discharge summary within 24 hours for 9 in 10 patients leaving the medical wards',
  name: 'Discharge summaries returned by GP practices as wrong',
  definition: 'Discharge summaries that a GP practice sent back because the medication or follow-up was wrong, as a percentage of summaries sent in the week.',
  owner: 'ccio',
  weeks: 52,
  level: 4.2,
  noise: 0.4,
} as const;

/** A measure whose values stopped arriving: the review asks about it. */
export const DEMO_STALE_MEASURE = {
  goal: 'Half of all changes to outpatient appointments are made online, and fewer appointments are missed',
  name: 'Patients using the online appointment letters',
  definition: 'Patients who opened their appointment letter online in the week, as a percentage of letters sent.',
  owner: 'deputy-coo',
  weeks: 60,
  /** The latest value is this many weeks before the last complete week. */
  weeksBehind: 6,
  level: 41,
  noise: 2,
} as const;

/** Last week's review: who was there, and the item it decided. */
export const DEMO_PAST_REVIEW = {
  daysAgo: 7,
  members: ['cdio', 'ccio', 'deputy-coo'],
  guests: [{ name: 'Grace Adeyemi', discipline: 'patients_representative' as const }],
  decide: {
    measure: 'Time spent logging in per shift (sampled wards)',
    rationale: 'The rise follows the new password rules; single sign-on reaches the wards next month, so keep going and look again then.',
    nextReviewWeeks: 4,
  },
};
