// Parameter creation, loading and disposal (docs/palm.md §1 "Init"; names and shapes from shapes.ts, docs/design.md §2).
// Params are keyed by the spec name ("blocks.0.attn.wq"); each tf.Variable carries an engine-unique name
// `${modelId}/${specName}`, because tfjs registers variable names globally and optimizers key state by them.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { deriveSeed } from './random';
import { paramSpecs, type ParamSpec } from './shapes';

export type Params = Record<string, tf.Variable>;

let nextModelId = 0;

/** A prefix no registered variable uses yet, so two models (or a model and its reloaded copy) can coexist. */
function uniqueModelId(): string {
  const registered = tf.engine().registeredVariables;
  for (;;) {
    const id = `palm${nextModelId++}`;
    if (!Object.keys(registered).some((name) => name.startsWith(`${id}/`))) return id;
  }
}

function initTensor(spec: ParamSpec, seed: number): tf.Tensor {
  switch (spec.init) {
    case 'kernel': // fan-in variance scaling: N(0, 1/fan_in), fan_in = rows of the `x @ W` kernel
      return tf.randomNormal(spec.shape, 0, 1 / Math.sqrt(spec.shape[0]!), 'float32', seed);
    case 'embedding':
      return tf.randomNormal(spec.shape, 0, 1, 'float32', seed);
    case 'ones':
      return tf.ones(spec.shape, 'float32');
    case 'zeros':
      return tf.zeros(spec.shape, 'float32');
  }
}

/** Fresh parameters for `m`, deterministic in `seed` (parameter i draws from stream deriveSeed(seed, i)). */
export function createParams(m: ModelConfig, seed: number): Params {
  const id = uniqueModelId();
  const params: Params = {};
  paramSpecs(m).forEach((spec, i) => {
    const init = initTensor(spec, deriveSeed(seed, i));
    params[spec.name] = tf.variable(init, true, `${id}/${spec.name}`);
    init.dispose(); // the variable holds its own reference to the data
  });
  return params;
}

/**
 * Variables for `m` from loaded tensors (a checkpoint), checked against paramSpecs: every name present with its
 * shape, nothing extra. The caller keeps ownership of `tensors` (the variables hold their own reference).
 */
export function paramsFromTensors(m: ModelConfig, tensors: Record<string, tf.Tensor>): Params {
  const specs = paramSpecs(m);
  const problems: string[] = [];
  for (const spec of specs) {
    const t = tensors[spec.name];
    if (t === undefined) problems.push(`missing ${spec.name} [${spec.shape.join(', ')}]`);
    else if (!tf.util.arraysEqual(t.shape, spec.shape)) {
      problems.push(`${spec.name} has shape [${t.shape.join(', ')}], expected [${spec.shape.join(', ')}]`);
    }
  }
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(tensors)) if (!known.has(name)) problems.push(`unexpected tensor ${name}`);
  if (problems.length > 0) throw new Error(`parameters do not match the model config:\n  - ${problems.join('\n  - ')}`);

  const id = uniqueModelId();
  const params: Params = {};
  for (const spec of specs) {
    const t = tensors[spec.name]!; // checked present above
    const value = t.dtype === 'float32' ? t : tf.cast(t, 'float32');
    params[spec.name] = tf.variable(value, true, `${id}/${spec.name}`);
    if (value !== t) value.dispose();
  }
  return params;
}

/** Dispose every variable (and unregister its name). */
export function disposeParams(params: Params): void {
  for (const v of Object.values(params)) v.dispose();
}

/** The parameter `name`, or a clear error naming it (a config/params mismatch is a bug worth a good message). */
export function param(params: Params, name: string): tf.Variable {
  const v = params[name];
  if (v === undefined) throw new Error(`model parameter ${name} is missing (do the params match the model config?)`);
  return v;
}
