/**
 * Board pack PDF benchmark: 50 measures of 104 weekly values on in-memory PGlite. Times the
 * whole pack (read the report, draw 50 full charts, lay out and print through the system's
 * Chromium) beside Chromium printing a bare document with the same number of pages (plain
 * text, one page break a page), through the same renderer. Medians of several runs; prints
 * figures and the ratio. Not a timed test.
 * Run: npm run bench:pack
 */
import { performance } from 'node:perf_hooks';
import { buildBoardPack } from '../src/report/board-pack.ts';
import { packTitle, renderBoardPackHtml } from '../src/report/board-pack-render.ts';
import { printableDocument } from '../src/report/html.ts';
import { createPdfRenderer } from '../src/report/pdf.ts';
import { setUpStory } from './story-setup.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

console.log('Setting up: 10 goals × 5 measures × 104 weekly values, on PGlite in memory…');
const { connection, services, org, actor } = await setUpStory(10, 5);
const pdf = createPdfRenderer();
if (!pdf.available) {
  console.log('Chromium is not installed: install it (apt-get install chromium) to run this benchmark.');
  process.exit(0);
}

async function bytesOf(html: string, footer: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await pdf.render(html, { footer })) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const pagesOf = (b: Buffer) => (b.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// Warm up Chromium and the statistics cache, as on a running server.
await bytesOf(printableDocument('warm', '<p>warm</p>'), 'warm');
const packTimes: number[] = [];
let packPdf: Buffer = Buffer.alloc(0);
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const pack = await buildBoardPack(services, actor, org, '2027-01-14');
  packPdf = await bytesOf(renderBoardPackHtml(pack), packTitle(pack));
  packTimes.push(performance.now() - t);
}
const pages = pagesOf(packPdf);
const filler = '<p>Plain text of a bare page, the same on every page, so that Chromium lays out and prints no charts.</p>'.repeat(12);
const bare = printableDocument('Bare', Array.from({ length: pages }, (_, i) => `<div style="break-after: page"><h2>Page ${i + 1}</h2>${filler}</div>`).join(''));
const bareTimes: number[] = [];
let barePdf: Buffer = Buffer.alloc(0);
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  barePdf = await bytesOf(bare, 'Bare');
  bareTimes.push(performance.now() - t);
}
const p = median(packTimes);
const b = median(bareTimes);
console.log(`\nboard pack PDF (50 measures)  ${p.toFixed(0).padStart(6)} ms  ${pages} pages, ${(packPdf.length / 1024).toFixed(0)} KiB (median of ${RUNS})`);
console.log(`bare page PDF                 ${b.toFixed(0).padStart(6)} ms  ${pagesOf(barePdf)} pages, ${(barePdf.length / 1024).toFixed(0)} KiB (median of ${RUNS})`);
console.log(`ratio                         ${(p / b).toFixed(2)}× the time Chromium takes to print a bare document of the same number of pages`);
await pdf.close();
await connection.close();
