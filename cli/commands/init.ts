// `palm-workbench init`: freshly initialised weights for a config, written as a safetensors checkpoint. The output is
// written atomically and only where nothing is (or, with --force, over a regular file that is not the config): never
// through a symbolic link, never over the command's own input (docs/design.md §2 "Atomic outputs").
import type { Command } from 'commander';
import { encodeCheckpoint } from '../../core/checkpoint';
import { createParams, disposeParams } from '../../core/model';
import { readWeights } from '../../core/train/weights';
import { removeDeadWritersTemps, writeFileAtomic } from '../atomic-write';
import { CliError, describeWriteError } from '../errors';
import { readConfig } from '../files';
import { initNodeBackend } from '../../core/worker/node-backend';
import { nonNegativeInt } from '../options';
import { checkNotAnInput, checkOutputPath } from '../safe-open';

interface InitOptions {
  config: string;
  out: string;
  seed?: number;
  force?: boolean;
}

/** Refuse --out before anything is computed: taken (without --force), not a regular file, or the config itself. */
function checkOut(opts: InitOptions): void {
  checkNotAnInput(opts.out, 'checkpoint', [{ path: opts.config, what: 'config' }]);
  if (checkOutputPath(opts.out, 'checkpoint') === 'file' && !opts.force)
    throw new CliError(`cannot write checkpoint "${opts.out}": it exists; give --force to replace it`);
}

export function registerInit(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('init')
    .description('write freshly initialised weights (docs/palm.md §1 init) as a safetensors checkpoint')
    .requiredOption('--config <file>', 'a config JSON file')
    .requiredOption('--out <file>', 'the checkpoint to write (.safetensors); a new path unless --force')
    .option('--seed <s>', "initialisation seed (default: the config's train.seed)", nonNegativeInt)
    .option('--force', 'replace --out if it is an existing regular file (never a link, never the config)')
    .action((opts: InitOptions) =>
      run(async () => {
        checkOut(opts);
        const config = await readConfig(opts.config);
        const seed = opts.seed ?? config.train.seed;
        await initNodeBackend('cpu');
        const params = createParams(config.model, seed);
        try {
          const bytes = encodeCheckpoint(config, await readWeights(config.model, params), { seed: String(seed) });
          checkOut(opts); // again: the path may have changed while the weights were made
          try {
            removeDeadWritersTemps(opts.out);
            writeFileAtomic(opts.out, bytes);
          } catch (e) {
            throw new CliError(describeWriteError(e, opts.out));
          }
          process.stderr.write(`wrote ${opts.out} (${bytes.length.toLocaleString('en-US')} bytes, seed ${seed})\n`);
        } finally {
          disposeParams(params);
        }
      }),
    );
}
