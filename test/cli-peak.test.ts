// The kept peak through the real binary (docs/design.md §3 "MFU"): the first `train` measures it and keeps it in
// PALM_WORKBENCH_PEAKS, a second uses it without measuring, --recalibrate replaces it, a corrupt file is named and
// ignored, and a run faster than the kept peak raises it and reads its MFU against the raised one (≤ 100%).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PeakEntry } from '../cli/peak-file';
import { palm, readMetrics, readRecord, tinyInput } from './cli-helpers';

let tmp: string;
let config: string;
let peaks: string;
let n = 0;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-peak-'));
  const corpus = join(tmp, 'corpus.txt');
  writeFileSync(corpus, 'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40));
  // No nominal peak: the run needs the calibrated one, as a user's default config does.
  const { peakTflops: _nominal, ...train } = tinyInput(corpus).train;
  config = join(tmp, 'tiny.json');
  writeFileSync(config, JSON.stringify({ ...tinyInput(corpus), train }));
  peaks = join(tmp, 'cache', 'peaks.json');
});

const train = async (...extra: string[]) => {
  const out = join(tmp, `run${n++}`);
  const r = await palm(['train', '--config', config, '--backend', 'cpu', '--out', out, ...extra], {
    PALM_WORKBENCH_PEAKS: peaks,
  });
  expect(r.code, r.stderr).toBe(0);
  return { ...r, out };
};
const kept = (): Record<string, PeakEntry> =>
  (JSON.parse(readFileSync(peaks, 'utf8')) as { peaks: Record<string, PeakEntry> }).peaks;
const onlyEntry = () => {
  const entries = Object.values(kept());
  expect(entries).toHaveLength(1);
  return entries[0]!;
};

describe('the kept peak', () => {
  it('is measured once, kept, used by the next run, and replaced by --recalibrate', async () => {
    const first = await train();
    expect(first.stderr).toContain('calibrating');
    const measured = onlyEntry();
    expect(measured.calibration?.peakFlopsPerSec).toBeGreaterThan(0);
    expect(readRecord(first.out).summary?.peak?.flopsPerSec).toBe(measured.flopsPerSec);

    const second = await train();
    expect(second.stderr).not.toContain('calibrating');
    expect(second.stderr).toContain(`kept in "${peaks}"`);
    const used = onlyEntry();
    expect(readRecord(second.out).summary?.peak).toEqual({ flopsPerSec: used.flopsPerSec, source: 'calibrated' });

    const third = await train('--recalibrate');
    expect(third.stderr).toContain('calibrating');
    const remeasured = onlyEntry();
    expect(remeasured.source).toBe('calibrated');
    expect(remeasured.at > used.at).toBe(true);
    expect(readRecord(third.out).summary?.peak?.flopsPerSec).toBe(remeasured.flopsPerSec);
  }, 240_000);

  it('is raised to a run that goes faster, whose MFU is then at most 100% against the raised peak', async () => {
    // A kept peak far below what any run achieves (1 kFLOP/s), as a peak measured in a busy moment is.
    const [key, entry] = Object.entries(kept())[0]!;
    writeFileSync(peaks, JSON.stringify({ peaks: { [key]: { ...entry, flopsPerSec: 1000 } } }));
    const r = await train();
    expect(r.stderr).not.toContain('calibrating');
    expect(r.stderr).toMatch(/peak: raised to .* GFLOP\/s, the FLOP\/s tiny achieved/);
    const raised = onlyEntry();
    expect(raised.source).toBe('revised');
    const metrics = readMetrics(r.out);
    const fastest = Math.max(...metrics.map((p) => p.flopsPerSec));
    expect(raised.flopsPerSec).toBe(fastest);
    const summary = readRecord(r.out).summary!;
    expect(summary.peak).toEqual({ flopsPerSec: fastest, source: 'calibrated' });
    for (const p of metrics) {
      expect(p.mfu).toBeCloseTo(p.flopsPerSec / fastest, 12);
      expect(p.mfu!).toBeLessThanOrEqual(1);
    }
    expect(summary.mfu!).toBeLessThanOrEqual(1);
    expect(Math.max(...metrics.map((p) => p.mfu!))).toBe(1);
  }, 240_000);

  it('serves `run` too: its runs use the kept peak without measuring', async () => {
    const spec = {
      name: 'kept',
      base: JSON.parse(readFileSync(config, 'utf8')) as object,
      variants: [{ name: 'mqa', overrides: { 'model.attention': 'mqa' } }],
    };
    const specPath = join(tmp, 'spec.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const out = join(tmp, 'experiment');
    // A kept peak no tiny run reaches (1 PFLOP/s), so neither raises it.
    const [key, entry] = Object.entries(kept())[0]!;
    writeFileSync(peaks, JSON.stringify({ peaks: { [key]: { ...entry, flopsPerSec: 1e15 } } }));
    const before = onlyEntry();
    const r = await palm(['run', specPath, '--backend', 'cpu', '--jobs', '2', '--out', out, '--no-speed'], {
      PALM_WORKBENCH_PEAKS: peaks,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('calibrating');
    expect(r.stderr).toContain(`kept in "${peaks}"`);
    for (const run of ['base', 'mqa']) {
      expect(readRecord(join(out, run)).summary?.peak).toEqual({
        flopsPerSec: before.flopsPerSec,
        source: 'calibrated',
      });
    }
  }, 240_000);

  it('raised by runs of `run --jobs 2`: every run ends against the last raised peak, none above 100%', async () => {
    const [key, entry] = Object.entries(kept())[0]!;
    writeFileSync(peaks, JSON.stringify({ peaks: { [key]: { ...entry, flopsPerSec: 1000 } } }));
    const out = join(tmp, 'raised');
    const r = await palm(
      ['run', join(tmp, 'spec.json'), '--backend', 'cpu', '--jobs', '2', '--out', out, '--no-speed'],
      { PALM_WORKBENCH_PEAKS: peaks },
    );
    expect(r.code, r.stderr).toBe(0);
    const raised = onlyEntry();
    expect(raised.source).toBe('revised');
    const fastest = Math.max(
      ...['base', 'mqa'].flatMap((run) => readMetrics(join(out, run)).map((p) => p.flopsPerSec)),
    );
    expect(raised.flopsPerSec).toBe(fastest);
    for (const run of ['base', 'mqa']) {
      const summary = readRecord(join(out, run)).summary!;
      expect(summary.peak).toEqual({ flopsPerSec: fastest, source: 'calibrated' });
      expect(summary.mfu!).toBeLessThanOrEqual(1);
      for (const p of readMetrics(join(out, run))) expect(p.mfu).toBeCloseTo(p.flopsPerSec / fastest, 12);
    }
  }, 240_000);

  it('in a corrupt file is named and ignored: the run measures the peak and the file is replaced', async () => {
    writeFileSync(peaks, '{"peaks": {"cpu": {"flopsPerSec": "fast"');
    const r = await train();
    expect(r.stderr).toContain(`ignoring the kept peaks file "${peaks}"`);
    expect(r.stderr).toContain('calibrating');
    expect(onlyEntry().source).toBe('calibrated');
  }, 240_000);
});
