// `run --jobs` and `run --shard` through the real binary: two shards of a 2-variant × 2-seed experiment, one trained
// two runs at a time, then `report` over both shard folders gives one report with every run once.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../core/record';

function palm(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/palm-workbench.mjs', ...args],
      { env: { ...process.env, PALM_WORKBENCH_DEBUG: '' } },
      (e, _o, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

const readRecord = (dir: string): RunRecord => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;

describe('palm-workbench run --shard / --jobs, and report over shards', () => {
  it('splits the runs over two shards, marks runs that overlapped, and merges the shards into one report', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'palm-shard-'));
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(
      corpus,
      'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40),
    );
    const spec = {
      name: 'tiny-grid',
      base: {
        model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
        train: {
          batchSize: 4,
          steps: 6,
          logEvery: 2,
          evalEvery: 6,
          evalBatches: 1,
          checkpointEvery: 100,
          peakTflops: 0.001,
        },
        data: { corpus: 'file', path: corpus },
      },
      variants: [{ name: 'mha', overrides: { 'model.attention': 'mha' } }],
      repeats: 2,
    };
    const specPath = join(tmp, 'grid.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const [one, two] = [join(tmp, 'shard1'), join(tmp, 'shard2')];
    const common = ['--backend', 'cpu', '--steps', '6'];
    const [r1, r2] = await Promise.all([
      palm(['run', specPath, ...common, '--shard', '1/2', '--jobs', '2', '--out', one]),
      palm(['run', specPath, ...common, '--shard', '2/2', '--jobs', '1', '--out', two]),
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    // Plan order is seed-major (base-seed0, mha-seed0, base-seed1, mha-seed1); run k goes to shard (k mod 2) + 1.
    expect(r1.stderr).toMatch(/shard 1\/2: 2 of 4 runs/);
    expect(r1.stderr).toMatch(/2 runs at once/);
    const first = [readRecord(join(one, 'base-seed0')), readRecord(join(one, 'base-seed1'))];
    const second = [readRecord(join(two, 'mha-seed0')), readRecord(join(two, 'mha-seed1'))];
    expect(first.map((r) => r.status)).toEqual(['done', 'done']);
    expect(second.map((r) => r.status)).toEqual(['done', 'done']);
    // Shard 1 trained its two runs at once; shard 2 one after the other.
    expect(first.map((r) => r.overlappedWith)).toEqual([['base-seed1'], ['base-seed0']]);
    expect(second.map((r) => r.overlappedWith)).toEqual([undefined, undefined]);
    expect(readFileSync(join(one, 'report', 'report.md'), 'utf8')).toMatch(/\(overlapped\)/);

    const out = join(tmp, 'merged');
    const rep = await palm(['report', one, two, '--out', out]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stderr).toMatch(/report of 4 runs/);
    expect(rep.stderr).not.toMatch(/not trained by these shards/);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      experiment?: { name: string };
      runs: { record: RunRecord }[];
    };
    const ids = json.runs.map((r) => `${r.record.name}-seed${r.record.seed}`).sort();
    expect(ids).toEqual(['base-seed0', 'base-seed1', 'mha-seed0', 'mha-seed1']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/tiny-grid/);

    const partial = await palm(['report', one, '--out', join(tmp, 'partial')]);
    expect(partial.code).toBe(0);
    const dup = await palm(['report', one, one, '--out', join(tmp, 'dup')]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/run "base-seed0" is in two shard folders/);
  }, 240_000);

  it('calibrates the peak once for runs that train at once, and every run measures MFU against it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'palm-jobs-peak-'));
    // The defaults' calibrated peak (no train.peakTflops), as a user gets it.
    const spec = {
      name: 'two-at-once',
      base: {
        model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
        train: { batchSize: 4, steps: 4, logEvery: 2, evalEvery: 4, evalBatches: 1, checkpointEvery: 100 },
        data: { corpus: 'moby-dick', maxBytes: 20_000 },
      },
      variants: [{ name: 'mha', overrides: { 'model.attention': 'mha' } }],
    };
    const specPath = join(tmp, 'spec.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const out = join(tmp, 'out');
    const r = await palm(['run', specPath, '--backend', 'cpu', '--jobs', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const records = [readRecord(join(out, 'base')), readRecord(join(out, 'mha'))];
    expect(records.map((x) => x.overlappedWith)).toEqual([['mha'], ['base']]);
    const peaks = records.map((x) => x.summary?.peak);
    expect(peaks[0]).toMatchObject({ source: 'calibrated' });
    expect(peaks[0]!.flopsPerSec).toBeGreaterThan(0);
    expect(peaks[1]).toEqual(peaks[0]);
  }, 240_000);
});
