/** The fictional demo: an ICB, a trust, their people and the problems the trust's patients and staff face. */
import type { OrganisationType } from '../domain/organisation.ts';
import type { Discipline, Role } from '../domain/person.ts';
import type { Affected, EvidenceKind, ProblemStatus } from '../domain/problem.ts';

/** A fictional organisation; its code is absent from the ODS reference list. */
export interface DemoOrganisation {
  code: string;
  name: string;
  type: OrganisationType;
}

/** A fictional member of the demo trust. */
export interface DemoMember {
  key: string;
  name: string;
  email: string;
  role: Role;
  discipline: Discipline;
}

/** One evidence item of a demo problem. */
export interface DemoEvidence {
  kind: EvidenceKind;
  summary: string;
  link?: string;
  count?: number;
}

/** A problem that patients or staff of the demo trust face, raised by one of its members. */
export interface DemoProblem {
  title: string;
  description: string;
  affected: Affected;
  affectedGroup: string;
  severity: number;
  reach: number;
  themes: string[];
  status: ProblemStatus;
  /** The `key` of the member who raised it. */
  raisedBy: string;
  evidence: DemoEvidence[];
}

// Real ODS codes for ICBs start with Q and trusts with R, G or similar; nothing starts with X.
/** The fictional integrated care board the demo trust belongs to. */
export const DEMO_ICB: DemoOrganisation = {
  code: 'XDI01',
  name: 'Fernbrook and Eastmoor Integrated Care Board',
  type: 'icb',
};

/** The fictional acute trust the demo is about. */
export const DEMO_TRUST: DemoOrganisation = {
  code: 'XDT01',
  name: 'Fernbrook Valley NHS Foundation Trust',
  type: 'trust',
};

// `.example` is reserved for examples (RFC 2606), so these addresses can never reach anyone.
/** The demo admin: the trust's chief digital information officer, also a member of the ICB. */
export const DEMO_ADMIN: DemoMember = {
  key: 'cdio',
  name: 'Jordan Reid',
  email: 'demo.admin@fernbrook-valley.example',
  role: 'admin',
  discipline: 'digital',
};

// The demo is for trying Throughline out: its sign-in is shown on the sign-in page, so it is no secret.
/** The demo admin's password. */
export const DEMO_PASSWORD = 'fernbrook-valley-demo';

/** The demo admin's role in the ICB. */
export const DEMO_ADMIN_ICB_ROLE: Role = 'editor';

/** The ICB's digital lead, who admits the demo admin to the ICB. */
export const DEMO_ICB_LEAD: DemoMember = {
  key: 'ics-digital-lead',
  name: 'Nadia Khan',
  email: 'nadia.khan@fernbrook-eastmoor.example',
  role: 'admin',
  discipline: 'digital',
};

/** The other members of the demo trust, across the disciplines that own a strategy together. */
export const DEMO_TRUST_MEMBERS: DemoMember[] = [
  {
    key: 'chair',
    name: 'Helen Fairweather',
    email: 'helen.fairweather@fernbrook-valley.example',
    role: 'viewer',
    discipline: 'board',
  },
  {
    key: 'ccio',
    name: 'Dr Ruth Calder',
    email: 'ruth.calder@fernbrook-valley.example',
    role: 'editor',
    discipline: 'clinical',
  },
  {
    key: 'cnio',
    name: 'Grace Mensah',
    email: 'grace.mensah@fernbrook-valley.example',
    role: 'contributor',
    discipline: 'clinical',
  },
  {
    key: 'deputy-coo',
    name: 'Tomasz Nowak',
    email: 'tomasz.nowak@fernbrook-valley.example',
    role: 'editor',
    discipline: 'operational',
  },
  {
    key: 'finance',
    name: 'David Osei',
    email: 'david.osei@fernbrook-valley.example',
    role: 'viewer',
    discipline: 'finance',
  },
  {
    key: 'workforce',
    name: 'Aisha Rahman',
    email: 'aisha.rahman@fernbrook-valley.example',
    role: 'contributor',
    discipline: 'workforce',
  },
  {
    key: 'patient-partner',
    name: 'Peter Lawson',
    email: 'peter.lawson@fernbrook-valley.example',
    role: 'contributor',
    discipline: 'patients_representative',
  },
];

/** The problems of the demo trust: fictional, but of the kind an acute trust hears about. */
export const DEMO_PROBLEMS: DemoProblem[] = [
  {
    title: 'Discharge letters reach GPs days after the patient has gone home',
    description:
      'Discharge summaries are written after the patient leaves, when the ward doctor has time. ' +
      'GPs and community pharmacists cannot see changes to medicines until the letter arrives, ' +
      'so patients are sometimes given their old medicines.',
    affected: 'both',
    affectedGroup: 'Patients leaving the medical wards, their GPs and community pharmacists',
    severity: 4,
    reach: 2600,
    themes: ['discharge', 'medicines', 'primary care'],
    status: 'being_addressed',
    raisedBy: 'ccio',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Audit of 400 discharges in March: median of 3 days from discharge to the letter reaching the GP; 1 in 5 took more than a week.',
        count: 400,
      },
      {
        kind: 'incident_or_complaint_data',
        summary:
          'Incidents in the last 12 months where a medicine stopped in hospital was restarted because the GP had no letter.',
        count: 23,
      },
      {
        kind: 'staff_survey',
        summary:
          'Local GP survey: 3 in 4 practices said late discharge letters are their biggest problem with the trust.',
        count: 38,
      },
    ],
  },
  {
    title: 'Patients are asked the same questions at every pre-assessment contact',
    description:
      'Before planned surgery, patients give their medicines, allergies and history to the booking team, ' +
      'the pre-assessment nurse, the anaesthetist and the ward. Each writes it down in a different place.',
    affected: 'patients',
    affectedGroup: 'Adults booked for planned surgery',
    severity: 3,
    reach: 1800,
    themes: ['planned care', 'pre-assessment', 'repeated questions'],
    status: 'open',
    raisedBy: 'patient-partner',
    evidence: [
      {
        kind: 'user_research',
        summary:
          'Shadowing 12 patients from referral to surgery: each was asked about their medicines and allergies 4 times on average.',
        count: 12,
        link: 'https://example.org/fernbrook/research/pre-assessment',
      },
      {
        kind: 'patient_feedback',
        summary: '“I told three people the same thing and the fourth still got my allergy wrong.”',
      },
    ],
  },
  {
    title: 'Ward staff log in to as many as 9 systems in a shift',
    description:
      'Nurses and doctors move between the patient administration system, the electronic patient record, ' +
      'results, prescribing, observations and several specialist systems, each with its own password. ' +
      'Shared computers time out and everyone logs in again.',
    affected: 'staff',
    affectedGroup: 'Doctors, nurses and healthcare assistants on the wards',
    severity: 4,
    reach: 3200,
    themes: ['logins', 'clinical systems', 'time to care'],
    status: 'being_addressed',
    raisedBy: 'cnio',
    evidence: [
      {
        kind: 'staff_survey',
        summary:
          'Digital staff survey: 71% of ward staff log in to 6 or more systems each shift; 9 on the acute medical unit.',
        count: 640,
      },
      {
        kind: 'user_research',
        summary:
          'Timed observation on 4 wards: nurses spent a median of 14 minutes a shift logging in and waiting for systems.',
      },
      {
        kind: 'operational_data',
        summary: 'Password reset calls to the service desk each month.',
        count: 1150,
      },
    ],
  },
  {
    title: 'Outpatient letters are hard to understand for people with a learning disability',
    description:
      'Appointment letters use clinical words, small print and no pictures, and an easy read version is ' +
      'not offered. People miss appointments or arrive without the carer they need.',
    affected: 'patients',
    affectedGroup: 'People with a learning disability, and their carers',
    severity: 4,
    reach: 350,
    themes: ['accessibility', 'outpatients', 'health inequalities'],
    status: 'open',
    raisedBy: 'patient-partner',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Missed appointments in 6 months where the learning disability liaison team heard the letter was not understood.',
        count: 41,
      },
      {
        kind: 'user_research',
        summary:
          'Workshop with a local self-advocacy group: people wanted easy read letters, a named contact and a reminder by text.',
      },
    ],
  },
  {
    title: 'Referrals still arrive by email and on paper',
    description:
      'Some referrals from GPs and other trusts come by email or post instead of the electronic referral ' +
      'service. The booking team prints, scans and re-types them, and some are lost or delayed.',
    affected: 'both',
    affectedGroup: 'Booking and referral teams, and the patients being referred',
    severity: 3,
    reach: 1100,
    themes: ['referrals', 'paper', 'primary care'],
    status: 'being_addressed',
    raisedBy: 'deputy-coo',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Referrals a month received outside the electronic referral service: about 60% by email, 40% on paper.',
        count: 1100,
      },
      {
        kind: 'incident_or_complaint_data',
        summary: 'Referrals lost or delayed by more than 2 weeks last year.',
        count: 9,
      },
    ],
  },
  {
    title: 'Nobody can see which beds are free without phoning round',
    description:
      'The bed state is kept on whiteboards and a spreadsheet updated at bed meetings. The site team ' +
      'phones wards to find empty beds while patients wait in the emergency department.',
    affected: 'both',
    affectedGroup: 'Patients waiting for a bed, the site team and ward leaders',
    severity: 5,
    reach: 2100,
    themes: ['patient flow', 'beds', 'urgent care'],
    status: 'open',
    raisedBy: 'deputy-coo',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Comparing the bed spreadsheet with the patient administration system over 2 weeks: it was a median of 2 hours out of date.',
      },
      {
        kind: 'staff_survey',
        summary: 'Site managers said they spend 3 to 4 hours a day phoning wards about beds.',
        count: 14,
      },
      {
        kind: 'operational_data',
        summary:
          'Patients a month who waited more than 12 hours in the emergency department for a bed.',
        count: 310,
      },
    ],
  },
  {
    title: 'Rotas are published late and gaps are filled by phone at the last minute',
    description:
      'Rosters are approved close to the start date, so staff cannot plan their lives, and gaps are ' +
      'found late and filled by ringing round bank and agency staff.',
    affected: 'staff',
    affectedGroup: 'Nurses, healthcare assistants and bank staff',
    severity: 3,
    reach: 1500,
    themes: ['rostering', 'workforce', 'bank and agency'],
    status: 'open',
    raisedBy: 'workforce',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Rosters were approved a median of 3 weeks before the start date; the trust’s standard is 6 weeks.',
      },
      {
        kind: 'staff_survey',
        summary:
          'Nursing staff who said they cannot plan their life around their rota: 38% of 900 who answered.',
        count: 900,
      },
    ],
  },
  {
    title: 'Test results are chased by phone',
    description:
      'Ward staff, GP practices and patients ring the pathology and radiology departments to ask whether a ' +
      'result is ready, because they cannot see it or are not told when it is.',
    affected: 'both',
    affectedGroup: 'Ward staff, GP practices and patients waiting for results',
    severity: 3,
    reach: 2800,
    themes: ['test results', 'pathology', 'telephony'],
    status: 'open',
    raisedBy: 'ccio',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Calls a month to the pathology results line, most asking whether a result is ready.',
        count: 4300,
      },
      {
        kind: 'patient_feedback',
        summary:
          'Patient advice and liaison service contacts about waiting to hear test results, last quarter.',
        count: 57,
      },
    ],
  },
  {
    title: 'Interpreters are booked by fax and email, and some do not arrive',
    description:
      'Interpreter requests, including for British Sign Language, are sent to the provider by fax or email. ' +
      'There is no confirmation, so clinics find out on the day that nobody is coming.',
    affected: 'both',
    affectedGroup: 'Patients who need an interpreter, including Deaf people, and clinic staff',
    severity: 4,
    reach: 600,
    themes: ['interpreting', 'health inequalities', 'accessibility'],
    status: 'being_addressed',
    raisedBy: 'patient-partner',
    evidence: [
      {
        kind: 'incident_or_complaint_data',
        summary: 'Complaints in a year from patients whose interpreter did not arrive.',
        count: 17,
      },
      {
        kind: 'operational_data',
        summary: '1 in 8 interpreter bookings failed in the last quarter.',
      },
      {
        kind: 'user_research',
        summary:
          'Conversations with a local Deaf community group: people bring family members to interpret because they do not trust the booking.',
      },
    ],
  },
  {
    title: 'Patients have to phone to change or cancel an outpatient appointment',
    description:
      'The only way to change an appointment is the appointments line, which is busy in the mornings. ' +
      'Patients who cannot get through do not attend, and the slot is wasted.',
    affected: 'patients',
    affectedGroup: 'Outpatients',
    severity: 2,
    reach: 9000,
    themes: ['outpatients', 'appointments', 'telephony'],
    status: 'open',
    raisedBy: 'deputy-coo',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Calls to the appointments line abandoned before they were answered, between 8am and 11am.',
        count: 2400,
      },
      {
        kind: 'operational_data',
        summary: 'Outpatient appointments not attended last month (8.1% of the total).',
        count: 3650,
      },
    ],
  },
  {
    title: 'Observations are written on paper charts and typed in later',
    description:
      'On some wards, vital signs go on a paper chart at the bedside and are entered into the record at the ' +
      'end of the round. A rising early warning score can be missed for hours.',
    affected: 'both',
    affectedGroup: 'Inpatients whose condition gets worse, and the nurses caring for them',
    severity: 5,
    reach: 1700,
    themes: ['deterioration', 'observations', 'paper'],
    status: 'being_addressed',
    raisedBy: 'cnio',
    evidence: [
      {
        kind: 'incident_or_complaint_data',
        summary:
          'Serious incidents in 2 years where a high early warning score was not escalated in time.',
        count: 6,
      },
      {
        kind: 'operational_data',
        summary:
          'Ward audit: a median of 95 minutes between taking observations and their entry in the record.',
      },
    ],
  },
  {
    title: 'Pharmacists phone GP practices to find out what medicines a patient takes',
    description:
      'When someone is admitted as an emergency, the pharmacy team rings their GP practice for a list of ' +
      'their medicines, often more than once, and the list may be days old.',
    affected: 'both',
    affectedGroup: 'Patients admitted as emergencies, and the pharmacy team',
    severity: 4,
    reach: 2000,
    themes: ['medicines', 'admission', 'interoperability'],
    status: 'open',
    raisedBy: 'ccio',
    evidence: [
      {
        kind: 'operational_data',
        summary: 'Admissions where medicines were checked within 24 hours: 62%.',
      },
      {
        kind: 'staff_survey',
        summary: 'Pharmacy team: about 2 hours a day each spent on the phone to GP practices.',
        count: 22,
      },
    ],
  },
  {
    title: 'Staff cannot find a working computer at the start of a shift',
    description:
      'Ward computers were old and slow to start, and several on each ward did not work, so staff queued ' +
      'to use them at handover.',
    affected: 'staff',
    affectedGroup: 'Ward staff',
    severity: 2,
    reach: 1200,
    themes: ['devices', 'infrastructure'],
    status: 'resolved',
    raisedBy: 'cnio',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Service desk tickets about ward computers in the 6 months before they were replaced.',
        count: 480,
      },
      {
        kind: 'staff_survey',
        summary:
          'Ward staff who said they could usually find a working computer: up from 41% to 86% after the refresh.',
      },
    ],
  },
  {
    title: 'Patients in the emergency department do not know how long they will wait',
    description:
      'Waiting times are not shown, and patients and their families ask staff again and again. Some leave ' +
      'before they are seen.',
    affected: 'patients',
    affectedGroup: 'Patients and families in the emergency department',
    severity: 2,
    reach: 7000,
    themes: ['urgent care', 'communication'],
    status: 'parked',
    raisedBy: 'patient-partner',
    evidence: [
      {
        kind: 'patient_feedback',
        summary: 'Friends and family test comments about not knowing the wait, last quarter.',
        count: 210,
      },
      {
        kind: 'operational_data',
        summary: 'Patients a month who left the emergency department before being seen.',
        count: 380,
      },
    ],
  },
  {
    title: 'Clinic letters take 3 weeks to be typed and sent',
    description:
      'Consultants dictate clinic letters, which wait in a typing queue. Patients and GPs wait for the plan, ' +
      'and GP practices ring to ask for it.',
    affected: 'both',
    affectedGroup: 'Outpatients, their GPs, and medical secretaries',
    severity: 3,
    reach: 6000,
    themes: ['outpatients', 'letters', 'administration'],
    status: 'being_addressed',
    raisedBy: 'deputy-coo',
    evidence: [
      {
        kind: 'operational_data',
        summary:
          'Median days from clinic to letter sent: 19; letters waiting to be typed at month end.',
        count: 2300,
      },
      {
        kind: 'staff_survey',
        summary: 'Medical secretaries who said their workload was not manageable: 7 in 10.',
        count: 64,
      },
    ],
  },
  {
    title:
      'Safeguarding information from other agencies is not visible to the clinicians who need it',
    description:
      'Child protection plans and alerts shared by social care are held in a separate system that emergency ' +
      'and maternity staff cannot easily reach, so they ask the safeguarding team by phone.',
    affected: 'both',
    affectedGroup: 'Children and adults at risk, and emergency and maternity staff',
    severity: 5,
    reach: 250,
    themes: ['safeguarding', 'interoperability'],
    status: 'open',
    raisedBy: 'ccio',
    evidence: [
      {
        kind: 'incident_or_complaint_data',
        summary: 'Safeguarding reviews in 2 years that found information was held but not seen.',
        count: 3,
      },
      {
        kind: 'user_research',
        summary:
          'Interviews with 10 emergency department nurses: checking for a child protection plan out of hours takes up to an hour.',
        count: 10,
      },
    ],
  },
  {
    title: 'Community nurses cannot see what happened in hospital',
    description:
      'District nurses and therapists who visit people after discharge cannot see hospital notes or ' +
      'results, so they start again with questions the patient has already answered.',
    affected: 'both',
    affectedGroup: 'People cared for at home after discharge, and community teams',
    severity: 3,
    reach: 900,
    themes: ['interoperability', 'discharge', 'community care'],
    status: 'open',
    raisedBy: 'cnio',
    evidence: [
      {
        kind: 'user_research',
        summary:
          'Joint visits with 6 district nurses: each first visit after discharge began with 20 minutes of phone calls to find the plan.',
        count: 6,
      },
    ],
  },
  {
    title: 'Theatre lists change on the day and patients are not told',
    description:
      'When a list overruns or is reordered, patients already fasting are kept waiting without news, and ' +
      'some operations are cancelled after they have arrived.',
    affected: 'patients',
    affectedGroup: 'Patients on the day of planned surgery',
    severity: 3,
    reach: 300,
    themes: ['planned care', 'theatres', 'communication'],
    status: 'parked',
    raisedBy: 'deputy-coo',
    evidence: [
      {
        kind: 'operational_data',
        summary: 'Operations cancelled on the day for non-clinical reasons, last quarter.',
        count: 96,
      },
      {
        kind: 'patient_feedback',
        summary: '“I fasted from midnight and nobody told me until 4pm that it was cancelled.”',
      },
    ],
  },
  {
    title: 'Patients staying in hospital cannot get online',
    description:
      'Wi-Fi for patients was slow and needed a code from the ward, so people staying for days could not ' +
      'talk to family or use the NHS App.',
    affected: 'patients',
    affectedGroup: 'Inpatients staying more than 3 days',
    severity: 2,
    reach: 1400,
    themes: ['digital inclusion', 'wi-fi'],
    status: 'resolved',
    raisedBy: 'patient-partner',
    evidence: [
      {
        kind: 'patient_feedback',
        summary: 'Inpatient survey comments about Wi-Fi before the new network.',
        count: 120,
      },
    ],
  },
  {
    title: 'New starters wait weeks for access to the systems they need',
    description:
      'Accounts are requested on paper forms signed by a manager. Resident doctors who rotate in use ' +
      'colleagues’ logins or cannot prescribe in their first week.',
    affected: 'staff',
    affectedGroup: 'New starters, including resident doctors on rotation',
    severity: 3,
    reach: 250,
    themes: ['onboarding', 'logins', 'workforce'],
    status: 'open',
    raisedBy: 'workforce',
    evidence: [
      {
        kind: 'operational_data',
        summary: 'Median working days from start date to having every account needed: 8.',
      },
      {
        kind: 'staff_survey',
        summary:
          'Resident doctors at induction who said they had no working login on their first day.',
        count: 34,
      },
      {
        kind: 'incident_or_complaint_data',
        summary: 'Information governance incidents about shared logins last year.',
        count: 12,
      },
    ],
  },
];
