// The benchmark's report: one JSON document (what `bench --json` prints) and its readable text tables.
import type { Calibration } from '../kernels/calibrate';
import { mfuPeakLabel } from '../metrics/flops';
import type { DecodeBenchResult } from './decode-bench';
import type { InterleavedResult } from './interleave';
import type { KernelRow } from './profile';

export interface BenchReport {
  tool: 'palm-workbench bench';
  tfjsVersion: string;
  backend: string;
  adapter?: string;
  fallbackReason?: string;
  /** The host, as the caller describes it (CPU model, cores, Node version). */
  device: { cpuModel: string; cores: number; runtime: string };
  /**
   * Calibrated on this backend in this process (core/kernels/calibrate.ts): the best sustained rate of plain square
   * matmuls, sizes grown until the rate stopped rising or the budget was spent; each size's rate in `samples`.
   */
  peak: { flopsPerSec: number; calibrated: true } & Pick<
    Calibration,
    'bestSize' | 'samples' | 'endedBy' | 'elapsedMs' | 'budgetMs'
  >;
  /** Timed steps per variant, over `rounds` interleaved rounds (core/bench/interleave.ts). */
  steps: number;
  rounds: number;
  warmup: number;
  train: InterleavedResult[];
  decode?: DecodeBenchResult[];
}

const g = (flops: number) => `${(flops / 1e9).toFixed(2)} G`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatTrainTable(report: BenchReport): string {
  const rows = report.train.map((r) => [
    r.name,
    `${f0(r.tokensPerSec.median)} (${f0(r.tokensPerSec.min)}-${f0(r.tokensPerSec.max)})`,
    `${f0(r.stepMs.median)} (${f0(r.stepMs.min)}-${f0(r.stepMs.max)})`,
    `${f2(r.referenceOver.median)} (${f2(r.referenceOver.p25)}-${f2(r.referenceOver.p75)})`,
    `${g(r.flopsPerSec)}`,
    `${(100 * r.mfu).toFixed(1)}%`,
    r.losses.length > 0 ? r.losses[r.losses.length - 1]!.toFixed(3) : '-',
    mb(r.memory.paramBytes),
    mb(r.memory.optimizerStateBytes),
    mb(r.memory.stepPeakBytes),
    r.memory.wasmHeapBytes === undefined ? '-' : mb(r.memory.wasmHeapBytes),
    String(r.memory.numTensors),
    r.dispatches === undefined ? String(r.kernelLaunches) : `${r.kernelLaunches} / ${r.dispatches}`,
  ]);
  return table(
    [
      'config',
      'tokens/s (min-max)',
      'ms/step (min-max)',
      'ref/this (IQR)',
      'FLOP/s',
      'MFU (calibrated)',
      'loss',
      'params',
      'optim',
      'step peak*',
      'wasm heap',
      'tensors',
      'launches**',
    ],
    rows,
  );
}

function formatDecodeTable(results: DecodeBenchResult[]): string {
  const rows = results.map((r) => [
    `${r.name} (kvHeads ${r.kvHeads})`,
    `${r.tokensPerSec.median.toFixed(1)} (${r.tokensPerSec.min.toFixed(1)}-${r.tokensPerSec.max.toFixed(1)})`,
    `${r.tokenMs.median.toFixed(1)}`,
    r.speedupOverFirst
      ? `${r.speedupOverFirst.median.toFixed(2)}× (IQR ${r.speedupOverFirst.p25.toFixed(2)}-${r.speedupOverFirst.p75.toFixed(2)})`
      : '1',
    f0(r.prefillMs),
    `${r.launchesPerToken.kernelLaunches}${r.launchesPerToken.dispatches === undefined ? '' : ` / ${r.launchesPerToken.dispatches}`}`,
    `${r.kvBytesPerToken}`,
    mb(r.kvBytesAtContext),
  ]);
  return table(
    [
      'attention',
      'tokens/s (min-max)',
      'ms/token',
      `tokens/s over ${results[0]?.name ?? 'first'}`,
      'prefill ms',
      'launches/token',
      'KV B/token',
      `KV @ ${results[0]?.context ?? 0}`,
    ],
    rows,
  );
}

function formatProfile(rows: KernelRow[], top = 20): string {
  return table(
    ['kernel', 'ms', 'calls', 'share'],
    rows.slice(0, top).map((r) => [r.name, r.ms.toFixed(1), String(r.calls), `${(100 * r.share).toFixed(1)}%`]),
  );
}

/** The whole text report: header, training table, decode table, and the profile when asked for. */
export function formatReport(report: BenchReport, withProfile: boolean): string {
  const lines = [
    `palm-workbench bench: backend ${report.backend}${report.adapter ? ` (${report.adapter})` : ''}, tfjs ${report.tfjsVersion}`,
    `device: ${report.device.cpuModel}, ${report.device.cores} cores, ${report.device.runtime}`,
    ...(report.fallbackReason ? [`faster backends skipped: ${report.fallbackReason}`] : []),
    `MFU against the ${mfuPeakLabel('calibrated')}: ${g(report.peak.flopsPerSec)}FLOP/s at ${report.peak.bestSize}², ` +
      `best of ${report.peak.samples.map((s) => `${s.size}: ${g(s.flopsPerSec)}`).join(', ')} ` +
      `(growth ended by ${report.peak.endedBy} after ${f0(report.peak.elapsedMs)} ms of a ${report.peak.budgetMs} ms budget)`,
    `training: ${report.warmup} warm-up steps each, then ${report.steps} timed steps each in ${report.rounds} interleaved ` +
      "rounds; medians, (min-max) over the timed steps; ref/this = reference tokens/s ÷ this config's, per round",
    '',
    formatTrainTable(report),
    "* engine-counted bytes at the step's high-water mark (tensors sharing a buffer count once each: an upper bound)",
    '** backend kernels run by one training step (custom-gradient scopes excluded); on webgpu / GPU programs dispatched',
  ];
  if (report.decode) {
    lines.push(
      '',
      `decoding: greedy, one token per step for each of ${report.decode[0]?.batch ?? 1} sequence(s), ` +
        `${report.decode[0]?.context ?? 0} tokens cached (prefilled at once); variants interleaved token by token`,
      formatDecodeTable(report.decode),
    );
  }
  if (withProfile) {
    for (const r of report.train)
      lines.push(
        '',
        `per-op profile of one training step: ${r.name} (kernel times nest inside custom-gradient scopes)`,
        formatProfile(r.profile),
      );
  }
  return lines.join('\n');
}
