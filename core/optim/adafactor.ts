// Adafactor (Shazeer & Stern, 2018) exactly as docs/palm.md §4 states it, in optax's / t5x's form, and
// PaLM's preset of it (unfactored, beta1 0.9, lr min(1e-2, 1/sqrt(k)), weight decay lr^2).
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZER_DEFAULTS as DEFAULTS } from '../config/schema';
import { kernels } from '../kernels';
import { factoredAxes } from '../metrics/optimizer-state';
import { adafactorFactoredStep, type AdafactorScalars } from '../ops/adafactor-step';
import { learningRateAt, rsqrtSchedule, type LearningRate } from './schedules';
import { SlottedOptimizer } from './slotted-optimizer';

export interface AdafactorOptions {
  /** A number or a schedule of the step k = 1, 2, ... */
  learningRate: LearningRate;
  factored?: boolean;
  minDimSizeToFactor?: number;
  decayRate?: number;
  /** First-moment decay; null: no momentum and no first-moment slot. Unset options take the config defaults. */
  beta1?: number | null;
  clippingThreshold?: number;
  multiplyByParameterScale?: boolean;
  eps1?: number;
  eps2?: number;
  /** Weight decay wd_k = lr_k ^ exponent; null: none. */
  weightDecayLrExponent?: number | null;
}

export class Adafactor extends SlottedOptimizer {
  static get className(): string {
    return 'Adafactor';
  }

  readonly learningRate: LearningRate;
  readonly factored: boolean;
  readonly minDimSizeToFactor: number;
  readonly decayRate: number;
  readonly beta1: number | null;
  readonly clippingThreshold: number;
  readonly multiplyByParameterScale: boolean;
  readonly eps1: number;
  readonly eps2: number;
  readonly weightDecayLrExponent: number | null;

  constructor(opts: AdafactorOptions) {
    super();
    this.learningRate = opts.learningRate;
    // Unset options take the config schema's defaults (the one set); an explicit null beta1 or exponent means none.
    this.factored = opts.factored ?? DEFAULTS.factored;
    this.minDimSizeToFactor = opts.minDimSizeToFactor ?? DEFAULTS.minDimSizeToFactor;
    this.decayRate = opts.decayRate ?? DEFAULTS.decayRate;
    this.beta1 = opts.beta1 === undefined ? DEFAULTS.beta1 : opts.beta1;
    this.clippingThreshold = opts.clippingThreshold ?? DEFAULTS.clippingThreshold;
    this.multiplyByParameterScale = opts.multiplyByParameterScale ?? DEFAULTS.multiplyByParameterScale;
    this.eps1 = opts.eps1 ?? DEFAULTS.eps1;
    this.eps2 = opts.eps2 ?? DEFAULTS.eps2;
    this.weightDecayLrExponent =
      opts.weightDecayLrExponent === undefined ? DEFAULTS.weightDecayLrExponent : opts.weightDecayLrExponent;
  }

  /** One tensor's update at step k: the formulas of adafactor-step.ts (a whole v through the backend's kernel). */
  protected updateParam(name: string, param: tf.Variable, g: tf.Tensor, k: number, gradScale: tf.Tensor | null): void {
    const lr = learningRateAt(this.learningRate, k);
    const scalars: AdafactorScalars = {
      decay: 1 - Math.pow(k, -this.decayRate),
      eps1: this.eps1,
      clip: this.clippingThreshold,
      lr,
      eps2: this.eps2,
      beta1: this.beta1,
      keep: this.weightDecayLrExponent == null ? 1 : 1 - Math.pow(lr, this.weightDecayLrExponent),
      multiplyByParameterScale: this.multiplyByParameterScale,
    };
    // Slots are made second moment first, then m: the order getWeights() lists them in (checkpoints).
    const momentum = () => (this.beta1 == null ? null : this.slot(name, 'm', param.shape));
    const axes = factoredAxes(param.shape, this.factored, this.minDimSizeToFactor);
    if (axes == null) {
      const v = this.slot(name, 'v', param.shape);
      const m = momentum();
      const next = kernels().adafactorUpdate(param, g, v, m, scalars, gradScale); // param shape each
      v.assign(next.v);
      if (next.m) m?.assign(next.m);
      param.assign(next.param);
    } else {
      const [a, b] = axes;
      const vr = this.slot(
        name,
        'vr',
        param.shape.filter((_, i) => i !== b),
      );
      const vc = this.slot(
        name,
        'vc',
        param.shape.filter((_, i) => i !== a),
      );
      const m = momentum();
      const scaled = gradScale ? tf.mul(g, gradScale) : g;
      const next = adafactorFactoredStep(param, scaled, { vr, vc }, axes, m, scalars);
      vr.assign(next.vr);
      vc.assign(next.vc);
      if (next.m) m?.assign(next.m);
      param.assign(next.param);
    }
  }

  /** The numeric options; a schedule is code, so a scheduled learning rate is rebuilt from the run config. */
  getConfig(): tf.serialization.ConfigDict {
    return {
      ...(typeof this.learningRate === 'number' ? { learningRate: this.learningRate } : {}),
      factored: this.factored,
      minDimSizeToFactor: this.minDimSizeToFactor,
      decayRate: this.decayRate,
      beta1: this.beta1,
      clippingThreshold: this.clippingThreshold,
      multiplyByParameterScale: this.multiplyByParameterScale,
      eps1: this.eps1,
      eps2: this.eps2,
      weightDecayLrExponent: this.weightDecayLrExponent,
    };
  }
}
tf.serialization.registerClass(Adafactor);

/**
 * PaLM's optimizer (docs/palm.md §4): Adafactor without factorization, beta1 0.9, lr min(1e-2, 1/sqrt(k)),
 * weight decay lr^2, update clipping 1.0. Global-norm gradient clipping (1.0) is the caller's:
 * globalNormScale's factor, handed to applyGradients.
 */
export function createPalmAdafactor(): Adafactor {
  return new Adafactor({
    learningRate: rsqrtSchedule({ peak: 1e-2, warmupSteps: 0 }),
    factored: false,
    beta1: 0.9,
    clippingThreshold: 1.0,
    weightDecayLrExponent: 2,
  });
}
