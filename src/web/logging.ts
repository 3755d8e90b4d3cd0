/**
 * What the logs may say about a request or an error: its shape, never its values. Query strings,
 * bodies and database parameters hold what people typed, so they never reach a log line.
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

interface RawRequest {
  method?: string;
  url?: string;
  id?: string;
}

/** pino serializers for Fastify's own request lines: the method and path, without the query. */
export const requestSerializers = {
  req(request: RawRequest) {
    return { method: request.method, url: (request.url ?? '').split('?')[0], id: request.id };
  },
};

/** The logger options with the request serializer added. */
export function withSafeSerializers(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...requestSerializers, ...(options.serializers ?? {}) } };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

/** An error as a log entry: its class and code (and its cause's), and where it was thrown; not its message. */
export function describeErrorForLog(error: unknown, request: FastifyRequest): Record<string, unknown> {
  const cause = (error as { cause?: unknown } | null)?.cause;
  // The first line of a stack is the message, which for a database error lists the parameters.
  const frames = (error instanceof Error ? (error.stack ?? '') : '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 10)
    .map((line) => line.trim());
  return {
    reqId: request.id,
    method: request.method,
    route: request.routeOptions.url ?? '(no route)',
    errorClass: error instanceof Error ? error.constructor.name : typeof error,
    errorCode: codeOf(error),
    causeClass: cause instanceof Error ? cause.constructor.name : undefined,
    causeCode: codeOf(cause),
    stack: frames,
  };
}
