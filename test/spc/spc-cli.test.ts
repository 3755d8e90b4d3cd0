/** `throughline spc FILE`: the command registered on a bare commander program with a fake io. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { CliError } from '../../src/cli/io.ts';
import { registerSpcCommand } from '../../src/cli/spc.ts';

const QUIET = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

/** Runs `spc …` with the files given; resolves to what was written, or to the error thrown. */
async function run(args: string[], files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    readText: (path) => {
      if (path === '-') return Promise.resolve(stdin);
      const text = files[path];
      return text === undefined
        ? Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }))
        : Promise.resolve(text);
    },
  };
  const program = new Command('throughline')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) });
  registerSpcCommand(program, io);
  let error: unknown = null;
  try {
    await program.parseAsync(['spc', ...args], { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { stdout: out.join(''), stderr: err.join(''), error };
}

function csv(values: readonly (number | string)[], withPeriods = true): string {
  const lines = values.map((v, i) =>
    withPeriods
      ? `2024-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + Math.floor(i / 12)},${v}`
      : String(v),
  );
  return `${withPeriods ? 'period,value' : 'value'}\n${lines.join('\n')}\n`;
}

describe('throughline spc', () => {
  it('prints a table by default, with the icons and a reading', async () => {
    const { stdout, error } = await run(['weekly.csv', '--target', '9'], {
      'weekly.csv': csv([...QUIET, 30]),
    });
    expect(error).toBeNull();
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^#\s+period\s+value\s+mean\s+lower limit\s+upper limit\s+variation$/);
    expect(lines[1]).toMatch(
      /^0\s+2024-01-01\s+10\s+11\.9048\s+4\.45676\s+19\.3528\s+Common cause$/,
    );
    expect(lines[21]).toMatch(
      /^20\s+2024-09-02\s+30\s+.*Improvement: above the upper process limit$/,
    );
    expect(stdout).toContain('Preset: mdc; direction: increase');
    expect(stdout).toContain(
      'Variation icon: improvement_high (Special cause variation: improvement, higher values)',
    );
    expect(stdout).toContain(
      'Assurance icon: inconsistent (Assurance: the target will be met some of the time and missed some of the time)',
    );
    expect(stdout).toMatch(/Reading: The latest point \(30\) was above the upper process limit/);
  });

  it('prints the shared JSON shape with --format json', async () => {
    const { stdout, error } = await run(
      [
        's.csv',
        '--format',
        'json',
        '--preset',
        'nhsr',
        '--direction',
        'decrease',
        '--rebase',
        '10',
        '--baseline',
        '8',
      ],
      {
        's.csv': csv(QUIET),
      },
    );
    expect(error).toBeNull();
    const json = JSON.parse(stdout) as Record<string, unknown> & {
      points: Record<string, unknown>[];
    };
    expect(json).toMatchObject({
      preset: 'nhsr',
      direction: 'decrease',
      variation: 'common_cause',
      assurance: null,
    });
    expect(json.points).toHaveLength(20);
    expect(json.points[0]).toEqual({
      period: '2024-01-01',
      value: 10,
      mean: 11,
      lowerProcessLimit: 5.68,
      upperProcessLimit: 16.32,
      signal: 'common_cause',
      rules: [],
    });
    expect((json.segments as unknown[]).length).toBe(2);
  });

  it('draws the chart with --format svg', async () => {
    const { stdout, error } = await run(
      ['s.csv', '--format', 'svg', '--title', 'Falls & fractures'],
      { 's.csv': csv(QUIET) },
    );
    expect(error).toBeNull();
    expect(stdout).toMatch(/^<svg [^>]*role="img"/);
    expect(stdout).toContain('>Falls &amp; fractures</title>');
    expect([...stdout.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0)).toBe(20);
  });

  it('reads standard input for -, takes a value column alone, and treats an empty value as missing', async () => {
    const stdin = `Value\n${QUIET.slice(0, 5).join('\n')}\n\n12\n`;
    const { stdout, error } = await run(['-', '--format', 'json', '--preset', 'pbi'], {}, stdin);
    expect(error).toBeNull();
    const json = JSON.parse(stdout) as {
      points: { value: number | null; period: string | null }[];
    };
    expect(json.points.map((p) => p.value)).toEqual([10, 12, 10, 12, 10, 12]);
    expect(json.points[0]?.period).toBeNull();
    const gap = await run(['g.csv', '--format', 'json'], {
      'g.csv': 'period,value\n2024-01-01,10\n2024-02-01,\n2024-03-01,12\n',
    });
    expect(
      (JSON.parse(gap.stdout) as { points: { value: number | null; signal: string | null }[] })
        .points[1],
    ).toMatchObject({ value: null, signal: null });
  });

  it.each([
    [
      'a value that is not a number, naming the row',
      ['bad.csv'],
      { 'bad.csv': 'period,value\n2024-01-01,10\n2024-02-01,ten\n' },
      'The value in row 2 (line 3) is not a number: "ten"',
    ],
    [
      'NaN or Infinity',
      ['nan.csv'],
      { 'nan.csv': 'value\n1\nNaN\n' },
      'The value in row 2 (line 3) is not a number: "NaN"',
    ],
    [
      'a file with no value column',
      ['cols.csv'],
      { 'cols.csv': 'period,count\n2024-01-01,3\n' },
      'The CSV needs a "value" column; it has period, count',
    ],
    ['an empty file', ['empty.csv'], { 'empty.csv': '' }, 'The CSV has no rows'],
    [
      'a file that is not there',
      ['missing.csv'],
      {},
      'Cannot read missing.csv: there is no such file',
    ],
    [
      'an unknown preset',
      ['s.csv', '--preset', 'excel'],
      {},
      '--preset must be one of mdc, nhsr, pbi, not "excel"',
    ],
    [
      'an unknown direction',
      ['s.csv', '--direction', 'up'],
      {},
      '--direction must be one of increase, decrease, neutral, not "up"',
    ],
    [
      'an unknown format',
      ['s.csv', '--format', 'pdf'],
      {},
      '--format must be one of table, json, svg, not "pdf"',
    ],
    [
      'a target that is not a number',
      ['s.csv', '--target', '95%'],
      {},
      '--target must be a number, not "95%"',
    ],
    [
      'a bad rebase list',
      ['s.csv', '--rebase', '3,x'],
      {},
      '--rebase must be comma-separated 0-based point numbers, like 12,30; "x" is not one',
    ],
    [
      'a rebase beyond the data',
      ['s.csv', '--rebase', '50'],
      {},
      'Rebase point 50 is beyond the last point (19)\n  - --rebase: must be 0-based point numbers below 20',
    ],
    [
      'a bad baseline',
      ['s.csv', '--baseline', '0'],
      {},
      '--baseline must be a whole number of points, 1 or more, not "0"',
    ],
    [
      'a ragged CSV',
      ['rag.csv'],
      { 'rag.csv': 'period,value\n2024-01-01,1,2\n' },
      'The CSV could not be read: Invalid Record Length',
    ],
  ])('refuses %s with a CliError', async (_name, args, files, message) => {
    const { error, stdout } = await run(args, { 's.csv': csv(QUIET), ...files });
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message.startsWith(message)).toBe(true);
    expect((error as CliError).exitCode).toBe(1);
    expect(stdout).toBe('');
  });

  it('refuses more than 10,000 points', async () => {
    const big = csv(
      Array.from({ length: 10_001 }, (_, i) => i % 7),
      false,
    );
    const { error } = await run(['big.csv'], { 'big.csv': big });
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      'The CSV has 10,001 rows; at most 10,000 points can be analysed at once',
    );
    const ok = await run(['ok.csv', '--format', 'json'], {
      'ok.csv': csv(
        Array.from({ length: 10_000 }, (_, i) => i % 7),
        false,
      ),
    });
    expect(ok.error).toBeNull();
  });

  it('describes itself in --help', async () => {
    const { stdout } = await run(['--help']);
    expect(stdout).toContain('Usage: throughline spc [options] <file>');
    expect(stdout).toContain('--rebase <indices>');
  });
});
