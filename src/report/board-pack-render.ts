/** The board pack as printable HTML and as Markdown. */
import { describeDate } from '../domain/period.ts';
import { esc, printableDocument, renderSectionHtml } from './html.ts';
import { md, renderSectionMarkdown } from './markdown.ts';
import type { BoardPack } from './board-pack.ts';


/** The pack's title. */
export function packTitle(pack: BoardPack): string {
  return `${pack.organisation.name}: board pack for ${describeDate(pack.meetingDate)}`;
}

/** The pack as one printable HTML document (the cover on its own page). */
export function renderBoardPackHtml(pack: BoardPack): string {
  const cover = `<div class="app-cover"><h1>${esc(packTitle(pack))}</h1>
<p class="app-cover-meta">Digital strategy: what the measures show, for the board meeting on ${esc(describeDate(pack.meetingDate))}. Produced ${esc(describeDate(pack.generatedAt))} from the live data. The icons come from statistical process control (Making Data Count); there are no red, amber or green ratings.</p>
${pack.cover.map((s) => renderSectionHtml(s, 2)).join('\n')}</div>`;
  return printableDocument(packTitle(pack), `${cover}\n${pack.sections.map((s) => renderSectionHtml(s, 2)).join('\n')}`);
}

/** The pack as Markdown: icons in words, each chart as a table of its latest values and limits. */
export function renderBoardPackMarkdown(pack: BoardPack): string {
  return `# ${md(packTitle(pack))}\n\n*Produced ${describeDate(pack.generatedAt)} from the live data. Icons from statistical process control (Making Data Count), in words.*\n\n${[...pack.cover, ...pack.sections].map((s) => renderSectionMarkdown(s)).join('\n\n')}\n`;
}
