// `palm-workbench train`: train one config into a run folder (run.json, metrics.jsonl, checkpoint.safetensors,
// tokenizer.json), or continue a run folder from its checkpoint with --resume.
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import type { BackendName } from '../../core/kernels/backend';
import type { Config } from '../../core/config';
import { CliError } from '../errors';
import { readConfig } from '../files';
import { backendName, positiveInt } from '../options';
import { readCheckpoint, readRunFolder, RunFolder, runFolderName } from '../run-folder';
import { describeRunEnd, trainIntoFolder } from '../train-session';
import { TrainingWorker } from '../training-worker';

interface TrainOptions {
  config?: string;
  steps?: number;
  backend?: BackendName;
  out?: string;
  resume?: string;
}

/** 20250102-030405: sortable, and safe in a folder name. */
export function formatTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Exit codes beyond 0 and 1 (an error): a diverged run, and a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_DIVERGED = 2;
export const EXIT_STOPPED = 130;

export function registerTrain(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('train')
    .description(
      `train a config into a run folder; exits ${EXIT_DIVERGED} if the loss diverges, ${EXIT_STOPPED} when stopped with Ctrl-C`,
    )
    .option('--config <file>', 'a config JSON file (required unless --resume)')
    .option('--steps <n>', 'total steps (overrides train.steps; with --resume, where to continue to)', positiveInt)
    .option('--backend <name>', 'webgpu, wasm or cpu (default: the fastest that starts)', backendName)
    .option('--out <dir>', 'the run folder (default: runs/<timestamp>-<config name>)')
    .option('--resume <dir>', 'continue this run folder from its checkpoint')
    .action((opts: TrainOptions) =>
      run(async () => {
        const withSteps = (c: Config): Config =>
          opts.steps === undefined ? c : { ...c, train: { ...c.train, steps: opts.steps } };
        let dir: string;
        let name: string;
        let label = '';
        let config: Config;
        let resume;
        if (opts.resume !== undefined) {
          if (opts.out !== undefined && opts.out !== opts.resume)
            throw new CliError('--resume continues its own folder; leave out --out');
          const previous = await readRunFolder(opts.resume);
          resume = { ...previous, checkpoint: await readCheckpoint(opts.resume) };
          dir = opts.resume;
          ({ name, label } = previous.record);
          config = withSteps(opts.config === undefined ? previous.record.config : await readConfig(opts.config));
        } else {
          if (opts.config === undefined) throw new CliError('give --config <file> (or --resume <dir>)');
          config = withSteps(await readConfig(opts.config));
          name = basename(opts.config, extname(opts.config));
          dir = opts.out ?? join('runs', `${formatTimestamp()}-${runFolderName(name)}`);
        }
        const { worker, ready: backend } = await TrainingWorker.start(opts.backend);
        if (backend.fallbackReason) process.stderr.write(`backend ${backend.backend} (${backend.fallbackReason})\n`);
        const result = await trainIntoFolder({
          worker,
          backend,
          folder: new RunFolder(dir),
          name,
          label,
          config,
          resume,
        }).finally(() => worker.close());
        process.stderr.write(`${describeRunEnd(result, dir)}\n`);
        switch (result.record.status) {
          case 'failed':
            throw new CliError(`run failed: ${result.record.summary?.reason ?? result.failure ?? 'unknown error'}`);
          case 'diverged':
            process.exitCode = EXIT_DIVERGED;
            break;
          case 'stopped':
            process.exitCode = EXIT_STOPPED;
            break;
          default:
            break;
        }
      }),
    );
}
