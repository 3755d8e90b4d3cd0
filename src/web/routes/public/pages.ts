/**
 * The public strategy page, /public/{code}/strategy: the latest published version, no sign-in.
 * The page is rendered once per version and served from memory, so any instance can rebuild it.
 * Whether the page is on and which version is latest is one row, read at most once a second
 * per instance (a burst of visitors shares the read); a change made through this instance shows
 * at once, one made through another instance within the second.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services/index.ts';
import { renderStoryHtml } from '../../../report/html.ts';

const CACHE_SIZE = 500;
/** How long an instance trusts the row it read. */
export const PUBLIC_HEAD_TTL_MS = 1000;

/** Public pages. */
export function publicPages(services: Services) {
  return async (app: FastifyInstance) => {
    const cache = new Map<string, { html: string; etag: string }>();
    // Requests for the same page that arrive while its read is in flight share that read, so a
    // burst of visitors costs one query rather than one each; each read still starts after the
    // last finished, so a new version shows at once.
    type Head = Awaited<ReturnType<typeof services.story.publicHead>>;
    const inflight = new Map<string, Promise<Head>>();
    const heads = new Map<string, { head: Head; at: number; revision: number }>();
    const readHead = async (code: string): Promise<Head> => {
      const key = code.toUpperCase();
      const known = heads.get(key);
      if (known && known.revision === services.story.revision() && Date.now() - known.at < PUBLIC_HEAD_TTL_MS) return known.head;
      let p = inflight.get(key);
      if (!p) {
        const revision = services.story.revision();
        const at = Date.now();
        p = services.story.publicHead(code).finally(() => inflight.delete(key));
        p.then(
          (head) => {
            if (heads.size >= CACHE_SIZE) heads.delete(heads.keys().next().value!);
            heads.set(key, { head, at, revision });
          },
          () => heads.delete(key),
        );
        inflight.set(key, p);
      }
      return p;
    };

    app.get<{ Params: { code: string } }>('/public/:code/strategy', async (request, reply) => {
      const head = await readHead(request.params.code);
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
