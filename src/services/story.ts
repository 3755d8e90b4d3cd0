/** The strategy story: its read model, the board's settings, publishing frozen versions, the public page. */
import { InvalidInput, NotFound } from '../domain/errors.ts';
import { describeActor, requireRole, roleIn, type Actor, type Discipline } from '../domain/person.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { Problem } from '../domain/problem.ts';
import {
  checkPublishable,
  defaultStorySettings,
  NARRATIVE_SECTIONS,
  parseVersionNumber,
  redactForPublic,
  validateStorySettings,
  type NarrativeSectionKey,
  type StoryDocument,
  type StorySettings,
  type StoryVersion,
  type StoryVersionSummary,
} from '../domain/story.ts';
import { compareStoryFacts, type StoryComparison } from '../domain/story-compare.ts';
import { checkReadability, DEFAULT_JARGON, type ReadabilityReport } from '../domain/readability.ts';
import type { BoardReportGoal, BoardReportService } from './board-report.ts';
import type { Clock, ExampleCopy, PublicStoryHead, Storage } from './stores.ts';
import { recordChange } from './audit.ts';

/** Everything the story is told from, read once: the parts of other areas are added by their own read models. */
export interface StoryReadModel {
  organisation: Organisation;
  settings: StorySettings;
  /** The biggest open problems, highest severity × reach first. */
  problems: Problem[];
  /** Goals with their measures and statistics, as the board report has them. */
  goals: BoardReportGoal[];
  /** The disciplines of the people who raised problems or own goals, with how many people of each. */
  disciplines: { discipline: Discipline; people: number }[];
  /** The names of those people, for an organisation that shows them. */
  contributors: { name: string; discipline: Discipline }[];
  exampleCopies: ExampleCopy[];
}

const STORY_PROBLEMS = 8;
const VERSION_PAGE = 20;

function settingsRecord(s: StorySettings): Record<string, unknown> {
  return {
    mission: s.mission,
    ...Object.fromEntries(NARRATIVE_SECTIONS.map((k) => [`narrative_${k}`, s.narratives[k] ?? ''])),
    publicEnabled: s.publicEnabled,
    publicShowNames: s.publicShowNames,
    trustCode: s.trustCode,
    peerCodes: s.peerCodes.join(', '),
    jargon: s.jargon ? s.jargon.join(', ') : null,
  };
}

/** The use cases of the story. */
export function createStoryService(storage: Storage, boardReport: BoardReportService, clock: Clock) {
  async function settingsOf(organisationId: string): Promise<StorySettings> {
    return (await storage.stores.story.findSettings(organisationId)) ?? defaultStorySettings(organisationId);
  }

  async function loadVersion(organisationId: string, raw: unknown, field = 'version'): Promise<StoryVersion> {
    const n = parseVersionNumber(raw, field);
    const v = await storage.stores.story.findVersion(organisationId, n);
    if (!v) throw new NotFound(`Version ${n} of the story`);
    return v;
  }

  // Goes up with every change this process makes to a story's settings or versions, so a cache
  // of the public page here sees its own changes at once.
  let revision = 0;

  return {
    /** A counter that moves with every story change made through this process. */
    revision(): number {
      return revision;
    },

    /** The story's settings: mission, narratives, public page and peers. */
    async settings(actor: Actor, organisationId: string): Promise<StorySettings> {
      requireRole(actor, organisationId, 'viewer');
      return settingsOf(organisationId);
    },

    /** Change the mission, narratives, public page or peers (editors); the public page switch is for admins. */
    async updateSettings(actor: Actor, organisationId: string, raw: Record<string, unknown>): Promise<StorySettings> {
      const role = requireRole(actor, organisationId, 'editor');
      return storage.transaction(async (stores) => {
        const current = (await stores.story.findSettings(organisationId)) ?? defaultStorySettings(organisationId);
        const next = validateStorySettings(current, raw);
        if ((next.publicEnabled !== current.publicEnabled || next.publicShowNames !== current.publicShowNames) && role !== 'admin') {
          throw new InvalidInput('Only an admin can change the public page', { publicEnabled: 'Only an admin can switch the public page on or off, or show names on it' });
        }
        const saved = await stores.story.saveSettings(organisationId, next);
        await recordChange(stores, actor, {
          organisationId,
          entityType: 'story_settings',
          entityId: organisationId,
          action: current.updatedAt.getTime() === 0 ? 'created' : 'updated',
          before: current.updatedAt.getTime() === 0 ? null : settingsRecord(current),
          after: settingsRecord(saved),
        });
        return saved;
      }).finally(() => revision++);
    },

    /** What the story is told from. */
    async readModel(actor: Actor, organisation: Organisation): Promise<StoryReadModel> {
      requireRole(actor, organisation.id, 'viewer');
      const [settings, page, goals, members, exampleCopies] = await Promise.all([
        settingsOf(organisation.id),
        storage.stores.problems.list(organisation.id, {}, { limit: 100, offset: 0 }),
        boardReport.build(actor, organisation.id, 'name'),
        storage.stores.users.listMembers(organisation.id),
        storage.stores.story.listExampleCopies(organisation.id),
      ]);
      const problems = page.problems.filter((p) => p.status === 'open' || p.status === 'being_addressed').slice(0, STORY_PROBLEMS);
      const byUser = new Map(members.map((m) => [m.userId, m]));
      const people = new Map<string, { name: string; discipline: Discipline }>();
      for (const p of page.problems) {
        const m = p.raisedByUserId ? byUser.get(p.raisedByUserId) : undefined;
        if (m) people.set(m.userId, { name: m.name, discipline: m.discipline });
      }
      for (const g of goals) {
        for (const o of g.goal.owners) {
          const m = byUser.get(o.userId);
          if (m) people.set(m.userId, { name: m.name, discipline: m.discipline });
        }
      }
      const counts = new Map<Discipline, number>();
      for (const p of people.values()) counts.set(p.discipline, (counts.get(p.discipline) ?? 0) + 1);
      return {
        organisation,
        settings,
        problems,
        goals,
        disciplines: [...counts].map(([discipline, n]) => ({ discipline, people: n })).sort((a, b) => b.people - a.people || a.discipline.localeCompare(b.discipline)),
        contributors: [...people.values()].sort((a, b) => a.name.localeCompare(b.name)),
        exampleCopies,
      };
    },

    /** The readability of the mission and each narrative, checked against the organisation's list of jargon. */
    async readability(actor: Actor, organisationId: string): Promise<{ section: 'mission' | NarrativeSectionKey; report: ReadabilityReport }[]> {
      requireRole(actor, organisationId, 'viewer');
      const s = await settingsOf(organisationId);
      const jargon = s.jargon ?? Object.keys(DEFAULT_JARGON);
      const parts: { section: 'mission' | NarrativeSectionKey; text: string }[] = [
        { section: 'mission', text: s.mission },
        ...NARRATIVE_SECTIONS.map((k) => ({ section: k, text: s.narratives[k] ?? '' })),
      ];
      return parts.filter((p) => p.text.trim()).map((p) => ({ section: p.section, report: checkReadability(p.text, jargon) }));
    },

    /** Publish the story: freeze the document as it is now, as the next version. */
    async publish(actor: Actor, organisationId: string, document: StoryDocument, note = ''): Promise<StoryVersionSummary> {
      requireRole(actor, organisationId, 'editor');
      checkPublishable(document);
      const trimmed = note.trim();
      if (trimmed.length > 500) throw new InvalidInput('The note is too long', { note: 'Keep the note to 500 characters or fewer' });
      return storage.transaction(async (stores) => {
        const v = await stores.story.insertVersion(organisationId, { publishedAt: clock(), publishedBy: describeActor(actor), note: trimmed, document });
        await recordChange(stores, actor, {
          organisationId,
          entityType: 'story_version',
          entityId: organisationId,
          action: 'created',
          before: null,
          after: { number: v.number, note: v.note, goals: document.facts.goals.length, measures: document.facts.measures.length },
        });
        return v;
      }).finally(() => revision++);
    },

    /** Published versions, newest first. */
    async versions(actor: Actor, organisationId: string, page = 1): Promise<{ versions: StoryVersionSummary[]; total: number; page: number; pageSize: number }> {
      requireRole(actor, organisationId, 'viewer');
      const p = Number.isInteger(page) && page > 0 ? page : 1;
      const { versions, total } = await storage.stores.story.listVersions(organisationId, { limit: VERSION_PAGE, offset: (p - 1) * VERSION_PAGE });
      return { versions, total, page: p, pageSize: VERSION_PAGE };
    },

    /** One published version, with its frozen document. */
    async version(actor: Actor, organisationId: string, number: unknown): Promise<StoryVersion> {
      requireRole(actor, organisationId, 'viewer');
      return loadVersion(organisationId, number);
    },

    /** Compare two published versions. */
    async compare(actor: Actor, organisationId: string, from: unknown, to: unknown): Promise<{ comparison: StoryComparison; from: StoryVersion; to: StoryVersion }> {
      requireRole(actor, organisationId, 'viewer');
      const a = parseVersionNumber(from, 'from');
      const b = parseVersionNumber(to, 'to');
      if (a === b) throw new InvalidInput('Choose two different versions to compare', { to: 'Choose a different version from the one you compare it with' });
      const [va, vb] = await Promise.all([loadVersion(organisationId, a, 'from'), loadVersion(organisationId, b, 'to')]);
      return { comparison: compareStoryFacts({ number: va.number, facts: va.document.facts }, { number: vb.number, facts: vb.document.facts }), from: va, to: vb };
    },

    /** The one read the public page makes per request: whether it is on, and the latest version's number. Absent or not opted in is NotFound. */
    async publicHead(code: string): Promise<PublicStoryHead> {
      const head = /^[A-Za-z0-9]{3,10}$/.test(code) ? await storage.stores.story.publicHead(code.toUpperCase()) : null;
      if (!head || !head.publicEnabled || head.latest === null) throw new NotFound('Page');
      return head;
    },

    /** The latest published version for the public: no names unless the organisation shows them. */
    async publicVersion(head: PublicStoryHead): Promise<StoryVersion> {
      const v = head.latest === null ? null : await storage.stores.story.findVersion(head.organisationId, head.latest);
      if (!v) throw new NotFound('Page');
      return { ...v, document: redactForPublic(v.document, head.publicShowNames) };
    },

    /** Whether an actor may edit the story. */
    canEdit(actor: Actor, organisationId: string): boolean {
      const role = roleIn(actor, organisationId);
      return role === 'editor' || role === 'admin';
    },
  };
}

export type StoryService = ReturnType<typeof createStoryService>;
