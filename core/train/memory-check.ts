// Will a run fit? The memory a training run needs (parameters + gradients + optimizer state + activations, from
// core/metrics and the optimizer's slot sizes), checked against the backend's limits and the machine's memory
// before anything is allocated, so a run too big is refused with the figures instead of crashing or being killed.
import type { BackendName } from '../kernels/backend';
import type { Config } from '../config/schema';
import { activationBytes, largestActivation, optimizerStateBytes, paramBytes } from '../metrics';
import { paramSpecs } from '../config/shapes';

const FLOAT32_BYTES = 4;
/** V8 (Node 20, Chromium) refuses typed arrays longer than 2^32 elements ("Invalid typed array length"). */
export const MAX_TYPED_ARRAY_ELEMENTS = 2 ** 32;
/** wasm32 addresses at most 4 GiB: the whole wasm backend heap. */
export const WASM_MAX_BYTES = 2 ** 32;

export interface MemoryBudget {
  backend: BackendName;
  /** Physical memory of the machine, passed in from the Node or Electron edge (core reads no OS facts itself). */
  machineBytes?: number;
  /** Runs training at once on the machine (`run --jobs`, the UI's parallel runs): each may use an equal share. */
  sharedBy?: number;
  /** The WebGPU device's buffer limits. */
  limits?: { maxBufferSize?: number; maxStorageBufferBindingSize?: number };
}

export interface TrainingMemoryEstimate {
  paramBytes: number;
  /** One gradient per parameter, alive during the update. */
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  totalBytes: number;
  largestTensor: { name: string; shape: number[]; bytes: number };
}

export function estimateTrainingMemory(config: Config): TrainingMemoryEstimate {
  const { model: m, train } = config;
  const specs = paramSpecs(m);
  const params = paramBytes(m);
  const optimizerBytes = optimizerStateBytes(
    config.optimizer,
    specs.map((s) => s.shape),
  );
  const activations = activationBytes(m, train.batchSize);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const largest = [...specs, largestActivation(m, train.batchSize)].reduce((a, b) =>
    size(b.shape) > size(a.shape) ? b : a,
  );
  return {
    paramBytes: params,
    gradientBytes: params,
    optimizerBytes,
    activationBytes: activations,
    totalBytes: 2 * params + optimizerBytes + activations,
    largestTensor: { name: largest.name, shape: largest.shape, bytes: size(largest.shape) * FLOAT32_BYTES },
  };
}

/** 1234567890 -> "1.23 GB" (decimal units, as machines' memory is quoted). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(1)} KB`;
}

function describeEstimate(e: TrainingMemoryEstimate): string {
  return (
    `about ${formatBytes(e.totalBytes)} (parameters ${formatBytes(e.paramBytes)}, gradients ${formatBytes(e.gradientBytes)}, ` +
    `optimizer state ${formatBytes(e.optimizerBytes)}, activations ${formatBytes(e.activationBytes)})`
  );
}

/** Throws an Error naming the figure and the limit when the run cannot fit; returns the estimate when it can. */
export function checkTrainingMemory(config: Config, budget: MemoryBudget): TrainingMemoryEstimate {
  const e = estimateTrainingMemory(config);
  const big = e.largestTensor;
  const tensor = `tensor ${big.name} [${big.shape.join(', ')}]`;
  const advice = 'use a smaller model (dModel, nLayers, ffnMult, vocabSize) or batch';
  if (big.bytes / FLOAT32_BYTES > MAX_TYPED_ARRAY_ELEMENTS) {
    throw new Error(
      `the run cannot be allocated: ${tensor} has ${(big.bytes / FLOAT32_BYTES).toLocaleString('en-US')} values (${formatBytes(big.bytes)}); JavaScript arrays hold at most 2^32; ${advice}`,
    );
  }
  const { maxBufferSize, maxStorageBufferBindingSize } = budget.limits ?? {};
  const bufferLimit = Math.min(maxBufferSize ?? Infinity, maxStorageBufferBindingSize ?? Infinity);
  if (budget.backend === 'webgpu' && big.bytes > bufferLimit) {
    throw new Error(
      `the run does not fit the WebGPU device: ${tensor} needs ${formatBytes(big.bytes)}, more than its largest buffer of ${formatBytes(bufferLimit)}; ${advice}`,
    );
  }
  if (budget.backend === 'wasm' && e.totalBytes > WASM_MAX_BYTES) {
    throw new Error(
      `the run does not fit the wasm backend: it needs ${describeEstimate(e)}, more than wasm's ${formatBytes(WASM_MAX_BYTES)} address space; ${advice}, or use webgpu`,
    );
  }
  const runs = Math.max(1, Math.floor(budget.sharedBy ?? 1));
  if (budget.machineBytes !== undefined && e.totalBytes > budget.machineBytes / runs) {
    const machine = `this machine's ${formatBytes(budget.machineBytes)}`;
    const limit =
      runs > 1
        ? `its 1/${runs} share (${formatBytes(budget.machineBytes / runs)}) of ${machine}, shared by ${runs} parallel runs`
        : machine;
    throw new Error(
      `the run does not fit in memory: it needs ${describeEstimate(e)}, more than ${limit}; ${advice}${runs > 1 ? ', or train fewer runs at once' : ''}`,
    );
  }
  return e;
}
