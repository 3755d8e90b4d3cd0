/** HTML for the story and the board pack: fragments for pages, and whole printable documents. */
import { describeDate } from '../domain/period.ts';
import { escapeXml } from '../charts/escape-xml.ts';
import { renderAssuranceIcon, renderVariationIcon } from '../charts/spc-icons.ts';
import type { StoryBlock, StoryDocument, StoryMeasure, StorySection } from '../domain/story.ts';
import { assuranceWords, variationWords } from './story-measure.ts';

/** Escape text for HTML. */
export const esc = (s: string): string => escapeXml(s);

/** Paragraphs from the board's text, split on blank lines. */
export function paragraphs(text: string, className = 'nhsuk-body'): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p class="${className}">${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The two icons and their words, so an icon is never the only signal. */
export function iconsHtml(variation: string | null, assurance: string | null, id: string, hasTarget: boolean): string {
  const v = renderVariationIcon(variation as Parameters<typeof renderVariationIcon>[0], { size: 36, id: `${id}-v` });
  const a = renderAssuranceIcon(assurance as Parameters<typeof renderAssuranceIcon>[0], { size: 36, id: `${id}-a` });
  return `<div class="app-story-icons"><div class="app-board-icon">${v}<span>${esc(variationWords(variation))}</span></div>` +
    `<div class="app-board-icon">${a}<span>${esc(hasTarget ? assuranceWords(assurance) : 'No target set, so no assurance icon')}</span></div></div>`;
}

function measureHtml(m: StoryMeasure, i: string): string {
  const facts: [string, string | null][] = [
    ['Baseline', m.baseline],
    ['Target', m.target],
    ['Latest', m.latest ? `${m.latest}${m.latestPeriod ? ` (${m.latestPeriod})` : ''}` : 'No values yet'],
  ];
  return `<div class="app-story-measure" data-testid="story-measure">
<h4 class="nhsuk-heading-xs">${esc(m.name)}</h4>
<p class="nhsuk-body-s">${esc(m.definition)}</p>
<dl class="nhsuk-summary-list app-story-facts">${facts
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${k}</dt><dd class="nhsuk-summary-list__value">${esc(v!)}</dd></div>`)
    .join('')}${m.owner ? `<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Owner</dt><dd class="nhsuk-summary-list__value">${esc(m.owner)}</dd></div>` : ''}</dl>
${iconsHtml(m.variation, m.assurance, i, m.target !== null)}
${m.chart ? `<div class="app-story-chart">${m.chart}</div>` : ''}
<p class="nhsuk-body-s app-story-reading">${esc(m.reading)}</p>
</div>`;
}

function blockHtml(b: StoryBlock, key: string, level: number): string {
  const h = `h${level}`;
  switch (b.kind) {
    case 'paragraph':
      return paragraphs(b.text);
    case 'items': {
      // A headed group puts its items one level below its heading.
      const ih = b.heading ? `h${level + 1}` : h;
      const head = b.heading ? `<${h} class="nhsuk-heading-m">${esc(b.heading)}</${h}>\n` : '';
      const intro = b.intro ? `${paragraphs(b.intro)}\n` : '';
      return head + intro + b.items
        .map(
          (item) => `<div class="app-story-item">
<${ih} class="nhsuk-heading-s">${esc(item.title)}</${ih}>
${item.text ? paragraphs(item.text) : ''}
${item.facts?.length ? `<p class="nhsuk-body-s app-meta">${item.facts.map(esc).join(' · ')}</p>` : ''}
${item.points?.length ? `<ul class="nhsuk-list nhsuk-list--bullet">${item.points.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
${item.people?.length ? `<p class="nhsuk-body-s">People: ${item.people.map(esc).join(', ')}</p>` : ''}
</div>`,
        )
        .join('\n');
    }
    case 'goals':
      return b.goals
        .map(
          (g, gi) => `<div class="app-story-goal" data-testid="story-goal">
<${h} class="nhsuk-heading-s">${esc(g.statement)}</${h}>
${g.forWhom || g.byWhen ? `<p class="nhsuk-body-s app-meta">${g.forWhom ? `For ${esc(g.forWhom)}` : ''}${g.forWhom && g.byWhen ? ' · ' : ''}${g.byWhen ? `By ${esc(g.byWhen)}` : ''}</p>` : ''}
${g.owners.length ? `<p class="nhsuk-body-s">Owners: ${g.owners.map(esc).join(', ')}</p>` : ''}
${g.measures.length ? g.measures.map((m, mi) => measureHtml(m, `${key}-g${gi}-m${mi}`)).join('\n') : '<p class="nhsuk-body-s">No measures yet.</p>'}
</div>`,
        )
        .join('\n');
    case 'table':
      // The NHS.UK responsive table: a card per row below 48em, each value labelled by its column,
      // so that no story table runs past a 320 px screen. The roles keep it a table to screen readers.
      return `<table class="nhsuk-table nhsuk-table--responsive app-story-table" role="table"><caption class="nhsuk-table__caption nhsuk-table__caption--s">${esc(b.caption)}</caption>
<thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row">${b.head.map((c) => `<th scope="col" class="nhsuk-table__header" role="columnheader">${esc(c)}</th>`).join('')}</tr></thead>
<tbody class="nhsuk-table__body">${b.rows.map((r) => `<tr class="nhsuk-table__row" role="row">${r.map((c, ci) => `<td class="nhsuk-table__cell${/^\d{4}-\d{2}(-\d{2})?$/.test(c) ? ' app-nowrap' : ''}" role="cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">${esc(b.head[ci] ?? '')} </span>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
    case 'figure':
      // A wide figure (the roadmap) scrolls inside its own focusable region, not the whole page.
      return `<figure class="app-story-figure"><div class="app-figure-scroll" tabindex="0" role="region" aria-label="${esc(b.caption)}">${b.svg}</div><figcaption class="nhsuk-body-s">${esc(b.caption)}</figcaption></figure>`;
  }
}

/** One part of the story as HTML, its heading at `level`. */
export function renderSectionHtml(s: Omit<StorySection, 'key'> & { key: string }, level = 2): string {
  const id = `story-${s.key}`;
  const narrative = s.narrative ? `<div class="app-story-narrative">${paragraphs(s.narrative, s.key === 'mission' ? 'nhsuk-body-l' : 'nhsuk-body')}</div>` : '';
  return `<section class="app-story-section" aria-labelledby="${id}" data-section="${s.key}">
<h${level} class="nhsuk-heading-l" id="${id}">${esc(s.title)}</h${level}>
${narrative}
${s.blocks.map((b) => blockHtml(b, s.key, level + 1)).join('\n')}
</section>`;
}

/** The story's parts as one HTML fragment, for a page. */
export function renderStoryHtml(doc: StoryDocument, level = 2): string {
  return doc.sections.map((s) => renderSectionHtml(s, level)).join('\n');
}

const PRINT_CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: #212b32; font-size: 11pt; line-height: 1.45; margin: 0; }
h1 { font-size: 24pt; margin: 0 0 8pt; } h2 { font-size: 17pt; margin: 18pt 0 6pt; break-after: avoid; }
h3 { font-size: 13pt; margin: 12pt 0 4pt; break-after: avoid; } h4 { font-size: 11.5pt; margin: 8pt 0 2pt; break-after: avoid; }
p { margin: 0 0 6pt; } .nhsuk-body-l { font-size: 14pt; } .nhsuk-body-s, .app-meta { font-size: 9.5pt; color: #4c6272; }
.app-story-section { break-before: auto; } .app-story-measure, .app-pack-measure { break-inside: avoid; border-top: 1px solid #d8dde0; padding-top: 6pt; margin-top: 6pt; }
.app-story-icons { display: flex; gap: 14pt; margin: 4pt 0; } .app-board-icon { display: flex; gap: 6pt; align-items: center; font-size: 9.5pt; }
.app-story-chart svg, .app-pack-chart svg { max-width: 100%; height: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 10pt; margin: 2pt 0; font-size: 9.5pt; } dl div { display: contents; } dt { font-weight: bold; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; font-size: 9.5pt; } caption { text-align: left; font-weight: bold; margin-bottom: 4pt; }
th, td { border-bottom: 1px solid #d8dde0; text-align: left; padding: 3pt 5pt; vertical-align: top; } thead { display: table-header-group; } tr { break-inside: avoid; }
ul { margin: 0 0 6pt 16pt; padding: 0; } .app-cover { break-after: page; } .app-cover-meta { font-size: 12pt; }
.nhsuk-table-responsive__heading { display: none; }
.nhsuk-u-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
a { color: #005eb8; }
`;

/** A whole printable HTML document, self-contained (styles inline), for the printable export and the PDF. */
export function printableDocument(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${PRINT_CSS}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The story as a printable document. */
export function renderStoryDocument(doc: StoryDocument, heading = `${doc.organisation.name}: our digital strategy`): string {
  const when = describeDate(doc.generatedAt);
  return printableDocument(heading, `<h1>${esc(heading)}</h1><p class="app-meta">As of ${esc(when)}.</p>\n${renderStoryHtml(doc)}`);
}
