// One training run into a run folder, shared by `train` and `run`: the run trains in the worker thread; this side
// writes its files as messages arrive, shows progress, and turns Ctrl-C into `stop` (a second Ctrl-C exits at once).
import { randomUUID } from 'node:crypto';
import type { Config } from '../core/config';
import { decodeCheckpoint } from '../core/checkpoint';
import { metricsCoveredBy, type MetricPoint, type RunData, type RunRecord, type RunStatus } from '../core/record';
import type { RunData as StartData } from '../core/worker/protocol';
import { readBytes } from './files';
import { createProgress } from './progress';
import { RunFolder } from './run-folder';
import type { TrainingWorker } from './training-worker';

export interface TrainSessionOptions {
  worker: TrainingWorker;
  /** The backend the worker reported in `ready`. */
  backend: { backend: string; adapterInfo?: string };
  folder: RunFolder;
  name: string;
  /** How the run differs from its experiment's base ("" outside experiments). */
  label: string;
  config: Config;
  /** Continue the folder's run from its checkpoint. */
  resume?: { record: RunRecord; metrics: MetricPoint[]; checkpoint: Uint8Array };
}

/** Stop on the first SIGINT, exit at once on the second; returns the function that removes the handler. */
function handleCtrlC(stop: () => void, note: (message: string) => void): () => void {
  let stopping = false;
  const onSigint = () => {
    if (stopping) process.exit(130);
    stopping = true;
    note('stopping after this step (a checkpoint is written); Ctrl-C again to quit at once');
    stop();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

/** The corpus for the worker: a user file is read here (the worker has no file access of its own). */
async function startData(config: Config): Promise<StartData> {
  if (config.data.corpus !== 'file' || config.data.path === undefined) return { kind: 'config' };
  return { kind: 'bytes', name: config.data.path, bytes: await readBytes(config.data.path, 'corpus file') };
}

/** A run's record and metrics; `failure` says why when it ended without a summary (bad data, a dead worker). */
export type SessionResult = RunData & { failure?: string };

/** Train one run into its folder; resolves with the final record and metrics whatever the run's status. */
export async function trainIntoFolder(opts: TrainSessionOptions): Promise<SessionResult> {
  const { folder, config, worker } = opts;
  const runId = opts.resume?.record.id ?? randomUUID();
  // A resumed folder keeps only the points its checkpoint has seen; later ones are trained again.
  const startStep = opts.resume
    ? Number(decodeCheckpoint(opts.resume.checkpoint, { allowPrefixes: ['optimizer/'] }).metadata.step)
    : 0;
  const metrics = metricsCoveredBy(opts.resume?.metrics ?? [], startStep);
  let record: RunRecord = {
    id: runId,
    name: opts.name,
    label: opts.label,
    config,
    seed: config.train.seed,
    backend: opts.backend.backend,
    ...(opts.backend.adapterInfo === undefined ? {} : { adapter: opts.backend.adapterInfo }),
    status: 'queued',
    createdAt: opts.resume?.record.createdAt ?? new Date().toISOString(),
    summary: null,
  };
  folder.writeMetrics(metrics);
  folder.writeRecord(record);
  const progress = createProgress(opts.name, startStep, config.train.steps);
  const removeSigint = handleCtrlC(() => worker.stop(runId), progress.note);
  let tokenizerWritten = false;
  let training = false;
  try {
    const end = await worker.train(
      {
        type: 'start',
        runId,
        name: opts.name,
        config,
        data: await startData(config),
        resume: opts.resume && { checkpoint: opts.resume.checkpoint, metrics },
      },
      {
        onMetrics: (points) => {
          metrics.push(...points);
          folder.appendMetrics(points);
          points.forEach(progress.update);
        },
        onStatus: (status: RunStatus, reason?: string) => {
          record = {
            ...record,
            status,
            ...(reason === undefined ? {} : { summary: record.summary && { ...record.summary, reason } }),
          };
          folder.writeRecord(record);
          if (status === 'failed' && reason) progress.note(`${opts.name}: failed: ${reason}`);
        },
        // The start-up phases up to the first step, so a slow calibration or tokenizer is visible (issue 14 §1);
        // later evaluations show in the progress lines instead.
        onPhase: (phase) => {
          if (training) return;
          progress.note(`${opts.name}: ${phase}`);
          training = phase === 'training';
        },
        onCheckpoint: (bytes, _step, tokenizer) => {
          folder.writeCheckpoint(bytes);
          if (tokenizer !== undefined && !tokenizerWritten) folder.writeTokenizer(tokenizer);
          tokenizerWritten ||= tokenizer !== undefined;
        },
      },
    );
    record = end.summary
      ? { ...record, summary: end.summary }
      : {
          ...record,
          status: end.stopped ? 'stopped' : 'failed',
          summary: record.summary && { ...record.summary, reason: end.reason },
        };
    folder.writeRecord(record);
    return { record, metrics, ...(end.summary ? {} : { failure: end.reason }) };
  } finally {
    removeSigint();
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
