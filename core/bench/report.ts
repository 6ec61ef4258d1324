// The benchmark's report: one JSON document (what `bench --json` prints) and its readable text tables.
import type { DecodeBenchResult } from './decode-bench';
import type { KernelRow } from './profile';
import type { TrainBenchResult } from './train-bench';

export interface BenchReport {
  tool: 'palm-workbench bench';
  tfjsVersion: string;
  backend: string;
  adapter?: string;
  fallbackReason?: string;
  /** The host, as the caller describes it (CPU model, cores, Node version). */
  device: { cpuModel: string; cores: number; runtime: string };
  /** Calibrated on this backend in this process (core/calibrate.ts): median FLOP/s of plain square matmuls. */
  peak: { flopsPerSec: number; calibrated: true; samples: { size: number; flopsPerSec: number }[] };
  steps: number;
  warmup: number;
  train: (TrainBenchResult & { name: string })[];
  decode?: DecodeBenchResult[];
}

const g = (flops: number) => `${(flops / 1e9).toFixed(2)} G`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const f0 = (x: number) => x.toFixed(0);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatTrainTable(report: BenchReport): string {
  const rows = report.train.map((r) => [
    r.name,
    `${f0(r.tokensPerSec.median)} (${f0(r.tokensPerSec.min)}-${f0(r.tokensPerSec.max)})`,
    `${f0(r.stepMs.median)} (${f0(r.stepMs.min)}-${f0(r.stepMs.max)})`,
    `${g(r.flopsPerSec)}`,
    `${(100 * r.mfu).toFixed(1)}%`,
    r.losses.length > 0 ? r.losses[r.losses.length - 1]!.toFixed(3) : '-',
    mb(r.memory.paramBytes),
    mb(r.memory.optimizerStateBytes),
    mb(r.memory.stepPeakBytes),
    r.memory.wasmHeapBytes === undefined ? '-' : mb(r.memory.wasmHeapBytes),
    String(r.memory.numTensors),
  ]);
  return table(
    [
      'config',
      'tokens/s (min-max)',
      'ms/step (min-max)',
      'FLOP/s',
      'MFU',
      'loss',
      'params',
      'optim',
      'step peak*',
      'wasm heap',
      'tensors',
    ],
    rows,
  );
}

export function formatDecodeTable(results: DecodeBenchResult[]): string {
  const rows = results.map((r) => [
    `${r.name} (kvHeads ${r.kvHeads})`,
    `${r.tokensPerSec.median.toFixed(1)} (${r.tokensPerSec.min.toFixed(1)}-${r.tokensPerSec.max.toFixed(1)})`,
    `${r.tokenMs.median.toFixed(1)}`,
    f0(r.prefillMs),
    `${r.kvBytesPerToken}`,
    mb(r.kvBytesAtContext),
  ]);
  return table(
    ['attention', 'tokens/s (min-max)', 'ms/token', 'prefill ms', 'KV B/token', `KV @ ${results[0]?.context ?? 0}`],
    rows,
  );
}

export function formatProfile(rows: KernelRow[], top = 20): string {
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
    `calibrated matmul peak (this backend, this process): ${g(report.peak.flopsPerSec)}FLOP/s`,
    `training: ${report.warmup} warm-up + ${report.steps} timed steps; medians, (min-max) over the timed steps`,
    '',
    formatTrainTable(report),
    "* engine-counted bytes at the step's high-water mark (tensors sharing a buffer count once each: an upper bound)",
  ];
  if (report.decode) {
    lines.push(
      '',
      `decoding: greedy, one token per step, ${report.decode[0]?.context ?? 0} tokens cached (prefilled at once)`,
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
