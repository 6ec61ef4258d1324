// Interleaved timing (docs/benchmarks.md, Method): the step plan over rounds, the per-round reference ratios (worked by
// hand), and the round-robin bench on the cpu backend: every variant warmed up first, then rounds in turn, no tensor
// leaked.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { benchInterleaved, referenceRatios, roundSteps, type InterleavedResult } from '../core/bench/interleave';
import { formatReport, type BenchReport } from '../core/bench/report';
import { benchVariants } from '../core/bench/variants';
import { mfuPeakLabel } from '../core/metrics/flops';

describe('round plan and ratios', () => {
  it('splits the timed steps over the rounds, earlier rounds taking the remainder, never an empty round', () => {
    expect(roundSteps(15, 5)).toEqual([3, 3, 3, 3, 3]);
    expect(roundSteps(7, 3)).toEqual([3, 2, 2]);
    expect(roundSteps(2, 5)).toEqual([1, 1]);
    expect(() => roundSteps(0, 5)).toThrow(/steps ≥ 1/);
    expect(() => roundSteps(5, 0)).toThrow(/rounds ≥ 1/);
  });

  it('takes reference/variant within each round, so a drift shared by a round cancels', () => {
    // The machine slows down 2x then recovers; the variant is always half as fast as the reference.
    const ratios = referenceRatios([
      [100, 50, 80],
      [50, 25, 40],
      [100, 100, 40],
    ]);
    expect(ratios[0]).toMatchObject({ median: 1, min: 1, max: 1 });
    expect(ratios[1]).toMatchObject({ median: 2, min: 2, max: 2, n: 3 });
    // [1, 0.5, 2]: median 1, quartiles 0.75 and 1.5 (numpy's linear interpolation).
    expect(ratios[2]).toEqual({ median: 1, min: 0.5, max: 2, p25: 0.75, p75: 1.5, n: 3 });
  });
});

describe('benchInterleaved', () => {
  it('warms every variant up, then times rounds in turn, and measures each like the single bench did', async () => {
    const tiny = { model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 }, train: { batchSize: 2 } };
    const variants = benchVariants(tiny).slice(0, 3); // reference, serial, mha
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const results = await benchInterleaved(variants, {
      steps: 4,
      rounds: 2,
      warmup: 1,
      peakFlopsPerSec: 1e9,
      log: (l) => lines.push(l),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(lines).toEqual([
      'bench: warming up reference (1 steps)',
      'bench: warming up serial (1 steps)',
      'bench: warming up mha (1 steps)',
      'bench: round 1/2: 2 step(s) of each variant',
      'bench: round 2/2: 2 step(s) of each variant',
    ]);
    expect(results.map((r) => r.name)).toEqual(['reference', 'serial', 'mha']);
    const [reference] = results as [InterleavedResult, ...InterleavedResult[]];
    for (const r of results) {
      expect(r.stepMs.n).toBe(4);
      expect(r.losses).toHaveLength(4);
      expect(r.roundTokensPerSec).toHaveLength(2);
      expect(r.memory.leakedTensors).toBe(0);
      expect(r.memory.optimizerStateBytes).toBe(2 * r.memory.paramBytes); // two slots per parameter (Adafactor unfactored with β1), measured
      expect(r.mfu).toBeCloseTo(r.flopsPerSec / 1e9, 12);
      // Each round's ratio is the reference's round rate over this variant's.
      const ref = reference.roundTokensPerSec;
      const perRound = r.roundTokensPerSec.map((x, i) => ref[i]! / x);
      expect(r.referenceOver.min).toBeCloseTo(Math.min(...perRound), 12);
      expect(r.referenceOver.max).toBeCloseTo(Math.max(...perRound), 12);
    }
    expect(reference.referenceOver).toMatchObject({ median: 1, min: 1, max: 1 });
  });
});

describe('MFU is labelled with its peak', () => {
  it('names a nominal peak as user-given and the measured one as calibrated', () => {
    expect(mfuPeakLabel('nominal')).toBe('nominal peak (user-given)');
    expect(mfuPeakLabel('calibrated')).toBe('calibrated matmul peak');
  });

  it('the bench text says which peak, each size grown through and why the growth ended', () => {
    const result = {
      name: 'reference',
      tokensPerStep: 16,
      flopsPerToken: 1e6,
      stepMs: { median: 10, min: 9, max: 12, p25: 9.5, p75: 11, n: 4 },
      tokensPerSec: { median: 1600, min: 1333, max: 1778, p25: 1455, p75: 1684, n: 4 },
      flopsPerSec: 1.6e9,
      mfu: 0.5,
      losses: [5.5],
      kernelLaunches: 100,
      memory: {
        paramBytes: 1,
        optimizerStateBytes: 2,
        stepPeakBytes: 3,
        stepTransientBytes: 1,
        numTensors: 4,
        leakedTensors: 0,
      },
      profile: [],
      roundTokensPerSec: [1600, 1600],
      referenceOver: { median: 1, min: 1, max: 1, p25: 1, p75: 1, n: 2 },
    };
    const report: BenchReport = {
      tool: 'palm-workbench bench',
      tfjsVersion: '4.22.0',
      backend: 'wasm',
      device: { cpuModel: 'cpu', cores: 2, runtime: 'Node' },
      peak: {
        flopsPerSec: 3.2e9,
        calibrated: true,
        bestSize: 512,
        samples: [
          { size: 256, flopsPerSec: 2e9 },
          { size: 384, flopsPerSec: 3e9 },
          { size: 512, flopsPerSec: 3.2e9 },
        ],
        endedBy: 'budget',
        elapsedMs: 1900,
        budgetMs: 2000,
      },
      steps: 4,
      rounds: 2,
      warmup: 1,
      train: [result],
    };
    const text = formatReport(report, false);
    expect(text).toMatch(
      /MFU against the calibrated matmul peak: 3\.20 GFLOP\/s at 512², best of 256: 2\.00 G, 384: 3\.00 G, 512: 3\.20 G \(growth ended by budget after 1900 ms of a 2000 ms budget\)/,
    );
    expect(text).toMatch(/MFU \(calibrated\)/);
    expect(text).toMatch(/^reference .* 1\.00 \(1\.00-1\.00\) .* 50\.0%/m);
    expect(text).toMatch(/4 timed steps each in 2 interleaved rounds/);
  });
});
