// `palm-workbench eval`: mean next-token cross-entropy of a text under a checkpoint (byte tokenizer; the token
// stream cut into non-overlapping windows of seqLen + 1, the trailing partial window dropped).
import type { Command } from 'commander';
import { decodeCheckpoint } from '../../core/checkpoint';
import type { BackendName } from '../../core/kernels/backend';
import { corpusFromBytes } from '../../core/data';
import { disposeParams } from '../../core/model';
import { ByteTokenizer } from '../../core/tokenizer';
import { disjointWindows, evaluateLoss } from '../../core/train/evaluate';
import { paramsFromWeights } from '../../core/train/weights';
import { CliError } from '../errors';
import { readBytes, readConfig } from '../files';
import { initNodeBackend } from '../../core/worker/node-backend';
import { backendName, positiveInt } from '../options';

interface EvalOptions {
  config: string;
  checkpoint: string;
  text: string;
  backend?: BackendName;
  batchSize: number;
  json?: boolean;
}

export function registerEval(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('eval')
    .description('mean next-token cross-entropy (nats) of a UTF-8 text file under a checkpoint, byte tokenizer')
    .requiredOption('--config <file>', 'the config JSON the checkpoint was made for')
    .requiredOption('--checkpoint <file>', 'a .safetensors checkpoint')
    .requiredOption('--text <file>', 'a UTF-8 text file')
    .option('--backend <name>', 'webgpu, wasm or cpu (default: the fastest that starts)', backendName)
    .option('--batch-size <n>', 'windows per forward pass', positiveInt, 8)
    .option('--json', 'print {"loss": ..., "tokens": ...}')
    .action((opts: EvalOptions) =>
      run(async () => {
        const config = await readConfig(opts.config);
        if (config.data.tokenizer !== 'byte') {
          throw new CliError(
            `eval uses the byte tokenizer, but ${opts.config} has data.tokenizer "${config.data.tokenizer}"`,
          );
        }
        const checkpoint = decodeCheckpoint(await readBytes(opts.checkpoint, 'checkpoint'), {
          expectedConfig: config,
          allowPrefixes: ['optimizer/'],
        });
        const text = corpusFromBytes(await readBytes(opts.text, 'text file'), opts.text);
        const ids = new ByteTokenizer().encode(text);
        const seqLen = config.model.seqLen;
        if (ids.length < seqLen + 1) {
          throw new CliError(
            `${opts.text}: ${ids.length} tokens are fewer than one window of seqLen + 1 = ${seqLen + 1}`,
          );
        }
        const backend = await initNodeBackend(opts.backend);
        const params = paramsFromWeights(config.model, checkpoint.weights);
        try {
          const result = await evaluateLoss(params, config.model, disjointWindows(ids, seqLen, opts.batchSize));
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else
            process.stdout.write(
              `loss ${result.loss.toFixed(4)} nats over ${result.tokens.toLocaleString('en-US')} tokens (${backend.backend})\n`,
            );
        } finally {
          disposeParams(params);
        }
      }),
    );
}
