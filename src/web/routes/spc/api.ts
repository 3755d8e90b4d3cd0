/** The SPC API: POST /api/v1/spc analyses a series sent in the request. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { InvalidInput } from '../../../domain/errors.ts';
import { SPC_OPTION_NAMES, SpcInputError, analyseSeries, presentSpc } from '../../../spc/index.ts';
import type { SpcOptions } from '../../../spc/index.ts';
import { SpcErrorResponse, SpcRequest, SpcResponse } from './schema.ts';

/** Most points one request may analyse. */
export const MAX_SPC_POINTS = 10_000;

/** Register POST /api/v1/spc (authentication is added by whoever registers the plugin). */
export const spcApiRoutes: FastifyPluginAsyncTypebox = (app) => {
  app.post(
    '/api/v1/spc',
    {
      schema: {
        tags: ['spc'],
        summary: 'Analyse a series with statistical process control (XmR, Making Data Count rules)',
        body: SpcRequest,
        response: { 200: SpcResponse, 400: SpcErrorResponse, 401: SpcErrorResponse },
      },
    },
    (request) => {
      const { values, periods, options = {} } = request.body;
      if (values.length > MAX_SPC_POINTS) {
        throw new InvalidInput(
          `Send at most ${MAX_SPC_POINTS.toLocaleString('en-GB')} values at once`,
          {
            values: `must have at most ${MAX_SPC_POINTS.toLocaleString('en-GB')} values; it has ${values.length.toLocaleString('en-GB')}`,
          },
        );
      }
      const known = new Set<string>(SPC_OPTION_NAMES);
      const unknown = Object.keys(options).filter((name) => !known.has(name));
      if (unknown.length > 0) {
        throw new InvalidInput(
          `Unknown SPC option${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
          Object.fromEntries(unknown.map((name) => [`options.${name}`, 'is not an SPC option'])),
        );
      }
      try {
        return presentSpc(analyseSeries({ values, periods }, options as SpcOptions));
      } catch (error) {
        if (error instanceof SpcInputError) throw new InvalidInput(error.message, error.fields);
        throw error;
      }
    },
  );
  return Promise.resolve();
};
