// Split and batches (core/data/split.ts, random.ts, sampler.ts): deterministic, resumable, targets shifted by one.
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/data/random';
import { BatchSampler, evalBatches } from '../core/data/sampler';
import { splitTokens } from '../core/data/split';

/** ids[i] = i, so a token's value is its position and windows can be read off the batch. */
const positions = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('splitTokens', () => {
  it('holds out the tail, the same every time', () => {
    const { train, val } = splitTokens(positions(1000), 0.1, 16);
    expect(train).toEqual(positions(900));
    expect(Array.from(val)).toEqual(Array.from({ length: 100 }, (_, i) => 900 + i));
    expect(splitTokens(positions(1000), 0.1, 16)).toEqual({ train, val });
  });

  it('needs a full window in each part', () => {
    expect(() => splitTokens(positions(1000), 0.1, 100)).toThrow(
      'validation split too small: 100 tokens (valFraction 0.1 of 1000), need at least seqLen + 1 = 101',
    );
    expect(splitTokens(positions(202), 0.5, 100).val).toHaveLength(101);
    expect(() => splitTokens(positions(100), 0.95, 10)).toThrow(
      'training split too small: 5 tokens, need at least seqLen + 1 = 11',
    );
  });
});

/** mulberry32 as published (bryc/code, PRNGs.md), for the golden comparison. */
function referenceMulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Rng', () => {
  it('matches the published mulberry32', () => {
    for (const seed of [0, 1, 42, 123456789]) {
      const rng = new Rng(seed);
      const reference = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) expect(rng.nextFloat()).toBe(reference());
    }
  });

  it('refuses a state that is not a 32-bit unsigned integer', () => {
    expect(() => new Rng(0).setState(-1)).toThrow(/PRNG state/);
    expect(() => new Rng(0).setState(2 ** 32)).toThrow(/PRNG state/);
  });
});

describe('BatchSampler', () => {
  const ids = positions(5000);

  it('draws windows of T + 1 tokens, targets shifted by one', () => {
    const sampler = new BatchSampler(ids, 8, 32, 7);
    for (let step = 0; step < 20; step++) {
      const { inputs, targets } = sampler.next();
      expect(inputs).toHaveLength(8 * 32);
      expect(targets).toHaveLength(8 * 32);
      for (let row = 0; row < 8; row++) {
        const start = inputs[row * 32]!;
        expect(start + 32).toBeLessThan(ids.length);
        for (let t = 0; t < 32; t++) {
          expect(inputs[row * 32 + t]).toBe(start + t);
          expect(targets[row * 32 + t]).toBe(start + t + 1);
        }
      }
    }
  });

  it('reaches both ends of the split', () => {
    const small = positions(12);
    const sampler = new BatchSampler(small, 64, 10, 3);
    const starts = new Set(Array.from({ length: 64 }, (_, row) => sampler.next().inputs[row * 10]));
    expect(starts).toEqual(new Set([0, 1]));
  });

  it('is reproducible from a seed and different across seeds', () => {
    const a = new BatchSampler(ids, 4, 16, 42);
    const b = new BatchSampler(ids, 4, 16, 42);
    const c = new BatchSampler(ids, 4, 16, 43);
    const batchA = a.next();
    expect(b.next()).toEqual(batchA);
    expect(c.next().inputs).not.toEqual(batchA.inputs);
  });

  it('resumes from a saved state with the same next batches', () => {
    const original = new BatchSampler(ids, 4, 16, 42);
    for (let i = 0; i < 5; i++) original.next();
    const saved = JSON.parse(JSON.stringify(original.getState()));
    const expected = [original.next(), original.next(), original.next()];
    const resumed = new BatchSampler(ids, 4, 16, 999);
    resumed.setState(saved);
    expect([resumed.next(), resumed.next(), resumed.next()]).toEqual(expected);
  });

  it('needs one full window', () => {
    expect(() => new BatchSampler(positions(16), 2, 16, 0)).toThrow(
      '16 tokens are too few for one window of seqLen + 1 = 17',
    );
  });
});

describe('evalBatches', () => {
  it('gives the same non-overlapping windows spread over the split', () => {
    const ids = positions(1001); // 100 windows of 10
    const batches = evalBatches(ids, 4, 10, 3);
    expect(evalBatches(ids, 4, 10, 3)).toEqual(batches);
    expect(batches).toHaveLength(3);
    const starts = batches.flatMap((b) => Array.from({ length: 4 }, (_, r) => b.inputs[r * 10]));
    expect(starts).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88].map((w) => w * 10));
    for (const { inputs, targets } of batches) {
      for (let i = 0; i < inputs.length; i++) expect(targets[i]).toBe(inputs[i]! + 1);
    }
  });

  it('ends with a short batch when the split has fewer windows than asked for', () => {
    const batches = evalBatches(positions(61), 4, 10, 10); // 6 windows
    expect(batches.map((b) => b.inputs.length / 10)).toEqual([4, 2]);
    expect(Array.from(batches[1]!.inputs.filter((_, i) => i % 10 === 0))).toEqual([40, 50]);
    expect(batches[1]!.targets[19]).toBe(60);
  });
});
