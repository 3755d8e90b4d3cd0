/** PDF through headless Chromium (the system's own, driven by playwright-core), streamed as Chromium prints it. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BrowserContext } from 'playwright-core';
import { DomainError } from '../domain/errors.ts';

/** How to install Chromium, said wherever a PDF is asked for without it. */
export const CHROMIUM_HELP =
  'PDF export needs Chromium, which is not installed here. On Debian or Ubuntu install it with “sudo apt-get install chromium”, or set CHROMIUM_PATH to a Chromium or Chrome program. Markdown and printable HTML work without it.';

/** PDF export is not possible on this machine. */
export class PdfUnavailable extends DomainError {
  readonly code = 'pdf_unavailable';
  readonly status = 503;
  constructor(message = CHROMIUM_HELP) {
    super(message);
    this.name = 'PdfUnavailable';
  }
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const READ_CHUNK = 256 * 1024;

/** Renders printable HTML documents to PDF, one shared browser for the process. */
export interface PdfRenderer {
  /** Whether Chromium was found. */
  readonly available: boolean;
  /** The PDF of a whole HTML document, as a stream of bytes. Throws PdfUnavailable without Chromium. */
  render(html: string, options?: { footer?: string }): Promise<Readable>;
  close(): Promise<void>;
}

/** Find Chromium: the path given, else the usual places. */
export function findChromium(path?: string): string | null {
  if (path) return existsSync(path) ? path : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** A renderer on the system's Chromium; the browser starts on the first PDF and is reused. */
export function createPdfRenderer(options: { executablePath?: string | undefined; concurrency?: number } = {}): PdfRenderer {
  const executablePath = findChromium(options.executablePath);
  let context: Promise<{ context: BrowserContext; dir: string }> | null = null;
  const limit = options.concurrency ?? 2;
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };

  async function open() {
    if (!executablePath) throw new PdfUnavailable();
    context ??= (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'throughline-pdf-'));
      // playwright-core is large: it is loaded with the first PDF, not at every start of the server.
      const { chromium } = await import('playwright-core');
      // The server's own signal handlers close the browser with the app (web/app.ts onClose);
      // playwright's would end the process at once, with the database still open.
      const ctx = await chromium.launchPersistentContext(dir, {
        executablePath, headless: true, args: ARGS, javaScriptEnabled: false, offline: true,
        handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      });
      return { context: ctx, dir };
    })();
    try {
      return (await context).context;
    } catch (e) {
      context = null;
      throw new PdfUnavailable(`PDF export could not start Chromium (${executablePath}): ${(e as Error).message.split('\n')[0]}`);
    }
  }

  return {
    available: executablePath !== null,
    async render(html, opts = {}) {
      const ctx = await open();
      await acquire();
      const page = await ctx.newPage();
      let released = false;
      const finish = async () => {
        if (released) return;
        released = true;
        await page.close().catch(() => undefined);
        release();
      };
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const cdp = await ctx.newCDPSession(page);
        const footer = `<div style="font-size:8px;width:100%;padding:0 14mm;color:#4c6272;display:flex;justify-content:space-between"><span>${(opts.footer ?? '').replace(/[<>&]/g, '')}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
        const { stream } = (await cdp.send('Page.printToPDF', {
          transferMode: 'ReturnAsStream',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: footer,
        })) as { stream: string };
        async function* chunks() {
          try {
            for (;;) {
              const r = await cdp.send('IO.read', { handle: stream, size: READ_CHUNK });
              if (r.data) yield Buffer.from(r.data, r.base64Encoded ? 'base64' : 'binary');
              if (r.eof) break;
            }
            await cdp.send('IO.close', { handle: stream }).catch(() => undefined);
          } finally {
            await finish();
          }
        }
        return Readable.from(chunks());
      } catch (e) {
        await finish();
        throw e;
      }
    },
    async close() {
      if (!context) return;
      const c = context;
      context = null;
      const { context: ctx, dir } = await c.catch(() => ({ context: null, dir: null }));
      await ctx?.close().catch(() => undefined);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
