/** createApp(services): the whole web app, pages and API, with no port bound. */
import { readFileSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import staticFiles from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services/index.ts';
import { installErrorHandlers } from './errors.ts';
import { DEFAULT_LOAD_LIMITS, installLoadShedding, type LoadLimits } from './load-shedding.ts';
import { createViewEnvironment, installRender, NHSUK_DIST, PUBLIC, STATIC_FINGERPRINT } from './render.ts';
import { installAuth, requireActor } from './auth.ts';
import { installCsrf } from './csrf.ts';
import { installInputEncodingCheck } from './input-encoding.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { withSafeSerializers } from './logging.ts';
import { createLazySchemas, type LazySchemas } from './lazy-schemas.ts';
import { authPages } from './routes/auth/pages.ts';
import { problemPages } from './routes/problems/pages.ts';
import { problemApi } from './routes/problems/api.ts';
import { memberPages } from './routes/members/pages.ts';
import { organisationPages } from './routes/organisations/pages.ts';
import { organisationApi } from './routes/organisations/api.ts';
import { spcApiRoutes } from './routes/spc/api.ts';
import { goalPages } from './routes/goals/pages.ts';
import { goalApi } from './routes/goals/api.ts';
import { measurePages } from './routes/measures/pages.ts';
import { measureApi } from './routes/measures/api.ts';
import { valueUploadPages } from './routes/values/pages.ts';
import { boardReportPages } from './routes/board-report/pages.ts';
import { boardReportApi } from './routes/board-report/api.ts';
import { accountPages } from './routes/account/pages.ts';
import { tokenPages } from './routes/tokens/pages.ts';
import { storyPages } from './routes/story/pages.ts';
import { storyApi } from './routes/story/api.ts';
import { publicPages } from './routes/public/pages.ts';
import { boardPackPages } from './routes/board-pack/pages.ts';
import { examplePages } from './routes/examples/pages.ts';
import { peerPages } from './routes/peers/pages.ts';
import { createPdfRenderer, type PdfRenderer } from '../report/pdf.ts';
import { systemApi } from './routes/systems/api.ts';
import { systemPages } from './routes/systems/pages.ts';
import { capabilityPages } from './routes/systems/capability-pages.ts';
import { capabilityRetirePages } from './routes/systems/capability-retire-pages.ts';
import { choicesApi } from './routes/choices/api.ts';
import { portfolioPages } from './routes/choices/portfolio-pages.ts';
import { initiativePages } from './routes/choices/initiative-pages.ts';
import { stopPages } from './routes/choices/stop-pages.ts';
import { decisionPages } from './routes/choices/decision-pages.ts';
import { reviewApi } from './routes/reviews/api.ts';
import { reviewPages } from './routes/reviews/pages.ts';

const VERSION = (JSON.parse(readFileSync(join(PUBLIC, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

const FAVICON = readFileSync(join(NHSUK_DIST, 'nhsuk', 'assets', 'images', 'favicon.ico'));
// The NHS.UK frontend's manifest, named for Throughline; its icons are relative to /assets/.
const MANIFEST = JSON.stringify({
  ...(JSON.parse(readFileSync(join(NHSUK_DIST, 'nhsuk', 'assets', 'manifest.json'), 'utf8')) as Record<string, unknown>),
  name: 'Throughline',
  short_name: 'Throughline',
  start_url: '/',
});

export interface AppOptions {
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Work in flight and queued before a request is refused with 503 (see load-shedding.ts). */
  load?: LoadLimits | undefined;
  /** The demo sign-in, shown on the sign-in page when the demo is loaded. */
  demo?: { email: string; password: string } | undefined;
  /** PDF export; by default the system's Chromium, started on the first PDF and closed with the app. */
  pdf?: PdfRenderer;
}

const lazySchemas = new WeakMap<FastifyInstance, LazySchemas>();

/**
 * Compile the route schemas no request has needed yet (see lazy-schemas.ts): the server calls this
 * once it listens; it yields between schemas. Resolves to how many it compiled.
 */
export function compileRemainingSchemas(app: FastifyInstance): Promise<number> {
  return lazySchemas.get(app)?.compileRemaining() ?? Promise.resolve(0);
}

/** Build the app on a set of services. */
export async function createApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const schemas = createLazySchemas();
  const app = Fastify({
    logger: withSafeSerializers(options.logger ?? false),
    bodyLimit: 1_048_576,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    schemaController: { compilersFactory: schemas.compilersFactory as never },
  }).withTypeProvider<TypeBoxTypeProvider>();
  lazySchemas.set(app, schemas);

  // gzip or brotli, as the browser asks; brotli at a middle quality so a page costs little to compress.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024, brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(cookie);
  installSecurityHeaders(app);
  // First of all hooks: nothing reads the URL or body before its text is known to be storable.
  installInputEncodingCheck(app, { formBodyLimit: 262_144 });
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'https://assets.nhs.uk'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    strictTransportSecurity: options.secureCookies ? undefined : false,
    // Under helmet's default (no-referrer) browsers send `Origin: null` on our own form posts and
    // fetches, which the CSRF rule must refuse; same-origin keeps Origin and Referer for this site
    // only and still sends nothing to other sites.
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, { global: false });
  // Static files: the NHS.UK frontend's names carry its version, and ours sit under a fingerprint
  // of their content, so both are cached for a year; unversioned names (icons) for a day.
  const YEAR = 365 * 24 * 3600;
  const versioned = (path: string) => /-\d+\.\d+\.\d+\.min\.(css|js)(\.map)?$/.test(path);
  await app.register(staticFiles, {
    root: join(NHSUK_DIST, 'nhsuk'),
    prefix: '/assets/',
    decorateReply: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', versioned(path) ? `public, max-age=${YEAR}, immutable` : 'public, max-age=86400');
    },
  });
  await app.register(staticFiles, { root: join(NHSUK_DIST, 'nhsuk', 'assets', 'images'), prefix: '/assets/images/', decorateReply: false, maxAge: '1d' });
  await app.register(staticFiles, { root: PUBLIC, prefix: `/static/${STATIC_FINGERPRINT}/`, decorateReply: false, maxAge: YEAR * 1000, immutable: true });
  await app.register(staticFiles, { root: PUBLIC, prefix: '/static/', decorateReply: false, maxAge: '1h' });
  app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('image/x-icon').send(FAVICON),
  );
  app.get('/assets/manifest.json', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('application/manifest+json').send(MANIFEST),
  );
  await app.register(swagger, {
    openapi: {
      info: { title: 'Throughline API', version: VERSION, description: 'Problems, goals and measures of an NHS digital strategy. Send an API token as `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  // The documentation page keeps the app's content security policy. Swagger UI's top bar draws its
  // logo as an SVG with an inline <style>, which that policy refuses, so the page uses the base
  // layout: the operations without the top bar.
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { layout: 'BaseLayout' } });

  // Only the API belongs in the OpenAPI document; pages are for browsers.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) route.schema = { ...route.schema, hide: true };
  });

  installRender(app, createViewEnvironment());
  installErrorHandlers(app);
  installLoadShedding(app, options.load ?? DEFAULT_LOAD_LIMITS);
  installAuth(app, services);
  await installCsrf(app, { secureCookies: options.secureCookies ?? false });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', database: services.engine }));

  await app.register(authPages(services, { secureCookies: options.secureCookies ?? false, demo: options.demo }));
  await app.register(organisationPages(services));
  await app.register(problemPages(services));
  await app.register(memberPages(services));
  await app.register(tokenPages(services));
  await app.register(accountPages(services));
  await app.register(goalPages(services));
  await app.register(measurePages(services));
  await app.register(valueUploadPages(services));
  await app.register(boardReportPages(services));
  const pdf = options.pdf ?? createPdfRenderer();
  if (!options.pdf) app.addHook('onClose', () => pdf.close());
  await app.register(storyPages(services, pdf));
  await app.register(publicPages(services));
  await app.register(boardPackPages(services, pdf));
  await app.register(examplePages(services));
  await app.register(peerPages(services));
  await app.register(systemPages(services));
  await app.register(capabilityPages(services));
  await app.register(capabilityRetirePages(services));
  await app.register(portfolioPages(services));
  await app.register(initiativePages(services));
  await app.register(stopPages(services));
  await app.register(decisionPages(services));
  await app.register(reviewPages(services));
  await app.register(async (api) => {
    api.addHook('onRequest', requireActor);
    await api.register(organisationApi(services));
    await api.register(problemApi(services));
    await api.register(spcApiRoutes);
    await api.register(goalApi(services));
    await api.register(measureApi(services));
    await api.register(boardReportApi(services));
    await api.register(storyApi(services, pdf));
    await api.register(systemApi(services));
    await api.register(choicesApi(services));
    await api.register(reviewApi(services));
  });

  return app;
}
