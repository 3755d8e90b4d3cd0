/** `throughline pack`: the board pack for a meeting as PDF, Markdown or printable HTML, with a progress bar. */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Actor } from '../domain/person.ts';
import type { Services } from '../services/index.ts';
import { buildBoardPack, parseExportFormat, parseMeetingDate } from '../report/board-pack.ts';
import { packTitle, renderBoardPackHtml, renderBoardPackMarkdown } from '../report/board-pack-render.ts';
import { createPdfRenderer, PdfUnavailable, type PdfRenderer } from '../report/pdf.ts';
import { CliError, type CliIo } from './io.ts';

// The command line reads like an API token that no one holds: the nil UUID marks it as the system's.
const COMMAND_LINE_TOKEN_ID = '00000000-0000-0000-0000-000000000000';

/** Where the command draws its progress bar and how it makes PDFs; tests pass their own. */
export interface PackCommandEnvironment {
  progressStream?: (NodeJS.WritableStream & { isTTY?: boolean }) | null;
  pdf?: () => PdfRenderer;
}

interface PackOptions {
  organisation: string;
  date: string;
  format: string;
  out: string;
}

/** Register `pack --organisation CODE --date YYYY-MM-DD --format pdf|md|html --out FILE`. */
export function registerPackCommand(program: Command, services: Services, io: CliIo, environment: PackCommandEnvironment = {}): void {
  const progressStream = environment.progressStream !== undefined ? environment.progressStream : process.stderr.isTTY ? process.stderr : null;
  program
    .command('pack')
    .description('Make the board pack for a meeting: a cover with the measures by variation and assurance, each measure’s chart, icons and reading, decisions since the last meeting and the stop list.')
    .requiredOption('--organisation <code>', 'ODS code of the organisation')
    .requiredOption('--date <date>', 'the meeting date, YYYY-MM-DD')
    .option('--format <format>', 'pdf, md (Markdown) or html (printable web page)', 'pdf')
    .requiredOption('--out <file>', 'the file to write')
    .action(async (options: PackOptions) => {
      const date = parseMeetingDate(options.date);
      const format = parseExportFormat(options.format);
      const organisation = await services.organisations.getByCode(options.organisation);
      const actor: Actor = { kind: 'token', tokenId: COMMAND_LINE_TOKEN_ID, name: 'command line board pack', organisationId: organisation.id, role: 'viewer' };
      const pdf = format === 'pdf' ? (environment.pdf ?? (() => createPdfRenderer()))() : null;
      if (pdf && !pdf.available) throw new CliError(new PdfUnavailable().message);
      const started = Date.now();
      const bar = progressStream
        ? new cliProgress.SingleBar({ stream: progressStream, format: '{step} {bar} {percentage}% | {value}/{total}', hideCursor: true, fps: 5 }, cliProgress.Presets.shades_classic)
        : null;
      bar?.start(1, 0, { step: 'Charts' });
      try {
        const pack = await buildBoardPack(services, actor, organisation, date, {
          onProgress: (done, total) => {
            bar?.setTotal(total + (pdf ? 1 : 0));
            bar?.update(done, { step: 'Charts' });
          },
        });
        if (format === 'md') await writeFile(options.out, renderBoardPackMarkdown(pack));
        else if (format === 'html') await writeFile(options.out, renderBoardPackHtml(pack));
        else {
          bar?.update({ step: 'PDF   ' });
          await pipeline(await pdf!.render(renderBoardPackHtml(pack), { footer: packTitle(pack) }), createWriteStream(options.out));
        }
        bar?.update(bar.getTotal(), { step: 'Done  ' });
        bar?.stop();
        io.out(`Wrote the board pack of ${organisation.code} for ${date} (${pack.measureCount} ${pack.measureCount === 1 ? 'measure' : 'measures'}) to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
      } catch (e) {
        bar?.stop();
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES') throw new CliError(`Cannot write ${options.out}: ${(e as Error).message}`);
        throw e;
      } finally {
        await pdf?.close();
      }
    });
}
