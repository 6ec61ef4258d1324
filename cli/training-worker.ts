// The CLI's side of the training worker (docs/design.md §1): a Node worker_threads Worker running the same handler as
// the browser's (core/worker/node-entry.ts), driven by the typed protocol. A worker that dies fails its run.
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../core/kernels/backend';
import type { MetricPoint, RunStatus, RunSummary } from '../core/record';
import type { FromWorker, RunPhase, ToWorker } from '../core/worker/protocol';

type Ready = Extract<FromWorker, { type: 'ready' }>;
/** How long a stopped run's step may go on before its worker is terminated (docs/design.md §2 "Stopping"). */
export const STOP_GRACE_MS = 5000;
type StartMessage = Extract<ToWorker, { type: 'start' }>;

export interface RunListener {
  onMetrics(points: MetricPoint[]): void;
  onStatus(state: RunStatus, reason?: string): void;
  onCheckpoint(bytes: Uint8Array, step: number, tokenizer?: string): void;
  /** What the run is doing (starting the backend, calibrating, building the tokenizer, training, evaluating). */
  onPhase?(phase: RunPhase): void;
}

/**
 * How a run ended: `done` carries the summary; a failure before training (bad data) or a dead worker has none, and
 * neither has a run stopped before its first step (`stopped`).
 */
export type RunEnd = { summary: RunSummary } | { summary: null; reason: string; stopped?: true };

export class TrainingWorker {
  private readonly worker: Worker;
  private readonly listeners = new Map<
    string,
    {
      listener: RunListener;
      end: (e: RunEnd) => void;
      training: boolean;
      stopDeadline?: NodeJS.Timeout;
      armStopDeadline?: () => void;
    }
  >();
  private readyWaiter: { resolve: (r: Ready) => void; reject: (e: Error) => void } | null = null;
  private calibrationWaiter: { resolve: (peak: number) => void; reject: (e: Error) => void } | null = null;
  private exited = false;

  private constructor() {
    this.worker = new Worker(new URL('../bin/worker-thread.mjs', import.meta.url));
    this.worker.on('message', (msg: FromWorker) => this.receive(msg));
    this.worker.on('error', (e) => this.die(`the training worker crashed: ${e.message}`));
    this.worker.on('exit', (code) => this.die(`the training worker exited (code ${code})`));
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
      this.listeners.set(msg.runId, { listener, end, training: false });
      this.post(msg);
    });
  }

  /** Tell a started worker how many train beside it (the first worker of `run --jobs`, started before that was known). */
  shareWith(parallelRuns: number): void {
    if (!this.exited) this.post({ type: 'init', parallelRuns });
  }

  /** Calibrate the device's peak now, with nothing else training; resolves with it in FLOP/s. */
  calibrate(): Promise<number> {
    if (this.exited) return Promise.reject(new Error('the training worker is not running'));
    return new Promise<number>((resolve, reject) => {
      this.calibrationWaiter = { resolve, reject };
      this.post({ type: 'calibrate' });
    });
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
    if (msg.type === 'ready') {
      this.readyWaiter?.resolve(msg);
      this.readyWaiter = null;
      return;
    }
    if (msg.type === 'calibration') {
      this.calibrationWaiter?.resolve(msg.peakFlopsPerSec);
      this.calibrationWaiter = null;
      return;
    }
    if (msg.type === 'error' && msg.runId === undefined) {
      this.readyWaiter?.reject(new Error(msg.message));
      this.readyWaiter = null;
      this.calibrationWaiter?.reject(new Error(msg.message));
      this.calibrationWaiter = null;
      return;
    }
    const runId = 'runId' in msg ? msg.runId : undefined;
    const run = runId === undefined ? undefined : this.listeners.get(runId);
    if (runId === undefined || !run) return;
    // After a stop: a checkpoint, a status or the end shows the step is over; anything else (the step's last metrics,
    // possibly sent before the stop arrived; an evaluation starting) gives the worker one more grace period.
    if (msg.type === 'checkpoint' || msg.type === 'status' || msg.type === 'done' || msg.type === 'error') {
      clearTimeout(run.stopDeadline);
      run.armStopDeadline = undefined;
    } else run.armStopDeadline?.();
    switch (msg.type) {
      case 'metrics':
        run.listener.onMetrics(msg.points);
        return;
      case 'status':
        run.listener.onStatus(msg.state, msg.reason);
        // Stopped before its training phase: the worker has no trainer, so no `done` follows.
        if (msg.state === 'stopped' && !run.training) {
          this.finish(runId, { summary: null, reason: msg.reason ?? 'stopped before its first step', stopped: true });
        }
        return;
      case 'phase':
        run.training ||= msg.phase === 'training';
        run.listener.onPhase?.(msg.phase);
        return;
      case 'checkpoint':
        run.listener.onCheckpoint(msg.bytes, msg.step, msg.tokenizer);
        return;
      case 'done':
        this.finish(runId, { summary: msg.summary });
        return;
      case 'error':
        // A run that fails before it trains (its data, its config) gets no `done`.
        this.finish(runId, { summary: null, reason: msg.message });
        return;
      case 'sample':
      case 'sample-text':
        return;
    }
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
    this.calibrationWaiter?.reject(new Error(reason));
    this.calibrationWaiter = null;
    for (const [runId, run] of this.listeners) {
      run.listener.onStatus(status, reason);
      this.finish(runId, { summary: null, reason, ...(status === 'stopped' ? { stopped: true as const } : {}) });
    }
  }
}
