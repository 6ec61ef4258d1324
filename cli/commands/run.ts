// `palm-workbench run`: an experiment spec (experiments/*.json) -> each run trained in turn into DIR/<run>/,
// then the report of all of them in DIR (report.html, report.md, metrics.csv, report.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { BackendName } from '../../core/kernels/backend';
import { checkRunCount, expandExperiment, parseExperiment, repeatRuns } from '../../core/config';
import type { RunData } from '../../core/record';
import { CliError, describeWriteError } from '../errors';
import { readJson } from '../files';
import { backendName, positiveInt } from '../options';
import {
  checkFolderName,
  claimEmptyDir,
  createUniqueRunDir,
  formatTimestamp,
  RunFolder,
  runFolderName,
} from '../run-folder';
import { describeRunEnd, trainIntoFolder } from '../train-session';
import { exitCodeFor, installInterrupts, lastInterrupt, onIdleInterrupt } from '../signals';
import { TrainingWorker } from '../training-worker';
import { EXPERIMENT_JSON, writeReports } from '../write-report';

interface RunOptions {
  out?: string;
  backend?: BackendName;
  steps?: number;
  repeats?: number;
}

export function registerRun(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('run')
    .description(
      'train every run of an experiment spec in turn, then write its report; Ctrl-C stops and reports what ran',
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
    .action((file: string, opts: RunOptions) =>
      run(async () => {
        installInterrupts();
        const experiment = parseExperiment(await readJson(file, 'experiment'), file);
        const repeats = opts.repeats ?? experiment.repeats;
        checkRunCount(experiment, repeats, file);
        const runs = repeatRuns(expandExperiment(experiment), repeats).map((r) =>
          opts.steps === undefined
            ? r
            : { ...r, config: { ...r.config, train: { ...r.config.train, steps: opts.steps } } },
        );
        checkFolderName(experiment.name, `${file}: experiment`);
        const folderSources = runs.map((r) => (repeats > 1 ? `${r.name}-seed${r.config.train.seed}` : r.name));
        for (const name of folderSources) checkFolderName(name, `${file}: run`);
        const folderNames = folderSources.map(runFolderName);
        const clash = folderNames.find((n, i) => folderNames.indexOf(n) !== i);
        if (clash) throw new CliError(`${file}: two runs would share the folder "${clash}"; rename one`);

        const dir = opts.out ?? createUniqueRunDir('runs', `${formatTimestamp()}-${runFolderName(experiment.name)}`);
        claimEmptyDir(dir);
        const { worker, ready: backend } = await TrainingWorker.start(opts.backend);
        if (backend.fallbackReason) process.stderr.write(`backend ${backend.backend} (${backend.fallbackReason})\n`);
        const reportExperiment = {
          name: experiment.name,
          description: experiment.description,
          claim: experiment.claim,
          claims: experiment.claims,
          repeats,
        };
        const experimentPath = join(dir, EXPERIMENT_JSON);
        try {
          writeFileSync(experimentPath, `${JSON.stringify(reportExperiment, null, 2)}\n`);
        } catch (e) {
          await worker.close();
          throw new CliError(describeWriteError(e, experimentPath));
        }

        const done: RunData[] = [];
        // A signal between two runs (none training) ends the experiment after the one that ran: its report is written.
        let interrupted = false;
        const restoreIdle = onIdleInterrupt(() => (interrupted = true));
        try {
          for (const [i, r] of runs.entries()) {
            if (interrupted) break;
            const runDir = join(dir, folderNames[i]!); // one folder name per run
            const seed = repeats > 1 ? `, seed ${r.config.train.seed}` : '';
            process.stderr.write(`run ${i + 1}/${runs.length}: ${r.name}${r.label ? ` (${r.label})` : ''}${seed}\n`);
            const folder = new RunFolder(runDir);
            const result = await trainIntoFolder({
              worker,
              backend,
              folder,
              name: r.name,
              label: r.label,
              config: r.config,
            }).finally(folder.close);
            process.stderr.write(`${describeRunEnd(result, runDir)}\n`);
            done.push(result);
            if (result.record.status === 'stopped') break; // Ctrl-C: report what ran, start nothing new
          }
        } finally {
          restoreIdle();
          await worker.close();
        }
        const files = writeReports(dir, done, reportExperiment);
        process.stderr.write(`report: ${files.join(', ')}\n`);
        if (interrupted || done.at(-1)?.record.status === 'stopped')
          process.exitCode = exitCodeFor(lastInterrupt() ?? 'SIGINT');
      }),
    );
}
