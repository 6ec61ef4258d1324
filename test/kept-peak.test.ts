// The CLI's kept peak without a worker (cli/peak-file.ts, cli/kept-peak.ts, core/runs/peak.ts restateMfu): the file's
// location, a wrong entry named and ignored, a faster run raising the peak with its MFU restated (≤ 100%).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKeptPeak } from '../cli/kept-peak';
import { peaksFilePath, readPeaks } from '../cli/peak-file';
import type { MetricPoint, RunRecord } from '../core/record';
import { restateMfu } from '../core/runs/peak';

const at = new Date('2026-12-07T12:00:00.000Z');
const calibration = {
  peakFlopsPerSec: 2e9,
  bestSize: 256,
  samples: [{ size: 256, flopsPerSec: 2e9 }],
  endedBy: 'plateau',
  elapsedMs: 900,
};
const ready = { backend: 'cpu', adapterInfo: 'test cpu', wasmThreads: 2 };

/** A run measured against a 2 GFLOP/s calibrated peak whose points reached 1, 3 and 2.5 GFLOP/s. */
function fasterRun(): { record: RunRecord; metrics: MetricPoint[] } {
  const flops = [1e9, 3e9, 2.5e9];
  const metrics = flops.map((f, i) => ({ step: i, flopsPerSec: f, mfu: f / 2e9 }) as unknown as MetricPoint);
  // The summary's MFU is the median of the points' (1.25 against 2 GFLOP/s).
  const summary = { mfu: 1.25, peak: { flopsPerSec: 2e9, source: 'calibrated' } };
  return { record: { name: 'fast', summary } as unknown as RunRecord, metrics };
}

describe('the kept peaks file', () => {
  it('lives in PALM_WORKBENCH_PEAKS, else the XDG cache, else ~/.cache', () => {
    expect(peaksFilePath({ PALM_WORKBENCH_PEAKS: '/x/p.json', XDG_CACHE_HOME: '/c' })).toBe('/x/p.json');
    expect(peaksFilePath({ XDG_CACHE_HOME: '/c' })).toBe('/c/palm-workbench/peaks.json');
    expect(peaksFilePath({ HOME: '/h' })).toMatch(/\.cache\/palm-workbench\/peaks\.json$/);
  });

  it('names a wrong entry and reads as empty', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'palm-peaks-')), 'peaks.json');
    writeFileSync(path, JSON.stringify({ peaks: { k: { flopsPerSec: -1, source: 'calibrated', at: 'x' } } }));
    const notes: string[] = [];
    expect(readPeaks(path, (l) => notes.push(l))).toEqual({});
    expect(notes).toEqual([
      `ignoring the kept peaks file "${path}" (peaks.k.flopsPerSec: must be a positive number); the peak is measured anew`,
    ]);
  });
});

describe('a kept peak for the CLI', () => {
  it('keeps a measured peak, raises it to a faster run and restates that run against it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'palm-peaks-')), 'sub', 'peaks.json');
    const notes: string[] = [];
    const opts = { recalibrate: false, note: (l: string) => notes.push(l), path, now: () => at };
    const session = openKeptPeak(ready, opts);
    expect(session.peakFlopsPerSec).toBeNull();
    session.measured(2e9, calibration);
    expect(openKeptPeak(ready, opts).peakFlopsPerSec).toBe(2e9);
    expect(openKeptPeak(ready, { ...opts, recalibrate: true }).peakFlopsPerSec).toBeNull();

    const settled = session.settle(fasterRun());
    // Against the raised 3 GFLOP/s: 1/3, 1, 2.5/3; the median 2.5/3.
    expect(settled.metrics.map((p) => p.mfu)).toEqual([1 / 3, 1, 2.5 / 3]);
    expect(settled.record.summary?.mfu).toBeCloseTo(2.5 / 3, 15);
    expect(settled.record.summary?.peak).toEqual({ flopsPerSec: 3e9, source: 'calibrated' });
    expect(session.peakFlopsPerSec).toBe(3e9);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { peaks: Record<string, unknown> };
    expect(Object.values(file.peaks)).toEqual([
      { flopsPerSec: 3e9, source: 'revised', at: at.toISOString(), calibration },
    ]);
    expect(notes.at(-1)).toBe(`peak: raised to 3.00 GFLOP/s, the FLOP/s fast achieved ("${path}")`);
  });

  it('leaves a run slower than the kept peak, and one against a nominal peak, as they are', () => {
    const slow = fasterRun();
    expect(restateMfu(slow, 2e9)).toBe(slow);
    const nominal = fasterRun();
    nominal.record.summary!.peak = { flopsPerSec: 2e9, source: 'nominal' };
    const path = join(mkdtempSync(join(tmpdir(), 'palm-peaks-')), 'peaks.json');
    const session = openKeptPeak(ready, { recalibrate: false, note: () => {}, path });
    expect(session.settle(nominal)).toBe(nominal);
    expect(session.peakFlopsPerSec).toBeNull();
  });
});
