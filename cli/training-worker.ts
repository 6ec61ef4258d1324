// The CLI's side of the training worker (docs/design.md §1): a Node worker_threads Worker running the same handler as
// the browser's (core/worker/node-entry.ts), plugged into the run orchestration core's worker interface
// (core/runs/worker-link.ts) and driven by the typed protocol. A worker that dies fails its run.
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../core/kernels/backend';
import type { RunSummary } from '../core/record';
import { endsRun, startedOnWorker, type RunOnWorker } from '../core/runs/run-end';
import type { RunMessage, RunWorker, StartMessage } from '../core/runs/worker-link';
import type { FromWorker, ToWorker } from '../core/runs/protocol';
import type { PeakCalibration } from './peak-file';

type Ready = Extract<FromWorker, { type: 'ready' }>;
/** How long a stopped run's step may go on before its worker is terminated (docs/design.md §2 "Stopping"). */
export const STOP_GRACE_MS = 5000;

/** Every message about the run, in order (the caller folds them: core/runs/fold.ts). */
export type RunListener = (msg: RunMessage) => void;

/**
 * How a run ended: `done` carries the summary; a failure before training (bad data) or a dead worker has none, and
 * neither has a run stopped before its first step (`stopped`).
 */
export type RunEnd = { summary: RunSummary } | { summary: null; reason: string; stopped?: true };

/** A Node worker thread as a RunWorker; its crash and its exit are both an error (the worker is gone). */
function createNodeRunWorker(): RunWorker {
  const worker = new Worker(new URL('../bin/worker-thread.mjs', import.meta.url));
  const link: RunWorker = {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    onmessage: null,
    onerror: null,
    terminate: () => worker.terminate().then(() => undefined),
  };
  worker.on('message', (data: FromWorker) => link.onmessage?.({ data }));
  worker.on('error', (e) => link.onerror?.({ message: `the training worker crashed: ${e.message}` }));
  worker.on('exit', (code) => link.onerror?.({ message: `the training worker exited (code ${code})` }));
  return link;
}

/** How the message that ended a run (core/runs/run-end.ts) says it ended. */
function runEnd(msg: RunMessage): RunEnd {
  if (msg.type === 'done') return { summary: msg.summary };
  if (msg.type === 'error') return { summary: null, reason: msg.message };
  const reason = msg.type === 'status' ? msg.reason : undefined;
  // A failure before training (bad data, a refused config) says why in its status; a stop may not.
  if (msg.type === 'status' && msg.state === 'failed') return { summary: null, reason: reason ?? 'failed' };
  return { summary: null, reason: reason ?? 'stopped before its first step', stopped: true };
}

export class TrainingWorker {
  private readonly listeners = new Map<
    string,
    {
      listener: RunListener;
      end: (e: RunEnd) => void;
      run: RunOnWorker;
      stopDeadline?: NodeJS.Timeout;
      armStopDeadline?: () => void;
    }
  >();
  private readyWaiter: { resolve: (r: Ready) => void; reject: (e: Error) => void } | null = null;
  private exited = false;
  /** The peak this worker measured for a run (its `calibration` message): `run --jobs` tells the other lanes. */
  onCalibration: ((peakFlopsPerSec: number, calibration: PeakCalibration) => void) | null = null;

  private constructor(private readonly worker: RunWorker = createNodeRunWorker()) {
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => this.die(e.message);
  }

  /**
   * Start a worker on `backend` (or the fastest that starts); resolves once it reports `ready`. `parallelRuns`: how
   * many workers train beside it (`run --jobs`), so a run's memory check takes its share of the machine.
   */
  static async start(backend?: BackendName, parallelRuns?: number): Promise<{ worker: TrainingWorker; ready: Ready }> {
    const worker = new TrainingWorker();
    const ready = new Promise<Ready>((resolve, reject) => (worker.readyWaiter = { resolve, reject }));
    worker.post({ type: 'init', backend, ...(parallelRuns === undefined ? {} : { parallelRuns }) });
    try {
      return { worker, ready: await ready };
    } catch (e) {
      await worker.close();
      throw e;
    }
  }

  /** Train one run; resolves when it ends, whatever its status. */
  train(msg: StartMessage, listener: RunListener): Promise<RunEnd> {
    if (this.exited) return Promise.resolve({ summary: null, reason: 'the training worker is not running' });
    return new Promise<RunEnd>((end) => {
      this.listeners.set(msg.runId, { listener, end, run: startedOnWorker() });
      this.post(msg);
    });
  }

  /** Tell a started worker how many train beside it (the first worker of `run --jobs`, started before that was known). */
  shareWith(parallelRuns: number): void {
    if (!this.exited) this.post({ type: 'init', parallelRuns });
  }

  /** Runs here use `peakFlopsPerSec` (another worker's calibration) instead of measuring the device again. */
  useCalibration(peakFlopsPerSec: number): void {
    if (!this.exited) this.post({ type: 'use-calibration', peakFlopsPerSec });
  }

  /**
   * Ask a run to stop after its step (a checkpoint is written). A worker that sends nothing for the run within
   * `graceMs` is inside a step too long to wait for: it is terminated, the run ends "stopped" and its last checkpoint
   * stands (docs/design.md §2 "Stopping"). A checkpoint, a status or the end ends the wait; any other message (the
   * step's metrics, an evaluation starting) shows the worker is alive and gives it another grace period.
   */
  stop(runId: string, graceMs = STOP_GRACE_MS): void {
    if (this.exited) return;
    this.post({ type: 'stop', runId });
    const run = this.listeners.get(runId);
    if (!run || run.stopDeadline) return;
    const seconds = (graceMs / 1000).toFixed(0);
    run.armStopDeadline = () => {
      clearTimeout(run.stopDeadline);
      run.stopDeadline = setTimeout(() => {
        void this.end(
          `stopped mid-step (the step did not end within ${seconds} s); the last checkpoint stands`,
          'stopped',
        );
      }, graceMs);
    };
    run.armStopDeadline();
  }

  /** End the worker at once, as a crash would: runs in flight fail with `reason` (their checkpoints stay). */
  async kill(reason: string): Promise<void> {
    await this.end(reason, 'failed');
  }

  /** Terminate the thread; its runs end with `status` and `reason`. */
  private async end(reason: string, status: 'failed' | 'stopped'): Promise<void> {
    this.die(reason, status);
    await this.worker.terminate();
  }

  async close(): Promise<void> {
    this.exited = true;
    await this.worker.terminate();
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        this.readyWaiter?.resolve(msg);
        this.readyWaiter = null;
        return;
      case 'calibration':
        this.onCalibration?.(msg.peakFlopsPerSec, {
          peakFlopsPerSec: msg.peakFlopsPerSec,
          bestSize: msg.bestSize,
          samples: msg.samples,
          endedBy: msg.endedBy,
          elapsedMs: msg.elapsedMs,
        });
        return;
      // No sample is asked for here, nor a bench: `run` benches in its own process (commands/run-speed.ts).
      case 'sample':
      case 'sample-text':
      case 'bench-progress':
      case 'bench-done':
      case 'bench-failed':
        return;
      case 'error':
        if (msg.runId === undefined) {
          this.readyWaiter?.reject(new Error(msg.message));
          this.readyWaiter = null;
          return;
        }
        return this.receiveRun({ ...msg, runId: msg.runId });
      default:
        return this.receiveRun(msg);
    }
  }

  private receiveRun(msg: RunMessage & { runId: string }): void {
    const run = this.listeners.get(msg.runId);
    if (!run) return;
    // After a stop: a checkpoint, a status or the end shows the step is over; anything else (the step's last metrics,
    // possibly sent before the stop arrived; an evaluation starting) gives the worker one more grace period.
    if (msg.type === 'checkpoint' || msg.type === 'status' || msg.type === 'done' || msg.type === 'error') {
      clearTimeout(run.stopDeadline);
      run.armStopDeadline = undefined;
    } else run.armStopDeadline?.();
    run.listener(msg);
    if (endsRun(run.run, msg)) this.finish(msg.runId, runEnd(msg));
  }

  private finish(runId: string, end: RunEnd): void {
    const run = this.listeners.get(runId);
    this.listeners.delete(runId);
    clearTimeout(run?.stopDeadline);
    run?.end(end);
  }

  /** The worker is gone: every unfinished run ends with the reason (failed, or stopped when cut short by a stop);
   *  their last checkpoints are already written. */
  private die(reason: string, status: 'failed' | 'stopped' = 'failed'): void {
    if (this.exited) return;
    this.exited = true;
    this.readyWaiter?.reject(new Error(reason));
    this.readyWaiter = null;
    for (const [runId, run] of this.listeners) {
      run.listener({ type: 'status', runId, state: status, reason });
      this.finish(runId, { summary: null, reason, ...(status === 'stopped' ? { stopped: true as const } : {}) });
    }
  }
}
