/**
 * SPC engine benchmark: 10,000 series × 260 weekly points under each preset, against the floor of
 * a bare single-pass mean-and-moving-range loop over the same data in the same run.
 * Prints figures and ratios; it is not a timed test. Run: npm run bench:spc
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyseSeries, resolveSpcOptions } from '../src/spc/index.ts';
import type { SpcPresetName } from '../src/spc/index.ts';
import { createRandom } from '../src/demo/seeded-random.ts';

const SERIES = 10_000;
const POINTS = 260;
const ROUNDS = 9;

setFlagsFromString('--expose-gc');
// A full collection before each timing, so one round's garbage is not charged to the next.
const collectGarbage = runInNewContext('gc') as () => void;


/**
 * Weekly-looking series: mostly a stable process with noise, and now and then a step change, a
 * short drift or an outlier, so the rules have something to find (about one point in five is
 * special cause, as on a typical board report).
 */
function generateSeries(): Float64Array[] {
  const random = createRandom(20240401);
  const data = new Float64Array(SERIES * POINTS);
  for (let s = 0; s < SERIES; s++) {
    let level = 50 + 100 * random();
    const noise = 1 + 10 * random();
    let drift = 0;
    let driftLeft = 0;
    for (let i = 0; i < POINTS; i++) {
      const roll = random();
      if (roll < 0.004) level += noise * 3 * (random() - 0.5);
      else if (roll < 0.006) {
        drift = noise * 0.4 * (random() - 0.5);
        driftLeft = 8;
      }
      if (driftLeft > 0) {
        level += drift;
        driftLeft--;
      }
      // Sum of three uniforms: roughly normal, no Math.log in the generator.
      let value = level + noise * (random() + random() + random() - 1.5);
      if (random() < 0.003) value += noise * 5 * (random() - 0.5);
      data[s * POINTS + i] = value;
    }
  }
  return Array.from({ length: SERIES }, (_, s) => data.subarray(s * POINTS, (s + 1) * POINTS));
}

/** The floor: mean and mean moving range in one pass, nothing else. */
function measureFloor(series: readonly Float64Array[]): number {
  let check = 0;
  for (const values of series) {
    let sum = 0;
    let mr = 0;
    let prev = values[0] as number;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      sum += v;
      mr += Math.abs(v - prev);
      prev = v;
    }
    check += sum / values.length + mr / (values.length - 1);
  }
  return check;
}

/** Share of points flagged special cause under a preset, to show the data has signals in it. */
function measureSpecialShare(series: readonly Float64Array[], preset: SpcPresetName): number {
  const options = resolveSpcOptions({ preset });
  let flagged = 0;
  for (const values of series) {
    const { ruleFlags } = analyseSeries({ values }, options);
    for (const mask of ruleFlags) if (mask !== 0) flagged++;
  }
  return flagged / (series.length * POINTS);
}

function measureAnalysis(series: readonly Float64Array[], preset: SpcPresetName): number {
  const options = resolveSpcOptions({ preset, direction: 'increase', target: 100 });
  let check = 0;
  for (const values of series) {
    const analysis = analyseSeries({ values }, options);
    check += analysis.signalCodes[POINTS - 1] as number;
  }
  return check;
}

/**
 * The best of ROUNDS runs, timed in CPU time (user + system, all of the process's threads, so
 * garbage collection counts): on a shared machine, wall-clock time also counts other people's work.
 */
function timeBest(run: () => number): { ms: number; wallMs: number; check: number } {
  let best = Infinity;
  let bestWall = Infinity;
  let check = 0;
  for (let r = 0; r < ROUNDS; r++) {
    collectGarbage();
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    check = run();
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1000);
    bestWall = Math.min(bestWall, Number(process.hrtime.bigint() - wall) / 1e6);
  }
  return { ms: best, wallMs: bestWall, check };
}

const series = generateSeries();
const points = SERIES * POINTS;
// Warm both up so the first preset is not charged for compilation.
measureFloor(series);
measureAnalysis(series.slice(0, 500), 'mdc');

const rows: string[][] = [];
for (const preset of ['mdc', 'nhsr', 'pbi'] as const) {
  // Floor and analysis alternate in the same run, so both see the same machine state.
  const floor = timeBest(() => measureFloor(series));
  const full = timeBest(() => measureAnalysis(series, preset));
  rows.push([
    preset,
    floor.ms.toFixed(1),
    (((points / floor.ms) * 1e3) / 1e6).toFixed(0),
    full.ms.toFixed(1),
    (((points / full.ms) * 1e3) / 1e6).toFixed(1),
    ((full.ms * 1e6) / points).toFixed(1),
    (full.ms / floor.ms).toFixed(1),
    (full.wallMs / floor.wallMs).toFixed(1),
    `${(100 * measureSpecialShare(series, preset)).toFixed(0)}%`,
  ]);
}

const header = [
  'preset',
  'floor ms',
  'floor Mpt/s',
  'full ms',
  'full Mpt/s',
  'full ns/pt',
  'ratio',
  'wall ratio',
  'special',
];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ');
console.log(
  `SPC engine: ${SERIES.toLocaleString('en-GB')} series × ${POINTS} points = ${points.toLocaleString('en-GB')} points per preset, best of ${ROUNDS} (CPU time)`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  'ratio = full analysis CPU time ÷ floor CPU time (a bare mean and moving-range loop); aim ≤ 10; wall ratio = the same in wall-clock time',
);
console.log('special = share of points flagged by at least one rule');
