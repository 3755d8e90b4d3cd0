/** The board pack page: choose a meeting date and a format, and download the pack. */
import type { FastifyInstance } from 'fastify';
import { InvalidInput } from '../../../domain/errors.ts';
import { formatIsoDate } from '../../../domain/period.ts';
import type { Services } from '../../../services/index.ts';
import { buildBoardPack, parseExportFormat, parseMeetingDate } from '../../../report/board-pack.ts';
import { packTitle, renderBoardPackHtml, renderBoardPackMarkdown } from '../../../report/board-pack-render.ts';
import { CHROMIUM_HELP, type PdfRenderer } from '../../../report/pdf.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { sendExport } from '../story/export.ts';

/** Board pack pages. */
export function boardPackPages(services: Services, pdf: PdfRenderer) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { code: string }; Querystring: { date?: string; format?: string } }>(
      '/organisations/:code/board-pack',
      { preHandler: requireSignIn },
      async (request, reply) => {
        const actor = actorOf(request);
        const org = await services.organisations.getForActor(request.params.code, actor);
        request.organisation = org;
        const { date, format } = request.query;
        const values = { date: date ?? formatIsoDate(services.clock()), format: format ?? 'pdf' };
        if (date !== undefined || format !== undefined) {
          const errors: Record<string, string> = {};
          let meetingDate = '';
          let fmt: ReturnType<typeof parseExportFormat> = 'pdf';
          try {
            meetingDate = parseMeetingDate(date);
          } catch (e) {
            if (e instanceof InvalidInput) Object.assign(errors, e.fields);
            else throw e;
          }
          try {
            fmt = parseExportFormat(format);
          } catch (e) {
            if (e instanceof InvalidInput) Object.assign(errors, e.fields);
            else throw e;
          }
          if (!Object.keys(errors).length) {
            const pack = await buildBoardPack(services, actor, org, meetingDate);
            return sendExport(reply, pdf, fmt, {
              filename: `${org.code}-board-pack-${meetingDate}`,
              html: () => renderBoardPackHtml(pack),
              markdown: () => renderBoardPackMarkdown(pack),
              footer: packTitle(pack),
            });
          }
          reply.code(400);
          return reply.render('board-pack/index.njk', { title: 'Board pack', values, errors, fieldIds: { date: 'date', format: 'format' }, formats: formatItems(values.format), pdfAvailable: pdf.available, chromiumHelp: CHROMIUM_HELP });
        }
        return reply.render('board-pack/index.njk', { title: 'Board pack', values, errors: {}, formats: formatItems(values.format), pdfAvailable: pdf.available, chromiumHelp: CHROMIUM_HELP });
      },
    );
  };
}

function formatItems(selected: string) {
  return [
    { value: 'pdf', text: 'PDF', hint: { text: 'To print or send to the board' } },
    { value: 'md', text: 'Markdown', hint: { text: 'Plain text with tables, to paste into other documents; charts become tables of values and limits' } },
    { value: 'html', text: 'Printable web page', hint: { text: 'Opens in the browser, ready to print' } },
  ].map((f) => ({ ...f, checked: f.value === selected }));
}
