// `run --jobs N`: up to N of an experiment's runs train at once, each on its own worker thread, driven by the run
// orchestration core (core/runs): its lane scheduler takes the next planned run when a lane ends one, one calibration
// serves every lane, and runs that shared the machine are marked by its overlap marking.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BackendName } from '../../core/kernels/backend';
import type { Config } from '../../core/config';
import { createSharedCalibration } from '../../core/runs/calibration';
import { createLaneScheduler } from '../../core/runs/lanes';
import { createRunTimes } from '../../core/runs/overlap';
import { defaultParallelRuns } from '../../core/runs/shares';
import { describeWriteError } from '../errors';
import { openKeptPeak, type KeptPeakSession } from '../kept-peak';
import { createProgressGroup, type ProgressGroup } from '../progress-group';
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
  /** Measure the peak anew instead of using the one kept for this machine (`--recalibrate`). */
  recalibrate?: boolean;
}

/** Every lane's worker measures with the same share of the machine: one peak serves them all. */
const PEAK_KEY = 'device';

interface Lane {
  started: Started;
  busy: boolean;
}

/** One planned run on its lane: its folder, its progress, its end; overlapping runs are named in its run.json. */
async function trainPlanned(i: number, lane: Lane, ctx: LaneContext): Promise<SessionResult> {
  const { runs, progress, times, dir } = ctx;
  const r = runs[i]!;
  const runDir = join(dir, r.folderName);
  progress.note(`run ${i + 1}/${runs.length}: ${r.name}${r.label ? ` (${r.label})` : ''}${r.note}`);
  const folder = new RunFolder(runDir);
  times.begin(r.folderName, r.folderName);
  let result: SessionResult;
  try {
    result = await trainIntoFolder({
      worker: lane.started.worker,
      backend: lane.started.ready,
      folder,
      name: r.name,
      label: r.label,
      config: r.config,
      ...(r.rung ? { rung: r.rung } : {}),
      progress: progress.create(r.folderName, 0, r.config.train.steps),
      ...(ctx.peak ? { peak: ctx.peak } : {}),
    });
    times.close(r.folderName);
    // Every run that overlaps this one has started by now, so the list is complete when it ends.
    const overlapped = times.overlapsOf(r.folderName);
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
  return result;
}

interface LaneContext {
  dir: string;
  runs: PlannedRun[];
  progress: ProgressGroup;
  times: ReturnType<typeof createRunTimes>;
  /** The kept peak (cli/kept-peak.ts), when a run needs the calibrated one. */
  peak?: KeptPeakSession;
}

/**
 * Runs that ended before a later one raised the kept peak, restated against the raised peak and their folders
 * rewritten, so every run of the experiment reads its MFU against one peak (docs/design.md §3 "MFU").
 */
function restateEarlier(results: (SessionResult | undefined)[], ctx: LaneContext): (SessionResult | undefined)[] {
  const peak = ctx.peak;
  if (!peak) return results;
  return results.map((result, i) => {
    if (!result) return result;
    const settled = peak.settle(result);
    if (settled.record === result.record) return result;
    const runDir = join(ctx.dir, ctx.runs[i]!.folderName);
    try {
      const folder = new RunFolder(runDir, { resume: true });
      try {
        folder.writeMetrics(settled.metrics);
        folder.writeRecord(settled.record);
      } finally {
        folder.close();
      }
    } catch (e) {
      ctx.progress.note(`${result.record.name}: ${(e as Error).message}; its MFU stays against the earlier peak`);
      return result;
    }
    return settled;
  });
}

/**
 * The planned runs on the lanes, in plan order, each lane taking the next when it ends one. A run that needs the
 * calibrated peak waits while one lane measures it alone; the others are then told it. Resolves with the results
 * in plan order once every started run has ended; after a Ctrl-C stop (or `interrupted`) no new run starts.
 */
function trainOnLanes(lanes: Lane[], ctx: LaneContext, interrupted: () => boolean): Promise<SessionResult[]> {
  const calibration = createSharedCalibration<Lane>();
  const results: (SessionResult | undefined)[] = [];
  const needsPeak = (i: number) => ctx.runs[i]!.config.train.peakTflops === null;
  let running = 0;
  let stopped = false;
  // The kept peak, and a raised one, serve every lane as a measured one would: no lane measures it again.
  let told: number | null = null;
  const tellKeptPeak = () => {
    const peak = ctx.peak?.peakFlopsPerSec ?? null;
    if (peak === null || peak === told) return;
    told = peak;
    for (const lane of lanes) {
      lane.started.worker.useCalibration(peak);
      calibration.measured(lane, peak, PEAK_KEY);
    }
  };
  tellKeptPeak();
  return new Promise((resolve, reject) => {
    const scheduler = createLaneScheduler<number, Lane>({
      lanes: () => lanes,
      idle: (lane) => !lane.busy,
      size: () => lanes.length,
      canStart: (i) => !needsPeak(i) || !calibration.mustWait(PEAK_KEY),
      start(i, lane) {
        lane.busy = true;
        running++;
        if (needsPeak(i)) {
          const peak = calibration.admit(lane, PEAK_KEY);
          if (peak !== null) lane.started.worker.useCalibration(peak);
        }
        trainPlanned(i, lane, ctx).then((result) => {
          results[i] = result;
          tellKeptPeak();
          if (result.record.status === 'stopped') stopped = true; // Ctrl-C: report what ran, start nothing new
          lane.busy = false;
          running--;
          calibration.release(lane);
          if (stopped || interrupted()) scheduler.drain();
          scheduler.pump();
          // A lane with nothing left to train ends its worker now (its thread and memory go back to the machine).
          if (!lane.busy && scheduler.waiting === 0) void lane.started.worker.close();
          if (running === 0) resolve(restateEarlier(results, ctx).filter((r): r is SessionResult => r !== undefined));
        }, reject);
      },
    });
    for (const lane of lanes) {
      lane.started.worker.onCalibration = (peak, measured) => {
        calibration.measured(lane, peak, PEAK_KEY);
        ctx.peak?.measured(peak, measured);
        told = peak;
        scheduler.pump();
      };
    }
    if (interrupted()) return resolve([]);
    ctx.runs.forEach((_, i) => scheduler.enqueue(i));
    if (running === 0) resolve([]);
  });
}

/** Train the runs, `jobs` at a time; resolves with the results in plan order (a Ctrl-C stop starts no new run). */
export async function runJobs({
  dir,
  runs,
  jobs,
  first,
  others: early,
  interrupted = () => false,
  recalibrate = false,
}: RunJobsOptions): Promise<SessionResult[]> {
  const count = Math.max(1, Math.min(jobs, runs.length));
  const progress = createProgressGroup(count);
  let lanes: Lane[] = [{ started: first, busy: false }];
  try {
    // All workers start before any run does, so runs that overlap do so from their first step.
    const others = await (early ?? startWorkers(first.ready.backend, count - 1, count));
    for (const o of others) {
      if (o.status === 'rejected') {
        progress.note(`a training worker did not start (${(o.reason as Error).message}); fewer runs train at once`);
      }
    }
    lanes = [first, ...others.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))].map((started) => ({
      started,
      busy: false,
    }));
    // The first worker learns it has company: each run's memory check takes its share.
    if (lanes.length > 1) first.worker.shareWith(lanes.length);
    const peak = runs.some((r) => r.config.train.peakTflops === null)
      ? openKeptPeak(first.ready, { recalibrate, note: (line) => progress.note(line) })
      : undefined;
    const ctx = { dir, runs, progress, times: createRunTimes(Date.now), ...(peak ? { peak } : {}) };
    return await trainOnLanes(lanes, ctx, interrupted);
  } finally {
    await Promise.all(lanes.map((l) => l.started.worker.close()));
    progress.stop();
  }
}
