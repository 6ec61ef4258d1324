// The small interfaces of the run orchestration core (docs/design.md §1): the worker every face plugs in (a browser
// Web Worker: renderer/src/worker-pool.ts; a Node worker thread: cli/training-worker.ts; a test's fake), and the port
// a client sees (one worker, the pool of pool.ts, or a fake).
import type { FromWorker, ToWorker } from './protocol';

export interface RunWorker {
  /** `transfer` lists buffers handed over without a copy. */
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  /** The worker crashed (its script failed, it ran out of memory, its thread exited). */
  onerror: ((event: { message: string }) => void) | null;
  /** Ends the worker; a Node worker thread settles once its thread has stopped. */
  terminate(): void | Promise<void>;
}

/** A worker crashed: the runs it held (every run when absent, as with one worker) lost it. */
export interface WorkerCrash {
  message: string;
  runIds?: readonly string[];
}

/** The worker side as a client sees it: a pool of workers, or a test's fake. */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  onerror: ((event: WorkerCrash) => void) | null;
  /** A worker ended (fewer parallel runs): the ended runs it held are sampled from stored checkpoints from now on. */
  ondetach?: ((runIds: readonly string[]) => void) | null;
}

/** The messages about one run, the ones its record folds (fold.ts). */
export type RunMessage = Extract<FromWorker, { type: 'metrics' | 'status' | 'phase' | 'checkpoint' | 'error' | 'done' }>;

export type StartMessage = Extract<ToWorker, { type: 'start' }>;
export type InitMessage = Extract<ToWorker, { type: 'init' }>;
