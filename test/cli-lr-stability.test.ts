// Where instability starts through the real binary: a tiny learning-rate sweep × 2 variants × a 2-rung ladder, one
// rate so high that the loss overflows; run records the spec's instabilityMargin and report.json, report.md and
// report.html carry the threshold per rung × variant.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../core/report';
import { palm } from './cli-helpers';

describe('palm-workbench run with a learning-rate sweep over a ladder', () => {
  it('writes where instability starts per rung and variant', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'palm-lr-'));
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(
      corpus,
      'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40),
    );
    const spec = {
      name: 'tiny-lr-ladder',
      claims: ['zLoss'],
      baseName: 'palm',
      instabilityMargin: 0.2,
      base: {
        model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
        optimizer: { schedule: 'constant' },
        train: { batchSize: 4, logEvery: 2, evalEvery: 2, evalBatches: 1, checkpointEvery: 100, peakTflops: 0.001 },
        data: { corpus: 'file', path: corpus },
      },
      variants: [{ name: 'z-loss-off', overrides: { 'train.zLossCoef': 0 } }],
      // At a constant rate of 1e20 Adafactor's weight decay (1 − lr², t5x form) overflows float32 at the first step,
      // so the loss of the second is not finite.
      sweep: { 'optimizer.learningRate': [0.003, 0.03, 1e20] },
      ladder: [
        { name: 's', model: { dModel: 8, headDim: 4 }, tokens: 64 },
        { name: 'm', tokens: 64 },
      ],
    };
    const specPath = join(tmp, 'lr.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const out = join(tmp, 'out');
    const r = await palm(['run', specPath, '--backend', 'cpu', '--jobs', '2', '--no-speed', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8')).instabilityMargin).toBe(0.2);
    const report = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8')) as JsonReport;
    expect(report.lrStability.map((s) => [s.rung?.name, s.variant, s.grid.map((g) => g.lr), s.margin])).toEqual([
      ['s', 'palm', [0.003, 0.03, 1e20], 0.2],
      ['s', 'z-loss-off', [0.003, 0.03, 1e20], 0.2],
      ['m', 'palm', [0.003, 0.03, 1e20], 0.2],
      ['m', 'z-loss-off', [0.003, 0.03, 1e20], 0.2],
    ]);
    for (const s of report.lrStability) {
      expect(s.unstableLr).toBe(1e20);
      expect(s.reason).toBe('diverged');
      expect(s.grid[0]!.maxAttnLogit).toBeGreaterThan(0);
    }
    const diverged = report.runs.find(
      (run) => run.record.name === 'palm · m · optimizer.learningRate=100000000000000000000',
    )!;
    expect(diverged.record.status).toBe('diverged');
    const md = readFileSync(join(out, 'report', 'report.md'), 'utf8');
    expect(md).toMatch(
      /\| m \| [\d.]+k? \| z-loss-off \| 1 \| [\d.e-]+ \| \d\.\d{3} \| 1\d{20} \| diverged \(1 of 1 seeds\) \|/,
    );
    const html = readFileSync(join(out, 'report', 'report.html'), 'utf8');
    expect(html.match(/<title>Final val loss vs learning rate/g)).toHaveLength(2);
  }, 120_000);
});
