/** The demo system as data: the fictional ICS's member organisations, principles, goals, landscape and assessments. */
import type { OrganisationType } from '../domain/organisation.ts';
import type { Criterion, EntryStatus, Recommendation, Serves } from '../domain/system.ts';

/** A fictional member organisation of the demo ICS, with the editor who keeps its strategy. */
export interface DemoMemberOrganisation {
  key: string;
  code: string;
  name: string;
  type: OrganisationType;
  /** The first day of its membership, in months before today (rounded to the 1st). */
  joinedMonthsAgo: number;
  editor: { name: string; email: string };
}

// Real ODS codes never start with X, so none of these can be mistaken for a real organisation.
/** The demo trust plus four more: a community trust, a place, a PCN and a council. */
export const DEMO_SYSTEM_MEMBERS: DemoMemberOrganisation[] = [
  { key: 'community', code: 'XDT02', name: 'Eastmoor Community Health NHS Trust', type: 'trust', joinedMonthsAgo: 41, editor: { name: 'Owen Price', email: 'owen.price@eastmoor-community.example' } },
  { key: 'place', code: 'XDP01', name: 'Fernbrook Place Partnership', type: 'place', joinedMonthsAgo: 41, editor: { name: 'Grace Adeyemi', email: 'grace.adeyemi@fernbrook-place.example' } },
  { key: 'pcn', code: 'XDN01', name: 'Eastmoor North Primary Care Network', type: 'pcn', joinedMonthsAgo: 20, editor: { name: 'Dr Li Wei', email: 'li.wei@eastmoor-north-pcn.example' } },
  { key: 'council', code: 'XDL01', name: 'Fernbrook County Council', type: 'local_authority', joinedMonthsAgo: 41, editor: { name: 'Ruth Okafor', email: 'ruth.okafor@fernbrook-county.example' } },
];

/** The system's principles, each with its rationale. */
export const DEMO_PRINCIPLES = [
  { key: 'nhs-login', title: 'Patients prove who they are with NHS login', rationale: 'One identity for patients across every service, and no new passwords to forget.' },
  { key: 'fhir', title: 'New interfaces use FHIR UK Core', rationale: 'One standard means each new connection is built once, and the shared care record can read it.' },
  { key: 'uk-data', title: 'Data stays in the UK', rationale: 'UK GDPR, the NHS data security standards and the public’s trust.' },
];

/** The system's goals; the last is left with no contributors, so the gap shows. */
export const DEMO_SYSTEM_GOALS = [
  { key: 'home', statement: 'More people are cared for safely at home instead of in hospital', forWhom: 'People with long-term conditions and frail older people' },
  { key: 'record', statement: 'Every clinician sees the same up-to-date record of the person in front of them', forWhom: 'Clinicians and care staff across the system' },
  { key: 'staff-time', statement: 'Staff spend less time entering the same data twice', forWhom: 'Staff in every member organisation' },
];

/** The shared definition of the roll-up measure's member measures. */
export const DEMO_VIRTUAL_WARD_DEFINITION = 'Patients admitted to a virtual ward in the week, counted on the day of admission.';

/** Members' goals on virtual wards, each with a weekly count of the same definition (synthetic). */
export const DEMO_MEMBER_GOALS: { member: string; statement: string; contributesTo: string; level: number; seed: number }[] = [
  { member: 'community', statement: 'Virtual wards take more patients home from hospital', contributesTo: 'home', level: 34, seed: 901 },
  { member: 'place', statement: 'Frail older people are supported at home by the virtual ward', contributesTo: 'home', level: 18, seed: 902 },
  { member: 'pcn', statement: 'GPs refer suitable patients to the virtual ward instead of to hospital', contributesTo: 'home', level: 11, seed: 903 },
];

/** A member initiative with its declarations; one asks for an exception. */
export const DEMO_MEMBER_INITIATIVE = {
  member: 'community',
  name: 'Remote monitoring at home for virtual ward patients',
  change: 'Nurses review readings each morning and call patients whose readings change, instead of visiting every patient every day.',
  declarations: [
    { principle: 'nhs-login', stance: 'exception' as const, reason: 'The monitoring app’s supplier supports NHS login only from spring 2027; until then patients sign in with a text message code.' },
    { principle: 'fhir', stance: 'conforms' as const, reason: '' },
    { principle: 'uk-data', stance: 'conforms' as const, reason: '' },
  ],
};

/** The capability catalogue. */
export const DEMO_CAPABILITIES = [
  'Electronic patient record',
  'Shared care record',
  'Patient portal and NHS App integration',
  'E-prescribing',
  'Imaging',
  'Virtual wards',
  'Rostering',
  'Data platform',
  'Cyber security',
  'Identity and access',
];

/** Members' entries: contract ends are in months from today, so the landscape stays current. */
export const DEMO_ENTRIES: { capability: string; member: string; status: EntryStatus; product?: string; supplier?: string; endsInMonths?: number; serves?: Serves; reason?: string }[] = [
  { capability: 'Electronic patient record', member: 'trust', status: 'in_use', product: 'CareFlow EPR', supplier: 'Northgate Health', endsInMonths: 30, serves: 'partly', reason: 'Slow to chart at the bedside' },
  { capability: 'Electronic patient record', member: 'community', status: 'in_use', product: 'CommunityOne', supplier: 'Brightwater', endsInMonths: 14, serves: 'poorly', reason: 'No offline working for district nurses' },
  { capability: 'Shared care record', member: 'trust', status: 'in_use', product: 'Valley Shared Record', supplier: 'Regional partnership', endsInMonths: 9, serves: 'partly', reason: 'Has no social care data' },
  { capability: 'Shared care record', member: 'community', status: 'in_use', product: 'Valley Shared Record', supplier: 'Regional partnership', endsInMonths: 9, serves: 'partly', reason: 'Slow to open' },
  { capability: 'Shared care record', member: 'place', status: 'needed' },
  { capability: 'Shared care record', member: 'pcn', status: 'needed' },
  { capability: 'Shared care record', member: 'council', status: 'needed' },
  { capability: 'E-prescribing', member: 'trust', status: 'in_use', product: 'MedsWard', supplier: 'Pillbox Systems', endsInMonths: 11, serves: 'well', reason: 'Pharmacists and nurses like it' },
  { capability: 'E-prescribing', member: 'community', status: 'in_use', product: 'RxHome', supplier: 'Brightwater', endsInMonths: 20, serves: 'partly', reason: 'No link to the GP record' },
  { capability: 'E-prescribing', member: 'pcn', status: 'in_use', product: 'GP prescribing module', supplier: 'GP system supplier', serves: 'well', reason: 'Part of the GP system' },
  { capability: 'Virtual wards', member: 'community', status: 'building', product: 'Own remote monitoring service', serves: 'partly', reason: 'Piloting on two wards' },
  { capability: 'Virtual wards', member: 'place', status: 'building', supplier: 'Local care partner', serves: 'partly', reason: 'First patients this quarter' },
  { capability: 'Virtual wards', member: 'trust', status: 'needed' },
  { capability: 'Rostering', member: 'trust', status: 'in_use', product: 'ShiftWise', supplier: 'Rota Co', endsInMonths: 40, serves: 'well', reason: 'Staff can swap shifts on their phones' },
  { capability: 'Rostering', member: 'community', status: 'in_use', product: 'TeamRota', supplier: 'Planwell', endsInMonths: 6, serves: 'partly', reason: 'Does not handle visits' },
  { capability: 'Rostering', member: 'council', status: 'in_use', product: 'Council HR suite', supplier: 'County IT', serves: 'well', reason: 'Fits council terms and conditions' },
  { capability: 'Cyber security', member: 'trust', status: 'in_use', supplier: 'Regional security operations centre', endsInMonths: 18, serves: 'well', reason: 'Round-the-clock monitoring' },
  { capability: 'Cyber security', member: 'community', status: 'in_use', supplier: 'Regional security operations centre', endsInMonths: 18, serves: 'well', reason: 'Round-the-clock monitoring' },
];

/** Three assessments, each with a reason per score, and the decision recorded for the first. */
export const DEMO_ASSESSMENTS: { capability: string; scores: Record<Criterion, [number, string]>; decided?: Recommendation; rationale?: string }[] = [
  {
    capability: 'Shared care record',
    scores: {
      commonality: [5, 'Every member has it or needs it'],
      standardisation: [4, 'Viewing a record works the same everywhere'],
      interoperability: [5, 'Care crosses organisations every day'],
      localVariation: [1, 'Members gain little from their own version'],
    },
    decided: 'system',
    rationale: 'Needs are common, the process is standard and interoperability is critical: run one shared care record for the system, and bring social care data into it.',
  },
  {
    capability: 'E-prescribing',
    scores: {
      commonality: [3, 'Three of five members prescribe'],
      standardisation: [3, 'Hospital, community and GP prescribing differ'],
      interoperability: [3, 'Medicines need to move with the patient'],
      localVariation: [3, 'Wards and GP practices work differently'],
    },
  },
  {
    capability: 'Rostering',
    scores: {
      commonality: [3, 'Three of five members roster staff'],
      standardisation: [2, 'Terms and conditions differ between NHS and council staff'],
      interoperability: [1, 'Rotas rarely cross organisations'],
      localVariation: [4, 'Each workforce has its own patterns'],
    },
  },
];
