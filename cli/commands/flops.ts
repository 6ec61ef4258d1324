// `palm-workbench flops`: the params / FLOPs / MFU / KV-cache calculator (docs/palm.md §3) for a preset or a config file.
import type { Command } from 'commander';
import {
  CALCULATOR_PRESET_NAMES,
  calculatorPreset,
  describeCalculator,
  formatCalculatorTable,
} from '../../core/metrics';
import { CliError } from '../errors';
import { readConfig } from '../files';
import { positiveNumber } from '../options';

interface FlopsOptions {
  preset?: string;
  config?: string;
  tokensPerSec?: number;
  chips?: number;
  peakTflops?: number;
  json?: boolean;
}

export function registerFlops(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('flops')
    .description('parameters by component, training FLOPs per token (6N + 12·L·H·Q·T), KV-cache bytes and MFU')
    .option('--preset <name>', `a real PaLM shape: ${CALCULATOR_PRESET_NAMES.join(', ')}`)
    .option('--config <file>', 'a config JSON file')
    .option('--tokens-per-sec <x>', 'measured training throughput (all chips together), for MFU', positiveNumber)
    .option('--chips <n>', 'chips the throughput was measured on', positiveNumber, 1)
    .option('--peak-tflops <p>', 'peak TFLOP/s of one chip, for MFU (TPU v4: 275)', positiveNumber)
    .option('--json', 'print JSON instead of a table')
    .action((opts: FlopsOptions) =>
      run(async () => {
        if ((opts.preset === undefined) === (opts.config === undefined)) {
          throw new CliError('give exactly one of --preset NAME or --config FILE');
        }
        if ((opts.tokensPerSec === undefined) !== (opts.peakTflops === undefined)) {
          throw new CliError('MFU needs both --tokens-per-sec and --peak-tflops');
        }
        const model =
          opts.preset !== undefined ? presetModel(opts.preset) : (await readConfig(opts.config as string)).model;
        const result = describeCalculator(model, {
          tokensPerSec: opts.tokensPerSec,
          chips: opts.chips,
          peakFlopsPerSec: opts.peakTflops === undefined ? undefined : opts.peakTflops * 1e12,
        });
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatCalculatorTable(result)}\n`);
      }),
    );
}

function presetModel(name: string) {
  try {
    return calculatorPreset(name);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
