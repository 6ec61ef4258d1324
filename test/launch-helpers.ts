// Launch counts of one training step (core/bench/launches.ts) for the reference config's switches at shrunken sizes:
// counts depend on the ops the model runs, not on the sizes, so tiny shapes stand in for the reference's.
import * as tf from '@tensorflow/tfjs-core';
import { profileLaunches, type LaunchCounts } from '../core/bench/launches';
import { referenceInput, withOverrides } from '../core/bench/variants';
import { parseConfig, type ConfigInput } from '../core/config';
import { createParams, disposeParams } from '../core/model';
import { createOptimizer } from '../core/optim';
import { runTrainStep } from '../core/train/step';
import { tokenArray } from './model-helpers';

/** The reference (4 layers, PaLM's switches) at D 16, 4 heads of 4, T 8, B 2 unless overridden. */
export function shrunkReference(overrides: NonNullable<ConfigInput['model']> = {}): ConfigInput {
  return withOverrides(referenceInput(), {
    model: { dModel: 16, nHeads: 4, headDim: 4, seqLen: 8, ...overrides },
    train: { batchSize: 2 },
  });
}

/**
 * The launches of step 2 of `input` as the bench counts them (train-bench.ts' profiled step): step 1 runs first
 * because it also creates the optimizer's slots. Throws if the steps leak a tensor.
 */
export async function stepLaunches(input: ConfigInput): Promise<LaunchCounts> {
  const config = parseConfig(input);
  const { seqLen, vocabSize } = config.model;
  const B = config.train.batchSize;
  const ids = tokenArray(B, seqLen + 1, vocabSize, 7);
  const batch = {
    inputs: Int32Array.from(ids.flatMap((r) => r.slice(0, seqLen))),
    targets: Int32Array.from(ids.flatMap((r) => r.slice(1))),
  };
  const params = createParams(config.model, config.train.seed);
  const optimizer = createOptimizer(config.optimizer, 2);
  try {
    const first = runTrainStep(params, config, optimizer, batch, 1);
    await first.data();
    first.dispose();
    const before = tf.memory().numTensors;
    const counts = await profileLaunches(async () => {
      const stats = runTrainStep(params, config, optimizer, batch, 2);
      await stats.data();
      stats.dispose();
    });
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`the training step leaked ${leaked} tensors`);
    return {
      kernelLaunches: counts.kernelLaunches,
      ...(counts.dispatches === undefined ? {} : { dispatches: counts.dispatches }),
    };
  } finally {
    optimizer.dispose();
    disposeParams(params);
  }
}
