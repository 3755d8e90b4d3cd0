/**
 * Worked examples to start a strategy from, in our own words: for common NHS digital areas, a
 * problem, the goal it leads to, measures, initiatives and what to stop. An editor copies one
 * into the organisation's strategy and adapts it; the copy records where it came from.
 */
import type { Affected, EvidenceKind } from './problem.ts';
import type { Direction, Unit } from './measure.ts';
import type { Wgll } from './goal.ts';

/** One worked example. */
export interface StoryExample {
  id: string;
  title: string;
  area: string;
  summary: string;
  problem: {
    title: string;
    description: string;
    affected: Affected;
    affectedGroup: string;
    severity: number;
    reach: number;
    themes: string[];
    evidence: { kind: EvidenceKind; summary: string }[];
  };
  goal: { statement: string; forWhom: string; wgll: Wgll[] };
  measures: { name: string; definition: string; unit: Unit; improvementDirection: Direction; frequency: 'weekly' | 'monthly'; target: number | null; dataSource: string }[];
  initiatives: string[];
  stop: string[];
}

/** The library, in the order it is listed. */
export const STORY_EXAMPLES: readonly StoryExample[] = [
  {
    id: 'outpatient-letters',
    title: 'Outpatient letters and appointment changes',
    area: 'Outpatients',
    summary: 'Patients get letters late and cannot change an appointment without phoning, so clinics run with empty slots.',
    problem: {
      title: 'Patients cannot easily see or change their outpatient appointments',
      description: 'Appointment letters arrive by post, sometimes after the appointment. To change one, patients phone a busy line. Many give up and do not attend, and the slot is wasted.',
      affected: 'patients',
      affectedGroup: 'People with outpatient appointments',
      severity: 3,
      reach: 12000,
      themes: ['outpatients', 'access'],
      evidence: [
        { kind: 'patient_feedback', summary: 'Complaints about late letters and the phone line are among the most common outpatient complaints.' },
        { kind: 'operational_data', summary: 'Around 1 in 12 outpatient appointments is missed without notice.' },
      ],
    },
    goal: { statement: 'Fewer missed outpatient appointments because patients can see and change them online by the end of next year', forWhom: 'People with outpatient appointments', wgll: ['empower_citizens'] },
    measures: [
      { name: 'Missed outpatient appointments', definition: 'Appointments not attended without notice, as a percentage of all booked appointments in the week.', unit: 'percentage', improvementDirection: 'decrease', frequency: 'weekly', target: 5, dataSource: 'Patient administration system' },
      { name: 'Appointment changes made online', definition: 'Changes and cancellations made by patients online, as a percentage of all patient-initiated changes.', unit: 'percentage', improvementDirection: 'increase', frequency: 'weekly', target: 50, dataSource: 'Patient portal and booking office logs' },
    ],
    initiatives: ['Send letters by text and the NHS App first, post only where people ask for it', 'Let patients change or cancel online with slots released straight back to the clinic'],
    stop: ['Printing and posting letters to patients who have chosen digital letters'],
  },
  {
    id: 'discharge-summaries',
    title: 'Discharge summaries to GPs',
    area: 'Transfers of care',
    summary: 'GPs get discharge summaries late or not at all, so medicines changes are missed.',
    problem: {
      title: 'Discharge summaries reach GPs late',
      description: 'Summaries are written after the patient leaves and sent in batches. GP practices chase them by phone, and medicines changes are sometimes missed.',
      affected: 'both',
      affectedGroup: 'Patients leaving hospital and their GP practices',
      severity: 4,
      reach: 5000,
      themes: ['discharge', 'primary care'],
      evidence: [
        { kind: 'incident_or_complaint_data', summary: 'Incidents each quarter where a medicines change was not known to the GP.' },
        { kind: 'user_research', summary: 'GP practice staff describe phoning wards to find summaries.' },
      ],
    },
    goal: { statement: 'Every GP gets the discharge summary within 24 hours of their patient leaving hospital by next winter', forWhom: 'Patients leaving hospital and their GPs', wgll: ['safe_practice'] },
    measures: [
      { name: 'Discharge summaries sent within 24 hours', definition: 'Summaries sent electronically to the GP within 24 hours of discharge, as a percentage of all discharges in the week.', unit: 'percentage', improvementDirection: 'increase', frequency: 'weekly', target: 95, dataSource: 'Electronic patient record' },
    ],
    initiatives: ['Write the summary before the patient leaves, as part of the ward round', 'Send summaries electronically to the GP system as soon as they are signed'],
    stop: ['Posting paper copies of summaries that were sent electronically'],
  },
  {
    id: 'electronic-observations',
    title: 'Electronic observations',
    area: 'Patient safety',
    summary: 'Observations on paper charts delay escalation when a patient gets worse.',
    problem: {
      title: 'Deteriorating patients are spotted late',
      description: 'Vital signs are written on paper charts at the bedside. Scores are added up by hand and the outreach team only hears by phone, so escalation is slow.',
      affected: 'both',
      affectedGroup: 'Adult inpatients and ward nurses',
      severity: 5,
      reach: 3000,
      themes: ['safety', 'nursing'],
      evidence: [
        { kind: 'incident_or_complaint_data', summary: 'Serious incident reviews name delayed escalation as a factor.' },
        { kind: 'staff_survey', summary: 'Nurses say charting takes time away from patients.' },
      ],
    },
    goal: { statement: 'Patients who get worse are seen by the right team sooner on every adult ward by the end of the year', forWhom: 'Adult inpatients', wgll: ['safe_practice'] },
    measures: [
      { name: 'Escalations on time', definition: 'Patients with a high early warning score reviewed within the time the escalation policy sets, as a percentage of all such patients in the week.', unit: 'percentage', improvementDirection: 'increase', frequency: 'weekly', target: 90, dataSource: 'Electronic observations system' },
    ],
    initiatives: ['Record observations on handheld devices with the score worked out automatically', 'Alert the outreach team directly when a score crosses the threshold'],
    stop: ['Paper observation charts on wards that have gone live'],
  },
  {
    id: 'staff-sign-in',
    title: 'Staff sign-in time',
    area: 'Workforce',
    summary: 'Clinicians lose minutes at every computer signing in to many systems.',
    problem: {
      title: 'Staff spend too long signing in to systems',
      description: 'Clinicians sign in to several systems many times each shift, each with its own password. Shared devices are slow to start, so people share sessions.',
      affected: 'staff',
      affectedGroup: 'Clinical staff using shared computers',
      severity: 3,
      reach: 4000,
      themes: ['workforce', 'infrastructure'],
      evidence: [
        { kind: 'staff_survey', summary: 'Signing in is the top complaint about IT in the staff survey.' },
        { kind: 'operational_data', summary: 'A timed sample found several minutes lost per shift to signing in.' },
      ],
    },
    goal: { statement: 'Clinicians get to the record in under 10 seconds at any shared computer by next spring', forWhom: 'Clinical staff', wgll: ['support_people', 'smart_foundations'] },
    measures: [
      { name: 'Median time to sign in', definition: 'The median seconds from tapping a card to the record being open, from a weekly sample of shared computers.', unit: 'other', improvementDirection: 'decrease', frequency: 'weekly', target: 10, dataSource: 'Single sign-on logs' },
    ],
    initiatives: ['Tap-in, tap-out single sign-on with smartcards on shared computers', 'Keep sessions moving with the person from one computer to the next'],
    stop: ['Separate passwords for systems that can use single sign-on'],
  },
  {
    id: 'patient-portal',
    title: 'Patient portal use',
    area: 'Patient access',
    summary: 'Patients cannot see their own letters and results, so they phone to ask.',
    problem: {
      title: 'Patients phone to find out information they could see themselves',
      description: 'Results, letters and appointment details are held only in hospital systems. Patients phone departments to ask, which takes staff time and causes worry.',
      affected: 'both',
      affectedGroup: 'Patients and the staff answering phones',
      severity: 2,
      reach: 20000,
      themes: ['access', 'patient portal'],
      evidence: [{ kind: 'operational_data', summary: 'Call logs show many calls a week asking for results or letters.' }],
    },
    goal: { statement: 'Half of our patients use the portal to see their letters and results by the end of next year', forWhom: 'Patients', wgll: ['empower_citizens'] },
    measures: [
      { name: 'Active portal users', definition: 'Patients who signed in to the portal in the last 90 days, as a percentage of patients seen in that time.', unit: 'percentage', improvementDirection: 'increase', frequency: 'monthly', target: 50, dataSource: 'Patient portal' },
    ],
    initiatives: ['Publish letters and results to the portal and the NHS App', 'Invite patients to the portal at every visit, with help at reception'],
    stop: ['Answering routine "has my letter been sent" calls by hand once letters are online'],
  },
  {
    id: 'digital-inclusion',
    title: 'Digital inclusion',
    area: 'Inclusion',
    summary: 'Some patients cannot use digital services and risk being left behind.',
    problem: {
      title: 'Some patients are left out of digital services',
      description: 'People without a smartphone, data or confidence online cannot use new digital services. They wait longer and miss information that others see online.',
      affected: 'patients',
      affectedGroup: 'People who do not use digital services',
      severity: 4,
      reach: 6000,
      themes: ['inclusion', 'access'],
      evidence: [
        { kind: 'user_research', summary: 'Interviews with people in our most deprived areas found many had no data at home.' },
        { kind: 'patient_feedback', summary: 'Feedback from patients and carers who could not use online forms.' },
      ],
    },
    goal: { statement: 'No patient is worse off because they do not use digital services, measured every month from this year', forWhom: 'People who do not use digital services', wgll: ['healthy_populations'] },
    measures: [
      { name: 'Appointments missed by people not using digital services', definition: 'Missed appointments among patients with no portal or NHS App account, as a percentage of their booked appointments.', unit: 'percentage', improvementDirection: 'decrease', frequency: 'monthly', target: 7, dataSource: 'Patient administration system and portal' },
    ],
    initiatives: ['Keep a phone and paper route for every digital service', 'Digital help at reception and through local libraries'],
    stop: ['Launching a digital service without a non-digital route'],
  },
  {
    id: 'shared-care-record',
    title: 'Shared care records',
    area: 'Interoperability',
    summary: 'Clinicians cannot see what other services know about their patient.',
    problem: {
      title: 'Clinicians cannot see information held by other services',
      description: 'A patient’s GP, community and mental health records are in separate systems. Clinicians phone for information or repeat tests, and patients tell their story again and again.',
      affected: 'both',
      affectedGroup: 'Patients seen by more than one service, and their clinicians',
      severity: 4,
      reach: 8000,
      themes: ['interoperability', 'system'],
      evidence: [
        { kind: 'staff_survey', summary: 'Clinicians say missing information from other services is a daily problem.' },
        { kind: 'patient_feedback', summary: 'Patients report repeating their history to each service.' },
      ],
    },
    goal: { statement: 'Clinicians see the shared care record for most of their patients without leaving their own system by the end of next year', forWhom: 'Clinicians and the patients they treat', wgll: ['smart_foundations', 'improve_care'] },
    measures: [
      { name: 'Shared care record views', definition: 'Views of the shared care record from inside our clinical systems each week.', unit: 'count', improvementDirection: 'increase', frequency: 'weekly', target: null, dataSource: 'Shared care record audit logs' },
    ],
    initiatives: ['Open the shared care record from inside the electronic patient record in one click', 'Train each team with a named champion'],
    stop: ['Faxing and emailing clinical information that the shared care record already shows'],
  },
];

/** Find an example by its id. */
export function findStoryExample(id: string): StoryExample | null {
  return STORY_EXAMPLES.find((e) => e.id === id) ?? null;
}

/** The note a copied problem's description ends with, for the editors who adapt it. */
export function provenanceNote(exampleTitle: string): string {
  return `Copied from the Throughline example “${exampleTitle}”: adapt it to your organisation.`;
}

/** A description without the editors' note: the story says once, in its own words, which parts started from examples. */
export function withoutProvenanceNote(description: string): string {
  return description.replace(/\s*Copied from the Throughline example “[^”]*”: adapt it to your organisation\.\s*$/, '');
}
