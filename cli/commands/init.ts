// `palm-workbench init`: freshly initialised weights for a config, written as a safetensors checkpoint.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { encodeCheckpoint } from '../../core/checkpoint';
import { createParams, disposeParams } from '../../core/model';
import { readTensors } from '../../core/train/weights';
import { readConfig } from '../files';
import { initNodeBackend } from '../../core/worker/node-backend';
import { nonNegativeInt } from '../options';

export function registerInit(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('init')
    .description('write freshly initialised weights (docs/palm.md §1 init) as a safetensors checkpoint')
    .requiredOption('--config <file>', 'a config JSON file')
    .requiredOption('--out <file>', 'the checkpoint to write (.safetensors)')
    .option('--seed <s>', "initialisation seed (default: the config's train.seed)", nonNegativeInt)
    .action((opts: { config: string; out: string; seed?: number }) =>
      run(async () => {
        const config = await readConfig(opts.config);
        const seed = opts.seed ?? config.train.seed;
        await initNodeBackend('cpu');
        const params = createParams(config.model, seed);
        try {
          const bytes = encodeCheckpoint(config, await readTensors(params), { seed: String(seed) });
          await writeFile(opts.out, bytes);
          process.stderr.write(`wrote ${opts.out} (${bytes.length.toLocaleString('en-US')} bytes, seed ${seed})\n`);
        } finally {
          disposeParams(params);
        }
      }),
    );
}
