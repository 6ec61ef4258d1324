// Checkpoints of a training run (docs/design.md §2 "Checkpoint"): weights + optimizer slots (tensors under "optimizer/")
// + step, sampler state and tokenizer in the metadata: everything a resumed run needs to continue the same curve.
import * as tf from '@tensorflow/tfjs-core';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint';
import type { TensorData } from '../checkpoint/safetensors';
import type { Config } from '../config/schema';
import type { SamplerState } from '../data/sampler';
import type { Params } from '../model';
import { joinUnfusedSlots } from './slot-layout';
import { readTensors, readWeights } from './weights';

const OPTIMIZER_PREFIX = 'optimizer/';

export interface TrainState {
  /** Completed steps. */
  step: number;
  sampler: SamplerState;
  runId: string;
  /** The subword tokenizer's JSON (absent for byte runs). */
  tokenizer?: string;
}

export interface RestoredState extends TrainState {
  weights: Record<string, TensorData>;
  /** Slots keyed "<param spec name>/<slot>", as optimizer/ tensors carry them. */
  slots: Record<string, TensorData>;
}

/**
 * Variables are named "<model id>/<spec name>" and slots "<variable name>/<slot>"; a restored model gets a fresh
 * model id, so slots are stored under the spec name and renamed on the way back.
 */
function modelPrefix(params: Params): string {
  const first = Object.entries(params)[0];
  if (first === undefined) throw new Error('cannot save a train state: the model has no parameters');
  const [spec, v] = first;
  return v.name.slice(0, v.name.length - spec.length);
}

export async function encodeTrainState(
  config: Config,
  params: Params,
  optimizer: tf.Optimizer,
  state: TrainState,
): Promise<Uint8Array> {
  const [iter, ...slots] = await optimizer.getWeights();
  if (iter === undefined) throw new Error('cannot save a train state: the optimizer has no iteration counter');
  iter.tensor.dispose(); // a fresh scalar; the step travels in the metadata instead
  const prefix = modelPrefix(params);
  const slotTensors = Object.fromEntries(slots.map((s) => [OPTIMIZER_PREFIX + s.name.slice(prefix.length), s.tensor]));
  const weights = { ...(await readWeights(config.model, params)), ...(await readTensors(slotTensors)) };
  return encodeCheckpoint(config, weights, {
    step: String(state.step),
    sampler: JSON.stringify(state.sampler),
    runId: state.runId,
    seed: String(config.train.seed),
    ...(state.tokenizer === undefined ? {} : { tokenizer: state.tokenizer }),
  });
}

export function decodeTrainState(bytes: Uint8Array, config: Config): RestoredState {
  const ckpt = decodeCheckpoint(bytes, { expectedConfig: config, allowPrefixes: [OPTIMIZER_PREFIX] });
  const { step, sampler, runId, tokenizer } = ckpt.metadata;
  if (step === undefined || sampler === undefined) {
    throw new Error('checkpoint has no training state (step, sampler): it holds weights only and cannot resume a run');
  }
  const saved = Object.fromEntries(
    Object.entries(ckpt.extraTensors).map(([n, t]) => [n.slice(OPTIMIZER_PREFIX.length), t]),
  );
  const slots = joinUnfusedSlots(config.model, saved); // a checkpoint from before the parallel block was fused
  return {
    weights: ckpt.weights,
    slots,
    step: Number(step),
    sampler: JSON.parse(sampler) as SamplerState,
    runId: runId ?? '',
    tokenizer,
  };
}

/** Load saved slots into a fresh optimizer for `params`, at iteration `step`. */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  params: Params,
  slots: Record<string, TensorData>,
  step: number,
): Promise<void> {
  const prefix = modelPrefix(params);
  const weights = [
    { name: 'iter', tensor: tf.scalar(step, 'int32') },
    ...Object.entries(slots).map(([name, t]) => ({
      name: prefix + name,
      tensor: tf.tensor(t.data, t.shape, 'float32'),
    })),
  ];
  try {
    await optimizer.setWeights(weights);
  } finally {
    tf.dispose(weights.map((w) => w.tensor));
  }
}
