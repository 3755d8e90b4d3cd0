/** SPC charts, icons and the data table (src/charts), drawn from real A&E data. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderSpcChart } from '../../src/charts/spc-chart.ts';
import {
  describeAssuranceIcon,
  describeVariationIcon,
  renderAssuranceIcon,
  renderVariationIcon,
} from '../../src/charts/spc-icons.ts';
import { buildSpcTable } from '../../src/charts/spc-table.ts';
import type { AssuranceIcon, VariationIcon } from '../../src/spc/index.ts';
import { analyseSeries, describeSeries, listSpcPoints } from '../../src/spc/index.ts';

interface AeRow {
  period: string;
  org_code: string;
  type: string;
  attendances: string;
  breaches: string;
}

/** 4-hour performance (1 − breaches ÷ attendances) of one trust's type 1 departments, month by month. */
function loadFourHourPerformance(orgCode: string): { periods: string[]; values: number[] } {
  const text = readFileSync(new URL('../fixtures/ae_attendances.csv', import.meta.url), 'utf8');
  const rows = parse<AeRow>(text, { columns: true, skip_empty_lines: true })
    .filter((r) => r.org_code === orgCode && r.type === '1')
    .sort((a, b) => a.period.localeCompare(b.period));
  return {
    periods: rows.map((r) => r.period),
    values: rows.map((r) => 1 - Number(r.breaches) / Number(r.attendances)),
  };
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const month = (p: string) =>
  new Date(`${p}T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** A small well-formedness check: every tag closes, in order, and attributes are quoted. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(
    /<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*(\/?)>/g,
  )) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing === '/') expect(stack.pop()).toBe(name);
    else stack.push(name as string);
  }
  expect(stack).toEqual([]);
  // Nothing tag-like was left unmatched (e.g. an unescaped < in text).
  expect(
    svg.replace(/<\/?[a-zA-Z]+(?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*\s*\/?>/g, ''),
  ).not.toMatch(/[<>]/);
}

/** The vertices of path data made of coordinate pairs (M, m and l, with implicit repeats). */
function vertices(d: string): number {
  return (d.match(/-?\d*\.?\d+/g) ?? []).length / 2;
}

function count(svg: string, pattern: RegExp): number {
  return [...svg.matchAll(pattern)].length;
}

describe('an SPC chart of RF4’s type 1 A&E 4-hour performance', () => {
  const { periods, values } = loadFourHourPerformance('RF4');
  const analysis = analyseSeries(
    { values, periods },
    { preset: 'mdc', direction: 'increase', target: 0.95 },
  );
  const options = {
    title: 'A&E 4-hour performance, RF4 type 1',
    formatValue: percent,
    formatPeriod: month,
    periodWord: 'months',
  };
  const svg = renderSpcChart(analysis, options);

  it('uses three years of real data', () => {
    expect(values).toHaveLength(36);
    expect(periods[0]).toBe('2016-04-01');
    expect(values.every((v) => v > 0.5 && v < 1)).toBe(true);
  });

  it('is an image with a title and a description that reads the series', () => {
    expectWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 720 340"/);
    const labelled = /aria-labelledby="([^"]+)-title \1-desc"/.exec(svg);
    expect(labelled).not.toBeNull();
    const id = labelled?.[1] ?? '';
    expect(svg).toMatch(/role="img"/);
    expect(svg).toContain(`<title id="${id}-title">A&amp;E 4-hour performance, RF4 type 1</title>`);
    const desc = /<desc id="[^"]+">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    const reading = describeSeries(analysis, { periodWord: 'months', formatValue: percent });
    expect(desc).toContain('SPC chart of 36 months.');
    expect(desc).toContain(reading.variation.replace(/&/g, '&amp;'));
    expect(desc).toContain('The target of 95.0%');
  });

  it('marks every value once, by colour and by shape, one path per kind of point', () => {
    const points = listSpcPoints(analysis);
    const bySignal = (signal: string) => points.filter((p) => p.signal === signal).length;
    const group = (kind: string) =>
      new RegExp(`<path class="app-spc-chart__point-group app-spc-chart__point--${kind}" data-count="(\\d+)" d="([^"]+)"`).exec(svg);
    let total = 0;
    for (const [kind, signal] of [['common-cause', 'common_cause'], ['improvement', 'improvement'], ['concern', 'concern']] as const) {
      const found = group(kind);
      if (bySignal(signal) === 0) {
        expect(found).toBeNull();
        continue;
      }
      expect(Number(found?.[1])).toBe(bySignal(signal));
      // One vertex (marker) per point of that kind.
      expect(vertices(found?.[2] ?? '')).toBe(bySignal(signal));
      total += bySignal(signal);
    }
    expect(total).toBe(values.length);
    expect(count(svg, /class="app-spc-chart__point-group /g)).toBeLessThanOrEqual(4);
    expect(bySignal('common_cause')).toBeLessThan(values.length);
  });

  it('draws the values, the mean, the process limits and the target, with dashes that survive greyscale', () => {
    expect(count(svg, /<path class="app-spc-chart__values" d="M[^"]+"/g)).toBe(1);
    expect(count(svg, /<path class="app-spc-chart__mean" /g)).toBe(1);
    expect(count(svg, /<path class="app-spc-chart__limits" d="M[^"]+H[^"]+M[^"]+H[^"]+" [^>]*stroke-dasharray="6 4"/g)).toBe(1);
    expect(count(svg, /<path class="app-spc-chart__target" [^>]*stroke-dasharray="10 3 2 3"/g)).toBe(1);
    expect(svg).toContain('>Target 95.0%</text>');
    expect(svg).toMatch(/>Mean \d+\.\d%<\/text>/);
  });

  it('draws no element per point: each kind of point is one path that places its marker', () => {
    const drawing = svg.replace(/<defs>[\s\S]*<\/defs>/, '');
    expect(count(drawing, /<(circle|rect) /g)).toBe(0);
    expect(count(drawing, /marker-mid="url\(#[^)]+\)"/g)).toBe(count(drawing, /app-spc-chart__point-group /g));
    expect(count(svg, /<marker id=/g)).toBe(5);
  });

  it('is the same every time', () => {
    expect(renderSpcChart(analysis, options)).toBe(svg);
  });

  it('has a data table model with the same points, the signal in words', () => {
    const table = buildSpcTable(analysis, {
      caption: 'RF4 4-hour performance',
      formatValue: percent,
      formatPeriod: month,
    });
    expect(table.head.map((h) => h.text)).toEqual([
      'Period',
      'Value',
      'Mean',
      'Lower process limit',
      'Upper process limit',
      'Variation',
    ]);
    expect(table.rows).toHaveLength(36);
    expect(table.rows[0]).toMatchObject({
      period: 'Apr 2016',
      value: percent(values[0] as number),
    });
    for (const row of table.rows)
      expect(row.signal).toMatch(/^(Common cause|Improvement: .+|Concern: .+)$/);
  });

  it('draws a small chart of the latest points for a board report row, labelled in words', () => {
    const small = renderSpcChart(analysis, { ...options, size: 'small', window: 24 });
    expectWellFormed(small);
    expect(small).toMatch(/role="img"/);
    const label = /aria-label="([^"]+)"/.exec(small)?.[1] ?? '';
    expect(label).toContain('A&amp;E 4-hour performance, RF4 type 1: The latest 24 months, ');
    expect(label).toMatch(/Latest \d+\.\d%; mean \d+\.\d%; process limits \d+\.\d% to \d+\.\d%; target 95\.0%\./);
    // The values as one path of 24 points; markers only for special cause and the latest point.
    const d = /<path class="app-spc-chart__values" d="([^"]+)"/.exec(small)?.[1] ?? '';
    expect(vertices(d)).toBe(24);
    const latest = listSpcPoints(analysis).slice(-24);
    const special = latest.filter((p) => p.signal !== 'common_cause').length;
    const markers = [...small.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(markers).toBe(special + (latest.at(-1)?.signal === 'common_cause' ? 1 : 0));
    expect(small).not.toContain('<text');
    expect(small).not.toContain('app-spc-chart__legend');
    expect(small.length).toBeLessThan(1600);
  });

  it('leaves a small chart’s colours and markers to the page’s stylesheet when asked, drawing the same points', () => {
    const inline = renderSpcChart(analysis, { ...options, size: 'small', window: 52 });
    const styled = renderSpcChart(analysis, { ...options, size: 'small', window: 52, presentation: 'stylesheet' });
    expectWellFormed(styled);
    expect(styled).not.toMatch(/ (stroke|fill|marker-mid|stroke-dasharray)=/);
    expect(styled.length).toBeLessThan(inline.length);
    // The same line and the same marked points.
    const valuesOf = (svg: string) => /<path class="app-spc-chart__values" d="([^"]+)"/.exec(svg)?.[1];
    expect(valuesOf(styled)).toBe(valuesOf(inline));
    const marked = (svg: string) => [...svg.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(marked(styled)).toBe(marked(inline));
    // Every class the stylesheet is left to draw has its rule in app.css.
    const css = readFileSync(new URL('../../src/web/public/app.css', import.meta.url), 'utf8');
    const classes = new Set([...styled.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1]!.split(' ')));
    expect(classes.size).toBeGreaterThan(3);
    for (const c of classes) expect(css, c).toContain(`.${c}`);
    for (const kind of ['common_cause', 'improvement', 'concern', 'neutral_high', 'neutral_low']) {
      expect(css).toContain(`.app-spc-chart__marks--${kind} { stroke: none; marker: url(#mk-${kind}); }`);
    }
  });
});

describe('SPC chart details', () => {
  const QUIET = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10 : 12));

  it('escapes every piece of text', () => {
    const analysis = analyseSeries(
      { values: QUIET, periods: QUIET.map((_, i) => `<p${i}>&"'`) },
      { target: 11 },
    );
    const svg = renderSpcChart(analysis, {
      title: '<script>alert("x")</script> & co',
      description: 'a < b & "c"',
      annotations: [{ index: 3, label: '<b>New model</b> & more' }],
      formatValue: (v) => `<${v}>`,
    });
    expectWellFormed(svg);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).toContain('<desc id="');
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg).toContain('&lt;b&gt;New model&lt;/b&gt; &amp; more');
    expect(svg).not.toContain('<script>');
  });

  it('draws a separator at each rebase and an annotation at its period', () => {
    const values = [...QUIET, ...QUIET.map((v) => v + 5)];
    const periods = values.map(
      (_, i) =>
        `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}`,
    );
    const analysis = analyseSeries({ values, periods }, { preset: 'nhsr', rebase: [20] });
    const svg = renderSpcChart(analysis, {
      title: 'Stepped',
      annotations: [{ period: periods[20], label: 'New rota' }],
    });
    expectWellFormed(svg);
    expect(count(svg, /<path class="app-spc-chart__rebase" d="M[^"M]+"/g)).toBe(1);
    expect(svg).toContain('Limits recalculated');
    expect(count(/<path class="app-spc-chart__mean" d="([^"]+)"/.exec(svg)?.[1] ?? '', /M/g)).toBe(2);
    expect(svg).toContain(`<title>${periods[20] ?? ''}: New rota</title>`);
  });

  it('leaves a gap for a missing value and draws limits only where they exist', () => {
    const analysis = analyseSeries({ values: [1, 2, null, 3] }, { preset: 'mdc' });
    const svg = renderSpcChart(analysis, { title: 'Short' });
    expectWellFormed(svg);
    expect([...svg.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0)).toBe(3);
    expect(svg).not.toContain('app-spc-chart__limits');
    expect(svg).toContain('app-spc-chart__mean');
    expect(svg).toMatch(/too early to tell/);
  });
});

describe('variation and assurance icons', () => {
  const variations: (VariationIcon | null)[] = [
    'common_cause',
    'improvement_high',
    'improvement_low',
    'concern_high',
    'concern_low',
    'neutral_high',
    'neutral_low',
    null,
  ];
  const assurances: (AssuranceIcon | null)[] = ['pass', 'fail', 'inconsistent', null];

  it.each(variations)('draws the %s variation icon as an image with a title', (icon) => {
    const svg = renderVariationIcon(icon);
    expectWellFormed(svg);
    expect(svg).toMatch(/role="img"/);
    expect(svg).toContain(`>${describeVariationIcon(icon)}</title>`);
    if (icon?.endsWith('_high')) expect(svg).toContain('>H</text>');
    if (icon?.endsWith('_low')) expect(svg).toContain('>L</text>');
  });

  it.each(assurances)('draws the %s assurance icon as an image with a title', (icon) => {
    const svg = renderAssuranceIcon(icon, { size: 32, id: 'a"b' });
    expectWellFormed(svg);
    expect(svg).toMatch(/width="32" height="32" role="img" aria-labelledby="a&quot;b-title"/);
    expect(svg).toContain(`>${describeAssuranceIcon(icon)}</title>`);
  });

  it('tells the icons apart by more than colour', () => {
    const drawn = new Set([
      ...variations.map((i) => renderVariationIcon(i)),
      ...assurances.map((i) => renderAssuranceIcon(i)),
    ]);
    expect(drawn.size).toBe(variations.length + assurances.length);
    expect(renderAssuranceIcon('pass')).toContain('>P</text>');
    expect(renderAssuranceIcon('fail')).toContain('>F</text>');
  });
});
