/**
 * The demo trust's choices as data: an over-capacity portfolio of initiatives (some of them
 * technology-led, which the strategy rightly puts below the line or won't do), capacity, a stop
 * list that frees capacity, a do-differently list and a decision log. Quarters are offsets from
 * the current quarter, dates are days before today, people are member keys of demo-content.ts,
 * problems and goals are named by their titles and statements.
 */
import type { Skill } from '../domain/initiative.ts';
import type { StopItemKind, StopItemStatus } from '../domain/stop-item.ts';
import type { DecisionKind } from '../domain/decision.ts';
import type { Discipline } from '../domain/person.ts';

/** Person-weeks of each skill per quarter, the same in each of the eight planning quarters. */
export const DEMO_CAPACITY: Partial<Record<Skill, number>> = {
  product: 22,
  delivery: 24,
  design: 12,
  user_research: 10,
  engineering: 60,
  data: 20,
  clinical_safety: 6,
  other: 4,
};

export interface DemoInitiative {
  name: string;
  change: string;
  level: 'system' | 'local';
  status: 'idea' | 'proposed' | 'committed' | 'in_progress' | 'paused';
  owner: string;
  sponsor: string;
  problems: string[];
  goals: string[];
  /** Quarter offsets from now, inclusive, and person-weeks per quarter of each skill. */
  from: number;
  to: number;
  demand: Partial<Record<Skill, number>>;
  cost: number | null;
  scores: Record<string, number>;
  wontDoReason?: string;
}

/** In rank order. */
export const DEMO_INITIATIVES: DemoInitiative[] = [
  {
    name: 'Discharge summaries written during the ward round',
    change: 'Doctors complete the discharge summary on the ward round with the patient, and pharmacists check medicines before the patient leaves, instead of typing letters afterwards.',
    level: 'local', status: 'in_progress', owner: 'ccio', sponsor: 'deputy-coo',
    problems: ['Discharge letters reach GPs days after the patient has gone home'],
    goals: ['GPs receive the discharge summary within 24 hours for 9 in 10 patients leaving the medical wards'],
    from: 0, to: 3, demand: { product: 4, delivery: 4, design: 3, user_research: 2, engineering: 10, data: 2, clinical_safety: 2 }, cost: 85000,
    scores: { patient_value: 5, staff_value: 4, strategic_fit: 5, evidence: 5, effort: 3 },
  },
  {
    name: 'Observations recorded at the bedside',
    change: 'Nurses record observations on handheld devices at the bedside, and early-warning scores alert the outreach team, replacing paper charts typed in later.',
    level: 'local', status: 'committed', owner: 'cnio', sponsor: 'cnio',
    problems: ['Observations are written on paper charts and typed in later'],
    goals: [],
    from: 0, to: 4, demand: { product: 3, delivery: 4, design: 2, user_research: 2, engineering: 12, data: 3, clinical_safety: 2 }, cost: 210000,
    scores: { patient_value: 5, staff_value: 5, strategic_fit: 4, evidence: 4, effort: 4 },
  },
  {
    name: 'One sign-in for ward staff',
    change: 'Ward staff tap in once with a smartcard and move between systems without logging in again; the service desk stops resetting passwords by phone.',
    level: 'local', status: 'committed', owner: 'cdio', sponsor: 'cnio',
    problems: ['Ward staff log in to as many as 9 systems in a shift'],
    goals: ['Ward staff spend under 12 minutes of a shift logging in to systems'],
    from: 0, to: 2, demand: { product: 2, delivery: 3, engineering: 14, clinical_safety: 1, other: 2 }, cost: 160000,
    scores: { patient_value: 3, staff_value: 5, strategic_fit: 4, evidence: 5, effort: 3 },
  },
  {
    name: 'Patients change their own outpatient appointments',
    change: 'Patients rebook or cancel online or by text; booking teams spend the freed time calling people most likely to miss appointments.',
    level: 'local', status: 'proposed', owner: 'deputy-coo', sponsor: 'deputy-coo',
    problems: ['Patients have to phone to change or cancel an outpatient appointment'],
    goals: ['Half of all changes to outpatient appointments are made online, and fewer appointments are missed'],
    from: 0, to: 3, demand: { product: 4, delivery: 4, design: 4, user_research: 4, engineering: 10, data: 2 }, cost: 95000,
    scores: { patient_value: 5, staff_value: 3, strategic_fit: 5, evidence: 4, effort: 3 },
  },
  {
    name: 'A live bed state that every ward keeps up to date',
    change: 'Wards update bed status as part of the board round, and the site team runs flow from one screen instead of phoning round every two hours.',
    level: 'local', status: 'proposed', owner: 'deputy-coo', sponsor: 'deputy-coo',
    problems: ['Nobody can see which beds are free without phoning round'],
    goals: [],
    from: 1, to: 3, demand: { product: 3, delivery: 3, design: 2, user_research: 1, engineering: 8, data: 6 }, cost: 60000,
    scores: { patient_value: 4, staff_value: 5, strategic_fit: 4, evidence: 4, effort: 2 },
  },
  {
    name: 'Shared medicines record with GP practices',
    change: 'Hospital pharmacists read the GP medicines record through the ICS shared care record instead of phoning practices; practices see hospital changes the same day.',
    level: 'system', status: 'proposed', owner: 'ccio', sponsor: 'ccio',
    problems: ['Pharmacists phone GP practices to find out what medicines a patient takes'],
    goals: [],
    from: 1, to: 4, demand: { product: 2, delivery: 3, engineering: 12, data: 4, clinical_safety: 2 }, cost: 40000,
    scores: { patient_value: 4, staff_value: 4, strategic_fit: 5, evidence: 3, effort: 3 },
  },
  {
    name: 'Easy-read outpatient letters by default',
    change: 'Clinic teams choose an easy-read letter template for people with a learning disability, flagged from the reasonable adjustment record.',
    level: 'local', status: 'idea', owner: 'patient-partner', sponsor: 'ccio',
    problems: ['Outpatient letters are hard to understand for people with a learning disability'],
    goals: [],
    from: 1, to: 2, demand: { product: 1, design: 4, user_research: 3, engineering: 3 }, cost: 15000,
    scores: { patient_value: 5, staff_value: 2, strategic_fit: 4, evidence: 4, effort: 1 },
  },
  {
    name: 'Rotas published six weeks ahead',
    change: 'Rota coordinators publish rotas six weeks ahead and staff swap shifts in the app, instead of gaps being filled by phone at the last minute.',
    level: 'local', status: 'idea', owner: 'workforce', sponsor: 'workforce',
    problems: ['Rotas are published late and gaps are filled by phone at the last minute'],
    goals: [],
    from: 1, to: 3, demand: { product: 2, delivery: 2, design: 2, user_research: 2, engineering: 8, data: 3 }, cost: 70000,
    scores: { patient_value: 2, staff_value: 5, strategic_fit: 3, evidence: 3, effort: 3 },
  },
  {
    name: 'New data warehouse',
    change: 'Analysts move the reports they already run to a new warehouse. The way reports are asked for and used does not change yet.',
    level: 'local', status: 'idea', owner: 'cdio', sponsor: 'finance',
    problems: [],
    goals: [],
    from: 0, to: 5, demand: { product: 2, delivery: 3, engineering: 16, data: 12 }, cost: 450000,
    scores: { patient_value: 1, staff_value: 2, strategic_fit: 2, evidence: 1, effort: 5 },
  },
  {
    name: 'Replace the intranet',
    change: 'Communications staff publish policies in a new intranet; teams still look for guidance the same way.',
    level: 'local', status: 'idea', owner: 'cdio', sponsor: 'workforce',
    problems: [],
    goals: [],
    from: 1, to: 3, demand: { product: 2, delivery: 2, design: 4, engineering: 10 }, cost: 120000,
    scores: { patient_value: 1, staff_value: 2, strategic_fit: 1, evidence: 1, effort: 3 },
  },
  {
    name: 'Move every server to the cloud',
    change: 'The infrastructure team moves servers from the hospital data centre to a cloud provider; no clinical or operational process changes.',
    level: 'local', status: 'idea', owner: 'cdio', sponsor: 'finance',
    problems: [],
    goals: ['Move every server from the hospital data centre to the cloud'],
    from: 0, to: 7, demand: { delivery: 4, engineering: 30, other: 2 }, cost: 1800000,
    scores: { patient_value: 1, staff_value: 1, strategic_fit: 2, evidence: 1, effort: 5 },
    wontDoReason: 'Technology-led with no problem behind it: servers move when the systems on them are replaced, not as a programme of their own.',
  },
  {
    name: 'A chatbot on the trust website',
    change: 'A chatbot answers patients’ questions on the website; the teams that answer calls and letters work as before.',
    level: 'local', status: 'idea', owner: 'cdio', sponsor: 'deputy-coo',
    problems: [],
    goals: [],
    from: 0, to: 2, demand: { product: 2, design: 2, engineering: 8, clinical_safety: 2 }, cost: 90000,
    scores: { patient_value: 2, staff_value: 1, strategic_fit: 1, evidence: 1, effort: 3 },
    wontDoReason: 'No evidence that patients want it; letting patients change appointments themselves answers the calls we actually get.',
  },
];

export interface DemoStopItem {
  title: string;
  kind: StopItemKind;
  reason: string;
  owner: string;
  /** Days after today (negative: in the past). */
  stopInDays: number;
  freed: Partial<Record<Skill, number>>;
  moneyFreed: number | null;
  status: StopItemStatus;
}

export const DEMO_STOP_ITEMS: DemoStopItem[] = [
  { title: 'Monthly digital programme board with RAG reports', kind: 'meeting', reason: 'The weekly goal review shows whether things improve; a RAG report does not.', owner: 'cdio', stopInDays: -40, freed: { product: 2, delivery: 4 }, moneyFreed: null, status: 'stopped' },
  { title: 'Weekly paper bed state report', kind: 'report', reason: 'Nobody acts on a report that is out of date by the time it is printed.', owner: 'deputy-coo', stopInDays: -20, freed: { data: 4, delivery: 1 }, moneyFreed: 6000, status: 'stopped' },
  { title: 'Old theatre booking system', kind: 'system', reason: 'Theatre lists move to the patient administration system; two systems mean double entry.', owner: 'cdio', stopInDays: 100, freed: { engineering: 10, other: 1 }, moneyFreed: 48000, status: 'planned' },
  { title: 'Fax machine contract', kind: 'contract', reason: 'Interpreter and referral requests move to e-Referral and the booking portal.', owner: 'finance', stopInDays: 150, freed: { engineering: 1 }, moneyFreed: 18000, status: 'planned' },
  { title: 'Separate IT project for the new intranet', kind: 'project', reason: 'Won’t do this year: no problem behind it.', owner: 'cdio', stopInDays: -10, freed: { design: 2, engineering: 4 }, moneyFreed: null, status: 'planned' },
];

export interface DemoDoDifferently {
  title: string;
  description: string;
  problems: string[];
}

export const DEMO_DO_DIFFERENTLY: DemoDoDifferently[] = [
  { title: 'Design with the people who feel the problem', description: 'Every initiative starts with user research on the ward or in clinic, with patients and staff, before anything is bought.', problems: ['Outpatient letters are hard to understand for people with a learning disability', 'Patients have to phone to change or cancel an outpatient appointment'] },
  { title: 'Board rounds own the bed state', description: 'The nurse in charge updates bed status at the board round; the site team stops phoning round.', problems: ['Nobody can see which beds are free without phoning round'] },
  { title: 'Clinicians lead each digital change', description: 'Each initiative has a clinical or operational sponsor who chairs its fortnightly check-in.', problems: ['Ward staff log in to as many as 9 systems in a shift'] },
];

export interface DemoDecision {
  kind: DecisionKind;
  daysAgo: number;
  what: string;
  options: string[];
  rationale: string;
  members: string[];
  guests: { name: string; discipline: Discipline }[];
  initiatives: string[];
  stopItems: string[];
  /** The `what` of an earlier demo decision this one supersedes. */
  supersedes?: string;
}

export const DEMO_DECISIONS: DemoDecision[] = [
  {
    kind: 'prioritisation', daysAgo: 60,
    what: 'Rank discharge summaries, bedside observations and one sign-in first for this year',
    options: ['Rank by the scoring model as it stands', 'Put the data warehouse first to get better reports', 'Spread capacity evenly across every initiative'],
    rationale: 'They answer the problems with the strongest evidence from patients and staff, and fit the engineering capacity we have. Spreading capacity evenly would finish nothing.',
    members: ['chair', 'ccio', 'cnio', 'deputy-coo', 'cdio', 'patient-partner'], guests: [],
    initiatives: ['Discharge summaries written during the ward round', 'Observations recorded at the bedside', 'One sign-in for ward staff'], stopItems: [],
  },
  {
    kind: 'wont_do', daysAgo: 45,
    what: 'We will not move every server to the cloud as a programme, nor build a website chatbot',
    options: ['Fund the cloud move this year', 'Move servers as systems are replaced', 'Pilot a chatbot'],
    rationale: 'Both are technology-led with no problem behind them. The capacity goes to changes that patients and staff asked for.',
    members: ['ccio', 'deputy-coo', 'finance', 'cdio'], guests: [{ name: 'Maya Brooks', discipline: 'patients_representative' }],
    initiatives: ['Move every server to the cloud', 'A chatbot on the trust website'], stopItems: [],
  },
  {
    kind: 'stop', daysAgo: 41,
    what: 'Stop the monthly digital programme board and its RAG reports',
    options: ['Keep the board', 'Replace it with the weekly goal review'],
    rationale: 'The weekly review of goals with SPC charts shows whether things are improving; the RAG report took four person-weeks a quarter to write.',
    members: ['chair', 'cnio', 'deputy-coo', 'cdio'], guests: [],
    initiatives: [], stopItems: ['Monthly digital programme board with RAG reports'],
  },
  {
    kind: 'prioritisation', daysAgo: 30,
    what: 'Keep the intranet replacement and start it next quarter',
    options: ['Start the intranet next quarter', 'Wait a year'],
    rationale: 'The current intranet is out of support.',
    members: ['cdio'], guests: [{ name: 'Sam Patel', discipline: 'digital' }, { name: 'Lee Carter', discipline: 'digital' }],
    initiatives: ['Replace the intranet'], stopItems: [],
  },
  {
    kind: 'pivot', daysAgo: 12,
    what: 'Put the intranet replacement below the line and stop its separate project',
    options: ['Keep it next quarter', 'Put it below the line'],
    rationale: 'The earlier decision was made by the digital team alone. With clinicians and operations in the room, easy-read letters and a live bed state matter more to patients; the intranet stays in support for another year.',
    members: ['ccio', 'deputy-coo', 'patient-partner', 'cdio'], guests: [],
    initiatives: ['Replace the intranet'], stopItems: ['Separate IT project for the new intranet'],
    supersedes: 'Keep the intranet replacement and start it next quarter',
  },
];
