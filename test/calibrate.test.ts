// The calibrated peak: 2·n³ FLOPs per timed matmul, a median over sizes and repeats, no tensors left behind.
import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';
import { calibratePeak } from '../core/calibrate';

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
  // The median of [r32, r32, r64, r64] is their midpoint.
  expect(cal.peakFlopsPerSec).toBeCloseTo((cal.samples[0]!.flopsPerSec + cal.samples[1]!.flopsPerSec) / 2, 6);
});

test('on the real clock the cpu backend measures a positive, finite peak', async () => {
  const cal = await calibratePeak({ sizes: [64], repeats: 2 });
  expect(Number.isFinite(cal.peakFlopsPerSec)).toBe(true);
  expect(cal.peakFlopsPerSec).toBeGreaterThan(1e6);
});
