// The training worker's brain, shared by both entries (browser Worker, Node worker_threads): a queue of runs, one
// training at a time, start-up phases, metrics batched to at most ~10 messages/s, sampling, calibration, the speed
// bench (bench-request.ts), and failures reported as messages — never thrown across the boundary (docs/design.md §1
// rule 2).
import { deviceKey, type BackendInfo, type BackendName } from '../kernels/backend';
import { calibrateDevice, type CalibrationOptions } from '../kernels/calibrate';
import { decodeCheckpoint } from '../checkpoint';
import { prepareData } from '../data/prepare';
import type { PeakFlops } from '../record';
import { checkTrainingMemory } from '../train/memory-check';
import { sampleFromCheckpoint } from '../train/sample-text';
import { Trainer } from '../train/trainer';
import { BenchRunner } from './bench-request';
import { MetricsBatcher } from './metrics-batcher';
import {
  assertNever,
  type DeviceLimits,
  type FromWorker,
  type RunPhase,
  type ToWorker,
  type WasmShare,
} from '../runs/protocol';

type StartMessage = Extract<ToWorker, { type: 'start' }>;

export interface HandlerHost {
  /** Post to the client; `transfer` lists buffers handed over without a copy. */
  post(msg: FromWorker, transfer?: ArrayBuffer[]): void;
  /** Start a backend in this environment (Dawn globals in Node, navigator.gpu in a browser worker); `share` is the
   *  init message's (how many workers train beside each other, or a thread count asked for). */
  startBackend(requested?: BackendName, share?: WasmShare): Promise<BackendInfo>;
  /** The device's limits and a promise that settles when it is lost (webgpu only). */
  device?(): { limits: DeviceLimits; lost?: Promise<string> } | undefined;
  /** Overrides of the calibration (a test's fake clock and matmul); the sizes and budget are core/kernels'. */
  calibration?: Omit<CalibrationOptions, 'shouldStop'>;
  /** The machine's physical memory, from the Node or Electron edge; runs that would not fit are refused. */
  machineMemoryBytes?: number;
}

/** What the handler remembers of a run after it trained: enough to sample from it. */
interface FinishedRun {
  checkpoint: Uint8Array;
  tokenizer?: string;
}

export class WorkerHandler {
  private backend: BackendInfo | null = null;
  private backendStarting: Promise<BackendInfo> | null = null;
  private readonly queue: StartMessage[] = [];
  private current: Trainer | null = null;
  /** Runs between their `start` and their first step: neither queued nor current, but stoppable. */
  private readonly starting = new Set<string>();
  private readonly stopRequested = new Set<string>();
  private readonly finished = new Map<string, FinishedRun>();
  private readonly batcher: MetricsBatcher;
  private deviceLostReason: string | null = null;
  private machineMemoryBytes: number | undefined;
  private wasmShare: WasmShare = {};
  /** A peak another worker of the pool calibrated (use-calibration): runs here take it instead of measuring. */
  private sharedPeak: PeakFlops | null = null;
  /** Runs already ended as failed (a lost device): nothing more is posted for them. */
  private readonly failed = new Set<string>();
  private pumping = false;
  private readonly bench = new BenchRunner();

  constructor(private readonly host: HandlerHost) {
    this.machineMemoryBytes = host.machineMemoryBytes;
    this.batcher = new MetricsBatcher((runId, points) => host.post({ type: 'metrics', runId, points }));
  }

  /** Handle one message; every failure becomes an `error` message. */
  async handle(msg: ToWorker): Promise<void> {
    try {
      await this.dispatch(msg);
    } catch (e) {
      const runId = 'runId' in msg ? msg.runId : undefined;
      this.host.post({
        type: 'error',
        runId,
        message: e instanceof Error ? e.message : String(e),
        recoverable: this.deviceLostReason === null,
      });
    }
  }

  private async dispatch(msg: ToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        this.machineMemoryBytes = msg.machineMemoryBytes ?? this.machineMemoryBytes;
        this.wasmShare = {
          parallelRuns: msg.parallelRuns ?? this.wasmShare.parallelRuns,
          wasmThreads: msg.wasmThreads ?? this.wasmShare.wasmThreads,
        };
        await this.init(msg.backend);
        return;
      case 'start':
        await this.ensureBackend(msg.runId);
        if (this.stopRequested.delete(msg.runId)) {
          this.postStoppedBeforeTraining(msg.runId);
          return;
        }
        this.queue.push(msg);
        this.host.post({ type: 'status', runId: msg.runId, state: 'queued' });
        void this.pump();
        return;
      case 'pause':
        if (this.current?.runId === msg.runId) this.current.pause();
        return;
      case 'resume':
        if (this.current?.runId === msg.runId) this.current.resume();
        return;
      case 'stop':
        this.stop(msg.runId);
        return;
      case 'sample':
        await this.sample(msg);
        return;
      case 'calibrate':
        await this.ensureBackend();
        await this.calibrate();
        this.sharedPeak = null; // a peak measured here, asked for, replaces one another worker measured
        return;
      case 'use-calibration':
        this.sharedPeak = { flopsPerSec: msg.peakFlopsPerSec, source: 'calibrated' };
        return;
      case 'bench':
        await this.benchVariants(msg);
        return;
      case 'stop-bench':
        this.bench.stop(msg.benchId);
        return;
      default:
        assertNever(msg);
    }
  }

  /** Runs queued meanwhile wait for the bench to end (pump), so nothing shares the device with it. */
  private async benchVariants(msg: Extract<ToWorker, { type: 'bench' }>): Promise<void> {
    await this.bench.run(msg, {
      post: (m) => this.host.post(m),
      startBackend: async () => {
        await this.ensureBackend();
        return this.backend as BackendInfo;
      },
      busy: () => this.busyReason(),
      machineBytes: this.machineMemoryBytes,
      limits: this.host.device?.()?.limits,
    });
    void this.pump();
  }

  private async init(requested?: BackendName): Promise<void> {
    if (this.backend) {
      if (requested && requested !== this.backend.backend) {
        throw new Error(`the worker already runs on ${this.backend.backend}; start a new worker to use ${requested}`);
      }
    } else {
      // Two starts before the backend is up share one start-up.
      this.backendStarting ??= this.host.startBackend(requested, this.wasmShare);
      let info: BackendInfo;
      try {
        info = await this.backendStarting;
      } finally {
        this.backendStarting = null;
      }
      if (!this.backend) {
        this.backend = info;
        this.watchDevice();
      }
    }
    const { backend, adapterInfo, fallbackReason, wasmThreads, wasmThreadsNote } = this.backend;
    const limits = this.host.device?.()?.limits ?? {};
    this.host.post({ type: 'ready', backend, adapterInfo, fallbackReason, wasmThreads, wasmThreadsNote, limits });
  }

  /** Why a bench would share the device with a run here now, or null. */
  private busyReason(): string | null {
    if (this.current || this.starting.size > 0) return 'a run is training on this worker';
    return this.queue.length > 0 ? 'runs are waiting to train on this worker' : null;
  }

  /** Start the backend if it is not up; a run waiting for it is in its 'starting-backend' phase, and stoppable. */
  private async ensureBackend(runId?: string): Promise<void> {
    if (this.deviceLostReason !== null)
      throw new Error(`the GPU device was lost (${this.deviceLostReason}); restart the worker`);
    if (this.backend) return;
    if (runId === undefined) {
      await this.init();
      return;
    }
    this.starting.add(runId);
    this.postPhase(runId, 'starting-backend');
    try {
      await this.init();
    } finally {
      this.starting.delete(runId);
    }
  }

  private postPhase(runId: string, phase: RunPhase): void {
    this.host.post({ type: 'phase', runId, phase });
  }

  /** A run stopped before its first step ends here: no trainer, no summary, no `done`. */
  private postStoppedBeforeTraining(runId: string): void {
    this.host.post({ type: 'status', runId, state: 'stopped', reason: 'stopped before its first step' });
  }

  private watchDevice(): void {
    const lost = this.host.device?.()?.lost;
    if (!lost) return;
    void lost.then((reason) => {
      this.deviceLostReason = reason;
      const message = `WebGPU device lost: ${reason}`;
      const run = this.current;
      if (run) {
        // The run cannot take another step; its last checkpoint (already posted) is what survives.
        run.stop();
        this.batcher.flush();
        this.failRun(run.runId, message, false);
      }
      // Queued runs would train on a device that is gone: each fails now, with the reason and what to do.
      for (const queued of this.queue.splice(0)) {
        this.failRun(queued.runId, `${message}; the run did not start: restart the worker to train it`, false);
      }
      if (!run) this.host.post({ type: 'error', message, recoverable: false });
    });
  }

  /** A run's end as failed: its status, then an error; the run is posted nothing after this. */
  private failRun(runId: string, reason: string, recoverable: boolean): void {
    this.failed.add(runId);
    this.host.post({ type: 'status', runId, state: 'failed', reason });
    this.host.post({ type: 'error', runId, message: reason, recoverable });
  }

  /**
   * The device's calibrated peak: measured once per worker (per device) within core/kernels' time budget, then
   * reused. `shouldStop` ends it early; null then, as the run it was for is stopping.
   */
  private async calibrate(shouldStop?: () => boolean): Promise<PeakFlops | null> {
    const info = this.backend as BackendInfo;
    const cal = await calibrateDevice(deviceKey(info), { ...this.host.calibration, shouldStop });
    if (cal.endedBy === 'stopped') return null;
    const { peakFlopsPerSec, bestSize, samples, endedBy, elapsedMs } = cal;
    this.host.post({
      type: 'calibration',
      backend: info.backend,
      peakFlopsPerSec,
      bestSize,
      samples,
      endedBy,
      elapsedMs,
    });
    return { flopsPerSec: peakFlopsPerSec, source: 'calibrated' };
  }

  private stop(runId: string): void {
    if (this.current?.runId === runId) {
      this.current.stop();
      return;
    }
    const i = this.queue.findIndex((m) => m.runId === runId);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.host.post({ type: 'status', runId, state: 'stopped' });
      return;
    }
    // Starting up (backend, calibration, tokenizer, model): the start-up sees the request at its next check.
    if (this.starting.has(runId)) this.stopRequested.add(runId);
  }

  /** Train queued runs one after another until the queue is empty. */
  private async pump(): Promise<void> {
    if (this.pumping || this.bench.running) return;
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.train(next);
    } finally {
      this.pumping = false;
    }
  }

  private async train(msg: StartMessage): Promise<void> {
    const { runId } = msg;
    let trainer: Trainer | null = null;
    this.starting.add(runId);
    const stopped = () => this.stopRequested.has(runId);
    // A device lost while the run starts up (it is neither queued nor current then) ends its calibration too.
    const checkDevice = () => {
      if (this.deviceLostReason !== null) throw new Error(`WebGPU device lost: ${this.deviceLostReason}`);
    };
    try {
      // Before anything is allocated (data, parameters, calibration): a run too big fails here with the figures.
      checkTrainingMemory(msg.config, {
        backend: (this.backend as BackendInfo).backend,
        machineBytes: this.machineMemoryBytes,
        sharedBy: this.wasmShare.parallelRuns,
        limits: this.host.device?.()?.limits,
      });
      let peak: PeakFlops | null = null;
      if (msg.config.train.peakTflops === null) {
        peak = this.sharedPeak;
        if (!peak) {
          this.postPhase(runId, 'calibrating');
          peak = await this.calibrate(() => stopped() || this.deviceLostReason !== null);
        }
      }
      checkDevice();
      if (stopped()) return this.postStoppedBeforeTraining(runId);
      this.postPhase(runId, 'building-tokenizer');
      const data = await prepareData(msg.config.data, msg.config.model, {
        savedTokenizer:
          msg.resume && decodeCheckpoint(msg.resume.checkpoint, { allowPrefixes: ['optimizer/'] }).metadata.tokenizer,
        readFile: async (path) => {
          if (msg.data.kind === 'bytes') return msg.data.bytes;
          throw new Error(
            `data.path "${path}": this worker cannot read files; send the file's bytes with the start message`,
          );
        },
      });
      trainer = await Trainer.create({
        runId,
        name: msg.name,
        config: msg.config,
        data,
        backend: this.backend as BackendInfo,
        peak,
        resume: msg.resume,
      });
      checkDevice();
      if (stopped()) return this.postStoppedBeforeTraining(runId);
      this.current = trainer;
      this.starting.delete(runId);
      this.postPhase(runId, 'training');
      const tokenizer = trainer.tokenizerJson;
      // A run resumed at its last step only evaluates and posts no checkpoint: the one it resumed from holds its
      // final weights, and is what samples of it decode.
      let lastCheckpoint: Uint8Array | null = msg.resume?.checkpoint ?? null;
      const summary = await trainer.run({
        onMetrics: (points) => {
          if (!this.failed.has(runId)) this.batcher.add(runId, points);
        },
        onStatus: (state, reason) => {
          this.batcher.flush();
          if (!this.failed.has(runId)) this.host.post({ type: 'status', runId, state, reason });
        },
        onEvaluating: (evaluating) => this.postPhase(runId, evaluating ? 'evaluating' : 'training'),
        onCheckpoint: (bytes, step) => {
          // A run that already failed (its device lost) posts no checkpoint: its weights after that are not trusted.
          if (this.failed.has(runId)) return;
          // The points a checkpoint covers reach the client before it, so a saved run is never behind its weights.
          this.batcher.flush();
          lastCheckpoint = bytes;
          // A copy goes to the client; the handler keeps its own for sampling after the run.
          const copy = bytes.slice();
          this.host.post({ type: 'checkpoint', runId, step, bytes: copy, tokenizer }, [copy.buffer]);
        },
      });
      this.batcher.flush();
      if (lastCheckpoint) this.finished.set(runId, { checkpoint: lastCheckpoint, tokenizer });
      // After a lost device the run already ended as failed; its summary would describe a run that never finished.
      if (!this.failed.has(runId)) this.host.post({ type: 'done', runId, summary });
    } catch (e) {
      this.batcher.flush();
      const reason = e instanceof Error ? e.message : String(e);
      if (!this.failed.has(runId)) this.failRun(runId, reason, this.deviceLostReason === null);
    } finally {
      this.starting.delete(runId);
      this.stopRequested.delete(runId);
      if (this.current === trainer) this.current = null;
      this.failed.delete(runId);
      trainer?.dispose();
    }
  }

  private async sample(msg: Extract<ToWorker, { type: 'sample' }>): Promise<void> {
    await this.ensureBackend();
    const opts = {
      maxTokens: msg.maxTokens,
      temperature: msg.temperature,
      topK: msg.topK,
      seed: Date.now() % 2 ** 31,
      // Streams the text so far after each token; the final `sample` message carries the decode speed.
      onText: (text: string) => this.host.post({ type: 'sample-text', runId: msg.runId, text }),
    };
    const live = this.current?.runId === msg.runId ? this.current : null;
    const saved = msg.from ?? this.finished.get(msg.runId);
    let result;
    if (live) result = await live.sample(msg.prompt, opts);
    else if (saved) result = await sampleFromCheckpoint(saved.checkpoint, saved.tokenizer, msg.prompt, opts);
    else
      throw new Error(
        `run ${msg.runId} has no checkpoint in this worker: sample after its first checkpoint, or send one`,
      );
    this.host.post({ type: 'sample', runId: msg.runId, ...result });
  }
}
