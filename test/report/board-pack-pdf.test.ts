import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/web/app.ts';
import { registerPackCommand } from '../../src/cli/pack-command.ts';
import { runProgram } from '../../src/cli/program.ts';
import { createPdfRenderer, type PdfRenderer } from '../../src/report/pdf.ts';
import { addPeriods } from '../../src/domain/period.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { chromiumPath } from '../support/suites.ts';
import { addOrganisation, addPerson } from '../support/builders.ts';
import { createFakeIo } from '../cli/fake-io.ts';

const NOW = new Date('2025-03-12T10:00:00Z');
const LAST_WEEK = '2025-03-03';
const GOALS = 20;
const PER_GOAL = 10;

describe.skipIf(!chromiumPath)('the board pack and story of a 200-measure strategy as PDF', () => {
  let world: TestWorld;
  let app: FastifyInstance;
  let pdf: PdfRenderer;
  let org: Organisation;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => NOW);
    pdf = createPdfRenderer({ executablePath: chromiumPath! });
    app = await createApp(world.services, { pdf });
    await app.ready();
    org = await addOrganisation(world.services, 'Large Trust');
    const { actor } = await addPerson(world.services, org, 'editor', 'Edna Editor');
    for (let g = 0; g < GOALS; g++) {
      const goal = await world.services.goals.create(actor, org.id, { statement: `Goal ${g + 1}: fewer delays for patients by next year` });
      for (let m = 0; m < PER_GOAL; m++) {
        const measure = await world.services.measures.create(actor, goal.id, {
          name: `Measure ${g + 1}.${m + 1}`,
          definition: 'Counted each week.',
          unit: 'count',
          frequency: 'weekly',
          improvementDirection: m % 2 ? 'increase' : 'decrease',
          target: 12,
          dataSource: 'Synthetic test data',
        });
        const values = Array.from({ length: 30 }, (_, i) => ({ period: addPeriods(LAST_WEEK, 'weekly', i - 29), value: 10 + ((i * 7 + m * 3 + g) % 5) + (i > 24 ? m % 3 : 0) }));
        await world.services.measures.recordValues(actor, measure.id, values);
      }
    }
    token = (await world.services.people.createToken({ organisationId: org.id, name: 'pack test', role: 'viewer' })).token;
    dir = mkdtempSync(join(tmpdir(), 'throughline-pack-'));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await pdf?.close();
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('streams the board pack PDF of 200 measures from the API and finishes', async () => {
    const res = await app.inject({ url: `/api/v1/organisations/${org.code}/board-pack?date=2025-03-20&format=pdf`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`${org.code}-board-pack-2025-03-20.pdf`);
    const body = res.rawPayload;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.subarray(-8).toString()).toContain('%%EOF');
    // Every measure has a chart: the pack runs to many pages.
    const pages = (body.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(GOALS);
  }, 180_000);

  it('writes the pack from the command line with a progress bar, and says how to install Chromium where it is missing', async () => {
    const progress = new PassThrough();
    let drawn = '';
    progress.on('data', (c: Buffer) => (drawn += c.toString()));
    const fake = createFakeIo();
    const program = new Command('throughline').exitOverride();
    registerPackCommand(program, world.services, fake.io, { progressStream: Object.assign(progress, { isTTY: true }), pdf: () => pdf });
    const out = join(dir, 'pack.md');
    expect(await runProgram(program, ['pack', '--organisation', org.code, '--date', '2025-03-20', '--format', 'md', '--out', out], fake.io)).toBe(0);
    expect(fake.stdout()).toContain(`(200 measures) to ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('| All measures |');
    expect(drawn).toMatch(/Charts .*\d+%/);

    const missing = createFakeIo();
    const noChromium = new Command('throughline').exitOverride();
    registerPackCommand(noChromium, world.services, missing.io, { progressStream: null, pdf: () => createPdfRenderer({ executablePath: '/nonexistent/chromium' }) });
    expect(await runProgram(noChromium, ['pack', '--organisation', org.code, '--date', '2025-03-20', '--out', join(dir, 'x.pdf')], missing.io)).toBe(1);
    expect(missing.stderr()).toContain('apt-get install chromium');

    const bad = createFakeIo();
    const badProgram = new Command('throughline').exitOverride();
    registerPackCommand(badProgram, world.services, bad.io, { progressStream: null, pdf: () => pdf });
    expect(await runProgram(badProgram, ['pack', '--organisation', org.code, '--date', 'soon', '--out', join(dir, 'y.pdf')], bad.io)).toBe(1);
    expect(bad.stderr()).toContain('YYYY-MM-DD');
  }, 120_000);
});
