// `palm-workbench train`: train one config into a run folder (run.json, metrics.jsonl, checkpoint.safetensors,
// tokenizer.json), or continue a run folder from its checkpoint with --resume.
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { BackendName } from '../../core/kernels/backend';
import type { Config } from '../../core/config';
import { CliError } from '../errors';
import { readConfig } from '../files';
import { keepPeakOn, RECALIBRATE_HELP } from '../kept-peak';
import { backendName, positiveInt } from '../options';
import { prepareResume } from '../resume';
import { checkFolderName, createUniqueRunDir, formatTimestamp, RunFolder, runFolderName } from '../run-folder';
import { describeRunEnd, trainIntoFolder } from '../train-session';
import { exitCodeFor, installInterrupts, lastInterrupt } from '../signals';
import { TrainingWorker } from '../training-worker';

interface TrainOptions {
  config?: string;
  steps?: number;
  backend?: BackendName;
  out?: string;
  resume?: string;
  recalibrate?: boolean;
}

const note = (line: string) => process.stderr.write(`${line}\n`);

/** Exit codes beyond 0 and 1 (an error): a diverged run, and a run stopped by Ctrl-C (128 + SIGINT). */
const EXIT_DIVERGED = 2;
const EXIT_STOPPED = 130;

export function registerTrain(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('train')
    .description(
      `train a config into a run folder; exits ${EXIT_DIVERGED} if the loss diverges, ${EXIT_STOPPED} when stopped with Ctrl-C`,
    )
    .option('--config <file>', 'a config JSON file (required unless --resume)')
    .option('--steps <n>', 'total steps (overrides train.steps; with --resume, where to continue to)', positiveInt)
    .option('--backend <name>', 'webgpu, wasm or cpu (default: the fastest that starts)', backendName)
    .option('--out <dir>', 'a new or empty run folder (default: runs/<timestamp>-<config name>)')
    .option('--resume <dir>', 'continue this run folder from its checkpoint')
    .option('--recalibrate', RECALIBRATE_HELP)
    .action((opts: TrainOptions) =>
      run(async () => {
        installInterrupts();
        const withSteps = (c: Config): Config =>
          opts.steps === undefined ? c : { ...c, train: { ...c.train, steps: opts.steps } };
        let folder: RunFolder;
        let name: string;
        let label = '';
        let config: Config;
        let resume;
        if (opts.resume !== undefined) {
          if (opts.out !== undefined && opts.out !== opts.resume)
            throw new CliError('--resume continues its own folder; leave out --out');
          // The lock first (no other writer may change the folder meanwhile), then every check before the worker
          // starts, so a refusal is quick and leaves the folder as it was.
          folder = new RunFolder(opts.resume, { resume: true });
          try {
            resume = await prepareResume(opts.resume, { configPath: opts.config, steps: opts.steps });
          } catch (e) {
            folder.close();
            throw e;
          }
          ({ name, label } = resume.record);
          config = resume.config;
        } else {
          if (opts.config === undefined) throw new CliError('give --config <file> (or --resume <dir>)');
          config = withSteps(await readConfig(opts.config));
          name = basename(opts.config, extname(opts.config));
          if (opts.out === undefined) checkFolderName(name, 'config');
          folder = new RunFolder(opts.out ?? createUniqueRunDir('runs', `${formatTimestamp()}-${runFolderName(name)}`));
        }
        const dir = folder.dir;
        let result;
        try {
          const { worker, ready: backend } = await TrainingWorker.start(opts.backend);
          if (backend.fallbackReason) process.stderr.write(`backend ${backend.backend} (${backend.fallbackReason})\n`);
          // A nominal peak (train.peakTflops) is the config's own: the kept one is neither read nor changed.
          const peak =
            config.train.peakTflops === null
              ? keepPeakOn([worker], backend, { recalibrate: opts.recalibrate === true, note })
              : undefined;
          result = await trainIntoFolder({
            worker,
            backend,
            folder,
            name,
            label,
            config,
            resume,
            ...(peak ? { peak } : {}),
          }).finally(() => worker.close());
        } finally {
          folder.close();
        }
        process.stderr.write(`${describeRunEnd(result, dir)}\n`);
        switch (result.record.status) {
          case 'failed':
            throw new CliError(`run failed: ${result.record.summary?.reason ?? result.failure ?? 'unknown error'}`);
          case 'diverged':
            process.exitCode = EXIT_DIVERGED;
            break;
          case 'stopped':
            process.exitCode = exitCodeFor(lastInterrupt() ?? 'SIGINT');
            break;
          default:
            break;
        }
      }),
    );
}
