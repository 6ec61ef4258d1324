// The optimizer of a run, built from the optimizer section of a validated config (core/config/schema.ts); the
// analytic size of its state is core/metrics/optimizer-state.ts'.
import type { OptimizerConfig } from '../config/schema';
import { Adafactor } from './adafactor';
import { AdamW } from './adamw';
import { createSchedule } from './schedules';
import type { SlottedOptimizer } from './slotted-optimizer';

/** A fresh optimizer for a run of `totalSteps` steps; the caller disposes it. */
export function createOptimizer(cfg: OptimizerConfig, totalSteps: number): SlottedOptimizer {
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
