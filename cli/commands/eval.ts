// `palm-workbench eval`: mean next-token cross-entropy of a text under a checkpoint (byte tokenizer; the token
// stream cut into non-overlapping windows of seqLen + 1, the trailing partial window dropped), streamed from disk.
import type { Command } from 'commander';
import { decodeCheckpoint, describeNonFinite, findNonFinite } from '../../core/checkpoint';
import type { BackendName } from '../../core/kernels/backend';
import { disposeParams } from '../../core/model';
import { evaluateLossStream, windowBatches } from '../../core/train/evaluate';
import { paramsFromWeights } from '../../core/train/weights';
import { CliError } from '../errors';
import { readBytes, readConfig, regularFileSize } from '../files';
import { initNodeBackend } from '../../core/worker/node-backend';
import { backendName, positiveInt } from '../options';
import { createByteProgress } from '../progress';
import { readTextChunks } from '../text-stream';

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
        const nonFinite = findNonFinite(checkpoint.weights);
        if (nonFinite)
          throw new CliError(`${opts.checkpoint}: ${describeNonFinite(nonFinite)}; it cannot be evaluated`);
        // The text is streamed, so any size is fine; its type and size are checked before it is opened.
        const textBytes = await regularFileSize(opts.text, 'text file', Number.MAX_SAFE_INTEGER);
        const seqLen = config.model.seqLen;
        if (textBytes < seqLen + 1) {
          throw new CliError(
            `${opts.text}: ${textBytes} bytes are fewer than one window of seqLen + 1 = ${seqLen + 1} tokens`,
          );
        }
        const backend = await initNodeBackend(opts.backend);
        const params = paramsFromWeights(config.model, checkpoint.weights);
        const progress = createByteProgress('eval', textBytes);
        try {
          const chunks = readTextChunks(opts.text, progress.update);
          const result = await evaluateLossStream(params, config.model, windowBatches(chunks, seqLen, opts.batchSize));
          progress.stop();
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else
            process.stdout.write(
              `loss ${result.loss.toFixed(4)} nats over ${result.tokens.toLocaleString('en-US')} tokens (${backend.backend})\n`,
            );
        } finally {
          progress.stop();
          disposeParams(params);
        }
      }),
    );
}
