/** Request and response schemas of the problems API: they validate, type the handlers and feed OpenAPI. */
import { Type, type Static } from 'typebox';
import { AFFECTED, EVIDENCE_KINDS, PROBLEM_STATUSES } from '../../../domain/problem.ts';

const literalUnion = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Enum([...values] as T[number][], { description });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  },
  { description: 'An error: a stable code, a plain-English message, and field errors if any' },
);

export const EvidenceInput = Type.Object(
  {
    kind: literalUnion(EVIDENCE_KINDS, 'What kind of evidence this is'),
    summary: Type.String({ description: 'What the evidence says', maxLength: 2000 }),
    link: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'A link to the source (http or https)' })),
    count: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'How many responses, incidents or records it covers' })),
  },
  { additionalProperties: false },
);

export const EvidenceOutput = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: literalUnion(EVIDENCE_KINDS, 'What kind of evidence this is'),
  summary: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  count: Type.Union([Type.Integer(), Type.Null()]),
});

const problemFields = {
  title: Type.String({ maxLength: 200, description: 'The problem in a few words' }),
  description: Type.String({ maxLength: 5000, description: 'What happens, to whom, and why it matters' }),
  affected: literalUnion(AFFECTED, 'Who feels it: patients, staff or both'),
  affectedGroup: Type.String({ maxLength: 200, description: 'Which group, e.g. "outpatients with a learning disability"' }),
  severity: Type.Integer({ minimum: 1, maximum: 5, description: '1 (minor) to 5 (severe)' }),
  reach: Type.Integer({ minimum: 0, description: 'People affected per month' }),
  themes: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20, description: 'Free tags' }),
  status: literalUnion(PROBLEM_STATUSES, 'open, being_addressed, parked or resolved'),
};

export const ProblemCreate = Type.Object(
  {
    title: problemFields.title,
    description: problemFields.description,
    affected: problemFields.affected,
    affectedGroup: Type.Optional(problemFields.affectedGroup),
    severity: problemFields.severity,
    reach: problemFields.reach,
    themes: Type.Optional(problemFields.themes),
    status: Type.Optional(problemFields.status),
    evidence: Type.Optional(Type.Array(EvidenceInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type ProblemCreate = Static<typeof ProblemCreate>;

export const ProblemPatch = Type.Object(
  {
    title: Type.Optional(problemFields.title),
    description: Type.Optional(problemFields.description),
    affected: Type.Optional(problemFields.affected),
    affectedGroup: Type.Optional(problemFields.affectedGroup),
    severity: Type.Optional(problemFields.severity),
    reach: Type.Optional(problemFields.reach),
    themes: Type.Optional(problemFields.themes),
    status: Type.Optional(problemFields.status),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProblemPatch = Static<typeof ProblemPatch>;

export const ProblemOutput = Type.Object({
  id: Type.String({ format: 'uuid' }),
  organisationCode: Type.String(),
  ...problemFields,
  priority: Type.Integer({ description: 'severity × reach, the order of the list' }),
  raisedBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  evidence: Type.Array(EvidenceOutput),
});

export const ProblemList = Type.Object({
  problems: Type.Array(ProblemOutput),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const ProblemListQuery = Type.Object(
  {
    theme: Type.Optional(Type.String({ maxLength: 50 })),
    affected: Type.Optional(literalUnion(AFFECTED, 'Filter by who feels it')),
    status: Type.Optional(literalUnion(PROBLEM_STATUSES, 'Filter by status')),
    limit: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$', description: 'How many to return, 1 to 100 (default 50)' })),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'How many to skip (default 0)' })),
  },
  { additionalProperties: false },
);
export type ProblemListQuery = Static<typeof ProblemListQuery>;

export const OrganisationParams = Type.Object({ code: Type.String({ maxLength: 10 }) });
export const ProblemParams = Type.Object({ problemId: Type.String({ format: 'uuid' }) });
export const EvidenceParams = Type.Object({
  problemId: Type.String({ format: 'uuid' }),
  evidenceId: Type.String({ format: 'uuid' }),
});
