// The training benchmark of one config: warm-up steps, then timed steps, each clocked from the step's start until
// its loss has been read back (the peer harness' clocking, ../shared/tools/peer-bench); memory from tf.memory() and
// one untimed, profiled step (DESIGN.md §3 "Memory").
import * as tf from '@tensorflow/tfjs-core';
import type { Config } from '../config/schema';
import { BatchSampler } from '../data/sampler';
import { Rng } from '../data/random';
import { flopsPerToken } from '../metrics/flops';
import { createParams, disposeParams } from '../model';
import { createOptimizer } from '../optim';
import { readStepStats, runTrainStep } from '../train/step';
import { aggregateKernels, type KernelRow } from './profile';
import { summarize, throughput, type Spread, type Throughput } from './stats';

export interface TrainBenchOptions {
  steps: number;
  warmup: number;
  /** The matmul peak MFU is measured against (calibrated on the same backend by the caller). */
  peakFlopsPerSec: number;
  now?: () => number;
}

export interface TrainMemory {
  paramBytes: number;
  /** Bytes the optimizer's slots added after its first step (measured, not computed). */
  optimizerStateBytes: number;
  /**
   * tf.profile's peakBytes over one step: everything live at the step's high-water mark, as the engine counts it
   * (per tensor, so a reshape that shares its input's buffer counts twice: an upper bound).
   */
  stepPeakBytes: number;
  /** The step's own transient: stepPeakBytes minus what was live before it. */
  stepTransientBytes: number;
  /** The wasm heap after the step: the real high-water mark of wasm memory (it never shrinks); absent elsewhere. */
  wasmHeapBytes?: number;
  numTensors: number;
  /** numTensors after the timed steps minus before them: 0 unless a step leaks. */
  leakedTensors: number;
}

export interface TrainBenchResult extends Throughput {
  tokensPerStep: number;
  flopsPerToken: number;
  stepMs: Spread;
  /** Loss (cross-entropy, nats) read back at the end of each timed step. */
  losses: number[];
  memory: TrainMemory;
  /** Per-kernel time of the profiled step, slowest first. */
  profile: KernelRow[];
}

/** Random byte tokens: the step's cost does not depend on the text, and the bench needs no corpus. */
function syntheticTokens(config: Config, count: number): Int32Array {
  const rng = new Rng(config.train.seed + 1);
  return Int32Array.from({ length: count }, () => rng.nextInt(config.model.vocabSize));
}

function wasmHeap(): { wasmHeapBytes?: number } {
  const heap = (tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap ? { wasmHeapBytes: heap.length } : {};
}

/** Train a fresh model of `config` for warmup + steps steps (+1 profiled) and measure it. */
export async function benchTrain(config: Config, opts: TrainBenchOptions): Promise<TrainBenchResult> {
  const now = opts.now ?? (() => performance.now());
  const m = config.model;
  const { batchSize } = config.train;
  const tokensPerStep = batchSize * m.seqLen;
  const sampler = new BatchSampler(
    syntheticTokens(config, Math.max(1 << 16, 4 * tokensPerStep)),
    batchSize,
    m.seqLen,
    config.train.seed,
  );
  const params = createParams(m, config.train.seed);
  const paramBytes = Object.values(params).reduce((s, v) => s + v.size * 4, 0);
  const optimizer = createOptimizer(config.optimizer, opts.warmup + opts.steps + 1);
  let step = 0;
  const trainOne = async (): Promise<number> =>
    (await readStepStats([runTrainStep(params, config, optimizer, sampler.next(), ++step)]))[0]!; // one step in, one loss out
  try {
    const bytesBefore = tf.memory().numBytes;
    await trainOne(); // the first warm-up step creates the optimizer's slots
    const optimizerStateBytes = tf.memory().numBytes - bytesBefore;
    for (let i = 1; i < opts.warmup; i++) await trainOne();

    const tensorsBefore = tf.memory().numTensors;
    const stepMs: number[] = [];
    const losses: number[] = [];
    for (let i = 0; i < opts.steps; i++) {
      const start = now();
      losses.push(await trainOne());
      stepMs.push(now() - start);
    }
    const leakedTensors = tf.memory().numTensors - tensorsBefore;

    const liveBytes = tf.memory().numBytes;
    const batch = sampler.next();
    const info = await tf.profile(async () => {
      const stats = runTrainStep(params, config, optimizer, batch, ++step);
      await stats.data();
      stats.dispose();
    });
    const perToken = flopsPerToken(m);
    const spread = summarize(stepMs);
    return {
      tokensPerStep,
      flopsPerToken: perToken,
      stepMs: spread,
      ...throughput(spread, tokensPerStep, perToken, opts.peakFlopsPerSec),
      losses,
      memory: {
        paramBytes,
        optimizerStateBytes,
        stepPeakBytes: info.peakBytes,
        stepTransientBytes: info.peakBytes - liveBytes,
        ...wasmHeap(),
        numTensors: tf.memory().numTensors,
        leakedTensors,
      },
      profile: aggregateKernels(info.kernels),
    };
  } finally {
    optimizer.dispose();
    disposeParams(params);
  }
}
