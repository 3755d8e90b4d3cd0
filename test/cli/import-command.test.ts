import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWorld, type TestWorld } from '../support/database.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { createStorage } from '../../src/db/storage.ts';
import { loadReferenceOrganisations } from '../../src/db/reference-organisations.ts';
import { createServices } from '../../src/services/index.ts';
import { addOrganisation, addPerson, buildProblem } from '../support/builders.ts';
import { createProgram, runProgram } from '../../src/cli/program.ts';
import { registerImportCommand } from '../../src/cli/import-command.ts';
import { addPeriods, periodStartOf } from '../../src/domain/period.ts';
import type { Actor } from '../../src/domain/person.ts';
import type { Organisation } from '../../src/domain/organisation.ts';
import type { Measure } from '../../src/domain/measure.ts';
import { createFakeIo } from './fake-io.ts';

const NOW = new Date('2025-06-18T12:00:00Z');
const BIN = fileURLToPath(new URL('../../bin/throughline.js', import.meta.url));

function runBin(args: string[], dataDir: string): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, THROUGHLINE_DATA_DIR: dataDir, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

describe('throughline import', () => {
  let world: TestWorld;
  let org: Organisation;
  let editor: Actor;
  let editorEmail: string;
  let viewerEmail: string;
  let goalId: string;
  const dir = mkdtempSync(join(tmpdir(), 'throughline-import-'));

  beforeAll(async () => {
    world = await openTestWorld('pglite', () => NOW);
    org = await addOrganisation(world.services, 'Import Trust');
    const added = await addPerson(world.services, org, 'editor', 'Edna Editor');
    editor = added.actor;
    editorEmail = added.email;
    viewerEmail = (await addPerson(world.services, org, 'viewer', 'Vic Viewer')).email;
    const problem = await world.services.problems.create(editor, org.id, buildProblem());
    goalId = (await world.services.goals.create(editor, org.id, { statement: 'Letters reach GPs within a day by March 2026', problemIds: [problem.id] })).id;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  let files = 0;
  function file(text: string): string {
    const path = join(dir, `values-${++files}.csv`);
    writeFileSync(path, text);
    return path;
  }

  function makeMeasure(name: string, frequency = 'weekly'): Promise<Measure> {
    return world.services.measures.create(editor, goalId, { name, definition: 'What is counted', unit: 'count', improvementDirection: 'increase', frequency });
  }

  async function run(args: string[]) {
    const fake = createFakeIo();
    const exitCode = await runProgram(createProgram(world.services, fake.io), args, fake.io);
    return { exitCode, stdout: fake.stdout(), stderr: fake.stderr() };
  }

  const stored = async (m: Measure) => (await world.services.measures.getWithValues(editor, m.id)).values;

  it('imports a file of several measures, says what it stored, and the history says the command line did it', async () => {
    const a = await makeMeasure('Referrals triaged');
    const b = await makeMeasure('Clinic letters typed', 'monthly');
    const path = file(`measure,period,value,note\nReferrals triaged,2025-06-02,40,\nClinic letters typed,2025-05-01,900,"typed, not sent"\n${a.id},2025-06-09,42,\n`);
    const result = await run(['import', path, '--organisation', org.code.toLowerCase()]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`Stored values for 2 measures of ${org.code} Import Trust: added 3, changed 0, unchanged 0.\n`);
    expect(result.stderr).toMatch(/^Read 3 rows \(\d+ bytes\) in \d+\.\d s\. Storing 3 values…\n$/);
    expect(await stored(a)).toEqual([{ period: '2025-06-02', value: 40, note: '' }, { period: '2025-06-09', value: 42, note: '' }]);
    expect(await stored(b)).toEqual([{ period: '2025-05-01', value: 900, note: 'typed, not sent' }]);
    const [latest] = await world.services.measures.history(editor, a.id);
    expect(latest?.actorLabel).toBe('API token “command line import”');

    const again = await run(['import', path, '--organisation', org.code]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(`Nothing changed: every value was already stored (3 values for 2 measures of ${org.code}).\n`);
  });

  it('imports the one-measure layout with --measure, naming the editor given with --as', async () => {
    const m = await makeMeasure('Discharges before noon');
    const result = await run(['import', file('period,value\n2025-06-02,5\n2025-06-09,6\n'), '--organisation', org.code, '--measure', m.id, '--as', editorEmail.toUpperCase()]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('added 2, changed 0, unchanged 0');
    const [latest] = await world.services.measures.history(editor, m.id);
    expect(latest?.actorLabel).toBe(`API token “command line import for Edna Editor (${editorEmail})”`);
  });

  it('prints the first 50 problems and how many more, exits 1, and stores nothing', async () => {
    const m = await makeMeasure('Bad file measure');
    const rows = ['period,value', '2025-06-02,1', ...Array.from({ length: 60 }, (_, i) => `${addPeriods('2024-01-01', 'weekly', i)},n/a`)];
    const result = await run(['import', file(rows.join('\n')), '--organisation', org.code, '--measure', m.id]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('The file has 60 problems, so nothing was stored:');
    expect(lines[1]).toBe('  row 3, value: “n/a” is not a number: write digits with a full stop for decimals, like 33.5');
    expect(lines).toHaveLength(1 + 50 + 2);
    expect(lines[51]).toBe('  …and 10 more problems.');
    expect(lines[52]).toBe('Rows are numbered as in a spreadsheet: the header row is row 1. Fix the file and import it again.');
    expect(await stored(m)).toEqual([]);
  });

  it('prints a refused number format, a negative count and an unfinished week on stderr', async () => {
    const m = await makeMeasure('Strict counts');
    const current = periodStartOf(NOW, 'weekly');
    const result = await run(['import', file(`period,value\n2025-06-02,"3,5"\n2025-06-09,-2\n${current},4\n`), '--organisation', org.code, '--measure', m.id]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('row 2, value: “3,5” uses a comma for decimals: use a full stop, like 3.5');
    expect(result.stderr).toContain('row 3, value: -2 is negative: a count cannot be less than 0');
    expect(result.stderr).toContain(`row 4, period: ${current} has not finished yet`);
    expect(await stored(m)).toEqual([]);
  });

  it('explains a missing file, an unknown organisation, a missing measure column and people who cannot import', async () => {
    expect(await run(['import', join(dir, 'nope.csv'), '--organisation', org.code])).toMatchObject({ exitCode: 1, stderr: `There is no file ${join(dir, 'nope.csv')}\n` });
    expect(await run(['import', file('period,value\n'), '--organisation', 'ZZZ99'])).toMatchObject({ exitCode: 1, stderr: 'Organisation ZZZ99 was not found\n' });
    const noMeasure = await run(['import', file('period,value\n2025-06-02,1\n'), '--organisation', org.code]);
    expect(noMeasure.exitCode).toBe(1);
    expect(noMeasure.stderr).toContain('row 1, measure: The file has no measure column');
    expect(await run(['import', file('period,value\n'), '--organisation', org.code, '--as', viewerEmail])).toMatchObject({
      exitCode: 1,
      stderr: `Vic Viewer is a viewer of ${org.code}: only editors and admins can import values\n`,
    });
    expect(await run(['import', file('period,value\n'), '--organisation', org.code, '--as', 'someone@example.nhs.uk'])).toMatchObject({
      exitCode: 1,
      stderr: `someone@example.nhs.uk is not a member of ${org.code} Import Trust\n`,
    });
    expect(await run(['import', file('period,value\n'), '--organisation', org.code, '--measure', 'not-an-id'])).toMatchObject({
      exitCode: 1,
      stderr: `not-an-id is not the id of a measure of ${org.code}: the upload page lists each measure with its id\n`,
    });
    const help = await run(['import', '--help']);
    expect(help.stdout).toContain('--organisation <code>');
  });

  it('runs as a real command on the embedded database, all or nothing', async () => {
    const dataDir = join(dir, 'data');
    const connection = await openDatabase({ dataDir });
    const services = createServices(createStorage(connection), loadReferenceOrganisations());
    const trust = await addOrganisation(services, 'Command Trust');
    const person = (await addPerson(services, trust, 'editor')).actor;
    const goal = await services.goals.create(person, trust.id, { statement: 'Fewer falls' });
    const falls = await services.measures.create(person, goal.id, { name: 'Falls', definition: 'Falls per 1,000 bed days', unit: 'rate', improvementDirection: 'decrease', frequency: 'monthly' });
    await connection.close();

    const bad = await runBin(['import', file('measure,period,value\nFalls,2025-01-01,3\nFalls,2025-02-02,4\n'), '--organisation', trust.code], dataDir);
    expect(bad).toMatchObject({ exitCode: 1, stdout: '' });
    expect(bad.stderr).toContain('row 3, period: 2025-02-02 is not the start of a month');
    const good = await runBin(['import', file('measure,period,value\nFalls,2025-01-01,3\nFalls,2025-02-01,4\n'), '--organisation', trust.code], dataDir);
    expect(good).toMatchObject({ exitCode: 0, stdout: `Stored values for 1 measure of ${trust.code} Command Trust: added 2, changed 0, unchanged 0.\n` });
    expect(good.stderr).toMatch(/^Read 2 rows \(\d+ bytes\) in [\d.]+ s\. Storing 2 values…\n$/);

    const reopened = await openDatabase({ dataDir });
    const values = await createServices(createStorage(reopened), loadReferenceOrganisations()).measures.getWithValues(person, falls.id);
    await reopened.close();
    expect(values.values.map((v) => v.period)).toEqual(['2025-01-01', '2025-02-01']);
  }, 60_000);

  it('draws a progress bar on a terminal, reads standard input, and streams a large file', async () => {
    const measures: Measure[] = [];
    for (let i = 0; i < 20; i++) measures.push(await makeMeasure(`Ward ${i} falls`));
    const lines = ['measure,period,value'];
    for (const m of measures) for (let j = 0; j < 1000; j++) lines.push(`${m.name},${addPeriods('2006-01-02', 'weekly', j)},${j % 7}`);
    const bytes = Buffer.from(lines.join('\n'));
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    let drawn = '';
    terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const fake = createFakeIo();
    const program = new Command('throughline').exitOverride();
    registerImportCommand(program, world.services, fake.io, {
      progressStream: terminal,
      open: (path) => {
        expect(path).toBe('-');
        const chunks = [];
        for (let i = 0; i < bytes.length; i += 16 * 1024) chunks.push(bytes.subarray(i, i + 16 * 1024));
        return Readable.from(chunks);
      },
    });
    const exitCode = await runProgram(program, ['import', '-', '--organisation', org.code], fake.io);
    expect(exitCode).toBe(0);
    expect(fake.stdout()).toContain('added 20,000, changed 0, unchanged 0');
    expect(fake.stderr()).toMatch(/^Read 20,000 rows \([\d.]+ KB\) in [\d.]+ s\. Storing 20,000 values…\n$/);
    expect(drawn).toContain('Reading 20,000 rows');
    expect(await stored(measures[19]!)).toHaveLength(1000);
  });
});
