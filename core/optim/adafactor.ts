// Adafactor (Shazeer & Stern, 2018) exactly as PALM.md §4 states it, in optax's / t5x's form, and
// PaLM's preset of it (unfactored, beta1 0.9, lr min(1e-2, 1/sqrt(k)), weight decay lr^2).
import * as tf from '@tensorflow/tfjs-core';
import { fusedAdafactorUpdate } from './fused-adafactor';
import { useFusedUpdate } from './fused-program';
import { learningRateAt, rsqrtSchedule, type LearningRate } from './schedules';
import { SlottedOptimizer } from './slotted-optimizer';

export interface AdafactorOptions {
  /** A number or a schedule of the step k = 1, 2, ... */
  learningRate: LearningRate;
  factored?: boolean;
  minDimSizeToFactor?: number;
  decayRate?: number;
  /** First-moment decay; null or undefined: no momentum and no first-moment slot. */
  beta1?: number | null;
  clippingThreshold?: number;
  multiplyByParameterScale?: boolean;
  eps1?: number;
  eps2?: number;
  /** Weight decay wd_k = lr_k ^ exponent; null or undefined: none. */
  weightDecayLrExponent?: number | null;
}

/**
 * The two axes a factored second moment reduces over, in index order [a, b] (for a [rows, cols]
 * matrix: [0, 1]), or null when the moment is kept whole: factoring off, fewer than two axes, or the
 * second-largest axis below `minDimSizeToFactor` (optax `_factored_dims`; ties go to the later axis).
 */
export function factoredAxes(shape: number[], factored: boolean, minDimSizeToFactor: number): [number, number] | null {
  if (!factored || shape.length < 2) return null;
  const bySize = shape.map((_, i) => i).sort((i, j) => shape[i]! - shape[j]! || i - j);
  const [second, largest] = bySize.slice(-2) as [number, number]; // shape.length >= 2
  if (shape[second]! < minDimSizeToFactor) return null;
  return second < largest ? [second, largest] : [largest, second];
}

const rms = (x: tf.Tensor) => tf.sqrt(tf.mean(tf.square(x)));

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
    this.factored = opts.factored ?? true;
    this.minDimSizeToFactor = opts.minDimSizeToFactor ?? 128;
    this.decayRate = opts.decayRate ?? 0.8;
    this.beta1 = opts.beta1 ?? null;
    this.clippingThreshold = opts.clippingThreshold ?? 1.0;
    this.multiplyByParameterScale = opts.multiplyByParameterScale ?? true;
    this.eps1 = opts.eps1 ?? 1e-30;
    this.eps2 = opts.eps2 ?? 1e-3;
    this.weightDecayLrExponent = opts.weightDecayLrExponent ?? null;
  }

  protected updateParam(name: string, param: tf.Variable, g: tf.Tensor, k: number): void {
    const lr = learningRateAt(this.learningRate, k);
    // 1. decay = 1 - k^(-decayRate): 0 at k = 1, so the first step sees only its own squared gradient.
    const decay = 1 - Math.pow(k, -this.decayRate);
    const axes = factoredAxes(param.shape, this.factored, this.minDimSizeToFactor);
    const wdKeep = this.weightDecayLrExponent == null ? 1 : 1 - Math.pow(lr, this.weightDecayLrExponent);
    // On webgpu an unfactored tensor takes one fused kernel (fused-adafactor.ts), the same steps 1-6 below.
    if (axes == null && useFusedUpdate()) {
      const v = this.slot(name, 'v', param.shape);
      const m = this.beta1 == null ? null : this.slot(name, 'm', param.shape);
      const [next, vNext, mNext] = fusedAdafactorUpdate(param, g, v, m, {
        decay,
        eps1: this.eps1,
        clip: this.clippingThreshold,
        lr,
        eps2: this.eps2,
        beta1: this.beta1,
        keep: wdKeep,
        multiplyByParameterScale: this.multiplyByParameterScale,
      }) as [tf.Tensor, tf.Tensor, tf.Tensor?]; // param shape each; mNext only with momentum
      v.assign(vNext);
      m?.assign(mNext!); // mNext comes with m (momentum on)
      param.assign(next);
      return;
    }
    const g2 = tf.add(tf.square(g), this.eps1); // param shape
    const ema = (v: tf.Variable, x: tf.Tensor) => {
      const next = tf.add(tf.mul(v, decay), tf.mul(x, 1 - decay));
      v.assign(next);
      return next;
    };

    // 2. Second-moment scaling, factored over axes [a, b] = [rows, cols] or whole.
    let u: tf.Tensor;
    if (axes != null) {
      const [a, b] = axes;
      const vrShape = param.shape.filter((_, i) => i !== b);
      const vcShape = param.shape.filter((_, i) => i !== a);
      const vr = ema(this.slot(name, 'vr', vrShape), tf.mean(g2, b)); // [rows]: mean over cols
      const vc = ema(this.slot(name, 'vc', vcShape), tf.mean(g2, a)); // [cols]: mean over rows
      const rowFactor = tf.rsqrt(tf.div(vr, tf.mean(vr, a, true))); // [rows]
      const colFactor = tf.rsqrt(vc); // [cols]
      u = tf.mul(tf.mul(g, tf.expandDims(rowFactor, b)), tf.expandDims(colFactor, a)); // [rows, cols]
    } else {
      const v = ema(this.slot(name, 'v', param.shape), g2); // param shape
      u = tf.mul(g, tf.rsqrt(v));
    }

    // 3. Update clipping: u / max(1, rms(u) / d).
    u = tf.div(u, tf.maximum(1, tf.div(rms(u), this.clippingThreshold)));

    // 4. Step size: lr_k, relative to the parameter's own scale max(rms(param), eps2).
    const scale = this.multiplyByParameterScale ? tf.mul(tf.maximum(rms(param), this.eps2), lr) : tf.scalar(lr);
    u = tf.mul(u, scale);

    // 5. Momentum on the lr-scaled update, no bias correction. PALM.md's order (the spec) is optax's
    // `alias.adafactor` chain: clip -> learning rate -> parameter scale -> ema(beta1, debias=False).
    if (this.beta1 != null) {
      const m = this.slot(name, 'm', param.shape);
      const next = tf.add(tf.mul(m, this.beta1), tf.mul(u, 1 - this.beta1)); // param shape
      m.assign(next);
      u = next;
    }

    // 6. Weight decay, t5x form: param = (1 - wd_k) * param - u, wd_k = lr_k ^ exponent (not scaled by lr again).
    const kept = this.weightDecayLrExponent == null ? param : tf.mul(param, wdKeep);
    param.assign(tf.sub(kept, u));
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
 * PaLM's optimizer (PALM.md §4): Adafactor without factorization, beta1 0.9, lr min(1e-2, 1/sqrt(k)),
 * weight decay lr^2, update clipping 1.0. Global-norm gradient clipping (1.0) is the caller's: clipByGlobalNorm.
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
