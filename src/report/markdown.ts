/** Markdown for the story and the board pack: icons in words, charts as tables of values and limits. */
import { describeDate } from '../domain/period.ts';
import type { StoryBlock, StoryDocument, StorySection } from '../domain/story.ts';
import { assuranceWords, variationWords } from './story-measure.ts';

/** Escape text so Markdown shows it as written. */
export function md(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1').replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3');
}

/** A Markdown table; cells are escaped and kept on one line. */
export function mdTable(head: string[], rows: string[][]): string {
  const cell = (c: string) => md(c).replace(/\n+/g, ' ');
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function blockMd(b: StoryBlock, level: number): string {
  const h = '#'.repeat(level);
  switch (b.kind) {
    case 'paragraph':
      return md(b.text);
    case 'items': {
      // A headed group puts its items one level below its heading.
      const ih = b.heading ? `${h}#` : h;
      const head = [b.heading ? `${h} ${md(b.heading)}` : '', b.intro ? md(b.intro) : ''].filter(Boolean);
      const items = b.items
        .map((i) =>
          [
            `${ih} ${md(i.title)}`,
            i.text ? md(i.text) : '',
            i.facts?.length ? `*${i.facts.map(md).join(' · ')}*` : '',
            i.points?.length ? i.points.map((p) => `- ${md(p)}`).join('\n') : '',
            i.people?.length ? `People: ${i.people.map(md).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
        )
        .join('\n\n');
      return [...head, items].filter(Boolean).join('\n\n');
    }
    case 'goals':
      return b.goals
        .map((g) => {
          const lines = [`${h} ${md(g.statement)}`];
          if (g.forWhom || g.byWhen) lines.push(`*${[g.forWhom ? `For ${md(g.forWhom)}` : '', g.byWhen ? `By ${g.byWhen}` : ''].filter(Boolean).join(' · ')}*`);
          if (g.owners.length) lines.push(`Owners: ${g.owners.map(md).join(', ')}`);
          if (g.measures.length) {
            lines.push(
              mdTable(
                ['Measure', 'Baseline', 'Target', 'Latest', 'Variation', 'Assurance'],
                g.measures.map((m) => [m.name, m.baseline ?? '–', m.target ?? '–', m.latest ? `${m.latest}${m.latestPeriod ? ` (${m.latestPeriod})` : ''}` : 'No values yet', variationWords(m.variation), m.target === null ? 'No target set' : assuranceWords(m.assurance)]),
              ),
            );
            lines.push(g.measures.map((m) => `- **${md(m.name)}**: ${md(m.reading)}`).join('\n'));
            for (const m of g.measures) if (m.table) lines.push(`**${md(m.name)}: the latest values and process limits**\n\n${mdTable(m.table.head, m.table.rows)}`);
          }
          return lines.join('\n\n');
        })
        .join('\n\n');
    case 'table':
      return `**${md(b.caption)}**\n\n${mdTable(b.head, b.rows)}`;
    case 'figure':
      return `*${md(b.caption)}*: ${md(b.description)}`;
  }
}

/** One part of the story as Markdown. */
export function renderSectionMarkdown(s: Omit<StorySection, 'key'> & { key: string }, level = 2): string {
  return [`${'#'.repeat(level)} ${md(s.title)}`, s.narrative ? md(s.narrative) : '', ...s.blocks.map((b) => blockMd(b, level + 1))].filter(Boolean).join('\n\n');
}

/** The story as one Markdown document. */
export function renderStoryMarkdown(doc: StoryDocument): string {
  const when = describeDate(doc.generatedAt);
  return `# ${md(doc.organisation.name)}: our digital strategy\n\n*As of ${when}.*\n\n${doc.sections.map((s) => renderSectionMarkdown(s)).join('\n\n')}\n`;
}
