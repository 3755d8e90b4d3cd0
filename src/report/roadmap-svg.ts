/** The quarterly roadmap of initiatives as server-side SVG: one row per initiative, a bar from its start quarter to its end quarter. */
import { escapeXml } from '../charts/escape-xml.ts';
import { addQuarters, compareQuarters, quarterRange, type Quarter } from '../domain/quarter.ts';

/** One bar of the roadmap. */
export interface RoadmapRow {
  name: string;
  start: Quarter;
  end: Quarter;
  /** Status in words, shown on the bar so colour is never the only signal. */
  status: string;
  /** System or local. */
  level: string;
  /** A pattern for stopped or paused work. */
  muted: boolean;
}

const ROW = 30;
const LABEL = 260;
const COL = 84;
const TOP = 34;
const MAX_QUARTERS = 12;

/** Draw the roadmap; quarters from the earliest start (or `from`) to the latest end, at most 12. */
export function renderRoadmapSvg(rows: readonly RoadmapRow[], from: Quarter, title = 'Roadmap of initiatives by quarter'): string {
  const first = rows.reduce<Quarter>((q, r) => (compareQuarters(r.start, q) < 0 ? r.start : q), from);
  const last = rows.reduce<Quarter>((q, r) => (compareQuarters(r.end, q) > 0 ? r.end : q), addQuarters(from, 3));
  const quarters = quarterRange(first, last).slice(0, MAX_QUARTERS);
  const width = LABEL + quarters.length * COL + 10;
  const height = TOP + rows.length * ROW + 10;
  const index = (q: Quarter) => Math.max(0, Math.min(quarters.length - 1, quarters.indexOf(q) === -1 ? (compareQuarters(q, quarters[0]!) < 0 ? 0 : quarters.length - 1) : quarters.indexOf(q)));
  const desc = rows.map((r) => `${r.name}: ${r.start} to ${r.end}, ${r.status}, ${r.level}`).join('; ');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-labelledby="roadmap-title roadmap-desc" font-family="Arial, sans-serif" font-size="12">`,
    `<title id="roadmap-title">${escapeXml(title)}</title><desc id="roadmap-desc">${escapeXml(desc || 'No initiatives with quarters yet')}</desc>`,
    '<defs><pattern id="roadmap-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e8edee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#768692" stroke-width="2"/></pattern></defs>',
  ];
  quarters.forEach((q, i) => {
    const x = LABEL + i * COL;
    parts.push(`<rect x="${x}" y="${TOP - 4}" width="${COL}" height="${rows.length * ROW + 8}" fill="${i % 2 ? '#ffffff' : '#f0f4f5'}"/>`);
    parts.push(`<text x="${x + COL / 2}" y="${TOP - 12}" text-anchor="middle" fill="#212b32" font-weight="bold">${escapeXml(q)}</text>`);
  });
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    const a = index(r.start);
    const b = index(r.end);
    const name = r.name.length > 38 ? `${r.name.slice(0, 37)}…` : r.name;
    parts.push(`<text x="6" y="${y + 18}" fill="#212b32">${escapeXml(name)}</text>`);
    const x = LABEL + a * COL + 3;
    const w = (b - a + 1) * COL - 6;
    parts.push(`<rect x="${x}" y="${y + 4}" width="${w}" height="${ROW - 8}" rx="3" fill="${r.muted ? 'url(#roadmap-hatch)' : '#005eb8'}" stroke="#003087"/>`);
    parts.push(`<text x="${x + 6}" y="${y + 18}" fill="${r.muted ? '#212b32' : '#ffffff'}" font-size="11">${escapeXml(`${r.status} · ${r.level}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
