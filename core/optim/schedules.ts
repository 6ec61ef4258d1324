// Learning-rate schedules as pure functions of the step k = 1, 2, ... (docs/palm.md §4: PaLM's
// `min(1e-2, 1/sqrt(k))`; warm-up + cosine as in nanoGPT / optax `warmup_cosine_decay_schedule`).
import type { OptimizerConfig } from '../config/schema';

/** The learning rate at step k (k starts at 1). */
export type Schedule = (step: number) => number;
/** A fixed learning rate or a schedule. */
export type LearningRate = number | Schedule;

/** The learning rate of step k, whichever form it was given in. */
export function learningRateAt(lr: LearningRate, step: number): number {
  return typeof lr === 'number' ? lr : lr(step);
}

export function constantSchedule(lr: number): Schedule {
  return () => lr;
}

/** Ramps linearly from 0 to the schedule's value at `warmupSteps`, then follows the schedule: no jump. */
export function linearWarmup(schedule: Schedule, warmupSteps: number): Schedule {
  return (k) => (k < warmupSteps ? (schedule(warmupSteps) * k) / warmupSteps : schedule(k));
}

/**
 * Linear warm-up from 0 to `peak` over `warmupSteps`, then half a cosine from `peak` down to
 * `minRatio * peak`, reached exactly at step `totalSteps` and held after it.
 */
export function warmupCosineSchedule(opts: {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  minRatio: number;
}): Schedule {
  const { peak, warmupSteps, totalSteps, minRatio } = opts;
  const decaySteps = totalSteps - warmupSteps;
  return linearWarmup((k) => {
    const progress = decaySteps > 0 ? Math.min(1, Math.max(0, (k - warmupSteps) / decaySteps)) : 1;
    return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }, warmupSteps);
}

/**
 * PaLM's reciprocal square root: `min(peak, 1/sqrt(k))` (peak 1e-2 holds for 10k steps, then decays).
 * An optional linear warm-up rises to the value at `warmupSteps`, so the curve stays continuous.
 */
export function rsqrtSchedule(opts: { peak: number; warmupSteps: number }): Schedule {
  return linearWarmup((k) => Math.min(opts.peak, 1 / Math.sqrt(k)), opts.warmupSteps);
}

/** The schedule named by the optimizer section of a validated config. */
export function createSchedule(cfg: OptimizerConfig, totalSteps: number): Schedule {
  switch (cfg.schedule) {
    case 'constant':
      return linearWarmup(constantSchedule(cfg.learningRate), cfg.warmupSteps);
    case 'rsqrt':
      return rsqrtSchedule({ peak: cfg.learningRate, warmupSteps: cfg.warmupSteps });
    case 'cosine':
      return warmupCosineSchedule({
        peak: cfg.learningRate,
        warmupSteps: cfg.warmupSteps,
        totalSteps,
        minRatio: cfg.minLrRatio,
      });
  }
}
