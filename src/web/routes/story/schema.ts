/** Request and response schemas of the story and board pack API: they validate, type the handler and feed OpenAPI. */
import { Type } from 'typebox';

/** The organisation in the path, by its code. */
export const StoryParams = Type.Object({ code: Type.String({ maxLength: 10 }) });
/** A version in the path. */
export const VersionParams = Type.Object({ code: Type.String({ maxLength: 10 }), number: Type.String({ maxLength: 12, description: 'The version number: 1, 2, 3…' }) });

const Block = Type.Object(
  { kind: Type.String({ description: 'paragraph, items, goals, table or figure' }) },
  { additionalProperties: true, description: 'A part’s content: a paragraph, a list of items (problems with evidence), goals with their measures, a table, or a figure (SVG)' },
);

/** One part of the story. */
export const StorySectionOutput = Type.Object({
  key: Type.String({ description: 'why, mission, principles, change, choices, how, system, know or who' }),
  title: Type.String(),
  narrative: Type.String({ description: 'The board’s own words for this part, or empty' }),
  blocks: Type.Array(Block),
});

/** The story document, as built now or as a version froze it. */
export const StoryDocumentOutput = Type.Object({
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  generatedAt: Type.String({ format: 'date-time' }),
  mission: Type.String(),
  sections: Type.Array(StorySectionOutput, { description: 'The parts in the story’s order; a part with nothing to tell is left out' }),
  facts: Type.Object(
    {
      goals: Type.Array(Type.Object({ id: Type.String(), statement: Type.String() })),
      measures: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), variation: Type.Union([Type.String(), Type.Null()]), assurance: Type.Union([Type.String(), Type.Null()]) })),
      initiatives: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), status: Type.String() })),
      decisions: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), decidedOn: Type.String() })),
      principles: Type.Optional(Type.Array(Type.Object({ id: Type.String(), title: Type.String() }), { description: 'The principles told, the system’s then the organisation’s own; absent in versions published before the story told them' })),
      capabilities: Type.Optional(
        Type.Array(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String({ description: 'system, hybrid or local, with “ (recommended)” until the system decides' }) }), {
          description: 'Each assessed capability’s level; absent in versions published before the story told them',
        }),
      ),
    },
    { description: 'What versions are compared on' },
  ),
});

/** A version's record. */
export const VersionSummaryOutput = Type.Object({
  number: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Type.String(),
  note: Type.String(),
});

/** A version with its frozen document. */
export const VersionOutput = Type.Object({ ...VersionSummaryOutput.properties, document: StoryDocumentOutput });

/** A page of versions, newest first. */
export const VersionListOutput = Type.Object({ versions: Type.Array(VersionSummaryOutput), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const VersionListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

/** Publishing: an optional note. */
export const PublishInput = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

/** Which versions to compare. */
export const CompareQuery = Type.Object(
  { from: Type.Optional(Type.String({ maxLength: 12, description: 'The earlier version number' })), to: Type.Optional(Type.String({ maxLength: 12, description: 'The later version number' })) },
  { additionalProperties: false },
);

const Named = Type.Object({ id: Type.String(), title: Type.String() });
const Moved = Type.Object({ id: Type.String(), name: Type.String(), from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]) });

/** What changed between two versions. */
export const CompareOutput = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  goalsAdded: Type.Array(Type.Object({ id: Type.String(), statement: Type.String() })),
  goalsDropped: Type.Array(Type.Object({ id: Type.String(), statement: Type.String() })),
  initiativesStarted: Type.Array(Named),
  initiativesStopped: Type.Array(Named),
  measuresImproved: Type.Array(Moved, { description: 'Measures whose variation moved from concern to improvement' }),
  measuresWorsened: Type.Array(Moved, { description: 'Measures whose variation moved from improvement to concern' }),
  decisionsSince: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), decidedOn: Type.String() })),
  principlesAdded: Type.Array(Named, { description: 'Principles in the later version only (empty when the earlier version did not tell principles)' }),
  principlesDropped: Type.Array(Named),
  capabilitiesMoved: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), from: Type.Union([Type.String(), Type.Null()], { description: 'The earlier level, or null when not assessed then' }), to: Type.String() }),
    { description: 'Capabilities whose level (system, hybrid or local) changed' },
  ),
});

/** The board pack's meeting date and format. */
export const BoardPackQuery = Type.Object(
  {
    date: Type.Optional(Type.String({ maxLength: 20, description: 'The meeting date, YYYY-MM-DD' })),
    format: Type.Optional(Type.String({ maxLength: 10, description: 'pdf, md (Markdown) or html (printable web page)' })),
  },
  { additionalProperties: false },
);
