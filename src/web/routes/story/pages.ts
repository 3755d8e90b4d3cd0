/** Story pages: the story as it stands, the board's words and the readability check, settings, publishing, versions and comparison. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import { hasRole, roleIn } from '../../../domain/person.ts';
import { NARRATIVE_SECTIONS, type StoryDocument } from '../../../domain/story.ts';
import { DEFAULT_JARGON } from '../../../domain/readability.ts';
import type { Services } from '../../../services/index.ts';
import { buildStory } from '../../../report/build-story.ts';
import { parseExportFormat } from '../../../report/board-pack.ts';
import { renderStoryDocument, renderStoryHtml } from '../../../report/html.ts';
import { renderStoryMarkdown } from '../../../report/markdown.ts';
import type { PdfRenderer } from '../../../report/pdf.ts';
import { actorOf, requireSignIn } from '../../auth.ts';
import { sendExport } from './export.ts';
import { narrativeFields, presentComparison, presentReadability } from './present.ts';

type Form = Record<string, string | undefined>;

/** Story pages. */
export function storyPages(services: Services, pdf: PdfRenderer) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (/^\/organisations\/[^/]+\/story/.test(request.url)) await requireSignIn(request, reply);
    });

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>) {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    function exportLinks(base: string) {
      return [
        { href: `${base}?format=pdf`, text: 'PDF' },
        { href: `${base}?format=md`, text: 'Markdown' },
        { href: `${base}?format=html`, text: 'Printable web page' },
      ];
    }

    async function renderStoryPage(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, errors: FieldErrors = {}, note = '') {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const [doc, versions, settings] = await Promise.all([buildStory(services, actor, org), services.story.versions(actor, org.id), services.story.settings(actor, org.id)]);
      const base = `/organisations/${org.code}/story`;
      const flash = (request.query as { published?: string; saved?: string }).published ? `Version ${(request.query as { published?: string }).published} published` : undefined;
      return reply.render('story/index.njk', {
        title: 'Strategy story',
        storyHtml: renderStoryHtml(doc),
        sectionLinks: doc.sections.map((s) => ({ href: `#story-${s.key}`, text: s.title })),
        latest: versions.versions[0] ?? null,
        versionCount: versions.total,
        canEdit: services.story.canEdit(actor, org.id),
        publicHref: settings.publicEnabled ? `/public/${org.code}/strategy` : null,
        exports: exportLinks(`${base}/export`),
        base,
        errors,
        fieldIds: { mission: 'publish-note', goals: 'publish-note' },
        note,
        flash,
        pdfAvailable: pdf.available,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { published?: string } }>('/organisations/:code/story', (request, reply) => renderStoryPage(request, reply));

    app.get<{ Params: { code: string }; Querystring: { format?: string } }>('/organisations/:code/story/export', async (request, reply) => {
      const org = await organisationFor(request);
      const format = parseExportFormat(request.query.format);
      const doc = await buildStory(services, actorOf(request), org);
      return sendStory(reply, doc, format, `${org.code}-strategy`);
    });

    function sendStory(reply: FastifyReply, doc: StoryDocument, format: ReturnType<typeof parseExportFormat>, filename: string) {
      return sendExport(reply, pdf, format, {
        filename,
        html: () => renderStoryDocument(doc),
        markdown: () => renderStoryMarkdown(doc),
        footer: `${doc.organisation.name}: digital strategy`,
      });
    }

    // ── The board's words ──

    async function renderEdit(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, values: Form | null, errors: FieldErrors = {}) {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      if (!services.story.canEdit(actor, org.id)) {
        return reply.code(403).render('error.njk', { title: 'You cannot change the story', message: 'Only editors and admins can change the story’s words.', status: 403 });
      }
      const settings = await services.story.settings(actor, org.id);
      const v: Form = values ?? { mission: settings.mission, ...Object.fromEntries(NARRATIVE_SECTIONS.map((k) => [`narrative_${k}`, settings.narratives[k] ?? ''])) };
      const readability = presentReadability(await services.story.readability(actor, org.id));
      return reply.render('story/edit.njk', {
        title: 'Write the story',
        values: v,
        narratives: narrativeFields(v),
        readability,
        errors,
        back: `/organisations/${org.code}/story`,
        action: `/organisations/${org.code}/story/edit`,
        flash: (request.query as { saved?: string }).saved ? 'Changes saved. The readability check below is for what you saved.' : undefined,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/organisations/:code/story/edit', (request, reply) => renderEdit(request, reply, null));

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/story/edit', async (request, reply) => {
      const org = await organisationFor(request);
      const body = request.body ?? {};
      const raw: Record<string, unknown> = { mission: body.mission ?? '' };
      for (const k of NARRATIVE_SECTIONS) raw[`narrative_${k}`] = body[`narrative_${k}`] ?? '';
      try {
        await services.story.updateSettings(actorOf(request), org.id, raw);
        return reply.redirect(`/organisations/${org.code}/story/edit?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderEdit(request, reply, body, e.fields);
      }
    });

    // ── Settings: public page, peers, jargon ──

    async function renderSettings(request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, values: Form | null, errors: FieldErrors = {}) {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      if (!services.story.canEdit(actor, org.id)) {
        return reply.code(403).render('error.njk', { title: 'You cannot change the story settings', message: 'Only editors and admins can change the story settings.', status: 403 });
      }
      const s = await services.story.settings(actor, org.id);
      const v: Form = values ?? {
        publicEnabled: s.publicEnabled ? 'true' : '',
        publicShowNames: s.publicShowNames ? 'true' : '',
        trustCode: s.trustCode ?? '',
        peerCodes: s.peerCodes.join(', '),
        jargon: (s.jargon ?? Object.keys(DEFAULT_JARGON)).join('\n'),
      };
      return reply.render('story/settings.njk', {
        title: 'Story settings',
        values: v,
        errors,
        isAdmin: hasRole(roleIn(actor, org.id), 'admin'),
        back: `/organisations/${org.code}/story`,
        action: `/organisations/${org.code}/story/settings`,
        publicHref: `/public/${org.code}/strategy`,
        flash: (request.query as { saved?: string }).saved ? 'Settings saved' : undefined,
      });
    }

    app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/organisations/:code/story/settings', (request, reply) => renderSettings(request, reply, null));

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/story/settings', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const body = request.body ?? {};
      const raw: Record<string, unknown> = { trustCode: body.trustCode ?? '', peerCodes: body.peerCodes ?? '', jargon: body.jargon ?? '' };
      // An unticked box sends nothing: only an admin's form has the public page fields at all.
      if (body.publicFields === '1' && hasRole(roleIn(actor, org.id), 'admin')) {
        raw.publicEnabled = body.publicEnabled ?? 'false';
        raw.publicShowNames = body.publicShowNames ?? 'false';
      }
      try {
        await services.story.updateSettings(actor, org.id, raw);
        return reply.redirect(`/organisations/${org.code}/story/settings?saved=1`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderSettings(request, reply, body, e.fields);
      }
    });

    // ── Publishing and versions ──

    app.post<{ Params: { code: string }; Body: Form }>('/organisations/:code/story/versions', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const note = request.body?.note ?? '';
      try {
        const doc = await buildStory(services, actor, org);
        const v = await services.story.publish(actor, org.id, doc, note);
        return reply.redirect(`/organisations/${org.code}/story?published=${v.number}`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderStoryPage(request, reply, e.fields, note);
      }
    });

    app.get<{ Params: { code: string }; Querystring: { page?: string } }>('/organisations/:code/story/versions', async (request, reply) => {
      const actor = actorOf(request);
      const org = await organisationFor(request);
      const pageNumber = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const list = await services.story.versions(actor, org.id, pageNumber);
      const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
      const base = `/organisations/${org.code}/story/versions`;
      const numbers = list.versions.map((v) => v.number);
      return reply.render('story/versions.njk', {
        title: 'Published versions',
        versions: list.versions.map((v) => ({ ...v, href: `${base}/${v.number}` })),
        total: list.total,
        fromItems: numbers.map((n, i) => ({ value: String(n), text: `Version ${n}`, selected: i === 1 })),
        toItems: numbers.map((n, i) => ({ value: String(n), text: `Version ${n}`, selected: i === 0 })),
        compareAction: `/organisations/${org.code}/story/compare`,
        previous: pageNumber > 1 ? { href: `${base}?page=${pageNumber - 1}` } : undefined,
        next: pageNumber < pages ? { href: `${base}?page=${pageNumber + 1}` } : undefined,
        back: `/organisations/${org.code}/story`,
      });
    });

    app.get<{ Params: { code: string; number: string } }>('/organisations/:code/story/versions/:number', async (request, reply) => {
      const org = await organisationFor(request);
      const v = await services.story.version(actorOf(request), org.id, request.params.number);
      const base = `/organisations/${org.code}/story/versions/${v.number}`;
      return reply.render('story/version.njk', {
        title: `Version ${v.number} of the story`,
        version: v,
        storyHtml: renderStoryHtml(v.document),
        exports: exportLinks(`${base}/export`),
        back: `/organisations/${org.code}/story/versions`,
      });
    });

    app.get<{ Params: { code: string; number: string }; Querystring: { format?: string } }>('/organisations/:code/story/versions/:number/export', async (request, reply) => {
      const org = await organisationFor(request);
      const format = parseExportFormat(request.query.format);
      const v = await services.story.version(actorOf(request), org.id, request.params.number);
      return sendStory(reply, v.document, format, `${org.code}-strategy-version-${v.number}`);
    });

    app.get<{ Params: { code: string }; Querystring: { from?: string; to?: string } }>('/organisations/:code/story/compare', async (request, reply) => {
      const org = await organisationFor(request);
      const { comparison, from, to } = await services.story.compare(actorOf(request), org.id, request.query.from, request.query.to);
      return reply.render('story/compare.njk', {
        title: `Version ${from.number} compared with version ${to.number}`,
        from,
        to,
        ...presentComparison(comparison),
        back: `/organisations/${org.code}/story/versions`,
      });
    });
  };
}
