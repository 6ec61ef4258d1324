// `run --jobs N`: up to N of an experiment's runs train at once, each on its own worker thread (a pool of N
// workers, each taking the next planned run when its last one ends). Runs that shared the machine are marked.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BackendName } from '../../core/kernels/backend';
import { defaultParallelRuns, type Config } from '../../core/config';
import { describeWriteError } from '../errors';
import { createProgressGroup } from '../progress-group';
import { RunFolder } from '../run-folder';
import { describeRunEnd, trainIntoFolder, type SessionResult } from '../train-session';
import { TrainingWorker } from '../training-worker';

export interface PlannedRun {
  name: string;
  label: string;
  config: Config;
  /** Its ladder rung, for run.json. */
  rung?: { index: number; name: string };
  /** The run's folder inside the experiment folder; also how overlapping runs name each other. */
  folderName: string;
  /** What the start line says about it beyond its name, e.g. ", seed 1". */
  note: string;
}

/** The default of --jobs: the UI's default of parallel runs, on this machine's cores. */
export function defaultJobs(backend: BackendName, cores = availableParallelism()): number {
  return defaultParallelRuns(backend, cores);
}

/** A run's training time in ms since the epoch; `end` is Infinity while it trains. */
export interface Interval {
  start: number;
  end: number;
}

/** Indices of the other intervals that share any time with `intervals[self]` (touching ends do not count). */
export function findOverlapping(intervals: (Interval | undefined)[], self: number): number[] {
  const me = intervals[self];
  if (!me) return [];
  return intervals.flatMap((other, i) =>
    i !== self && other !== undefined && other.start < me.end && me.start < other.end ? [i] : [],
  );
}

type Started = Awaited<ReturnType<typeof TrainingWorker.start>>;

/**
 * `count` workers starting on `backend` at once, each told it is one of `parallelRuns`; each start settles on its
 * own (one that fails is left out).
 */
export function startWorkers(
  backend: BackendName,
  count: number,
  parallelRuns: number,
): Promise<PromiseSettledResult<Started>[]> {
  return Promise.allSettled(Array.from({ length: count }, () => TrainingWorker.start(backend, parallelRuns)));
}

/** Close the workers of `startWorkers` that did start (a run that ends before using them). */
export async function closeWorkers(starting: Promise<PromiseSettledResult<Started>[]> | undefined): Promise<void> {
  const settled = (await starting) ?? [];
  await Promise.all(settled.flatMap((o) => (o.status === 'fulfilled' ? [o.value.worker.close()] : [])));
}

export interface RunJobsOptions {
  dir: string;
  runs: PlannedRun[];
  jobs: number;
  /** The first worker, already started; the others start on the backend it reported, unless `others` is given. */
  first: Started;
  /** The other lanes' workers, started alongside the first (run.ts does when the backend is named): as many as lanes - 1. */
  others?: Promise<PromiseSettledResult<Started>[]>;
  /** True once a signal came while no run was training: start no new run. */
  interrupted?: () => boolean;
}

/**
 * Before runs train side by side: the first worker learns it has company (each run's memory check takes its share),
 * and when a run needs the calibrated peak, the first worker measures it now, alone, and the others are told it:
 * measured by each lane beside the others' training, the peak would come out low and every MFU high.
 */
async function shareOneCalibration(first: Started, others: Started[], runs: PlannedRun[]): Promise<void> {
  first.worker.shareWith(others.length + 1);
  if (runs.every((r) => r.config.train.peakTflops !== null)) return;
  const peak = await first.worker.calibrate();
  for (const o of others) o.worker.useCalibration(peak);
}

/** Train the runs, `jobs` at a time; resolves with the results in plan order (a Ctrl-C stop starts no new run). */
export async function runJobs({
  dir,
  runs,
  jobs,
  first,
  others: early,
  interrupted = () => false,
}: RunJobsOptions): Promise<SessionResult[]> {
  const lanes = Math.max(1, Math.min(jobs, runs.length));
  const progress = createProgressGroup(lanes);
  const results: (SessionResult | undefined)[] = [];
  const intervals: (Interval | undefined)[] = [];
  let next = 0;
  let stopped = false;

  async function lane(started: Started): Promise<void> {
    const { worker, ready: backend } = started;
    try {
      while (!stopped && !interrupted() && next < runs.length) {
        const i = next++;
        const r = runs[i]!;
        const runDir = join(dir, r.folderName);
        progress.note(`run ${i + 1}/${runs.length}: ${r.name}${r.label ? ` (${r.label})` : ''}${r.note}`);
        const folder = new RunFolder(runDir);
        intervals[i] = { start: Date.now(), end: Infinity };
        let result: SessionResult;
        try {
          result = await trainIntoFolder({
            worker,
            backend,
            folder,
            name: r.name,
            label: r.label,
            config: r.config,
            ...(r.rung ? { rung: r.rung } : {}),
            progress: progress.create(r.folderName, 0, r.config.train.steps),
          });
          intervals[i] = { start: intervals[i]!.start, end: Date.now() };
          // Every run that overlaps this one has started by now, so the list is complete when it ends.
          const overlapped = findOverlapping(intervals, i).map((k) => runs[k]!.folderName);
          if (overlapped.length > 0) {
            result = { ...result, record: { ...result.record, overlappedWith: overlapped } };
            try {
              folder.writeRecord(result.record);
            } catch (e) {
              progress.note(`${r.name}: ${describeWriteError(e, runDir)}; run.json lacks overlappedWith`);
            }
          }
        } finally {
          folder.close();
        }
        progress.note(describeRunEnd(result, runDir));
        results[i] = result;
        if (result.record.status === 'stopped') stopped = true; // Ctrl-C: report what ran, start nothing new
      }
    } finally {
      await worker.close();
    }
  }

  try {
    // All workers start before any run does, so runs that overlap do so from their first step.
    const others = await (early ?? startWorkers(first.ready.backend, lanes - 1, lanes));
    for (const o of others) {
      if (o.status === 'rejected') {
        progress.note(`a training worker did not start (${(o.reason as Error).message}); fewer runs train at once`);
      }
    }
    const started = others.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    if (started.length > 0) await shareOneCalibration(first, started, runs);
    await Promise.all([first, ...started].map(lane));
  } finally {
    progress.stop();
  }
  return results.filter((r): r is SessionResult => r !== undefined);
}
