// Checkpoints of a training run (docs/design.md §2 "Checkpoint"): weights + optimizer slots (tensors under "optimizer/")
// + step, sampler state and tokenizer in the metadata: everything a resumed run needs to continue the same curve.
import * as tf from '@tensorflow/tfjs-core';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint';
import type { TensorData } from '../checkpoint/safetensors';
import type { Config } from '../config/schema';
import type { SamplerState } from '../data/sampler';
import type { Params } from '../model';
import { modelParamSpecs } from '../config/shapes';
import { optimizerSlotShapes } from '../optim/slot-shapes';
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
  checkSlots(config, ckpt.config.optimizer.name, slots);
  return {
    weights: ckpt.weights,
    slots,
    step: parseStep(step),
    sampler: parseSampler(sampler),
    runId: runId ?? '',
    tokenizer,
  };
}

/**
 * The state a run resumes from: a checkpoint that fits `config` and stops short of its train.steps, or reaches it
 * when `atEnd` allows (a run whose last step was checkpointed before it ended: resuming it only finishes it).
 */
export function decodeResumableState(bytes: Uint8Array, config: Config, atEnd = false): RestoredState {
  const state = decodeTrainState(bytes, config);
  if (state.step > config.train.steps || (state.step === config.train.steps && !atEnd)) {
    throw new Error(
      `the checkpoint is at step ${state.step} and train.steps is ${config.train.steps}: ask for more steps to continue`,
    );
  }
  return state;
}

/** The completed steps of a checkpoint: decimal digits only, so "abc", "-5", "1e3" or "2.5" are refused. */
function parseStep(step: string): number {
  const n = Number(step);
  if (!/^\d+$/.test(step) || !Number.isSafeInteger(n)) {
    throw new Error(`checkpoint metadata "step" is ${JSON.stringify(step)}: must be a non-negative integer`);
  }
  return n;
}

function parseSampler(sampler: string): SamplerState {
  let state: unknown;
  try {
    state = JSON.parse(sampler);
  } catch (e) {
    throw new Error(`checkpoint metadata "sampler" is not JSON (${(e as Error).message})`);
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    throw new Error(`checkpoint metadata "sampler" must be a JSON object (got ${sampler.slice(0, 40)})`);
  return state as SamplerState;
}

/**
 * The saved slots must be the config's optimizer's (or none: a checkpoint before the first step): another
 * optimizer's slots would be loaded by name and silently misread. The kind is checked first because AdamW and an
 * unfactored Adafactor with momentum keep slots of the same names and shapes (m, v).
 */
function checkSlots(config: Config, savedKind: string, slots: Record<string, TensorData>): void {
  const names = Object.keys(slots);
  if (names.length === 0) return;
  if (savedKind !== config.optimizer.name) {
    throw new Error(
      `the checkpoint's optimizer state (${names.length} slots) was made by optimizer "${savedKind}" and does not match optimizer "${config.optimizer.name}" of the config; resume with the optimizer it was trained with`,
    );
  }
  const want = optimizerSlotShapes(config.optimizer, modelParamSpecs(config.model)); // the layout the optimizer keeps
  const issues = [
    ...names.flatMap((n) => {
      const shape = want[n];
      if (shape === undefined) return [`"${n}" is not a slot of it`];
      const got = slots[n]!.shape; // n is a key of slots
      return got.length === shape.length && got.every((d, i) => d === shape[i])
        ? []
        : [`"${n}" has shape [${got}], it keeps [${shape}]`];
    }),
    ...Object.keys(want)
      .filter((n) => !(n in slots))
      .map((n) => `"${n}" is missing`),
  ];
  if (issues.length === 0) return;
  const shown = issues.slice(0, 3).join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
  throw new Error(
    `the checkpoint's optimizer state (${names.length} slots) does not match optimizer "${config.optimizer.name}" of the config: ${shown}; resume with the optimizer settings it was trained with`,
  );
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
