// The small interface every face's training worker plugs into the run orchestration core (docs/design.md §1): a
// browser Web Worker (renderer/src/worker-pool.ts), a Node worker thread (cli/training-worker.ts) or a test's fake.
import type { FromWorker, ToWorker } from '../worker/protocol';

export interface RunWorker {
  /** `transfer` lists buffers handed over without a copy. */
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  /** The worker crashed (its script failed, it ran out of memory, its thread exited). */
  onerror: ((event: { message: string }) => void) | null;
  /** Ends the worker; a Node worker thread settles once its thread has stopped. */
  terminate(): void | Promise<void>;
}

/** The messages about one run, the ones its record folds (fold.ts). */
export type RunMessage = Extract<FromWorker, { type: 'metrics' | 'status' | 'phase' | 'checkpoint' | 'error' | 'done' }>;

export type StartMessage = Extract<ToWorker, { type: 'start' }>;
export type InitMessage = Extract<ToWorker, { type: 'init' }>;
