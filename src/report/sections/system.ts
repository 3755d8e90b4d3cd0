/** What is done at system level and what locally: the system's decisions on each assessed capability, and what we use. */
import { ENTRY_STATUS_LABELS, type Recommendation } from '../../domain/system.ts';
import { STORY_SECTION_TITLES, type StoryBlock } from '../../domain/story.ts';
import type { StoryPart } from '../story-part.ts';
import { readSystem, systemOfStory } from '../system-of.ts';

const LEVEL_WORDS: Record<Recommendation, string> = {
  system: 'Once for the whole system',
  hybrid: 'A system standard or platform, with local choice on top',
  local: 'Locally, by each member',
};

/** The system-and-local part, from the capability assessments and the decisions recorded on them; it records each capability's level. */
export const systemPart: StoryPart = {
  key: 'system',
  async build(context) {
    const { services, actor, organisation, model, facts } = context;
    const system = await systemOfStory(context);
    const { capabilities } = system ? await readSystem(() => services.systems.matrix(actor, system.id), { capabilities: [], members: [] }) : { capabilities: [] };
    const assessed = capabilities.filter((c) => c.assessment);
    facts.capabilities = assessed.map((c) => ({ id: c.capability.id, name: c.capability.name, level: `${c.assessment!.decided ?? c.assessment!.recommendation}${c.assessment!.decided ? '' : ' (recommended)'}` }));
    const blocks: StoryBlock[] = [];
    if (assessed.length) {
      const decided = assessed.filter((c) => c.assessment!.decided).length;
      blocks.push({
        kind: 'paragraph',
        text:
          `${system!.name} scores each capability on how common the need is, how far it can be standardised, how much it must join up, and what members gain from doing it their own way. ` +
          (decided === assessed.length
            ? `The system has decided where ${assessed.length === 1 ? 'the capability below is' : `each of these ${assessed.length} capabilities is`} done.`
            : `${decided ? `${decided} of ${assessed.length} ${decided === 1 ? 'has' : 'have'} a decision recorded; the others show` : 'None has a decision recorded yet; the table shows'} what the scores recommend until the system decides.`),
      });
      const where = (c: (typeof assessed)[number]) => {
        if (system!.own) {
          const counts = new Map<string, number>();
          for (const e of c.entries) counts.set(ENTRY_STATUS_LABELS[e.status], (counts.get(ENTRY_STATUS_LABELS[e.status]) ?? 0) + 1);
          return counts.size ? [...counts].map(([k, n]) => `${k}: ${n}`).join('; ') : 'No member has said yet';
        }
        const mine = c.entries.find((e) => e.organisationId === organisation.id);
        if (!mine) return 'Not yet recorded';
        return mine.product && (mine.status === 'in_use' || mine.status === 'building') ? `${ENTRY_STATUS_LABELS[mine.status]}: ${mine.product}` : ENTRY_STATUS_LABELS[mine.status];
      };
      blocks.push({
        kind: 'table',
        caption: 'Where each capability is done',
        head: ['Capability', 'Where it is done', 'Decided or recommended', system!.own ? 'Members' : 'What we have'],
        rows: assessed.map((c) => {
          const a = c.assessment!;
          return [c.capability.name, LEVEL_WORDS[a.decided ?? a.recommendation], a.decided ? 'Decided' : 'Recommended, not yet decided', where(c)];
        }),
      });
    }
    const initiatives = (await services.initiatives.list(actor, organisation.id)).filter((i) => i.status !== 'idea' && i.status !== 'stopped' && !i.wontDoReason);
    const atSystem = initiatives.filter((i) => i.level === 'system');
    if (atSystem.length) {
      blocks.push({
        kind: 'items',
        items: [{ title: `Our work at system level (${atSystem.length} of our ${initiatives.length} ${initiatives.length === 1 ? 'initiative' : 'initiatives'}; the rest are local)`, points: atSystem.map((i) => i.name) }],
      });
    }
    const narrative = model.settings.narratives.system ?? '';
    if (!blocks.length && !narrative) return null;
    return { key: 'system', title: STORY_SECTION_TITLES.system, narrative, blocks };
  },
};
