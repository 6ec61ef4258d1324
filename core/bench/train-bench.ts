// The training benchmark of one config: warm-up steps, then timed steps (in rounds, between other variants'), each
// clocked from the step's start until its loss has been read back (the peer harness' clocking,
// ../shared/tools/peer-bench); memory from tf.memory() and one untimed, profiled step (docs/design.md §3 "Memory").
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
  /** numTensors after the timed steps minus before them, summed over rounds: 0 unless a step leaks. */
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

/** One variant's model and optimizer, kept alive across rounds so variants can be timed in turn (interleave.ts). */
export interface TrainBench {
  /** The untimed steps; the first one creates the optimizer's slots (measured). */
  warmUp(steps: number): Promise<void>;
  /** Time `steps` steps; returns each one's ms. */
  timeSteps(steps: number): Promise<number[]>;
  /** One profiled step, then the whole measurement against `peakFlopsPerSec`. */
  finish(peakFlopsPerSec: number): Promise<TrainBenchResult>;
  dispose(): void;
}

/** A fresh model of `config` on random tokens, its optimizer scheduled for `totalSteps` (warm-up, timed, profiled). */
export function openTrainBench(
  config: Config,
  totalSteps: number,
  now: () => number = () => performance.now(),
): TrainBench {
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
  const optimizer = createOptimizer(config.optimizer, totalSteps);
  let step = 0;
  let optimizerStateBytes = 0;
  let leakedTensors = 0;
  const stepMs: number[] = [];
  const losses: number[] = [];
  const trainOne = async (): Promise<number> =>
    (await readStepStats([runTrainStep(params, config, optimizer, sampler.next(), ++step)]))[0]!; // one step in, one loss out
  return {
    async warmUp(steps) {
      for (let i = 0; i < steps; i++) {
        const bytesBefore = tf.memory().numBytes;
        await trainOne();
        if (step === 1) optimizerStateBytes = tf.memory().numBytes - bytesBefore;
      }
    },
    async timeSteps(steps) {
      const tensorsBefore = tf.memory().numTensors;
      const times: number[] = [];
      for (let i = 0; i < steps; i++) {
        const start = now();
        losses.push(await trainOne());
        times.push(now() - start);
      }
      leakedTensors += tf.memory().numTensors - tensorsBefore;
      stepMs.push(...times);
      return times;
    },
    async finish(peakFlopsPerSec) {
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
        ...throughput(spread, tokensPerStep, perToken, peakFlopsPerSec),
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
    },
    dispose() {
      optimizer.dispose();
      disposeParams(params);
    },
  };
}
