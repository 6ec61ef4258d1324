// `palm-workbench bench`: training throughput of the variants timed interleaved (tokens/s, ms/step, ratios to the
// reference, FLOP/s, MFU vs a peak calibrated here), memory and, with --decode, KV-cache decoding speed of MHA vs MQA
// (issues 4 §5 and 9 §0; docs/benchmarks.md says how to read it).
import { INPUT_LIMITS } from '../../core/config/limits';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { BackendName } from '../../core/kernels/backend';
import { benchDecode, decodeVariants, type DecodeBenchResult } from '../../core/bench/decode-bench';
import { formatReport, type BenchReport } from '../../core/bench/report';
import { benchInterleaved } from '../../core/bench/interleave';
import { benchVariants, referenceInput } from '../../core/bench/variants';
import { CONFIG_PRESET_NAMES, findConfigPreset, type ConfigInput } from '../../core/config';
import { CALIBRATION_BUDGET_MS, CALIBRATION_SIZES, calibratePeak } from '../../core/kernels/calibrate';
import { initNodeBackend } from '../../core/worker/node-backend';
import { readJson } from '../files';
import { backendName, positiveInt } from '../options';

interface BenchOptions {
  config?: string;
  backend?: BackendName;
  steps: number;
  rounds: number;
  warmup: number;
  ablations: boolean;
  decode?: boolean;
  context: number;
  decodeTokens: number;
  decodeBatch: number;
  peakSizes?: number[];
  peakBudgetMs: number;
  json?: boolean;
  profile?: boolean;
}

function sizeList(value: string): number[] {
  const sizes = value.split(',').map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new InvalidArgumentError(`expected comma-separated integers > 0 (got "${value}")`);
  }
  return sizes;
}

/** A preset's config by name (core/config/presets.ts), else the JSON file at that path. */
export async function benchBase(configOrPreset: string): Promise<ConfigInput> {
  return (
    findConfigPreset(configOrPreset)?.config ??
    ((await readJson(configOrPreset, 'config', INPUT_LIMITS.configBytes)) as ConfigInput)
  );
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export function registerBench(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('bench')
    .description('benchmark training (reference config + ablations) and, with --decode, MHA vs MQA decoding')
    .option(
      '--config <file|preset>',
      `a config JSON, or a preset (${CONFIG_PRESET_NAMES.join(', ')}), to use instead of the reference config`,
    )
    .option('--backend <name>', 'webgpu, wasm or cpu (default: the fastest that starts)', backendName)
    .option('--steps <n>', 'timed training steps per config, over all rounds', positiveInt, 16)
    .option(
      '--rounds <n>',
      'interleaved rounds: a few steps of each config in turn, ratios taken per round',
      positiveInt,
      16,
    )
    .option('--warmup <n>', 'untimed warm-up steps before them (at least 1)', positiveInt, 2)
    .option('--no-ablations', 'only the reference (or --config) model, no ablations')
    .option('--decode', 'also benchmark KV-cache decoding, MHA vs MQA')
    .option('--context <n>', 'tokens in the KV cache when decoding is timed', positiveInt, 1024)
    .option('--decode-tokens <n>', 'timed decode steps', positiveInt, 32)
    .option('--decode-batch <n>', 'sequences decoded at once (the KV cache grows with batch × context)', positiveInt, 1)
    .option(
      '--peak-sizes <list>',
      `square matmul sizes the calibrated peak grows through (default ${CALIBRATION_SIZES.join(',')})`,
      sizeList,
    )
    .option('--peak-budget-ms <ms>', 'time budget of the peak calibration', positiveInt, CALIBRATION_BUDGET_MS)
    .option('--json', 'print one JSON document instead of tables')
    .option('--profile', 'add a per-op profile of one training step per config')
    .action((opts: BenchOptions) =>
      run(async () => {
        const base = opts.config ? await benchBase(opts.config) : referenceInput();
        const variants = benchVariants(base, opts.ablations); // validates before any backend starts
        const backend = await initNodeBackend(opts.backend);
        log(`bench: backend ${backend.backend}; calibrating the matmul peak (budget ${opts.peakBudgetMs} ms)`);
        const calibration = await calibratePeak({ sizes: opts.peakSizes, budgetMs: opts.peakBudgetMs });
        const { peakFlopsPerSec, bestSize, samples, endedBy, elapsedMs, budgetMs } = calibration;
        const train = await benchInterleaved(variants, {
          steps: opts.steps,
          rounds: opts.rounds,
          warmup: opts.warmup,
          peakFlopsPerSec,
          log,
        });
        let decode: DecodeBenchResult[] | undefined;
        if (opts.decode) {
          const variants = decodeVariants(base);
          log(
            `bench: decoding ${variants.map((v) => v.name).join(' and ')}, interleaved, at a ${opts.context}-token context`,
          );
          decode = await benchDecode(variants, {
            context: opts.context,
            tokens: opts.decodeTokens,
            batch: opts.decodeBatch,
          });
        }
        const report: BenchReport = {
          tool: 'palm-workbench bench',
          tfjsVersion: tf.version_core,
          backend: backend.backend,
          ...(backend.adapterInfo ? { adapter: backend.adapterInfo } : {}),
          ...(backend.fallbackReason ? { fallbackReason: backend.fallbackReason } : {}),
          device: {
            cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
            cores: cpus().length,
            runtime: `Node ${process.version}`,
          },
          peak: { flopsPerSec: peakFlopsPerSec, calibrated: true, bestSize, samples, endedBy, elapsedMs, budgetMs },
          steps: opts.steps,
          rounds: Math.min(opts.rounds, opts.steps),
          warmup: opts.warmup,
          train,
          ...(decode ? { decode } : {}),
        };
        if (!opts.profile) for (const r of report.train) r.profile = [];
        process.stdout.write(
          opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, opts.profile === true)}\n`,
        );
      }),
    );
}
