// One training run into a run folder, shared by `train` and `run`: the run trains in the worker thread; this side
// writes its files as messages arrive, shows progress, turns SIGINT/SIGTERM into `stop` (cli/signals.ts), and turns
// a failed write (a full disk, a deleted folder) into a stopped run recorded as failed with the reason.
import { randomUUID } from 'node:crypto';
import type { Config } from '../core/config';
import { summarizeMetrics } from '../core/metrics';
import type { MetricPoint, RunData, RunRecord, RunSummary } from '../core/record';
import { foldRunMessage, type RunState } from '../core/runs/fold';
import { createRunRecord } from '../core/runs/record';
import type { RunData as StartData } from '../core/runs/protocol';
import { describeWriteError } from './errors';
import { readBytes } from './files';
import type { KeptPeakSession } from './kept-peak';
import { createProgress, type Progress } from './progress';
import type { PreparedResume } from './resume';
import { RunFolder } from './run-folder';
import { addInterruptTarget } from './signals';
import { STOP_GRACE_MS, type TrainingWorker } from './training-worker';

export interface TrainSessionOptions {
  worker: Pick<TrainingWorker, 'train' | 'stop'>;
  /** The backend the worker reported in `ready`. */
  backend: { backend: string; adapterInfo?: string };
  folder: RunFolder;
  name: string;
  /** How the run differs from its experiment's base ("" outside experiments). */
  label: string;
  config: Config;
  /** The experiment's ladder rung, recorded in run.json (a resumed run keeps its own). */
  rung?: RunRecord['rung'];
  /** Continue the folder's run from its checkpoint (checked by prepareResume). */
  resume?: PreparedResume;
  /** Where progress goes (`run --jobs N` gives each run its own bar); a bar of its own by default. */
  progress?: Progress;
  /** The kept peak (cli/kept-peak.ts): raised to the run's achieved FLOP/s, its MFU restated against it. */
  peak?: Pick<KeptPeakSession, 'settle'>;
}

/** The corpus for the worker: a user file is read here (the worker has no file access of its own). */
async function startData(config: Config): Promise<StartData> {
  if (config.data.corpus !== 'file' || config.data.path === undefined) return { kind: 'config' };
  return { kind: 'bytes', name: config.data.path, bytes: await readBytes(config.data.path, 'corpus file') };
}

/** A run's record and metrics; `failure` says why when it ended without a summary (bad data, a dead worker). */
export type SessionResult = RunData & { failure?: string };

/** The summary with why the run ended; a run that ended without one (failed, stopped before a step) gets what its
 *  config and logged points say, so run.json and its report keep the reason. */
const withReason = (record: RunRecord, metrics: readonly MetricPoint[], reason: string): RunSummary =>
  record.summary ? { ...record.summary, reason } : summarizeMetrics(metrics, record.config, null, reason);

/** Train one run into its folder; resolves with the final record and metrics whatever the run's status. */
export async function trainIntoFolder(opts: TrainSessionOptions): Promise<SessionResult> {
  const { folder, config, worker } = opts;
  const runId = opts.resume?.record.id ?? randomUUID();
  // A resumed folder keeps only the points its checkpoint has seen; later ones are trained again.
  const startStep = opts.resume?.startStep ?? 0;
  const resumed = opts.resume?.metrics ?? [];
  let record = createRunRecord({
    id: runId,
    name: opts.name,
    label: opts.label,
    config,
    backend: opts.backend,
    createdAt: opts.resume?.record.createdAt ?? new Date().toISOString(),
  });
  const rung = opts.rung ?? opts.resume?.record.rung;
  if (rung) record = { ...record, rung };
  // The run's state as the orchestration core folds the worker's messages (the UI's store folds them alike); `record`
  // is what run.json says, its summary carrying the reason of an early end.
  let state: RunState = { record, metrics: [...resumed], checkpointStep: null };
  const progress = opts.progress ?? createProgress(opts.name, startStep, config.train.steps);

  // The first failed write stops the run; later writes are skipped (they would fail alike) and the run ends failed.
  let writeFailure: string | null = null;
  const write = (action: () => void) => {
    if (writeFailure !== null) return;
    try {
      action();
    } catch (e) {
      writeFailure = describeWriteError(e, folder.dir);
      progress.note(`${opts.name}: ${writeFailure}; stopping the run`);
      worker.stop(runId);
    }
  };
  // A resumed folder is rewritten only once the worker has accepted its checkpoint and started training: a refusal
  // (another tokenizer, a worker that cannot start it) leaves the run as it was.
  let touched = false;
  const touch = () => {
    if (touched) return;
    touched = true;
    write(() => folder.writeMetrics(state.metrics));
    write(() => folder.writeRecord(record));
  };
  const setRecord = (next: RunRecord) => {
    record = next;
    if (touched) write(() => folder.writeRecord(record));
  };
  // The corpus file is read before anything is written: one that cannot be read (missing, a folder, a FIFO) fails
  // the run with the reason instead of leaving it "queued".
  const data = await startData(config).catch((e: Error) => e);
  if (data instanceof Error) {
    record = { ...record, status: 'failed', summary: withReason(record, state.metrics, data.message) };
    if (!opts.resume) touch();
    progress.stop();
    return { record, metrics: state.metrics, failure: writeFailure ?? data.message };
  }
  if (!opts.resume) touch();
  if (writeFailure !== null) {
    progress.stop();
    const failed: RunRecord = { ...record, status: 'failed', summary: withReason(record, state.metrics, writeFailure) };
    return { record: failed, metrics: state.metrics, failure: writeFailure };
  }

  const clearTarget = addInterruptTarget({
    stop: () => {
      // Before its first step a run has nothing to save, and the worker may still be setting it up: it ends at once.
      if (record.status !== 'running' && record.status !== 'paused') return false;
      progress.note(
        `stopping after this step (a checkpoint is written; a step still running after ${STOP_GRACE_MS / 1000} s is cut short and the last checkpoint stands); Ctrl-C again to quit at once`,
      );
      worker.stop(runId);
      return true;
    },
    abandon: () => setRecord({ ...record, status: 'stopped' }),
  });
  let tokenizerWritten = false;
  let training = false;
  try {
    const end = await worker.train(
      {
        type: 'start',
        runId,
        name: opts.name,
        config,
        data,
        resume: opts.resume && { checkpoint: opts.resume.checkpoint, metrics: resumed },
      },
      (msg) => {
        // A first point rewrites a resumed folder with the points so far; these are appended after them.
        if (msg.type === 'metrics') touch();
        const before = state;
        state = foldRunMessage(state, msg);
        switch (msg.type) {
          case 'metrics': {
            const fresh = state.metrics.slice(before.metrics.length);
            write(() => folder.appendMetrics(fresh));
            fresh.forEach(progress.update);
            return;
          }
          case 'status':
            if (msg.state === 'queued') return;
            if (msg.state === 'failed' && msg.reason) progress.note(`${opts.name}: failed: ${msg.reason}`);
            // A resumed run that ends before its first step (refused, or stopped while set up) leaves its folder alone.
            if (!touched && (msg.state === 'failed' || msg.state === 'stopped')) return;
            touch();
            setRecord({
              ...record,
              status: state.record.status,
              ...(msg.reason === undefined ? {} : { summary: withReason(record, state.metrics, msg.reason) }),
            });
            return;
          case 'phase':
            // The start-up phases up to the first step, so a slow calibration or tokenizer is visible; later
            // evaluations show in the progress lines instead.
            if (training) return;
            progress.note(`${opts.name}: ${msg.phase}`);
            training = msg.phase === 'training';
            return;
          case 'checkpoint': {
            const { bytes, tokenizer } = msg;
            touch();
            write(() => folder.writeCheckpoint(bytes));
            if (tokenizer !== undefined && !tokenizerWritten) write(() => folder.writeTokenizer(tokenizer));
            tokenizerWritten ||= tokenizer !== undefined;
            return;
          }
          case 'error':
          case 'done':
            // The end: TrainingWorker resolves `end` with it, handled below.
            return;
          default: {
            const unhandled: never = msg;
            return unhandled;
          }
        }
      },
    );
    const failure = writeFailure ?? (end.summary ? undefined : end.reason);
    record = { ...record, ...(end.summary ? { summary: end.summary } : {}) };
    if (opts.peak && end.summary) {
      const settled = opts.peak.settle({ record, metrics: state.metrics });
      record = settled.record;
      if (settled.metrics !== state.metrics) {
        state = { ...state, metrics: settled.metrics };
        if (touched) write(() => folder.writeMetrics(state.metrics));
      }
    }
    if (writeFailure !== null)
      record = { ...record, status: 'failed', summary: withReason(record, state.metrics, writeFailure) };
    else if (!end.summary) {
      // Stopped before its first step (no summary), or failed.
      record = {
        ...record,
        status: end.stopped ? 'stopped' : 'failed',
        summary: withReason(record, state.metrics, end.reason),
      };
    }
    if (touched) {
      // The final status is written even after a failed write: run.json may still be writable (metrics.jsonl was
      // the one that failed); if it is not either, the message says so.
      try {
        folder.writeRecord(record);
      } catch (e) {
        progress.note(`${opts.name}: ${describeWriteError(e, folder.dir)}; run.json keeps its last status`);
      }
    }
    return { record, metrics: state.metrics, ...(failure === undefined ? {} : { failure }) };
  } finally {
    clearTarget();
    progress.stop();
  }
}

/** One line on how a run ended, for stderr. */
export function describeRunEnd(run: SessionResult, dir: string): string {
  const { status, summary } = run.record;
  const loss = summary?.finalValLoss ?? summary?.finalTrainLoss;
  const figures = summary ? ` at step ${summary.steps}${loss == null ? '' : `, loss ${loss.toFixed(4)}`}` : '';
  const why = summary?.reason ? ` (${summary.reason})` : run.failure ? ` (${run.failure})` : '';
  return `${run.record.name}: ${status}${figures}${why} -> ${dir}`;
}
