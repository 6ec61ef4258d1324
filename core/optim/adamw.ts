// AdamW (Loshchilov & Hutter, 2019) as PyTorch's torch.optim.AdamW and optax.adamw implement it:
// bias-corrected moments, decoupled weight decay multiplied by the learning rate, on ≥2-D parameters only.
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZER_DEFAULTS as DEFAULTS } from '../config/schema';
import { kernels } from '../kernels';
import { learningRateAt, type LearningRate } from './schedules';
import { SlottedOptimizer } from './slotted-optimizer';

export interface AdamWOptions {
  /** A number or a schedule of the step k = 1, 2, ... */
  learningRate: LearningRate;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled decay rate; norm scales and biases (1-D) are never decayed. */
  weightDecay?: number;
}

export class AdamW extends SlottedOptimizer {
  static get className(): string {
    return 'AdamW';
  }

  readonly learningRate: LearningRate;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(opts: AdamWOptions) {
    super();
    this.learningRate = opts.learningRate;
    // Unset options take the config schema's defaults (the one set); Adam has no "no momentum": null beta1 is 0.
    this.beta1 = opts.beta1 ?? DEFAULTS.beta1 ?? 0;
    this.beta2 = opts.beta2 ?? DEFAULTS.beta2;
    this.eps = opts.eps ?? DEFAULTS.eps;
    this.weightDecay = opts.weightDecay ?? DEFAULTS.weightDecay;
  }

  /** One tensor's update at step k: the formula of adamw-step.ts, or the backend's fused kernel of it. */
  protected updateParam(name: string, param: tf.Variable, g: tf.Tensor, k: number, gradScale: tf.Tensor | null): void {
    const m = this.slot(name, 'm', param.shape);
    const v = this.slot(name, 'v', param.shape);
    const next = kernels().adamwUpdate(
      param,
      g,
      m,
      v,
      {
        lr: learningRateAt(this.learningRate, k),
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        bc1: 1 - Math.pow(this.beta1, k),
        bc2: 1 - Math.pow(this.beta2, k),
        wd: param.rank >= 2 ? this.weightDecay : 0, // norm scales and biases are never decayed
      },
      gradScale,
    ); // param shape each
    m.assign(next.m);
    v.assign(next.v);
    param.assign(next.param);
  }

  /** The numeric options; a schedule is code, so a scheduled learning rate is rebuilt from the run config. */
  getConfig(): tf.serialization.ConfigDict {
    return {
      ...(typeof this.learningRate === 'number' ? { learningRate: this.learningRate } : {}),
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      weightDecay: this.weightDecay,
    };
  }
}
tf.serialization.registerClass(AdamW);
