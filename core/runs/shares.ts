// How many runs train at once and each one's share of the machine (docs/design.md §1, the run orchestration core):
// one rule for `run --jobs`, the UI's "parallel runs" setting and the browser worker's wasm thread count. A run's
// memory check takes the same 1/N share (core/train/memory-check.ts, `sharedBy`, sent as the init's parallelRuns).
import type { BackendName } from '../kernels/backend';

/** The most threads tfjs' threaded wasm build runs: it pre-creates 8 pthreads, and a larger count would wait on them. */
const MAX_WASM_THREADS = 8;

/** The default number of parallel runs: WebGPU runs share one device (overlap only slows each), wasm and cpu get a
 *  core pair each (one for the run's thread, one for the page or process and the machine). */
export function defaultParallelRuns(backend: BackendName, cores: number): number {
  return backend === 'webgpu' ? 1 : Math.max(1, Math.floor(cores / 2));
}

/**
 * Threads of one run's wasm backend when `parallelRuns` train at once: an equal share of every core but one (that
 * one is left to the page's main thread), rounded down. Rounding down never puts more busy threads than cores on the
 * machine: oversubscribed wasm threads spin-wait on each other, and runs side by side scale better than threads
 * inside one run (2 threads of one run trained at 0.45-0.65x of 1 on 2 loaded cores: docs/benchmarks.md).
 */
export function wasmThreadsPerRun(cores: number, parallelRuns = 1): number {
  return Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor((cores - 1) / Math.max(1, parallelRuns))));
}
