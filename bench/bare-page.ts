/**
 * The bare page the page benchmarks compare against: the same layout.njk through the same view
 * environment and context as reply.render, with static content and no data behind it, served by
 * the app under test so that only the measured page's own work differs.
 */
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../src/services/index.ts';
import { createViewEnvironment } from '../src/web/render.ts';
import { actorOf, requireSignIn, SESSION_COOKIE } from '../src/web/auth.ts';

export const BARE_PATH = '/bench/bare';

/** Add the bare page, with `content` (HTML) under its heading, at BARE_PATH. */
export function addBarePage(app: FastifyInstance, services: Services, organisationCode: string, content: string): void {
  const bare = new nunjucks.Template(
    `{% extends "layout.njk" %}{% block body %}<h1 class="nhsuk-heading-l">Bare page</h1><p>The same layout with static content.</p>${content}{% endblock %}`,
    createViewEnvironment(),
  );
  app.get(BARE_PATH, { schema: { hide: true }, preHandler: requireSignIn }, async (request: FastifyRequest, reply: FastifyReply) => {
    // The same lookups a page of an organisation makes.
    request.organisation = await services.organisations.getForActor(organisationCode, actorOf(request));
    const html = bare.render({
      csrfToken: reply.csrfToken(),
      cspNonce: (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '',
      currentPath: request.url,
      signedIn: { name: request.signedIn!.actor.name, email: request.signedIn!.actor.email },
      organisation: request.organisation,
      title: 'Bare page',
      errorList: [],
    });
    reply.header('cache-control', 'no-store');
    return reply.type('text/html; charset=utf-8').send(html);
  });
}

/** Listen on a free port; answer the base URL, the session's headers and a check of a path's status and size. */
export async function listenForBench(app: FastifyInstance, sessionToken: string) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const headers = { cookie: `${SESSION_COOKIE}=${sessionToken}` };
  async function check(path: string): Promise<number> {
    const res = await fetch(base + path, { headers });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return bytes;
  }
  return { base, headers, check };
}
