// The optimizer of a run, built from the optimizer section of a validated config (core/config/schema.ts),
// and the analytic size of its state (PALM.md §4 "Memory": Adam 2 floats/param, factored Adafactor rows + cols).
import type * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../config/schema';
import { Adafactor, factoredAxes } from './adafactor';
import { AdamW } from './adamw';
import { createSchedule } from './schedules';

const FLOAT32_BYTES = 4;

/** A fresh optimizer for a run of `totalSteps` steps; the caller disposes it. */
export function createOptimizer(cfg: OptimizerConfig, totalSteps: number): tf.Optimizer {
  const learningRate = createSchedule(cfg, totalSteps);
  switch (cfg.name) {
    case 'adafactor':
      return new Adafactor({
        learningRate,
        factored: cfg.factored,
        minDimSizeToFactor: cfg.minDimSizeToFactor,
        decayRate: cfg.decayRate,
        beta1: cfg.beta1,
        clippingThreshold: cfg.clippingThreshold,
        multiplyByParameterScale: cfg.multiplyByParameterScale,
        eps1: cfg.eps1,
        eps2: cfg.eps2,
        weightDecayLrExponent: cfg.weightDecayLrExponent,
      });
    case 'adamw':
      // Adam has no "no momentum" mode of its own: beta1 null means a first moment that is just g.
      return new AdamW({
        learningRate,
        beta1: cfg.beta1 ?? 0,
        beta2: cfg.beta2,
        eps: cfg.eps,
        weightDecay: cfg.weightDecay,
      });
  }
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Bytes of optimizer state (the slot variables) for parameters of these shapes, float32. The step count
 * is a JS number, not a tensor, so it is not counted.
 */
export function optimizerStateBytes(cfg: OptimizerConfig, paramShapes: number[][]): number {
  let floats = 0;
  for (const shape of paramShapes) {
    const n = sizeOf(shape);
    if (cfg.name === 'adamw') {
      floats += 2 * n;
      continue;
    }
    const axes = factoredAxes(shape, cfg.factored, cfg.minDimSizeToFactor);
    // Factored: one moment with axis b removed (vr) and one with axis a removed (vc).
    floats += axes == null ? n : n / shape[axes[1]]! + n / shape[axes[0]]!;
    if (cfg.beta1 != null) floats += n;
  }
  return floats * FLOAT32_BYTES;
}
