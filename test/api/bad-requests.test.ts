/**
 * Generated bad requests: walk the OpenAPI document and, for every operation, send malformed
 * parameters, bodies and headers built from its schemas. No answer may be a 5xx, and nothing of
 * another organisation may change. New operations are covered as soon as they are documented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { openTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/database.ts';
import { postgresUrl } from '../support/suites.ts';
import { addOrganisation, addPerson, buildEvidence, buildProblem } from '../support/builders.ts';
import type { Organisation } from '../../src/domain/organisation.ts';

// Wednesday 11 June 2025.
const NOW = new Date('2025-06-11T10:00:00Z');
const RUNS_PER_OPERATION = 10;
const SEED = 20251211;

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  maxLength?: number;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | null;
}

/** A world of records: one organisation's ids for every path parameter name. */
type Ids = Record<string, string>;

async function seedOrganisation(t: TestApp, name: string): Promise<{ org: Organisation; ids: Ids; token: string }> {
  const org = await addOrganisation(t.services, name);
  const { actor } = await addPerson(t.services, org, 'admin', `${name} admin`);
  const problem = await t.services.problems.create(actor, org.id, buildProblem());
  const evidence = await t.services.problems.addEvidence(actor, problem.id, buildEvidence());
  const objective = await t.services.goals.addObjective(actor, org.id, { title: `${name} objective` });
  const goal = await t.services.goals.create(actor, org.id, {
    statement: `${name}: letters reach GPs within a day by March 2026`,
    forWhom: 'patients leaving the wards',
    byWhen: '2026-03-31',
    problemIds: [problem.id],
    objectiveIds: [objective.id],
  });
  const measure = await t.services.measures.create(actor, goal.id, {
    name: 'Letters sent within 24 hours',
    definition: 'Letters sent within 24 hours, over all letters',
    unit: 'percentage',
    improvementDirection: 'increase',
    target: 90,
    frequency: 'weekly',
    dataSource: 'Synthetic test data',
  });
  await t.services.measures.recordValues(actor, measure.id, [
    { period: '2025-05-19', value: 80 },
    { period: '2025-05-26', value: 82 },
    { period: '2025-06-02', value: 81 },
  ]);
  const annotation = await t.services.measures.addAnnotation(actor, measure.id, { period: '2025-05-26', label: 'New system' });
  await t.services.checkIns.create(actor, goal.id, { period: '2025-06-02', whatHappened: 'Went live', whatNext: 'Train staff', confidence: 3 });
  const { token } = await t.services.people.createToken({ organisationId: org.id, name: `${name} token`, role: 'editor' });
  return {
    org,
    token,
    ids: { code: org.code, problemId: problem.id, evidenceId: evidence.id, objectiveId: objective.id, goalId: goal.id, measureId: measure.id, annotationId: annotation.id },
  };
}

function operationsOf(document: unknown): Operation[] {
  const paths = (document as { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }).paths;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema ?? null });
    }
  }
  // Deletions last, so the records they would remove are there for the others' requests.
  return operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

const NAUGHTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '%00',
  '%FF',
  '../../etc/passwd',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '😀👩🏽‍⚕️',
  'Ωmega ǅ ﬁ',
  '\u202eevil',
  'x'.repeat(5000),
  '-1',
  'NaN',
  'Infinity',
  '1e309',
  '0x10',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '2025-02-30',
  '0100-01-04',
  '9999-12-31',
  '33,5',
];

const naughtyString = fc.oneof(fc.constantFrom(...NAUGHTY_STRINGS), fc.string({ maxLength: 30, unit: 'binary' }), fc.string({ maxLength: 12, unit: 'grapheme' }));
const naughtyNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, 1.5, 101, -5, 150),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const anything: fc.Arbitrary<unknown> = fc.oneof(
  naughtyString,
  naughtyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(naughtyString, { maxLength: 3 }),
  fc.dictionary(naughtyString, naughtyString, { maxKeys: 3 }),
);

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type[0];
  if (schema.type) return schema.type;
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  return branch ? typeOf(branch) : undefined;
}

/** A value that fits the schema's shape (so that mutations of it reach deeper checks). */
function plausible(schema: Schema, ids: Ids, name = ''): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.anyOf?.length || schema.oneOf?.length) return fc.oneof(...(schema.anyOf ?? schema.oneOf ?? []).map((s) => plausible(s, ids, name)));
  switch (typeOf(schema)) {
    case 'object': {
      const properties = schema.properties ?? {};
      const entries = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, plausible(s, ids, key)]));
      return fc.record(entries, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(plausible(schema.items ?? {}, ids, name.replace(/s$/, '')), { maxLength: 3 });
    case 'integer':
      return fc.integer({ min: -2, max: 200 });
    case 'number':
      return naughtyNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default: {
      const id = ids[name] ?? ids[`${name}Id`] ?? ids[name.replace(/Ids?$/, 'Id')];
      if (schema.format === 'uuid' || /Ids?$/.test(name)) return fc.oneof(fc.constant(id ?? '00000000-0000-4000-8000-000000000000'), fc.uuid());
      if (/period|byWhen|date|from/i.test(name)) return fc.oneof(fc.constantFrom('2025-06-02', '2025-05-26', '2025-06-09', '2025-06-01'), naughtyString);
      return fc.oneof(fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) }), naughtyString);
    }
  }
}

/** A malformed value for the schema: wrong types, dropped or extra fields, naughty leaves. */
function malformed(schema: Schema, ids: Ids, otherIds: Ids, depth = 0): fc.Arbitrary<unknown> {
  const type = typeOf(schema);
  if (depth > 3) return anything;
  if (type === 'object' && schema.properties) {
    const keys = Object.keys(schema.properties);
    return fc
      .tuple(
        plausible(schema, ids) as fc.Arbitrary<Record<string, unknown>>,
        fc.constantFrom(...keys),
        fc.oneof(
          fc.constant<'drop'>('drop'),
          fc.constant<'extra'>('extra'),
          fc.constant<'wrong'>('wrong'),
          fc.constant<'other'>('other'),
          fc.constant<'nested'>('nested'),
        ),
        anything,
      )
      .chain(([value, key, how, junk]) => {
        const copy: Record<string, unknown> = { ...value };
        if (how === 'drop') delete copy[key];
        if (how === 'extra') copy[`extra_${typeof junk}`] = junk;
        if (how === 'wrong') copy[key] = junk;
        if (how === 'other') copy[key] = Object.values(otherIds)[Math.abs(key.length) % Object.values(otherIds).length];
        if (how === 'nested') return malformed(schema.properties![key]!, ids, otherIds, depth + 1).map((v) => ({ ...copy, [key]: v }));
        return fc.constant(copy);
      });
  }
  if (type === 'array') {
    return fc.oneof(
      fc.array(malformed(schema.items ?? {}, ids, otherIds, depth + 1), { maxLength: 4 }),
      anything,
      fc.constant(Array.from({ length: 2000 }, (_, i) => ({ period: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, value: i }))),
    );
  }
  return fc.oneof(anything, plausible(schema, ids));
}

/** A value for a path or query parameter: own ids, another organisation's, or junk. */
function parameterValue(param: Parameter, ids: Ids, otherIds: Ids): fc.Arbitrary<string> {
  const own = ids[param.name];
  const other = otherIds[param.name];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(own ?? '1') },
    { weight: 3, arbitrary: fc.constant(other ?? '1') },
    { weight: 4, arbitrary: naughtyString.map(String) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

const RAW_BODIES: { payload: string | Buffer; contentType: string }[] = [
  { payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json' },
  { payload: '{"title": "unterminated', contentType: 'application/json' },
  { payload: '{"__proto__": {"admin": true}, "title": "x"}', contentType: 'application/json' },
  { payload: '{"constructor": {"prototype": {"admin": true}}}', contentType: 'application/json' },
  { payload: '', contentType: 'application/json' },
  { payload: 'null', contentType: 'application/json' },
  { payload: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', contentType: 'application/json' },
  { payload: 'title=Form+encoded&description=x', contentType: 'application/x-www-form-urlencoded' },
  { payload: 'title=%FF%00', contentType: 'application/x-www-form-urlencoded' },
  { payload: '{"title":"text"}', contentType: 'text/plain' },
  { payload: '<title>xml</title>', contentType: 'application/xml' },
  { payload: '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
];

for (const engine of engines) {
  describe.skipIf(engine === 'postgres' && !postgresUrl)(`generated bad requests on ${engine}`, () => {
    let t: TestApp;
    let own: Awaited<ReturnType<typeof seedOrganisation>>;
    let other: Awaited<ReturnType<typeof seedOrganisation>>;
    let operations: Operation[];

    beforeAll(async () => {
      t = await openTestApp(engine, {}, () => NOW);
      own = await seedOrganisation(t, 'Alpha Trust');
      other = await seedOrganisation(t, 'Beta Trust');
      operations = operationsOf(t.app.swagger());
    });
    afterAll(() => t?.close());

    /** Everything stored for an organisation, as one text to compare. */
    async function snapshotOf(organisationId: string): Promise<string> {
      const queries = [
        sql`select o.* from organisations o where o.id = ${organisationId}`,
        sql`select p.* from problems p where p.organisation_id = ${organisationId} order by p.id`,
        sql`select e.* from evidence e join problems p on p.id = e.problem_id where p.organisation_id = ${organisationId} order by e.id`,
        sql`select s.* from strategic_objectives s where s.organisation_id = ${organisationId} order by s.id`,
        sql`select g.* from goals g where g.organisation_id = ${organisationId} order by g.id`,
        sql`select gp.* from goal_problems gp join goals g on g.id = gp.goal_id where g.organisation_id = ${organisationId} order by 1, 2`,
        sql`select go.* from goal_objectives go join goals g on g.id = go.goal_id where g.organisation_id = ${organisationId} order by 1, 2`,
        sql`select m.* from measures m where m.organisation_id = ${organisationId} order by m.id`,
        sql`select v.* from measure_values v join measures m on m.id = v.measure_id where m.organisation_id = ${organisationId} order by v.measure_id, v.period`,
        sql`select a.* from measure_annotations a join measures m on m.id = a.measure_id where m.organisation_id = ${organisationId} order by a.id`,
        sql`select c.* from check_ins c join goals g on g.id = c.goal_id where g.organisation_id = ${organisationId} order by c.id`,
        sql`select count(*)::int as n from audit_events where organisation_id = ${organisationId}`,
        sql`select m.user_id, m.role from memberships m where m.organisation_id = ${organisationId} order by 1`,
        sql`select t.id, t.role from api_tokens t where t.organisation_id = ${organisationId} order by 1`,
      ];
      const parts: unknown[] = [];
      for (const q of queries) {
        const result: unknown = await t.connection.db.execute(q);
        parts.push((result as { rows: unknown[] }).rows);
      }
      return JSON.stringify(parts);
    }

    // A lone surrogate has no UTF-8 form: send the bytes a careless encoder would (invalid UTF-8).
    const encode = (text: string): string =>
      Array.from(text)
        .map((ch) => {
          try {
            return encodeURIComponent(ch);
          } catch {
            return '%ED%A0%80';
          }
        })
        .join('');

    function urlFor(op: Operation, path: Record<string, string>, query: Record<string, string>): string {
      const filled = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encode(path[name] ?? '1'));
      const search = Object.entries(query)
        .map(([k, v]) => `${encode(k)}=${encode(v)}`)
        .join('&');
      return search ? `${filled}?${search}` : filled;
    }

    it('answers every malformed request to every documented operation without a 5xx, and changes nothing of another organisation', async () => {
      expect(operations.length).toBeGreaterThan(20);
      const before = await snapshotOf(other.org.id);
      const failures: string[] = [];
      let sent = 0;

      const send = async (op: Operation, options: InjectOptions & { url: string; payload?: string | Buffer }) => {
        const res = await t.app.inject(options);
        sent++;
        if (res.statusCode >= 500) failures.push(`${op.method} ${op.path}: ${res.statusCode} for ${options.url.slice(0, 200)} ${(options.payload ?? '').toString().slice(0, 200)}`);
        return res;
      };

      for (const op of operations) {
        const pathParams = op.parameters.filter((p) => p.in === 'path');
        const queryParams = op.parameters.filter((p) => p.in === 'query');
        const validPath = Object.fromEntries(pathParams.map((p) => [p.name, own.ids[p.name] ?? '1']));
        const auth = { authorization: `Bearer ${own.token}` };

        // Fixed cases: each raw body and content type, odd headers, and a request for another organisation.
        if (op.body) {
          for (const raw of RAW_BODIES) {
            await send(op, { method: op.method, url: urlFor(op, validPath, {}), headers: { ...auth, 'content-type': raw.contentType }, payload: raw.payload });
          }
        }
        for (const headers of [
          { authorization: 'Bearer ' },
          { authorization: 'Bearer \u0000' },
          { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
          { authorization: `Bearer ${other.token}` },
          { ...auth, origin: 'http://evil.example', 'content-type': 'application/json; charset=utf-16' },
          { cookie: 'tl_session=%00; _csrf=\u00ff' },
        ]) {
          await send(op, { method: op.method, url: urlFor(op, validPath, {}), headers, ...(op.body ? { payload: '{}' } : {}) });
        }

        // Generated cases: parameters and bodies built from the schemas.
        const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, parameterValue(p, own.ids, other.ids)])));
        const queryArb = fc.record(
          Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(naughtyString.map(String), plausible(p.schema ?? {}, own.ids, p.name).map(String))])),
          { requiredKeys: [] },
        );
        const bodyArb = op.body ? fc.oneof({ weight: 3, arbitrary: malformed(op.body, own.ids, other.ids) }, { weight: 1, arbitrary: plausible(op.body, own.ids) }) : fc.constant(undefined);
        const samples = fc.sample(fc.tuple(pathArb, queryArb, bodyArb), { numRuns: RUNS_PER_OPERATION, seed: SEED + sent });
        for (const [path, query, body] of samples) {
          await send(op, {
            method: op.method,
            url: urlFor(op, path, query as Record<string, string>),
            headers: auth,
            ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { ...auth, 'content-type': 'application/json' } }),
          });
        }
      }

      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(operations.length * RUNS_PER_OPERATION);
      expect(await snapshotOf(other.org.id)).toBe(before);
    }, 240_000);
  });
}
