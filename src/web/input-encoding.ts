/**
 * The one place that refuses text the database cannot store or that was garbled on the way:
 * the NUL character (U+0000) and invalid UTF-8, in the path, the query and every kind of body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInput } from '../domain/errors.ts';

const NUL_MESSAGE = 'contains a null character (U+0000), which cannot be stored. Remove it and try again.';
const UTF8_MESSAGE = 'is not valid UTF-8 text. Save or send it as UTF-8 and try again.';

/** Text must be valid UTF-8 and free of U+0000. */
export class InvalidTextEncoding extends InvalidInput {
  constructor(field: string, problem: 'nul' | 'utf8') {
    const what = field === 'body' ? 'The request body' : field === 'path' ? 'The web address' : field === 'query' ? 'The query' : `The field “${field}”`;
    super(`${what} ${problem === 'nul' ? NUL_MESSAGE : UTF8_MESSAGE}`, { [field]: `${what} ${problem === 'nul' ? NUL_MESSAGE : UTF8_MESSAGE}` });
    this.name = 'InvalidTextEncoding';
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as UTF-8, refusing any invalid sequence rather than turning it into U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, field = 'body'): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidTextEncoding(field, 'utf8');
  }
}

/** Percent-decode strictly: an escape that is not UTF-8 (such as %FF) is refused, not replaced. */
function percentDecode(text: string, field: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidTextEncoding(field, 'utf8');
  }
}

function checkText(text: string, field: string, replacementMeansInvalid = false): void {
  if (text.includes('\u0000')) throw new InvalidTextEncoding(field, 'nul');
  // A lone surrogate (from a JSON \ud800 escape) has no UTF-8 form at all.
  if (LONE_SURROGATE.test(text)) throw new InvalidTextEncoding(field, 'utf8');
  if (replacementMeansInvalid && text.includes('\ufffd')) throw new InvalidTextEncoding(field, 'utf8');
}

/** Check every string (and byte buffer) in a parsed body; `field` names where it was found. */
export function checkValue(value: unknown, field: string, replacementMeansInvalid = false, depth = 0): void {
  if (typeof value === 'string') return checkText(value, field, replacementMeansInvalid);
  // An uploaded file's bytes are read by its own reader (the CSV import refuses binary files,
  // NUL included, with a message that says what the file looks like), never stored as they are.
  if (value instanceof Uint8Array) return;
  if (!value || typeof value !== 'object' || depth > 64) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkValue(item, `${field}[${i}]`, replacementMeansInvalid, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    checkText(key, field, replacementMeansInvalid);
    checkValue(item, field === 'body' ? key : `${field}.${key}`, replacementMeansInvalid, depth + 1);
  }
}

/** Check the path and query as sent, before the router decodes them. */
export function checkUrl(rawUrl: string): void {
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  checkText(percentDecode(path, 'path'), 'path');
  if (q === -1) return;
  for (const pair of rawUrl.slice(q + 1).split('&')) {
    for (const part of pair.split('=')) checkText(percentDecode(part.replace(/\+/g, ' '), 'query'), 'query');
  }
}

/** Parse an application/x-www-form-urlencoded body strictly; repeated names become arrays. */
export function parseFormBody(bytes: Buffer): Record<string, string | string[]> {
  const form = Object.create(null) as Record<string, string | string[]>;
  const text = decodeUtf8(bytes);
  if (!text) return form;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = percentDecode(rawName.replace(/\+/g, ' '), 'body');
    const value = percentDecode(rawValue.replace(/\+/g, ' '), name || 'body');
    const previous = form[name];
    form[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return form;
}

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data/i.test(request.headers['content-type'] ?? '');
}

/**
 * Install the check: the URL on arrival, JSON and form bodies as they are parsed, and every parsed
 * body (multipart included) before validation, CSRF or any handler sees it.
 */
export function installInputEncodingCheck(app: FastifyInstance, options: { formBodyLimit: number }): void {
  app.addHook('onRequest', async (request) => {
    checkUrl(request.raw.url ?? '/');
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    let text: string;
    try {
      text = decodeUtf8(body);
    } catch (e) {
      done(e as Error, undefined);
      return;
    }
    void parseJson(request, text, done);
  });

  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, async (_request: FastifyRequest, body: Buffer) => decodeUtf8(body));

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: options.formBodyLimit }, async (_request: FastifyRequest, body: Buffer) =>
    parseFormBody(body),
  );

  app.addHook('preValidation', async (request) => {
    // busboy decodes multipart text fields without refusing bad bytes, so a U+FFFD there means
    // the field was not UTF-8 (a CSV file's bytes are decoded, with its own rules, by the import).
    checkValue(request.body, 'body', isMultipart(request));
  });
}
