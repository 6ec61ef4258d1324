// The shared frame of Adafactor and AdamW: a tf.Optimizer whose state is named slot variables
// (`${param}/${slot}`, tfjs' OptimizerVariable convention), created lazily, checkpointed and restored by name.
import * as tf from '@tensorflow/tfjs-core';

/** tfjs' `{ name, tensor }` pair (not re-exported by the package's index). */
export type NamedTensor = Parameters<tf.Optimizer['setWeights']>[0][number];

export abstract class SlottedOptimizer extends tf.Optimizer {
  /** Insertion-ordered, so getWeights() lists slots in a stable order. */
  private slots = new Map<string, tf.Variable>();

  /**
   * One parameter's update at step k (k = 1 on the first call) from grad times gradScale (when not null); runs inside
   * the step's tf.tidy.
   */
  protected abstract updateParam(
    name: string,
    param: tf.Variable,
    grad: tf.Tensor,
    step: number,
    gradScale: tf.Tensor | null,
  ): void;

  /**
   * Update every parameter from its gradient, each multiplied by `gradScale` (a one-element tensor: global-norm
   * clipping's factor, core/optim/clip.ts) when given. The scale travels into the update kernels rather than being
   * applied first: on webgpu that is one launch per parameter fewer (docs/benchmarks.md, Kernel launches).
   */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[], gradScale?: tf.Tensor): void {
    const entries: [string, tf.Tensor | null][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const step = this.iterations + 1;
    tf.tidy(() => {
      for (const [name, grad] of entries) {
        if (grad == null) continue;
        const param = tf.engine().registeredVariables[name];
        if (param == null) throw new Error(`${this.getClassName()}: no variable named "${name}"`);
        this.updateParam(name, param, grad, step, gradScale ?? null);
      }
    });
    this.incrementIterations();
  }

  /** The slot `${param}/${slot}`, created as zeros of `shape` the first time it is asked for. */
  protected slot(param: string, slot: string, shape: number[]): tf.Variable {
    const key = `${param}/${slot}`;
    let v = this.slots.get(key);
    if (v == null) {
      // Slots are state, not trainable; tidy never frees variables, so this is safe inside a step.
      v = tf.zeros(shape).variable(false);
      this.slots.set(key, v);
    }
    return v;
  }

  /** The step count (`iter`, as tfjs' own optimizers write it) followed by every slot. */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.slots].map(([name, tensor]) => ({ name, tensor }));
    return [await this.saveIterations(), ...slots];
  }

  /** Replaces all state with copies of `weights` (as getWeights() lists them); the caller keeps its tensors. */
  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const slots = await this.extractIterations(weights);
    this.disposeSlots();
    for (const { name, tensor } of slots) this.slots.set(name, tensor.variable(false));
  }

  override dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots = new Map();
  }
}
