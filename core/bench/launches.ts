// Kernel launches of one training step (docs/benchmarks.md, Method): backend kernel executions from tf.profile's
// records, custom- gradient scopes excluded, and on webgpu the GPU programs dispatched, counted at the backend's one
// dispatch point.
import * as tf from '@tensorflow/tfjs-core';

export interface LaunchCounts {
  /** Registered backend kernels executed (forward, backward, optimizer); custom-gradient scopes are not kernels. */
  kernelLaunches: number;
  /** GPU compute programs dispatched (webgpu only): a kernel may run several (softmax) or none (reshape). */
  dispatches?: number;
}

/**
 * The records of registered kernels of `backendName`. A custom-gradient op is recorded too, under its enclosing
 * scope's name ('unnamed scope', 'foo__op'), but runs no kernel of its own: its body's kernels are recorded one by one.
 */
export function kernelRecords<R extends { name: string }>(records: readonly R[], backendName: string): R[] {
  const registered = new Map<string, boolean>();
  const isKernel = (name: string) => {
    let known = registered.get(name);
    if (known === undefined) registered.set(name, (known = tf.getKernel(name, backendName) !== undefined));
    return known;
  };
  return records.filter((r) => isKernel(r.name));
}

/** The slice of tfjs-backend-webgpu's WebGPUBackend whose every call is one dispatchWorkgroups. */
interface DispatchingBackend {
  recordAndSubmit: (...args: unknown[]) => unknown;
}

function dispatching(backend: unknown): DispatchingBackend | null {
  const b = backend as Partial<DispatchingBackend> | null;
  return b && typeof b.recordAndSubmit === 'function' ? (b as DispatchingBackend) : null;
}

/**
 * Run `f` and count the GPU programs it dispatched: undefined on a backend without dispatches (cpu, wasm).
 * tfjs' webgpu backend records every program through recordAndSubmit (one dispatchWorkgroups each), so wrapping
 * that one method of the running backend for the duration of `f` counts them all, whatever kernel issued them.
 */
export async function countDispatches<T>(f: () => Promise<T>): Promise<{ result: T; dispatches?: number }> {
  const backend = dispatching(tf.backend());
  if (!backend) return { result: await f() };
  let dispatches = 0;
  const own = Object.prototype.hasOwnProperty.call(backend, 'recordAndSubmit');
  const original = backend.recordAndSubmit;
  backend.recordAndSubmit = function (this: unknown, ...args: unknown[]) {
    dispatches++;
    return original.apply(this, args);
  };
  try {
    return { result: await f(), dispatches };
  } finally {
    // Restore exactly what was there: the prototype's method, or an own property someone else had set.
    if (own) backend.recordAndSubmit = original;
    else delete (backend as Partial<DispatchingBackend>).recordAndSubmit;
  }
}

/** Profile `f` (one training step) and count its kernel launches and, on webgpu, its dispatches. */
export async function profileLaunches(
  f: () => Promise<void>,
): Promise<{ info: Awaited<ReturnType<typeof tf.profile>> } & LaunchCounts> {
  const { result: info, dispatches } = await countDispatches(() => tf.profile(f));
  const kernelLaunches = kernelRecords(info.kernels, tf.getBackend()).length;
  return { info, kernelLaunches, ...(dispatches === undefined ? {} : { dispatches }) };
}
