// Parameter creation, loading and disposal (docs/palm.md §1 "Init"; names and shapes from shapes.ts, docs/design.md
// §2). Params hold the in-memory layout (modelParamSpecs: a parallel block's projections fused, fused.ts), built from
// and split back into the documented tensors. Params are keyed by the spec name ("blocks.0.attn.wq"); each tf.Variable
// carries an engine-unique name `${modelId}/${specName}`, because tfjs registers variable names globally and
// optimizers key state by them.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config/schema';
import { deriveSeed } from './random';
import { joinFused, splitFused } from './fused';
import { modelParamSpecs, paramSpecs, type ParamSpec } from '../config/shapes';

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

/** Variables in the in-memory layout from documented tensors (already checked); the caller keeps `tensors`. */
function variablesFrom(m: ModelConfig, tensors: Record<string, tf.Tensor>): Params {
  const id = uniqueModelId();
  const params: Params = {};
  tf.tidy(() => {
    const joined = joinFused(m, tensors);
    for (const spec of modelParamSpecs(m)) {
      const t = joined[spec.name]!;
      params[spec.name] = tf.variable(t.dtype === 'float32' ? t : tf.cast(t, 'float32'), true, `${id}/${spec.name}`);
    }
  });
  return params;
}

/**
 * Fresh parameters for `m`, deterministic in `seed`: documented parameter i draws from stream deriveSeed(seed, i), so
 * a fused parallel block starts from exactly the numbers its unfused pieces would.
 */
export function createParams(m: ModelConfig, seed: number): Params {
  const init = Object.fromEntries(paramSpecs(m).map((spec, i) => [spec.name, initTensor(spec, deriveSeed(seed, i))]));
  try {
    return variablesFrom(m, init);
  } finally {
    tf.dispose(Object.values(init)); // the variables hold their own copies
  }
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
  return variablesFrom(m, tensors);
}

/** The parameters under their documented names (docs/design.md §2), fused ones split: new tensors the caller frees. */
export function documentedTensors(m: ModelConfig, params: Params): Record<string, tf.Tensor> {
  return tf.tidy(() => {
    const split = splitFused(m, params);
    // Pass-through entries are the variables themselves: copy them so the caller may dispose every entry alike.
    return Object.fromEntries(Object.entries(split).map(([n, t]) => [n, t === params[n] ? tf.clone(t) : t]));
  });
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
