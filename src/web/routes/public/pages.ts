/**
 * The public strategy page, /public/{code}/strategy: the latest published version, no sign-in.
 * Each request reads one row (is the page on, which version is latest); the page itself is
 * rendered once per version and served from memory, so any instance can rebuild it.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { renderStoryHtml } from '../../../report/html.ts';

const CACHE_SIZE = 500;

/** Public pages. */
export function publicPages(services: Services) {
  return async (app: FastifyInstance) => {
    const cache = new Map<string, { html: string; etag: string }>();

    app.get<{ Params: { code: string } }>('/public/:code/strategy', async (request, reply) => {
      const head = await services.story.publicHead(request.params.code);
      // The key holds everything the page depends on: a new version or a change of the names setting is a new entry.
      const key = `${head.organisationId}:${head.latest}:${head.publicShowNames ? 1 : 0}`;
      let page = cache.get(key);
      if (!page) {
        const v = await services.story.publicVersion(head);
        const html = await app.renderView('public/strategy.njk', {
          organisation: { code: head.code, name: head.name },
          version: { number: v.number },
          publishedOn: v.publishedAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }),
          publicHref: `/public/${head.code}/strategy`,
          sectionLinks: v.document.sections.map((s) => ({ href: `#story-${s.key}`, text: s.title })),
          storyHtml: renderStoryHtml(v.document),
        });
        page = { html, etag: `"${key}"` };
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(key, page);
      }
      reply.header('cache-control', 'public, max-age=60');
      reply.header('etag', page.etag);
      if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
      return reply.type('text/html; charset=utf-8').send(page.html);
    });
  };
}
