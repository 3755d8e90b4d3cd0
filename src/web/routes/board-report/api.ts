/** Placeholder: registered by createApp, written in its own change. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';

/** Routes of this area. */
export function boardReportApi(_services: Services) {
  return async (_app: FastifyInstance) => {};
}
