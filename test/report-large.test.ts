// Reports of long runs: a run of a million logged points reports in every format (the CLI's writer and the desktop
// export within its IPC limits): no call spreads its points (a stack overflow), charts are thinned for drawing,
// and the CSV and JSON keep every point.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeReports } from '../cli/write-report';
import type { MetricPoint, RunData } from '../core/record';
import { thinLine } from '../core/report/downsample';
import { PLOT_COLUMNS } from '../core/report/svg-chart';
import { exportReport } from '../electron/ipc/export-report';
import { REPORT_LIMITS } from '../electron/ipc/report-request';
import { POLICY, TRUSTED } from './electron-helpers';
import { makeRuns } from './report-fixtures';

const MILLION = 1_000_000;
/** The step whose loss spikes: thinning for drawing must keep it. */
const SPIKE_STEP = 777_777;

/** A point per step from 1 to n: loss falling as 1/sqrt(step), one spike, validation every 1000 steps. */
function makePoints(n: number): MetricPoint[] {
  const points = new Array<MetricPoint>(n);
  for (let i = 0; i < n; i++) {
    const step = i + 1;
    const trainLoss = step === SPIKE_STEP ? 9 : 5 / Math.sqrt(step);
    points[i] = {
      step,
      tokens: step * 1024,
      wallMs: step * 250,
      trainLoss,
      zLoss: 1e-4,
      gradNorm: 1.5,
      lr: 0.01,
      stepMs: 250,
      tokensPerSec: 4096 + (step % 7),
      flopsPerSec: 1e10,
      mfu: 0.01,
      paramBytes: 400_000,
      optimizerStateBytes: 800_000,
      peakBytes: 12_000_000 + (step % 1000),
      numTensors: 120,
      ...(step % 1000 === 0 ? { valLoss: trainLoss + 0.1 } : {}),
    };
  }
  return points;
}

/** Lines of a file, counted in its bytes (a report of a million points is never read back as one string). */
function countLines(bytes: Buffer, prefix = ''): number {
  const start = Buffer.from(`\n${prefix}`);
  let n = 0;
  for (let at = bytes.indexOf(start); at >= 0; at = bytes.indexOf(start, at + 1)) n++;
  return n;
}

describe('thinLine', () => {
  test('keeps each pixel column’s first, lowest, highest and last point in order, and the gaps', () => {
    const ys = [3, 1, 5, 2, 4, Number.NaN, 6, 7, 0, 8, 9, 9];
    const thinned = thinLine(
      ys.length,
      (i) => (i < 5 ? 0.1 * i : 5 + 0.1 * i),
      (i) => ys[i]!,
      2,
    );
    // Column 0 (x < 3.35): indices 0–4, of which first (3), lowest (1), highest (5), last (4); a gap; column 1
    // (indices 6–11): first 6, lowest 0, highest 9 (its first, index 10), last 9.
    expect(thinned.map((p) => p[1])).toEqual([3, 1, 5, 4, Number.NaN, 6, 0, 9, 9]);
  });
});

describe('reports of a million points per run', () => {
  const big: RunData = { ...makeRuns()[0]!, metrics: makePoints(MILLION) };
  const small = makeRuns()[1]!;

  test('the CLI writes all four files; the charts are thinned and the CSV and JSON keep every point', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palm-report-large-'));
    const [html, md, csv, json] = writeReports(dir, [big, small]).map((f) => readFileSync(f));
    const page = html!.toString('utf8');
    // Each line is at most 4 points per pixel column: the page stays small whatever the run's length.
    expect(page.length).toBeLessThan(1_000_000);
    for (const d of page.matchAll(/<path d="([^"]*)"/g))
      expect(d[1]!.split(/[ML]/).length).toBeLessThan(4 * PLOT_COLUMNS + 8);
    // The spike (loss 9, above the cap of 1.2 × the first loss) survives thinning: only it makes the axis capped.
    expect(page).toContain('y axis capped');
    expect(md!.toString('utf8')).toMatch(/^# /);
    expect(countLines(csv!)).toBe(1 + MILLION + small.metrics.length); // the header, then a line per point
    expect(csv!.toString('utf8', csv!.length - 400)).toContain(',30,30720,');
    expect(countLines(json!, '        {"step":')).toBe(MILLION + small.metrics.length);
    expect(json!.toString('utf8', json!.length - 16)).toBe(']\n    }\n  ]\n}\n'.padStart(16, ' '));
  });

  test('the desktop export of the most points its IPC limits accept writes every point', async () => {
    const perRun = Math.min(REPORT_LIMITS.metricsPerRun, REPORT_LIMITS.metricsTotal);
    const runCount = Math.floor(REPORT_LIMITS.metricsTotal / perRun);
    const runs = Array.from({ length: runCount }, (_, i) => ({
      ...makeRuns()[0]!,
      record: { ...makeRuns()[0]!.record, id: `run-${i}` },
      metrics: makePoints(perRun),
    }));
    const dir = await mkdtemp(join(tmpdir(), 'palm-export-large-'));
    const deps = {
      policy: POLICY,
      chooseFolder: async () => dir,
      printToPdf: async () => new Uint8Array(),
      now: () => new Date(0),
    };
    const result = await exportReport(TRUSTED, { runs, formats: ['html', 'csv', 'json'] }, deps);
    expect(result.canceled).toBe(false);
    const files = (result as { files: string[] }).files.map((f) => readFileSync(join(dir, f)));
    // The runs are seeds of one variant: each line chart draws their mean and one 95% band, thinned like a line.
    const page = files[0]!.toString('utf8');
    const bands = [...page.matchAll(/<path class="band" d="([^"]*)"/g)].map((m) => m[1]!);
    // Training and validation loss in each loss chart (vs step, vs tokens), and tokens/s.
    expect(bands).toHaveLength(5);
    for (const d of bands) expect(d.split(/[ML]/).length).toBeLessThan(2 * 4 * PLOT_COLUMNS + 8);
    expect(countLines(files[1]!)).toBe(1 + runCount * perRun);
    expect(countLines(files[2]!, '        {"step":')).toBe(runCount * perRun);
  });
});
