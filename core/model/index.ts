// Public face of core/model: parameters, the forward pass, the loss and KV-cache decoding (docs/palm.md §1).
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import type { LossParts } from '../ops';
import { lmLoss } from './loss';
import { forward } from './model';
import type { Params } from './params';

export { createParams, disposeParams, documentedTensors, paramsFromTensors, type Params } from './params';
export { joinFused, splitFused } from './fused';
export { forward, type ForwardOptions } from './model';
export { lmLoss } from './loss';
export { tokenLosses, type LossParts } from '../ops';
export { modelParamSpecs, paramSpecs, type ParamSpec } from '../config/shapes';
export { createKvCache, disposeKvCache, kvCacheBytes, type KvCache } from './kv-cache';
export { decodeStep, generate, type GenerateOptions, type GenerateResult } from './decode';

export interface LossOptions {
  training: boolean;
  /** z-loss weight (PaLM: 1e-4); 0 = off. */
  zLossCoef: number;
  dropoutSeed?: number;
}

/** Forward and loss in one call: inputs, targets [B, T] int32 -> { loss, ce, zLoss }; the logits are freed. */
export function computeLoss(
  params: Params,
  m: ModelConfig,
  inputs: tf.Tensor2D,
  targets: tf.Tensor2D,
  opts: LossOptions,
): LossParts {
  const logits = forward(params, m, inputs, { training: opts.training, dropoutSeed: opts.dropoutSeed });
  try {
    return lmLoss(logits, targets, opts.zLossCoef);
  } finally {
    logits.dispose();
  }
}
