// The Trainer (docs/design.md §1 train/): one run of one config — steps, evaluation, logging, checkpoints, and the
// pause/resume/stop a worker message or Ctrl-C asks for. Driven by core/runs/protocol.ts and by the CLI.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendInfo } from '../kernels/backend';
import type { Config } from '../config/schema';
import { BatchSampler, evalBatches, type Batch } from '../data/sampler';
import type { PreparedData } from '../data/prepare';
import { flopsPerToken, optimizerStateBytes, paramBytes, summarizeMetrics } from '../metrics';
import { createParams, disposeParams, modelParamSpecs, type Params } from '../model';
import { createOptimizer } from '../optim/create';
import { createSchedule, type Schedule } from '../optim/schedules';
import type { SlottedOptimizer } from '../optim/slotted-optimizer';
import { saveTokenizer, type Tokenizer } from '../tokenizer';
import { bitsPerByte, evaluateAtLengths, evaluateByPosition, measureDiagnostics } from './diagnostics';
import { averageStats, buildMetricPoint, describeNonFinite, findNonFiniteStep } from './interval';
import { measurePeakBytes } from './memory';
import { metricsCoveredBy, type MetricPoint, type PeakFlops, type RunStatus, type RunSummary } from '../record';
import { sampleText, type SampleOptions, type SampleResult } from './sample-text';
import { checkGradientsRegistered, readStepStats, runTrainStep } from './step';
import { decodeResumableState, encodeTrainState, restoreOptimizer } from './train-state';
import { paramsFromWeights } from './weights';

export interface TrainerOptions {
  runId: string;
  name: string;
  config: Config;
  data: PreparedData;
  backend: BackendInfo;
  /** The backend's calibrated peak; config.train.peakTflops, when set, replaces it with a nominal one. */
  peak: PeakFlops | null;
  /** Continue from a checkpoint of this run, with the metrics logged up to it. */
  resume?: { checkpoint: Uint8Array; metrics: MetricPoint[] };
}

export interface RunCallbacks {
  onMetrics?(points: MetricPoint[]): void;
  onStatus?(state: RunStatus, reason?: string): void;
  /** Told when evaluation starts and ends, so a client can show it (a long validation set is a visible pause). */
  onEvaluating?(evaluating: boolean): void;
  /** Awaited, so a writer can finish before training goes on. */
  onCheckpoint?(bytes: Uint8Array, step: number): void | Promise<void>;
}

/** A macrotask break: lets pause/resume/stop messages and signals in between two steps. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Trainer {
  readonly runId: string;
  readonly name: string;
  readonly config: Config;
  readonly backend: BackendInfo;
  readonly peak: PeakFlops | null;
  /** The trained tokenizer's tokenizer.json, saved with every checkpoint (absent for byte runs). */
  readonly tokenizerJson: string | undefined;
  /** Every point logged so far, a resumed run's earlier ones included. */
  readonly metrics: MetricPoint[];

  private readonly tokenizer: Tokenizer;
  private readonly sampler: BatchSampler;
  private readonly valBatches: Batch[];
  private readonly valIds: Int32Array;
  /** UTF-8 bytes of the validation text, for bits per byte. */
  private readonly valBytes: number;
  /** Of the latest evaluation and the end of the run: what the summary adds to the metrics' figures. */
  private lastByPosition: number[] | undefined;
  private lengthEvals: RunSummary['valLossAtLength'];
  private readonly schedule: Schedule;
  private readonly flopsPerToken: number;
  private readonly paramBytes: number;
  private readonly optimizerStateBytes: number;
  private readonly tokensPerStep: number;
  private status_: RunStatus = 'queued';
  private reason: string | undefined;
  private stepCount: number;
  private lastLoggedStep: number;
  /** Per-step [ce, zLoss, gradNorm] tensors not yet read back. */
  private pending: tf.Tensor1D[] = [];
  private stepPeakBytes = 0;
  private profiledSteps = 0;
  private stopRequested = false;
  private pauseRequested = false;
  private wakeUp: (() => void) | null = null;
  // Clocks (performance.now() ms): wall time continues a resumed run's; pauses count in neither clock.
  private wallOffsetMs: number;
  private runStartMs = 0;
  private pausedMs = 0;
  private intervalStartMs = 0;
  private intervalPausedMs = 0;

  private constructor(
    opts: TrainerOptions,
    private readonly params: Params,
    private readonly optimizer: SlottedOptimizer,
    step: number,
  ) {
    const { config, data } = opts;
    const { model: m, train } = config;
    this.runId = opts.runId;
    this.name = opts.name;
    this.config = config;
    this.backend = opts.backend;
    this.peak = train.peakTflops === null ? opts.peak : { flopsPerSec: train.peakTflops * 1e12, source: 'nominal' };
    this.tokenizer = data.tokenizer;
    this.tokenizerJson = saveTokenizer(data.tokenizer);
    this.metrics = metricsCoveredBy(opts.resume?.metrics ?? [], step);
    this.sampler = new BatchSampler(data.train, train.batchSize, m.seqLen, train.seed);
    this.valBatches = evalBatches(data.val, train.batchSize, m.seqLen, train.evalBatches);
    this.valIds = data.val;
    // A byte id is a byte; a subword's bytes are counted on the decoded text (the byte fallback keeps it lossless).
    this.valBytes =
      config.data.tokenizer === 'byte'
        ? data.val.length
        : new TextEncoder().encode(data.tokenizer.decode(data.val)).length;
    this.schedule = createSchedule(config.optimizer, train.steps);
    this.flopsPerToken = flopsPerToken(m);
    this.paramBytes = paramBytes(m);
    this.optimizerStateBytes = optimizerStateBytes(
      config.optimizer,
      modelParamSpecs(m).map((s) => s.shape), // the layout the optimizer updates (fused parallel blocks)
    );
    this.tokensPerStep = train.batchSize * m.seqLen;
    this.stepCount = step;
    this.lastLoggedStep = step;
    this.wallOffsetMs = this.metrics.at(-1)?.wallMs ?? 0;
  }

  /** A fresh run (parameters from train.seed), or the run of `opts.resume` restored at its checkpoint's step. */
  static async create(opts: TrainerOptions): Promise<Trainer> {
    checkGradientsRegistered();
    const { config } = opts;
    const optimizer = createOptimizer(config.optimizer, config.train.steps);
    if (!opts.resume) return new Trainer(opts, createParams(config.model, config.train.seed), optimizer, 0);

    // A checkpoint of the last step resumes too: the UI stores one when the page goes away during the final
    // evaluation (the run then shows as interrupted), and resuming it runs that evaluation and ends the run as done.
    const state = decodeResumableState(opts.resume.checkpoint, config, true);
    const params = paramsFromWeights(config.model, state.weights);
    try {
      await restoreOptimizer(optimizer, params, state.slots, state.step);
      const trainer = new Trainer(opts, params, optimizer, state.step);
      if (state.tokenizer !== trainer.tokenizerJson) {
        throw new Error('the checkpoint was trained with a different tokenizer than the data prepared for this run');
      }
      trainer.sampler.setState(state.sampler);
      return trainer;
    } catch (e) {
      disposeParams(params);
      optimizer.dispose();
      throw e;
    }
  }

  get status(): RunStatus {
    return this.status_;
  }

  /** Completed optimizer steps. */
  get currentStep(): number {
    return this.stepCount;
  }

  /** One training step on the next batch; its scalars stay on the device until the next read-back. */
  step(): void {
    this.pending.push(runTrainStep(this.params, this.config, this.optimizer, this.sampler.next(), this.stepCount + 1));
    this.stepCount++;
  }

  /** Continue a prompt with the current weights (a paused or running run; steps wait while it decodes). */
  async sample(prompt: string, opts: SampleOptions): Promise<SampleResult> {
    return sampleText(this.params, this.config.model, this.tokenizer, prompt, opts);
  }

  /** Validation cross-entropy on the fixed evaluation batches (its per-position values kept for the summary). */
  async evaluate(): Promise<number> {
    const result = await evaluateByPosition(this.params, this.config.model, this.valBatches);
    this.lastByPosition = result.byPosition;
    return result.loss;
  }

  pause(): void {
    if (this.status_ === 'running') this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    this.wakeUp?.();
  }

  /** End the run after the current step as "stopped", logging and checkpointing where it is. */
  stop(): void {
    this.stopRequested = true;
    this.wakeUp?.();
  }

  summary(): RunSummary {
    const s = summarizeMetrics(this.metrics, this.config, this.peak, this.reason);
    const bits =
      s.finalValLoss === null ? null : bitsPerByte(s.finalValLoss, this.valIds.length, Math.max(1, this.valBytes));
    return {
      ...s,
      valBitsPerByte: bits,
      ...(this.lastByPosition ? { valLossByPosition: this.lastByPosition } : {}),
      ...(this.lengthEvals ? { valLossAtLength: this.lengthEvals } : {}),
    };
  }

  /** Train to config.train.steps (or until stopped or diverged); resolves with the summary, never rejects. */
  async run(cb: RunCallbacks = {}): Promise<RunSummary> {
    const setStatus = (state: RunStatus, reason?: string) => {
      this.status_ = state;
      cb.onStatus?.(state, reason);
    };
    setStatus('running');
    try {
      const end = await this.loop(cb, setStatus);
      setStatus(end, this.reason);
    } catch (e) {
      this.reason = e instanceof Error ? e.message : String(e);
      setStatus('failed', this.reason);
    }
    return this.summary();
  }

  /** Free the parameters, the optimizer state and any unread step scalars. */
  dispose(): void {
    tf.dispose(this.pending);
    this.pending = [];
    disposeParams(this.params);
    this.optimizer.dispose();
  }

  private async loop(cb: RunCallbacks, setStatus: (s: RunStatus) => void): Promise<'done' | 'stopped' | 'diverged'> {
    const { steps, logEvery, evalEvery, checkpointEvery } = this.config.train;
    this.runStartMs = this.intervalStartMs = performance.now();
    while (this.stepCount < steps) {
      await yieldToEventLoop();
      if (this.pauseRequested && !this.stopRequested) await this.waitWhilePaused(setStatus);
      if (this.stopRequested) break;
      await this.advance();
      const s = this.stepCount;
      const isLast = s === steps;
      const evaluate = s % evalEvery === 0 || isLast;
      const checkpoint = s % checkpointEvery === 0 || isLast;
      // Evaluations and checkpoints land on logged steps, and a checkpoint never holds a half-read interval.
      if (s % logEvery !== 0 && !evaluate && !checkpoint) continue;
      if (!(await this.logInterval(cb, evaluate))) return 'diverged';
      if (checkpoint) await this.emitCheckpoint(cb);
      this.startInterval();
    }
    if (this.stepCount < steps) {
      if (this.pending.length > 0 && !(await this.logInterval(cb, false))) return 'diverged';
      await this.emitCheckpoint(cb);
      return 'stopped';
    }
    const { model: m, train } = this.config;
    this.lengthEvals = await evaluateAtLengths(this.params, m, this.valIds, train.batchSize, train.evalBatches);
    return 'done';
  }

  /**
   * One step. The first two run under tf.profile to measure the step's peak memory: every step allocates the same,
   * but the optimizer slots appear only at the end of the first one (after its peak), so the second step is the
   * first to show the steady peak that all later ones repeat; profiling more would cost a timer per kernel.
   */
  private async advance(): Promise<void> {
    if (this.profiledSteps++ >= 2) return this.step();
    this.stepPeakBytes = Math.max(this.stepPeakBytes, await measurePeakBytes(() => this.step()));
  }

  private async waitWhilePaused(setStatus: (s: RunStatus) => void): Promise<void> {
    const pausedAt = performance.now();
    setStatus('paused');
    while (this.pauseRequested && !this.stopRequested) {
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
    this.wakeUp = null;
    const ms = performance.now() - pausedAt;
    this.pausedMs += ms;
    this.intervalPausedMs += ms;
    if (!this.stopRequested) setStatus('running');
  }

  private startInterval(): void {
    this.intervalStartMs = performance.now();
    this.intervalPausedMs = 0;
  }

  private async evaluateAndTell(cb: RunCallbacks): Promise<number> {
    cb.onEvaluating?.(true);
    try {
      return await this.evaluate();
    } finally {
      cb.onEvaluating?.(false);
    }
  }

  /**
   * Read the pending steps back (one await) and log them as one point, with the validation loss when asked.
   * On a NaN/Inf loss, logs the finite steps before it and returns false.
   */
  private async logInterval(cb: RunCallbacks, evaluate: boolean): Promise<boolean> {
    const stats = await readStepStats(this.pending);
    this.pending = [];
    const intervalMs = performance.now() - this.intervalStartMs - this.intervalPausedMs;
    const steps = this.stepCount - this.lastLoggedStep;
    const bad = findNonFiniteStep(stats);
    const goodSteps = bad < 0 ? steps : bad;
    if (goodSteps > 0) {
      const step = this.lastLoggedStep + goodSteps;
      const valLoss = bad < 0 && evaluate ? await this.evaluateAndTell(cb) : undefined;
      const diagnostics =
        bad < 0 ? await measureDiagnostics(this.params, this.config.model, this.valBatches[0]!) : undefined; // evalBatches gives at least one
      const point = buildMetricPoint({
        step,
        stats: averageStats(stats, goodSteps),
        tokensPerStep: this.tokensPerStep,
        intervalMs: (intervalMs * goodSteps) / steps,
        wallMs: this.wallOffsetMs + performance.now() - this.runStartMs - this.pausedMs,
        lr: this.schedule(step),
        flopsPerToken: this.flopsPerToken,
        peak: this.peak,
        paramBytes: this.paramBytes,
        optimizerStateBytes: this.optimizerStateBytes,
        peakBytes: this.stepPeakBytes,
        numTensors: tf.memory().numTensors,
        valLoss,
        diagnostics,
      });
      this.metrics.push(point);
      this.lastLoggedStep = step;
      cb.onMetrics?.([point]);
    }
    if (bad >= 0) {
      this.reason = `diverged: the loss is ${describeNonFinite(stats, bad)} at step ${this.lastLoggedStep + 1}`;
      return false;
    }
    return true;
  }

  private async emitCheckpoint(cb: RunCallbacks): Promise<void> {
    if (!cb.onCheckpoint) return;
    const bytes = await encodeTrainState(this.config, this.params, this.optimizer, {
      step: this.stepCount,
      sampler: this.sampler.getState(),
      runId: this.runId,
      tokenizer: this.tokenizerJson,
    });
    await cb.onCheckpoint(bytes, this.stepCount);
  }
}
