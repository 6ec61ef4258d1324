// The calibrated peak: 2·n³ FLOPs per timed matmul, the best size's median rate, sizes grown until the rate stops
// rising or the time budget is spent, stoppable, cached per device, no tensors left behind. A fake clock and a fake
// matmul stand in for a device of known speed.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { calibrateDevice, calibratePeak, CALIBRATION_SIZES, type PreparedMatmul } from '../core/kernels/calibrate';

test('calibration counts 2·n³ FLOPs per matmul over the measured time and frees its tensors', async () => {
  const before = tf.memory().numTensors;
  // A fake clock that advances 5 ms per reading: every timed matmul "takes" 5 ms.
  let t = 0;
  const now = () => (t += 5);
  const cal = await calibratePeak({ sizes: [32, 64], repeats: 2, now });
  expect(tf.memory().numTensors).toBe(before);
  expect(cal.backend).toBe('cpu');
  expect(cal.samples.map((s) => s.size)).toEqual([32, 64]);
  expect(cal.samples[0]!.flopsPerSec).toBeCloseTo((2 * 32 ** 3) / 0.005, 6);
  expect(cal.samples[1]!.flopsPerSec).toBeCloseTo((2 * 64 ** 3) / 0.005, 6);
  // The peak is the best size's sustained rate (docs/benchmarks.md, Method), not a median over the sizes.
  expect(cal.peakFlopsPerSec).toBe(cal.samples[1]!.flopsPerSec);
  expect(cal.bestSize).toBe(64);
});

test('a sample repeats small products until it has lasted minSampleMs: the rate is sustained, not one slice', async () => {
  let t = 0;
  let products = 0;
  const prepare = (): PreparedMatmul => ({
    run: async () => {
      products++;
      t += 2; // 2 ms a product
    },
    dispose: () => undefined,
  });
  const cal = await calibratePeak({ sizes: [100], repeats: 1, minSampleMs: 10, prepare, now: () => t });
  expect(products).toBe(1 + 5); // the warm-up, then five 2-ms products to fill 10 ms
  expect(cal.peakFlopsPerSec).toBeCloseTo((5 * 2 * 100 ** 3) / 0.01, 6);
});

test('on the real clock the cpu backend measures a positive, finite peak', async () => {
  const cal = await calibratePeak({ sizes: [64], repeats: 2 });
  expect(Number.isFinite(cal.peakFlopsPerSec)).toBe(true);
  expect(cal.peakFlopsPerSec).toBeGreaterThan(1e6);
});

/** A device whose matmul of size n sustains rate(n) FLOP/s, on a clock that moves only when it computes. */
function fakeDevice(rate: (n: number) => number) {
  const clock = { t: 0 };
  const runs: number[] = [];
  let live = 0;
  const prepare = (n: number): PreparedMatmul => {
    live++;
    return {
      run: async () => {
        runs.push(n);
        clock.t += (2 * n ** 3 * 1000) / rate(n);
      },
      dispose: () => void live--,
    };
  };
  return { clock, runs, prepare, now: () => clock.t, live: () => live };
}

describe('growth', () => {
  test('stops after two sizes in a row gain less than 3%, and takes the best rate seen', async () => {
    const rates: Record<number, number> = { 256: 1e9, 384: 2e9, 512: 3e9, 768: 3.05e9, 1024: 3.02e9, 1536: 9e9 };
    const dev = fakeDevice((n) => rates[n] ?? 9e9);
    const cal = await calibratePeak({ prepare: dev.prepare, now: dev.now, budgetMs: 60_000 });
    expect(cal.endedBy).toBe('plateau');
    expect(cal.samples.map((s) => s.size)).toEqual([256, 384, 512, 768, 1024]);
    expect(cal.samples.map((s) => s.flopsPerSec)).toEqual(
      [1e9, 2e9, 3e9, 3.05e9, 3.02e9].map((r) => expect.closeTo(r, -3)),
    );
    expect(cal.peakFlopsPerSec).toBeCloseTo(3.05e9, -3);
    expect(cal.bestSize).toBe(768);
    // One warm-up and three timed samples per size, a sample at least 50 ms of products: 256² (33.6 ms a product
    // at 1 GFLOP/s) needs two, the larger ones one; every operand freed.
    const productsOf = (n: number) => dev.runs.filter((m) => m === n).length;
    expect([256, 384, 512, 768, 1024].map(productsOf)).toEqual([1 + 3 * 2, 4, 4, 4, 4]);
    expect(dev.live()).toBe(0);
  });

  test('grows through the one size list when the rate keeps rising and the budget allows', async () => {
    const dev = fakeDevice((n) => n * 1e9); // faster with every size: a large GPU
    const cal = await calibratePeak({ prepare: dev.prepare, now: dev.now, budgetMs: 60_000 });
    expect(cal.endedBy).toBe('sizes');
    expect(cal.samples.map((s) => s.size)).toEqual([...CALIBRATION_SIZES]);
    expect(cal.bestSize).toBe(CALIBRATION_SIZES.at(-1));
  });

  test('a slow device stops growing when the next size would not fit in the budget', async () => {
    // 256²: 33.6 MFLOP at 0.1 GFLOP/s = 336 ms a product; 4 products = 1.34 s; 384² would need 4.5 s more.
    const dev = fakeDevice((n) => 1e8 * (1 + n / 1e4));
    const cal = await calibratePeak({ prepare: dev.prepare, now: dev.now, budgetMs: 2000 });
    expect(cal.endedBy).toBe('budget');
    expect(cal.samples.map((s) => s.size)).toEqual([256]);
    expect(cal.elapsedMs).toBeLessThanOrEqual(2000);
    expect(dev.runs).toEqual([256, 256, 256, 256]);
  });

  test('a device too slow for even the first size ends after one timed product (SwiftShader in a browser)', async () => {
    const dev = fakeDevice(() => 1e7); // 256²: 3.4 s a product, over the budget on its own
    const cal = await calibratePeak({ prepare: dev.prepare, now: dev.now, budgetMs: 2000 });
    expect(cal.endedBy).toBe('budget');
    expect(dev.runs).toEqual([256, 256]); // the warm-up and one timed product: never a second
    expect(cal.peakFlopsPerSec).toBeCloseTo(1e7, -1);
    expect(dev.live()).toBe(0);
  });

  test('shouldStop ends it between products; a stopped calibration is not cached, a finished one is', async () => {
    const dev = fakeDevice(() => 1e9);
    const stoppedCal = await calibrateDevice('test-device', {
      prepare: dev.prepare,
      now: dev.now,
      shouldStop: () => dev.runs.length >= 2,
    });
    expect(stoppedCal.endedBy).toBe('stopped');
    expect(dev.runs).toHaveLength(2);
    expect(dev.live()).toBe(0);

    const first = await calibrateDevice('test-device', { prepare: dev.prepare, now: dev.now });
    expect(first.endedBy).not.toBe('stopped');
    const runsAfterFirst = dev.runs.length;
    const again = await calibrateDevice('test-device', { prepare: dev.prepare, now: dev.now });
    expect(again).toBe(first);
    expect(dev.runs.length).toBe(runsAfterFirst);
  });

  test('refuses an empty size list, zero repeats or a budget of 0', async () => {
    await expect(calibratePeak({ sizes: [] })).rejects.toThrow(/at least one size/);
    await expect(calibratePeak({ repeats: 0 })).rejects.toThrow(/one repeat/);
    await expect(calibratePeak({ budgetMs: 0 })).rejects.toThrow(/budget > 0/);
  });
});
