// The pure parts of the benchmark: medians and spreads, rates from step times, FLOP/s and MFU, and the per-op
// profile aggregation. Expected values are worked by hand (numpy's linear quantiles for the quartiles).
import { describe, expect, it } from 'vitest';
import { aggregateKernels } from '../core/bench/profile';
import { invertSpread, summarize, throughput } from '../core/bench/stats';
import { benchVariants } from '../core/bench/variants';
import { flopsPerToken } from '../core/metrics';

describe('summarize', () => {
  it('gives median, extremes and linear quartiles of unsorted samples', () => {
    // sorted 1 2 3 4 10: median 3; p25 at position 1 -> 2, p75 at position 3 -> 4
    expect(summarize([10, 3, 1, 4, 2])).toEqual({ median: 3, min: 1, max: 10, p25: 2, p75: 4, n: 5 });
    // sorted 1 2 3 4: median 2.5; p25 at 0.75 -> 1.75; p75 at 2.25 -> 3.25
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, p25: 1.75, p75: 3.25, n: 4 });
    expect(summarize([7])).toEqual({ median: 7, min: 7, max: 7, p25: 7, p75: 7, n: 1 });
  });

  it('refuses an empty sample', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe('throughput arithmetic', () => {
  it('turns step times into a rate whose min comes from the slowest step', () => {
    const rate = invertSpread({ median: 500, min: 250, max: 1000, p25: 400, p75: 800, n: 3 }, 2048);
    expect(rate).toEqual({ median: 4096, min: 2048, max: 8192, p25: 2560, p75: 5120, n: 3 });
  });

  it('computes FLOP/s = flopsPerToken * tokens/s and MFU against the peak', () => {
    const stepMs = summarize([2000, 2000, 4000]); // median 2 s for 2048 tokens: 1024 tokens/s
    const t = throughput(stepMs, 2048, 6e6, 12e9);
    expect(t.tokensPerSec.median).toBe(1024);
    expect(t.flopsPerSec).toBe(1024 * 6e6);
    expect(t.mfu).toBeCloseTo((1024 * 6e6) / 12e9, 12);
    expect(() => throughput(stepMs, 2048, 6e6, 0)).toThrow(/peakFlopsPerSec/);
  });
});

describe('aggregateKernels', () => {
  it('sums time and calls per kernel name, slowest first, with shares of the total', () => {
    const rows = aggregateKernels([
      { name: 'BatchMatMul', kernelTimeMs: 3 },
      { name: 'Add', kernelTimeMs: 1 },
      { name: 'BatchMatMul', kernelTimeMs: 4 },
      { name: 'Add', kernelTimeMs: { error: 'no timer' } },
      { name: 'Softmax', kernelTimeMs: 2 },
    ]);
    expect(rows).toEqual([
      { name: 'BatchMatMul', ms: 7, calls: 2, share: 0.7 },
      { name: 'Softmax', ms: 2, calls: 1, share: 0.2 },
      { name: 'Add', ms: 1, calls: 2, share: 0.1 },
    ]);
    expect(aggregateKernels([])).toEqual([]);
  });
});

describe('benchVariants', () => {
  it('is the reference config plus one ablation per headline switch, each changing only that switch', () => {
    const variants = benchVariants();
    expect(variants.map((v) => v.name)).toEqual(['reference', 'serial', 'mha', 'learned', 'adamw']);
    const ref = variants[0]!.config;
    expect(ref.model).toMatchObject({ nLayers: 4, dModel: 128, nHeads: 4, headDim: 32, seqLen: 128, vocabSize: 256 });
    expect(ref.model).toMatchObject({
      block: 'parallel',
      attention: 'mqa',
      kvHeads: 1,
      position: 'rope',
      activation: 'swiglu',
      bias: false,
      tieEmbeddings: true,
    });
    expect(ref.optimizer.name).toBe('adafactor');
    expect(ref.train.batchSize).toBe(16);
    const byName = Object.fromEntries(variants.map((v) => [v.name, v.config]));
    expect(byName.serial!.model.block).toBe('serial');
    expect(byName.mha!.model.kvHeads).toBe(4);
    expect(byName.learned!.model.position).toBe('learned');
    expect(byName.adamw!.optimizer.name).toBe('adamw');
    expect(byName.adamw!.model).toEqual(ref.model);
    // The reference's FLOPs per token: 6N + 12 L H Q T with N = 983,680 (docs/palm.md §3; the calculator is tested on its own).
    expect(flopsPerToken(ref.model)).toBe(6 * 983_680 + 12 * 4 * 4 * 32 * 128);
  });
});
