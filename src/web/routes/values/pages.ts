/** Value upload pages: upload or paste a CSV of values, check the preview, confirm, and see what was stored. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { InvalidInput, type FieldErrors } from '../../../domain/errors.ts';
import type { Organisation } from '../../../domain/organisation.ts';
import { periodStartOf, addPeriods } from '../../../domain/period.ts';
import { hasRole, roleIn } from '../../../domain/person.ts';
import type { Services } from '../../../services/index.ts';
import { decodeCsvBytes, MAX_UPLOAD_BYTES, ValuesFileInvalid, type RowError, type ValuesPreview } from '../../../services/value-import.ts';
import { actorOf, requireSignIn } from '../../auth.ts';

/** The fields of an upload or confirm form, read from multipart/form-data. */
interface UploadForm {
  _csrf?: string;
  csv?: string;
  measureId?: string;
  filename?: string;
  file?: { name: string; bytes: Buffer } | undefined;
  /** The file or a field went over its size limit. */
  tooLarge?: boolean;
}

const FIELD_IDS: Record<string, string> = { file: 'file', csv: 'csv', measureId: 'measureId', rowErrors: 'row-errors' };
const SHOWN_ERRORS = 500;
const MB = (MAX_UPLOAD_BYTES / 1024 / 1024).toLocaleString('en-GB');
const TOO_LARGE = `The file must be ${MB} MB or smaller. Split it into smaller files, or ask whoever runs Throughline to load it with the command line (throughline import).`;

// The app checks CSRF in its preValidation hook, which runs before any hook of this scope, so the
// form must already be the body by then. @fastify/multipart's own parser only marks the request as
// multipart, so this parser marks it the same way and reads every part, within the size limits.
async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  (request as unknown as { isMultipart: () => boolean }).isMultipart = () => true;
  const form: UploadForm = {};
  const parts = request.parts({
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 2 * MAX_UPLOAD_BYTES + 1024 },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) form.tooLarge = true;
      else if (part.filename) form.file = { name: part.filename, bytes: Buffer.concat(chunks) };
    } else if (['_csrf', 'csv', 'measureId', 'filename'].includes(part.fieldname)) {
      if (part.valueTruncated) form.tooLarge = true;
      else form[part.fieldname as '_csrf' | 'csv' | 'measureId' | 'filename'] = String(part.value);
    }
  }
  return form;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** "This will add 3 values, change 1 and leave 2 unchanged." */
function describeChange(s: { added: number; changed: number; unchanged: number }, future: boolean): string {
  return future
    ? `This will add ${plural(s.added, 'value')}, change ${s.changed.toLocaleString('en-GB')} and leave ${s.unchanged.toLocaleString('en-GB')} unchanged.`
    : `Added ${s.added.toLocaleString('en-GB')}, changed ${s.changed.toLocaleString('en-GB')}, unchanged ${s.unchanged.toLocaleString('en-GB')}.`;
}

const count = (value: string | undefined): number => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

/** Value upload pages, with @fastify/multipart registered for this scope only. */
export function valueUploadPages(services: Services) {
  return async (app: FastifyInstance) => {
    // A file over the limit is cut short and marked truncated, so the page can say so.
    await app.register(multipart, { throwFileSizeLimit: false });
    app.removeContentTypeParser('multipart/form-data');
    app.addContentTypeParser('multipart/form-data', async (request: FastifyRequest) => readUploadForm(request));

    app.addHook('preHandler', async (request, reply) => {
      if (/^\/organisations\/[^/]+\/values\//.test(request.url)) await requireSignIn(request, reply);
    });

    async function organisationFor(request: FastifyRequest<{ Params: { code: string } }>): Promise<Organisation> {
      const org = await services.organisations.getForActor(request.params.code, actorOf(request));
      request.organisation = org;
      return org;
    }

    function canUpload(request: FastifyRequest, org: Organisation): boolean {
      return hasRole(roleIn(actorOf(request), org.id), 'editor');
    }

    function refuse(reply: FastifyReply) {
      return reply.code(403).render('error.njk', {
        title: 'You cannot upload values',
        message: 'Only editors can add or change values. You can see the measures and their values, but not change them.',
        status: 403,
      });
    }

    async function measureList(request: FastifyRequest, org: Organisation) {
      const actor = actorOf(request);
      const [measures, goals] = await Promise.all([services.measures.listForOrganisation(actor, org.id), services.goals.list(actor, org.id)]);
      const goalOf = new Map(goals.map((g) => [g.id, g.statement]));
      return measures.map((m) => ({ ...m, goal: goalOf.get(m.goalId) ?? '' }));
    }

    async function renderForm(request: FastifyRequest, reply: FastifyReply, org: Organisation, values: { csv?: string; measureId?: string }, errors: FieldErrors = {}) {
      const measures = await measureList(request, org);
      const now = services.clock();
      const exampleMeasure = measures[0] ?? { name: 'Discharge letters sent within 24 hours', frequency: 'weekly' as const };
      const current = periodStartOf(now, exampleMeasure.frequency);
      const previous = addPeriods(current, exampleMeasure.frequency, -1);
      return reply.render('values/upload.njk', {
        title: 'Upload values',
        org,
        values,
        errors,
        fieldIds: FIELD_IDS,
        measures,
        measureItems: [
          { value: '', text: 'Not needed: the file has a measure column' },
          ...measures.map((m) => ({ value: m.id, text: `${m.name} (${m.frequency})`, selected: m.id === values.measureId })),
        ],
        maxSize: `${MB} MB`,
        example: { name: exampleMeasure.name, previous, current },
      });
    }

    function errorRows(errors: RowError[]) {
      return errors.slice(0, SHOWN_ERRORS).map((e) => ({ row: e.row, column: e.column || 'Whole row', reason: e.reason }));
    }

    /** The upload form's own errors, or null when the file could be read as a table of values. */
    function formErrors(preview: ValuesPreview, source: 'file' | 'csv'): FieldErrors | null {
      if (preview.layout !== null) return null;
      const first = preview.errors[0];
      if (!first) return null;
      return first.column === 'measure' ? { measureId: first.reason } : { [source]: first.reason };
    }

    app.get<{ Params: { code: string }; Querystring: { measure?: string } }>('/organisations/:code/values/upload', async (request, reply) => {
      const org = await organisationFor(request);
      if (!canUpload(request, org)) return refuse(reply);
      return renderForm(request, reply, org, { measureId: request.query.measure ?? '' });
    });

    app.post<{ Params: { code: string }; Body: UploadForm }>('/organisations/:code/values/upload', async (request, reply) => {
      const org = await organisationFor(request);
      if (!canUpload(request, org)) return refuse(reply);
      const body: UploadForm = request.body ?? {};
      const measureId = body.measureId?.trim() || undefined;
      const pasted = body.csv?.trim() ? body.csv : '';
      const values = { csv: pasted, measureId: measureId ?? '' };
      if (body.tooLarge || (pasted && Buffer.byteLength(pasted.replace(/\r\n/g, '\n')) > MAX_UPLOAD_BYTES)) {
        reply.code(413);
        return renderForm(request, reply, org, { measureId: measureId ?? '' }, { [body.file || !pasted ? 'file' : 'csv']: TOO_LARGE });
      }
      if (body.file && pasted) {
        reply.code(400);
        return renderForm(request, reply, org, values, { file: 'Choose a file or paste the values, not both' });
      }
      if (!body.file && !pasted) {
        reply.code(400);
        return renderForm(request, reply, org, values, { file: 'Choose a CSV file, or paste the values into the box' });
      }
      const csv = body.file ? decodeCsvBytes(body.file.bytes) : pasted;
      const source = body.file ? 'file' : 'csv';
      let preview: ValuesPreview;
      try {
        preview = await services.valueImport.preview(actorOf(request), org.id, csv, measureId);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        reply.code(400);
        return renderForm(request, reply, org, values, e.fields);
      }
      const problems = formErrors(preview, source);
      if (problems) {
        reply.code(400);
        return renderForm(request, reply, org, values, problems);
      }
      const nothingToStore = preview.errorCount === 0 && preview.summary.added + preview.summary.changed === 0;
      if (preview.errorCount) reply.code(400);
      return reply.render('values/preview.njk', {
        title: preview.errorCount ? 'Fix the file and upload it again' : 'Check the values before you store them',
        org,
        filename: body.file?.name ?? '',
        csv,
        measureId: measureId ?? '',
        preview,
        errorTable: errorRows(preview.errors),
        errorCountText: plural(preview.errorCount, 'problem'),
        moreErrors: preview.errorCount > SHOWN_ERRORS ? preview.errorCount - SHOWN_ERRORS : 0,
        errors: preview.errorCount ? { rowErrors: `The file has ${plural(preview.errorCount, 'problem')}. Nothing has been stored.` } : {},
        fieldIds: FIELD_IDS,
        change: describeChange(preview.summary, true),
        nothingToStore,
        rowsText: plural(preview.rows, 'row'),
        measuresText: plural(preview.perMeasure.length, 'measure'),
      });
    });

    app.post<{ Params: { code: string }; Body: UploadForm }>('/organisations/:code/values/confirm', async (request, reply) => {
      const org = await organisationFor(request);
      if (!canUpload(request, org)) return refuse(reply);
      const body: UploadForm = request.body ?? {};
      if (body.tooLarge) {
        reply.code(413);
        return renderForm(request, reply, org, {}, { file: TOO_LARGE });
      }
      const measureId = body.measureId?.trim() || undefined;
      try {
        const stored = await services.valueImport.commit(actorOf(request), org.id, body.csv ?? '', measureId);
        const q = new URLSearchParams({
          added: String(stored.summary.added),
          changed: String(stored.summary.changed),
          unchanged: String(stored.summary.unchanged),
          measures: String(stored.perMeasure.length),
        });
        return reply.redirect(`/organisations/${org.code}/values/uploaded?${q.toString()}`, 303);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        const rowErrors = e instanceof ValuesFileInvalid ? e : null;
        reply.code(400);
        if (!rowErrors) return renderForm(request, reply, org, { measureId: measureId ?? '' }, e.fields);
        return reply.render('values/preview.njk', {
          title: 'Fix the file and upload it again',
          org,
          preview: { errorCount: rowErrors.errorCount },
          errorTable: errorRows(rowErrors.rowErrors),
          errorCountText: plural(rowErrors.errorCount, 'problem'),
          moreErrors: rowErrors.errorCount > SHOWN_ERRORS ? rowErrors.errorCount - SHOWN_ERRORS : 0,
          errors: { rowErrors: `The file has ${plural(rowErrors.errorCount, 'problem')}. Nothing has been stored.` },
          fieldIds: FIELD_IDS,
        });
      }
    });

    app.get<{ Params: { code: string }; Querystring: Record<string, string | undefined> }>('/organisations/:code/values/uploaded', async (request, reply) => {
      const org = await organisationFor(request);
      const summary = { added: count(request.query.added), changed: count(request.query.changed), unchanged: count(request.query.unchanged) };
      const nothingChanged = summary.added + summary.changed === 0;
      return reply.render('values/uploaded.njk', {
        title: nothingChanged ? 'Nothing changed' : 'Values stored',
        org,
        summary,
        nothingChanged,
        result: nothingChanged
          ? `Nothing changed: every value was already stored (${plural(summary.unchanged, 'value')}).`
          : describeChange(summary, false),
        measuresText: plural(count(request.query.measures), 'measure'),
      });
    });
  };
}
