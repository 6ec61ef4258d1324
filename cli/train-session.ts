// One training run into a run folder, shared by `train` and `run`: data, Trainer, files, progress, and Ctrl-C
// (the first stops the run cleanly with a checkpoint, a second exits at once).
import { randomUUID } from 'node:crypto';
import type { BackendInfo, BackendName } from '../core/backend';
import { calibratePeak } from '../core/calibrate';
import type { Config } from '../core/config';
import { prepareData } from '../core/data';
import { Trainer } from '../core/train/trainer';
// tfjs-core registers no gradients; in Node they come from the union package's CommonJS bundle.
import '../core/worker/node-gradients';
import type { MetricPoint, PeakFlops, RunData, RunRecord, RunStatus } from '../core/train/record';
import { readBytes } from './files';
import { createProgress } from './progress';
import { RunFolder } from './run-folder';

export interface TrainSessionOptions {
  folder: RunFolder;
  name: string;
  /** How the run differs from its experiment's base ("" outside experiments). */
  label: string;
  config: Config;
  backend: BackendInfo;
  peak: PeakFlops | null;
  /** Continue the folder's run from its checkpoint. */
  resume?: { record: RunRecord; metrics: MetricPoint[]; checkpoint: Uint8Array };
}

/** Matmul sizes for the calibrated peak: small enough for the pure-JS cpu backend, large enough to fill a GPU. */
const CALIBRATION_SIZES: Record<BackendName, number[]> = { cpu: [128, 192, 256], wasm: [256, 384, 512], webgpu: [1024, 1536, 2048] };

/** The calibrated peak of the started backend, or null when every config names a nominal one. */
export async function calibrateFor(backend: BackendInfo, configs: Config[]): Promise<PeakFlops | null> {
  if (configs.every((c) => c.train.peakTflops !== null)) return null;
  const { peakFlopsPerSec } = await calibratePeak({ sizes: CALIBRATION_SIZES[backend.backend] });
  return { flopsPerSec: peakFlopsPerSec, source: 'calibrated' };
}

/** Stop on the first SIGINT, exit at once on the second; returns the function that removes the handler. */
function handleCtrlC(trainer: Trainer, note: (message: string) => void): () => void {
  let stopping = false;
  const onSigint = () => {
    if (stopping) process.exit(130);
    stopping = true;
    note('stopping after this step (a checkpoint is written); Ctrl-C again to quit at once');
    trainer.stop();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

/** Train one run into its folder; resolves with the final record and metrics whatever the run's status. */
export async function trainIntoFolder(opts: TrainSessionOptions): Promise<RunData> {
  const { folder, config } = opts;
  const data = await prepareData(config.data, config.model, { readFile: (path) => readBytes(path, 'corpus file') });
  const runId = opts.resume?.record.id ?? randomUUID();
  const trainer = await Trainer.create({
    runId,
    name: opts.name,
    config,
    data,
    backend: opts.backend,
    peak: opts.peak,
    resume: opts.resume && { checkpoint: opts.resume.checkpoint, metrics: opts.resume.metrics },
  });
  const record: RunRecord = {
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
  const progress = createProgress(opts.name, trainer.currentStep, config.train.steps);
  const removeSigint = handleCtrlC(trainer, progress.note);
  try {
    // A resumed folder keeps only the points its checkpoint has seen; later ones are trained again.
    folder.writeMetrics(trainer.metrics);
    if (trainer.tokenizerJson !== undefined) folder.writeTokenizer(trainer.tokenizerJson);
    const setStatus = (state: RunStatus) => folder.writeRecord({ ...record, status: state, summary: trainer.summary() });
    setStatus('queued');
    const summary = await trainer.run({
      onMetrics: (points) => {
        folder.appendMetrics(points);
        points.forEach(progress.update);
      },
      onStatus: setStatus,
      onCheckpoint: (bytes) => folder.writeCheckpoint(bytes),
    });
    const final: RunRecord = { ...record, status: trainer.status, summary };
    folder.writeRecord(final);
    return { record: final, metrics: trainer.metrics };
  } finally {
    removeSigint();
    progress.stop();
    trainer.dispose();
  }
}

/** One line on how a run ended, for stderr. */
export function describeRunEnd(run: RunData, dir: string): string {
  const { status, summary } = run.record;
  const loss = summary?.finalValLoss ?? summary?.finalTrainLoss;
  const figures = summary ? ` at step ${summary.steps}${loss == null ? '' : `, loss ${loss.toFixed(4)}`}` : '';
  const why = summary?.reason ? ` (${summary.reason})` : '';
  return `${run.record.name}: ${status}${figures}${why} -> ${dir}`;
}
