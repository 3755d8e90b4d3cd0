/** The one place that turns errors into responses: JSON for the API, a page for the browser. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, TooManyAttempts, type FieldErrors } from '../domain/errors.ts';
import { ServerBusy } from './load-shedding.ts';
import { describeErrorForLog } from './logging.ts';

/** The JSON error body: {"error":{"code","message","fields"?}}. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldErrors };
}

/** Whether a request wants JSON rather than a page. */
export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health';
}

function fieldFromValidation(v: { instancePath?: string; params?: Record<string, unknown> }): string {
  const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  const missing = v.params?.missingProperty ?? v.params?.requiredProperties;
  if (typeof missing === 'string') return path ? `${path}.${missing}` : missing;
  if (Array.isArray(missing) && typeof missing[0] === 'string') return path ? `${path}.${missing[0]}` : missing[0];
  const extra = v.params?.additionalProperty;
  if (typeof extra === 'string') return path ? `${path}.${extra}` : extra;
  return path || 'body';
}

function describe(error: FastifyError & { validation?: unknown[] }): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) {
    const fields = 'fields' in error ? (error as { fields: FieldErrors }).fields : undefined;
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...(fields && Object.keys(fields).length ? { fields } : {}) } },
    };
  }
  if (Array.isArray(error.validation)) {
    const fields: FieldErrors = {};
    for (const v of error.validation as { instancePath?: string; message?: string; params?: Record<string, unknown> }[]) {
      const field = fieldFromValidation(v);
      fields[field] ??= v.message ? `${field} ${v.message}` : 'is not valid';
    }
    return { status: 400, body: { error: { code: 'invalid_input', message: 'The request is not valid', fields } } };
  }
  const code = error.code ?? '';
  if (code.startsWith('FST_CSRF')) {
    return {
      status: 403,
      body: { error: { code: 'csrf', message: 'This form has expired or did not come from Throughline. Go back, reload the page and try again.' } },
    };
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return { status: 413, body: { error: { code: 'too_large', message: 'The request is too large' } } };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
    return { status: 415, body: { error: { code: 'unsupported_media_type', message: 'Send JSON with Content-Type: application/json' } } };
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return { status: 400, body: { error: { code: 'invalid_json', message: 'The request body is not valid JSON' } } };
  }
  if (error.statusCode === 429) {
    return { status: 429, body: { error: { code: 'rate_limited', message: 'Too many attempts. Wait a minute and try again.' } } };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, body: { error: { code: 'bad_request', message: error.message } } };
  }
  // Unknown errors: say nothing of the internals.
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong. Try again later.' } } };
}

const PAGE_TITLES: Record<number, string> = {
  400: 'There is a problem with the request',
  401: 'Sign in to continue',
  403: 'You cannot do this',
  404: 'Page not found',
  413: 'The file or form is too large',
  429: 'Too many attempts',
  503: 'Throughline is busy',
  500: 'Sorry, there is a problem with the service',
};

/** Render an error page (or JSON for the API). */
export async function sendError(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody) {
  reply.code(status);
  if (wantsJson(request)) return reply.send(body);
  return reply.render('error.njk', {
    title: PAGE_TITLES[status] ?? 'There is a problem',
    message: status === 404 ? 'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.' : body.error.message,
    status,
  });
}

/**
 * The "busy" answer, made once: under overload it is the most frequent answer of all, so it must
 * cost next to nothing (no page rendered, no CSRF token made per refusal). The page is the error
 * page as a signed-out visitor sees it: it names no person, organisation or form.
 */
function busyAnswers(app: FastifyInstance) {
  const json = JSON.stringify({ error: { code: 'busy', message: new ServerBusy(0).message } } satisfies ErrorBody);
  let html: Promise<string> | null = null;
  return {
    json,
    html: () =>
      (html ??= app.renderView('error.njk', {
        title: PAGE_TITLES[503],
        message: new ServerBusy(0).message,
        status: 503,
        csrfToken: '',
        cspNonce: '',
        currentPath: '/',
        signedIn: null,
        organisation: null,
      })),
  };
}

/** Install the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance): void {
  const busy = busyAnswers(app);
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ServerBusy) {
      reply.code(503).header('retry-after', String(error.retryAfterSeconds)).header('cache-control', 'no-store');
      if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send(busy.json);
      return reply.type('text/html; charset=utf-8').send(await busy.html());
    }
    const { status, body } = describe(error);
    if (status >= 500) request.log.error(describeErrorForLog(error, request), 'unhandled error');
    const headers = (error as { headers?: Record<string, string> }).headers;
    if (error.statusCode === 429 && headers) reply.headers(headers);
    if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
    return sendError(request, reply, status, body);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, 404, { error: { code: 'not_found', message: 'Not found' } }),
  );
}
