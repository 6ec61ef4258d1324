// `palm-workbench run`: an experiment spec (experiments/*.json) -> its runs (or a shard's share of them) trained,
// `--jobs` at a time, into DIR/<run>/, then the report of them in DIR/report/ (report.html, report.md, metrics.csv,
// report.json).
import { INPUT_LIMITS } from '../../core/config/limits';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { BackendName } from '../../core/kernels/backend';
import { checkRunCount, expandExperiment, repeatRuns } from '../../core/config';
import { parseExperiment } from '../../core/claims';
import { CliError, describeWriteError } from '../errors';
import { readJson } from '../files';
import { backendName, positiveInt } from '../options';
import { checkFolderName, claimEmptyDir, createUniqueRunDir, formatTimestamp, runFolderName } from '../run-folder';
import { exitCodeFor, installInterrupts, lastInterrupt, onIdleInterrupt } from '../signals';
import { TrainingWorker } from '../training-worker';
import { defaultReportFolder, EXPERIMENT_JSON, REPORT_FOLDER, writeReports } from '../write-report';
import { writeFileAtomic } from '../atomic-write';
import { RECALIBRATE_HELP } from '../kept-peak';
import { closeWorkers, defaultJobs, runJobs, startWorkers } from './run-jobs';
import { parseShard, shardIndices, type Shard } from './run-shard';
import { benchSpeeds, needsSpeeds, speedGroups, writeSpeeds } from './run-speed';

interface RunOptions {
  out?: string;
  backend?: BackendName;
  steps?: number;
  repeats?: number;
  jobs?: number;
  shard?: Shard;
  speed: boolean;
  speedSteps: number;
  recalibrate?: boolean;
}

export function registerRun(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('run')
    .description(
      'train the runs of an experiment spec (--jobs at a time), then write its report; Ctrl-C stops and reports what ran',
    )
    .argument('<experiment>', 'an experiment JSON file (experiments/*.json)')
    .option('--out <dir>', 'output folder (default: runs/<timestamp>-<experiment name>)')
    .option('--backend <name>', 'webgpu, wasm or cpu (default: the fastest that starts)', backendName)
    .option('--steps <n>', 'steps of every run (overrides train.steps)', positiveInt)
    .option(
      '--repeats <k>',
      "seeds per run (train.seed, +1, ...; the same seeds for every run, so runs pair by seed; overrides the spec's repeats)",
      positiveInt,
    )
    .option(
      '--jobs <n>',
      'runs that train at once, each on its own worker thread (default: 1 on webgpu, half the cores on wasm/cpu); ' +
        'speed figures of runs that overlapped are marked as such',
      positiveInt,
    )
    .option(
      '--shard <i/n>',
      'train only shard i of n: planned run k (repeats included, from 0) goes to shard (k mod n) + 1; ' +
        '`report` merges the shard folders',
      parseShard,
    )
    .option(
      '--speed-steps <n>',
      'after training, steps per run of the interleaved bench that times each rung for speed claims (time to target, tokens/s)',
      positiveInt,
      8,
    )
    .option('--recalibrate', RECALIBRATE_HELP)
    .option('--no-speed', 'skip that bench (tests of time to target or tokens/s stay unjudged)')
    .action((file: string, opts: RunOptions) =>
      run(async () => {
        installInterrupts();
        const experiment = parseExperiment(await readJson(file, 'experiment', INPUT_LIMITS.specBytes), file);
        const repeats = opts.repeats ?? experiment.repeats;
        checkRunCount(experiment, repeats, file);
        const unseeded = expandExperiment(experiment).map((r) =>
          opts.steps === undefined
            ? r
            : { ...r, config: { ...r.config, train: { ...r.config.train, steps: opts.steps } } },
        );
        const runs = repeatRuns(unseeded, repeats);
        checkFolderName(experiment.name, `${file}: experiment`);
        const folderSources = runs.map((r) => (repeats > 1 ? `${r.name}-seed${r.config.train.seed}` : r.name));
        for (const name of folderSources) checkFolderName(name, `${file}: run`);
        const folderNames = folderSources.map(runFolderName);
        const clash = folderNames.find((n, i) => folderNames.indexOf(n) !== i);
        if (clash) throw new CliError(`${file}: two runs would share the folder "${clash}"; rename one`);
        if (folderNames.includes(REPORT_FOLDER))
          throw new CliError(
            `${file}: a run's folder would be "${REPORT_FOLDER}", the report's folder; rename the run`,
          );

        const dir = opts.out ?? createUniqueRunDir('runs', `${formatTimestamp()}-${runFolderName(experiment.name)}`);
        claimEmptyDir(dir);
        const planned = (opts.shard ? shardIndices(runs.length, opts.shard) : runs.map((_, k) => k)).map((k) => ({
          ...runs[k]!,
          folderName: folderNames[k]!,
          note: repeats > 1 ? `, seed ${runs[k]!.config.train.seed}` : '',
        }));
        if (opts.shard) {
          process.stderr.write(
            `shard ${opts.shard.index}/${opts.shard.count}: ${planned.length} of ${runs.length} runs\n`,
          );
        }
        // With the backend named, the other lanes' workers start alongside the first: each loads tfjs and its wasm
        // (about a second), which would otherwise come after the first's.
        const earlyJobs = opts.backend ? (opts.jobs ?? defaultJobs(opts.backend)) : 1;
        const earlyOthers = Math.min(earlyJobs, planned.length) - 1;
        const others =
          opts.backend && earlyOthers > 0 ? startWorkers(opts.backend, earlyOthers, earlyOthers + 1) : undefined;
        let first: Awaited<ReturnType<typeof TrainingWorker.start>>;
        try {
          first = await TrainingWorker.start(opts.backend);
        } catch (e) {
          await closeWorkers(others);
          throw e;
        }
        const backend = first.ready;
        if (backend.fallbackReason) process.stderr.write(`backend ${backend.backend} (${backend.fallbackReason})\n`);
        const jobs = opts.jobs ?? defaultJobs(backend.backend);
        if (jobs > 1 && planned.length > 1) process.stderr.write(`${Math.min(jobs, planned.length)} runs at once\n`);
        const reportExperiment = {
          name: experiment.name,
          description: experiment.description,
          claim: experiment.claim,
          claims: experiment.claims,
          repeats,
          ...(experiment.targetLoss === undefined ? {} : { targetLoss: experiment.targetLoss }),
          ...(experiment.instabilityMargin === undefined ? {} : { instabilityMargin: experiment.instabilityMargin }),
          ...(opts.shard ? { shard: opts.shard, plannedRuns: folderNames } : {}),
        };
        const experimentPath = join(dir, EXPERIMENT_JSON);
        try {
          writeFileAtomic(experimentPath, `${JSON.stringify(reportExperiment, null, 2)}\n`);
        } catch (e) {
          await Promise.all([first.worker.close(), closeWorkers(others)]);
          throw new CliError(describeWriteError(e, experimentPath));
        }

        // A signal while no run trains (workers starting, a lane between runs) ends the experiment after the runs that
        // are training: its report is written.
        let interrupted = false;
        const restoreIdle = onIdleInterrupt(() => (interrupted = true));
        const done = await runJobs({
          dir,
          runs: planned,
          jobs,
          first,
          others,
          interrupted: () => interrupted,
          recalibrate: opts.recalibrate === true,
        }).finally(restoreIdle);
        // Speeds for time-to-target, timed interleaved now that no run trains (docs/evidence.md, Method); not after a
        // Ctrl-C, which asks for the report of what ran.
        let speeds;
        const stopped = interrupted || done.some((r) => r.record.status === 'stopped');
        if (opts.speed && !stopped && needsSpeeds(experiment.claims)) {
          const groups = speedGroups(unseeded, opts.shard);
          if (groups.length > 0) {
            speeds = await benchSpeeds(groups, backend.backend, {
              steps: opts.speedSteps,
              log: (line) => process.stderr.write(`${line}\n`),
            });
            writeSpeeds(dir, speeds);
          }
        }
        const files = writeReports(defaultReportFolder(dir), done, {
          ...reportExperiment,
          ...(speeds ? { speeds } : {}),
        });
        process.stderr.write(`report: ${files.join(', ')}\n`);
        if (stopped) process.exitCode = exitCodeFor(lastInterrupt() ?? 'SIGINT');
      }),
    );
}
