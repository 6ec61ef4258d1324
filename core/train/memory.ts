// Memory accounting of a training step (docs/design.md §3 "Memory"): the step's peak tf.memory() bytes, by tf.profile.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Run `step` under tf.profile and return the highest total tf.memory() bytes seen after any of its kernels
 * (parameters and optimizer state included). Profiling times every kernel, so the Trainer does it only until the
 * step's peak is known (trainer.ts advance()).
 */
export async function measurePeakBytes(step: () => void): Promise<number> {
  const info = await tf.profile(step);
  // With no kernel at all tf.profile reports -Infinity; the peak is then what is allocated now.
  return Number.isFinite(info.peakBytes) ? info.peakBytes : tf.memory().numBytes;
}
