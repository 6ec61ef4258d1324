// AdamW (Loshchilov & Hutter, 2019) as PyTorch's torch.optim.AdamW and optax.adamw implement it:
// bias-corrected moments, decoupled weight decay multiplied by the learning rate, on ≥2-D parameters only.
import * as tf from '@tensorflow/tfjs-core';
import { fusedAdamWUpdate } from './fused-adamw';
import { useFusedUpdate } from './fused-program';
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
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
  }

  /**
   * m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;  mhat = m / (1-b1^k);  vhat = v / (1-b2^k);
   * param -= lr_k * (mhat / (sqrt(vhat) + eps) + wd * param)   (the wd term only for ≥2-D params).
   */
  protected updateParam(name: string, param: tf.Variable, g: tf.Tensor, k: number): void {
    const lr = learningRateAt(this.learningRate, k);
    const m = this.slot(name, 'm', param.shape);
    const v = this.slot(name, 'v', param.shape);
    const wd = param.rank >= 2 ? this.weightDecay : 0;
    // On webgpu the whole update is one fused kernel (fused-adamw.ts) computing the same formula.
    if (useFusedUpdate()) {
      const bc1 = 1 - Math.pow(this.beta1, k);
      const bc2 = 1 - Math.pow(this.beta2, k);
      const [next, mNext, vNext] = fusedAdamWUpdate(param, g, m, v, {
        lr,
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        bc1,
        bc2,
        wd,
      }) as [tf.Tensor, tf.Tensor, tf.Tensor]; // param shape each
      m.assign(mNext);
      v.assign(vNext);
      param.assign(next);
      return;
    }
    const mNext = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)); // param shape
    const vNext = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)); // param shape
    m.assign(mNext);
    v.assign(vNext);
    const mHat = tf.div(mNext, 1 - Math.pow(this.beta1, k));
    const vHat = tf.div(vNext, 1 - Math.pow(this.beta2, k));
    let step = tf.div(mHat, tf.add(tf.sqrt(vHat), this.eps)); // param shape
    if (wd > 0) step = tf.add(step, tf.mul(param, wd));
    param.assign(tf.sub(param, tf.mul(step, lr)));
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
