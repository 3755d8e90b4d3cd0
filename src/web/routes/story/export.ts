/** Sending an export: a PDF streamed from Chromium, Markdown, or a printable HTML document. */
import type { FastifyReply } from 'fastify';
import type { ExportFormat } from '../../../report/board-pack.ts';
import type { PdfRenderer } from '../../../report/pdf.ts';

/** Everything an export can be made from. */
export interface ExportContent {
  /** A file name without its extension. */
  filename: string;
  html: () => string;
  markdown: () => string;
  footer: string;
}

/** Send an export in a format; PDF streams as Chromium prints it. */
export async function sendExport(reply: FastifyReply, pdf: PdfRenderer, format: ExportFormat, content: ExportContent) {
  const safe = content.filename.replace(/[^A-Za-z0-9_-]+/g, '-');
  reply.header('cache-control', 'no-store');
  if (format === 'md') {
    reply.header('content-disposition', `attachment; filename="${safe}.md"`);
    return reply.type('text/markdown; charset=utf-8').send(content.markdown());
  }
  if (format === 'html') {
    // The printable document carries its own styles and no script: allow exactly that.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    return reply.type('text/html; charset=utf-8').send(content.html());
  }
  const stream = await pdf.render(content.html(), { footer: content.footer });
  reply.header('content-disposition', `attachment; filename="${safe}.pdf"`);
  return reply.type('application/pdf').send(stream);
}
