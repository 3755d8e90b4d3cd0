/** The demo trust's strategy in numbers: objectives, goals, measures with synthetic weekly series, and check-ins. */
import type { Wgll } from '../domain/goal.ts';
import type { Direction, Unit } from '../domain/measure.ts';
import type { AssuranceIcon, SpcRule, VariationIcon } from '../spc/index.ts';

/** Said in every synthetic measure's data source, so the product labels it as made up. */
export const SYNTHETIC_SOURCE = 'Synthetic demo data: generated for the demonstration, not real figures';

/** Weeks of values each synthetic measure gets, ending with the last complete week. */
export const DEMO_WEEKS = 156;

/**
 * How a synthetic weekly series is made: a level with normal noise, and changes placed a number
 * of weeks before the latest week (0 = the latest), so each series shows the signal it is for
 * whenever the demo is loaded.
 */
export interface DemoSeriesShape {
  /** Seed of the series' own random numbers: the same seed gives the same values. */
  seed: number;
  level: number;
  /** Standard deviation of the week-to-week noise. */
  noise: number;
  decimals: number;
  /** From this many weeks before the latest, the level moves by `by` (and the noise may change). */
  steps?: { fromWeeksBeforeEnd: number; by: number; noise?: number }[];
  /** The last `weeks` values rise (or fall, for a negative `by`) every week: a trend. */
  trend?: { weeks: number; by: number };
  /** Values placed this many noise standard deviations from the level. */
  points?: { weeksBeforeEnd: number; sigmas: number }[];
}

/** A measure of a demo goal with its synthetic series and what it is built to show. */
export interface DemoMeasure {
  name: string;
  definition: string;
  unit: Unit;
  improvementDirection: Direction;
  target: number | null;
  /** The `key` of the member who owns it. */
  owner: string;
  shape: DemoSeriesShape;
  /** Where the limits are recalculated, and why. */
  rebase?: { weeksBeforeEnd: number; reason: string };
  annotations?: { weeksBeforeEnd: number; label: string }[];
  /** The icons the series is built to give, and the rule behind the latest value's signal; the tests compute them with the services. */
  shows: { variation: VariationIcon; assurance: AssuranceIcon | null; rule: SpcRule | null };
}

/** A weekly check-in's words. */
export interface DemoCheckIn {
  whatHappened: string;
  whatNext: string;
  confidence: number;
}

/** A goal of the demo trust. */
export interface DemoGoal {
  statement: string;
  forWhom: string;
  /** The goal is due at the end of the month this many months after the demo is loaded. */
  monthsToGo: number;
  wgll: Wgll[];
  /** Titles of the demo problems the goal answers; none makes it solution-first. */
  problems: string[];
  /** Keys of the strategic objectives it serves. */
  objectives: string[];
  /** Keys of the members who own it; the first writes the check-ins. */
  owners: string[];
  measures: DemoMeasure[];
  /** Whether the real A&E 4-hour series belongs to this goal, when the loader is given it. */
  realFourHourMeasure?: boolean;
  /** Check-ins, oldest first, one a week, the newest this many weeks before the last complete week. */
  checkIns: DemoCheckIn[];
  checkInWeeksBehind: number;
}

/** The trust's strategic objectives. */
export const DEMO_OBJECTIVES: { key: string; title: string; description: string }[] = [
  {
    key: 'joined-up',
    title: 'Joined-up care across Fernbrook Valley',
    description: 'Information follows the patient between the hospital, general practice and community teams, so nobody has to chase it.',
  },
  {
    key: 'time-to-care',
    title: 'Give staff time back for care',
    description: 'Remove the logins, phone calls and retyping that take staff away from patients.',
  },
  {
    key: 'fits-lives',
    title: 'Care that fits around people’s lives',
    description: 'Patients can see and change their care online when they want to, and by phone or in person when they need to.',
  },
];

/** The goals, with their measures and check-ins. */
export const DEMO_GOALS: DemoGoal[] = [
  {
    statement: 'GPs receive the discharge summary within 24 hours for 9 in 10 patients leaving the medical wards',
    forWhom: 'Patients leaving the medical wards, and their GPs',
    monthsToGo: 12,
    wgll: ['improve_care', 'safe_practice'],
    problems: ['Discharge letters reach GPs days after the patient has gone home'],
    objectives: ['joined-up'],
    owners: ['ccio', 'deputy-coo'],
    measures: [
      {
        name: 'Discharge summaries sent to the GP within 24 hours',
        definition: 'Discharge summaries from the medical wards sent electronically to the GP practice within 24 hours of discharge, as a percentage of all discharges from those wards in the week.',
        unit: 'percentage',
        improvementDirection: 'increase',
        target: 90,
        owner: 'ccio',
        shape: { seed: 1101, level: 58, noise: 2.5, decimals: 1, steps: [{ fromWeeksBeforeEnd: 13, by: 5 }] },
        annotations: [{ weeksBeforeEnd: 13, label: 'e-discharge went live' }],
        shows: { variation: 'improvement_high', assurance: 'fail', rule: 'shift' },
      },
      {
        name: 'Discharge summaries corrected after sending',
        definition: 'Discharge summaries amended and re-sent after reaching the GP, as a percentage of summaries sent in the week.',
        unit: 'percentage',
        improvementDirection: 'decrease',
        target: null,
        owner: 'ccio',
        shape: { seed: 1102, level: 6, noise: 0.8, decimals: 1 },
        shows: { variation: 'common_cause', assurance: null, rule: null },
      },
    ],
    checkIns: [
      { whatHappened: 'Trained the first two wards on the new e-discharge template.', whatNext: 'Train the remaining medical wards and the junior doctors’ induction group.', confidence: 3 },
      { whatHappened: 'All medical wards trained; summaries from the acute medical unit now go the same day.', whatNext: 'Find out why weekend discharges still wait for Monday.', confidence: 3 },
      { whatHappened: 'Weekend discharges wait because pharmacy sign-off is not on the rota at weekends.', whatNext: 'Agree weekend pharmacy cover with the chief pharmacist.', confidence: 3 },
      { whatHappened: 'The share sent within 24 hours has stayed higher for three months: a real improvement, not chance.', whatNext: 'Put the weekend pharmacy cover to the operational board.', confidence: 3 },
      { whatHappened: 'Weekend pharmacy cover agreed for a trial from next month.', whatNext: 'Measure weekend summaries separately during the trial.', confidence: 4 },
      { whatHappened: 'Still well short of 9 in 10: at this level the target will not be met without the weekend change.', whatNext: 'Start the weekend trial and report on it in four weeks.', confidence: 3 },
    ],
    checkInWeeksBehind: 0,
  },
  {
    statement: 'Ward staff spend under 12 minutes of a shift logging in to systems',
    forWhom: 'Nurses, doctors and healthcare assistants on the wards',
    monthsToGo: 9,
    wgll: ['support_people', 'smart_foundations'],
    problems: ['Ward staff log in to as many as 9 systems in a shift', 'Staff cannot find a working computer at the start of a shift'],
    objectives: ['time-to-care'],
    owners: ['cnio', 'workforce'],
    measures: [
      {
        name: 'Time spent logging in per shift (sampled wards)',
        definition: 'Minutes a member of ward staff spends logging in to clinical systems in a 12-hour shift, from the single sign-on logs of six sampled wards, averaged over the week.',
        unit: 'minutes',
        improvementDirection: 'decrease',
        target: 12,
        owner: 'cnio',
        shape: { seed: 2101, level: 14, noise: 1.5, decimals: 1, trend: { weeks: 7, by: 0.5 } },
        annotations: [{ weeksBeforeEnd: 7, label: 'Single sign-on upgrade' }],
        shows: { variation: 'concern_high', assurance: 'inconsistent', rule: 'trend' },
      },
      {
        name: 'Calls to the service desk about passwords and access',
        definition: 'Calls and online requests to the IT service desk about forgotten passwords, locked accounts and missing access, in the week.',
        unit: 'count',
        improvementDirection: 'decrease',
        target: null,
        owner: 'workforce',
        shape: {
          seed: 2102,
          level: 420,
          noise: 22,
          decimals: 0,
          points: [
            { weeksBeforeEnd: 3, sigmas: 0.5 },
            { weeksBeforeEnd: 2, sigmas: -2.4 },
            { weeksBeforeEnd: 1, sigmas: -0.6 },
            { weeksBeforeEnd: 0, sigmas: -2.5 },
          ],
        },
        annotations: [{ weeksBeforeEnd: 4, label: 'Self-service password reset launched' }],
        shows: { variation: 'improvement_low', assurance: null, rule: 'two_of_three' },
      },
    ],
    checkIns: [
      { whatHappened: 'Single sign-on tested on two pilot wards with tap-in badges.', whatNext: 'Roll out to the surgical wards.', confidence: 4 },
      { whatHappened: 'Surgical wards live. Staff like the tap-in badges.', whatNext: 'Upgrade the single sign-on server before the medical wards go live.', confidence: 4 },
      { whatHappened: 'Upgrade done over the weekend.', whatNext: 'Watch the login times on the sampled wards.', confidence: 4 },
      { whatHappened: 'Login times have risen every week since the upgrade: sessions are timing out and staff log in again.', whatNext: 'Raise it with the supplier as a priority.', confidence: 3 },
      { whatHappened: 'Supplier confirms a fault in the session timeout setting of the upgrade.', whatNext: 'Apply the supplier’s fix on one ward first.', confidence: 2 },
      { whatHappened: 'Still rising: the sixth week in a row. Password self-service is cutting service desk calls, though.', whatNext: 'Fix due next week; pause the medical wards’ go-live until it is in.', confidence: 2 },
    ],
    checkInWeeksBehind: 0,
  },
  {
    statement: 'Half of all changes to outpatient appointments are made online, and fewer appointments are missed',
    forWhom: 'Outpatients and the people who care for them',
    monthsToGo: 15,
    wgll: ['empower_citizens', 'improve_care'],
    problems: ['Patients have to phone to change or cancel an outpatient appointment'],
    objectives: ['fits-lives'],
    owners: ['deputy-coo', 'patient-partner'],
    measures: [
      {
        name: 'Appointment changes made online',
        definition: 'Outpatient appointments changed or cancelled by the patient through the patient portal, as a percentage of all changes and cancellations made by patients in the week.',
        unit: 'percentage',
        improvementDirection: 'increase',
        target: 50,
        owner: 'deputy-coo',
        shape: { seed: 3101, level: 2, noise: 0.6, decimals: 1, steps: [{ fromWeeksBeforeEnd: 29, by: 61, noise: 2.5 }] },
        rebase: { weeksBeforeEnd: 29, reason: 'The patient portal went live: changes can now be made online, a new process' },
        shows: { variation: 'common_cause', assurance: 'pass', rule: null },
      },
      {
        name: 'Outpatient appointments missed',
        definition: 'Outpatient appointments the patient did not attend without telling us, as a percentage of appointments booked for the week.',
        unit: 'percentage',
        improvementDirection: 'decrease',
        target: 6,
        owner: 'deputy-coo',
        shape: { seed: 3102, level: 8.2, noise: 0.4, decimals: 1, points: [{ weeksBeforeEnd: 0, sigmas: 5 }] },
        annotations: [{ weeksBeforeEnd: 0, label: 'Text reminder service down for 4 days' }],
        shows: { variation: 'concern_high', assurance: 'fail', rule: 'outside_limits' },
      },
    ],
    checkIns: [
      { whatHappened: 'Portal use keeps growing: most changes are now made online.', whatNext: 'Ask the patient panel what stops the rest.', confidence: 4 },
      { whatHappened: 'The patient panel says the portal is hard to use on an older phone.', whatNext: 'Test the portal with the panel on their own phones.', confidence: 4 },
      { whatHappened: 'Found two pages that do not work on small screens.', whatNext: 'Supplier to fix both pages.', confidence: 4 },
      { whatHappened: 'Both pages fixed. Online changes are steady above half.', whatNext: 'Turn to missed appointments: check reminder texts reach everyone.', confidence: 4 },
      { whatHappened: 'Reminder texts go to 92% of patients; the rest have no mobile number recorded.', whatNext: 'Ask clinics to check mobile numbers at every visit.', confidence: 3 },
      { whatHappened: 'The text reminder service was down for four days and missed appointments jumped well beyond the usual range.', whatNext: 'Agree a fallback with the supplier so reminders go out if the service fails.', confidence: 3 },
    ],
    checkInWeeksBehind: 0,
  },
  {
    statement: 'Patients in the emergency department are admitted, transferred or discharged within 4 hours',
    forWhom: 'Patients coming to the emergency department, and their families',
    monthsToGo: 18,
    wgll: ['improve_care', 'smart_foundations'],
    problems: ['Nobody can see which beds are free without phoning round', 'Patients in the emergency department do not know how long they will wait'],
    objectives: ['joined-up'],
    owners: ['deputy-coo', 'ccio'],
    measures: [
      {
        name: 'Emergency department attendances',
        definition: 'Patients arriving at the emergency department in the week (all arrivals, walk-in and ambulance). Demand, so neither higher nor lower is better: watch it for change.',
        unit: 'count',
        improvementDirection: 'neutral',
        target: null,
        owner: 'deputy-coo',
        shape: { seed: 4101, level: 2450, noise: 70, decimals: 0, steps: [{ fromWeeksBeforeEnd: 7, by: 120 }] },
        shows: { variation: 'neutral_high', assurance: null, rule: 'shift' },
      },
    ],
    realFourHourMeasure: true,
    checkIns: [
      { whatHappened: 'Electronic bed board live on the medical wards.', whatNext: 'Add the surgical wards.', confidence: 3 },
      { whatHappened: 'Surgical wards added; the site team stopped their 10 o’clock phone round.', whatNext: 'Show the expected wait on the screen in the waiting room.', confidence: 3 },
      { whatHappened: 'Attendances are higher than usual for the time of year.', whatNext: 'Open the winter escalation beds early.', confidence: 2 },
      { whatHappened: 'Escalation beds open.', whatNext: 'Review the 4-hour figures with the divisions.', confidence: 2 },
      { whatHappened: 'Waiting-room screen ordered.', whatNext: 'Fit the screen and test it with the patient partner.', confidence: 2 },
      { whatHappened: 'Demand still high; the board asked for a plan for the 4-hour standard.', whatNext: 'Bring the plan to the next board.', confidence: 2 },
    ],
    checkInWeeksBehind: 2,
  },
  {
    statement: 'Move every server from the hospital data centre to the cloud',
    forWhom: 'The digital team',
    monthsToGo: 18,
    wgll: ['smart_foundations'],
    problems: [],
    objectives: ['time-to-care'],
    owners: ['cdio'],
    measures: [],
    checkIns: [
      { whatHappened: 'Cloud landing zone built.', whatNext: 'Move the first five test servers.', confidence: 4 },
      { whatHappened: 'Five test servers moved.', whatNext: 'Plan the move of the pathology servers.', confidence: 4 },
      { whatHappened: 'Pathology supplier asks for six months’ notice.', whatNext: 'Give notice; move the finance servers first instead.', confidence: 3 },
      { whatHappened: 'Finance servers moved over a weekend with no downtime.', whatNext: 'Say which problem of patients or staff this goal solves, as the board asked.', confidence: 3 },
      { whatHappened: 'Started to list what the move would change for staff.', whatNext: 'Link the goal to a problem, or stop it at the next review.', confidence: 3 },
      { whatHappened: '12 of 40 servers moved.', whatNext: 'Bring the link to a problem, or a proposal to stop, to the board.', confidence: 3 },
    ],
    checkInWeeksBehind: 0,
  },
];

/** The real measure: A&E 4-hour performance of one real trust, from NHS England's published figures. */
export const FOUR_HOUR_MEASURE = {
  owner: 'deputy-coo',
  target: 95,
  annotations: [{ period: '2020-04-01', label: 'COVID-19: far fewer attendances' }],
  /**
   * Where the published series changed its level, as the figures show (R1H, 2015–2024): one set of
   * limits over nine years would make nearly every point special cause. Each starts new limits.
   */
  rebases: [
    {
      period: '2020-04-01',
      reason: 'COVID-19: attendances fell from about 43,000 to 16,000 a month and a larger share were seen within 4 hours',
    },
    {
      period: '2021-07-01',
      reason: 'Attendances back at pre-pandemic levels (over 40,000 a month); the share seen within 4 hours fell below its earlier level and stayed there',
    },
    {
      period: '2022-05-01',
      reason: 'A further step down: from May 2022 about 68% were seen within 4 hours, against about 76% in the year before',
    },
  ],
  name: (trust: string) => `A&E 4-hour performance: ${trust} (real published data)`,
  definition: (trust: string, code: string) =>
    'Percentage of all A&E attendances (types 1, 2 and 3) where the patient was admitted, transferred or discharged within 4 hours of arrival: ' +
    `(1 − attendances over 4 hours ÷ all attendances) × 100. These are the real monthly figures of ${trust} (${code}), ` +
    'shown so the demo has one measure on real data; the demo trust itself is fictional. Months missing from the source stay missing. ' +
    'The target of 95% is the 4-hour standard of the NHS Constitution.',
};
