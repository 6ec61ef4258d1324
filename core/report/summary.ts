// What every report format says about a set of runs: the per-run figures, the summary table, the keys that vary,
// and a plain-words "measured" comparison to set beside the paper's claim (docs/palm.md §1).
import { flattenConfig, formatConfigValue, shortenConfigKey } from '../config/labels';
import type { PeakFlops, RunData, RunRecord, RunSummary } from '../record';
import {
  formatBytes,
  formatCount,
  formatDelta,
  formatDurationMs,
  formatFlops,
  formatLoss,
  formatPercent,
  formatRatio,
  MISSING,
} from './format';
import { summarizePoints } from '../metrics/run-summary';
import { groupUnits } from './units';

/** The experiment a report is about. */
export interface ReportExperiment {
  name: string;
  description?: string;
  /** The paper's claim the runs test. */
  claim?: string;
  /** Ids of the claims table (core/claims/claims.ts) the runs test: the report gives each a verdict. */
  claims?: string[];
  /** Seeds per run the experiment asked for. */
  repeats?: number;
  /** Each run name's training tokens/s timed interleaved by the bench (speed.json): what time-to-target divides by. */
  speeds?: (BenchSpeedEntry & { name: string })[];
  /** The val loss time-to-target aims at (the spec's targetLoss); absent: each pair's worse final loss. */
  targetLoss?: number;
}

/** One variant's interleaved bench speed (core/bench/interleave.ts): median tokens/s over rounds, their IQR. */
export interface BenchSpeedEntry {
  tokensPerSec: number;
  iqr: [number, number];
  backend: string;
}

/** The summary figures a report shows, each null when a run (still going, or crashed) cannot say it. */
export type RunFigures = {
  [
    K in
      | 'params'
      | 'flopsPerToken'
      | 'finalTrainLoss'
      | 'finalValLoss'
      | 'bestValLoss'
      | 'tokensPerSec'
      | 'mfu'
      | 'peak'
      | 'peakBytes'
      | 'optimizerStateBytes'
      | 'kvCacheBytesPerToken'
      | 'wallMs'
  ]: RunSummary[K] | null;
};

/** The run's summary when it has one; otherwise what its metrics tell (a run still going, or one that crashed). */
export function summarizeRun(run: RunData): RunFigures {
  const s = run.record.summary;
  if (s) {
    const { params, flopsPerToken, finalTrainLoss, finalValLoss, bestValLoss, tokensPerSec, mfu, peak } = s;
    return {
      params,
      flopsPerToken,
      finalTrainLoss,
      finalValLoss,
      bestValLoss,
      tokensPerSec,
      mfu,
      peak,
      peakBytes: s.peakBytes,
      optimizerStateBytes: s.optimizerStateBytes,
      kvCacheBytesPerToken: s.kvCacheBytesPerToken,
      wallMs: s.wallMs,
    };
  }
  // A run still going, or one that crashed: only its points can say anything; sizes stay unknown.
  const f = summarizePoints(run.metrics);
  return {
    params: null,
    flopsPerToken: null,
    finalTrainLoss: f.finalTrainLoss,
    finalValLoss: f.finalValLoss,
    bestValLoss: f.bestValLoss,
    tokensPerSec: f.tokensPerSec,
    mfu: f.mfu,
    peak: null,
    peakBytes: f.peakBytes,
    optimizerStateBytes: f.optimizerStateBytes,
    kvCacheBytesPerToken: null,
    wallMs: f.wallMs,
  };
}

export function formatMfu(mfu: number | null, peak: PeakFlops | null): string {
  if (mfu === null) return MISSING;
  return peak ? `${formatPercent(mfu)} (${peak.source})` : formatPercent(mfu);
}

export const SUMMARY_HEADERS = [
  'Run',
  'Status',
  'Params',
  'FLOPs/token',
  'Final train loss',
  'Final val loss',
  'Best val loss',
  'Tokens/s (median)',
  'MFU (peak)',
  'Peak memory',
  'Optimizer state',
  'KV cache/token',
  'Wall time',
];

export interface SummaryRow {
  name: string;
  label: string;
  status: string;
  /** The formatted cells after Run and Status, in SUMMARY_HEADERS order. */
  cells: string[];
}

export function buildSummaryRows(runs: RunData[]): SummaryRow[] {
  return runs.map((run) => {
    const f = summarizeRun(run);
    return {
      name: run.record.name,
      label: run.record.label,
      status: run.record.status,
      cells: [
        formatCount(f.params),
        formatFlops(f.flopsPerToken),
        formatLoss(f.finalTrainLoss),
        formatLoss(f.finalValLoss),
        formatLoss(f.bestValLoss),
        // A run that shared the machine (run --jobs N, the UI's parallel runs) ran slower than it would alone.
        run.record.overlappedWith?.length ? `${formatCount(f.tokensPerSec)} (overlapped)` : formatCount(f.tokensPerSec),
        formatMfu(f.mfu, f.peak),
        formatBytes(f.peakBytes),
        formatBytes(f.optimizerStateBytes),
        formatBytes(f.kvCacheBytesPerToken),
        formatDurationMs(f.wallMs),
      ],
    };
  });
}

/** The run the others are compared with: the experiment's base (empty label), else the first. */
export function findBaseRunIndex(runs: RunData[]): number {
  return Math.max(
    0,
    runs.findIndex((r) => r.record.label === ''),
  );
}

/** Runs that ended early, with why, and runs whose speed figures were measured beside other runs. */
export function listRunNotes(runs: RunData[]): string[] {
  return runs.flatMap(({ record }) => {
    const reason = record.summary?.reason;
    const overlapped = record.overlappedWith?.length
      ? [
          `${record.name}: overlapped with ${record.overlappedWith.join(', ')} (parallel runs); its speed figures are ` +
            'not comparable to solo runs',
        ]
      : [];
    if (record.status !== 'diverged' && record.status !== 'failed' && !reason) return overlapped;
    return [`${record.name} ${record.status}${reason ? `: ${reason}` : ''}`, ...overlapped];
  });
}

interface Measure {
  title: string;
  pick: (f: RunFigures, run: RunData) => number | null;
  format: (n: number | null) => string;
  compare: (value: number, base: number) => string;
  /** Only worth a line when runs differ (memory of identical models says nothing). */
  onlyIfVaried: boolean;
}

const byRatio = (value: number, base: number) => (base > 0 ? formatRatio(value / base) : '');
const byDelta = (value: number, base: number) => formatDelta(value - base);

const MEASURES: Measure[] = [
  { title: 'final val loss', pick: (f) => f.finalValLoss, format: formatLoss, compare: byDelta, onlyIfVaried: false },
  { title: 'best val loss', pick: (f) => f.bestValLoss, format: formatLoss, compare: byDelta, onlyIfVaried: false },
  {
    // Nats per token are not comparable across tokenizers; bits per byte of text are.
    title: 'val bits/byte',
    pick: (_, run) => run.record.summary?.valBitsPerByte ?? null,
    format: formatLoss,
    compare: byDelta,
    onlyIfVaried: false,
  },
  {
    title: 'final train loss',
    pick: (f) => f.finalTrainLoss,
    format: formatLoss,
    compare: byDelta,
    onlyIfVaried: false,
  },
  { title: 'median tokens/s', pick: (f) => f.tokensPerSec, format: formatCount, compare: byRatio, onlyIfVaried: false },
  { title: 'params', pick: (f) => f.params, format: formatCount, compare: byRatio, onlyIfVaried: true },
  { title: 'FLOPs/token', pick: (f) => f.flopsPerToken, format: formatFlops, compare: byRatio, onlyIfVaried: true },
  {
    title: 'optimizer state',
    pick: (f) => f.optimizerStateBytes,
    format: formatBytes,
    compare: byRatio,
    onlyIfVaried: true,
  },
  {
    title: 'KV cache per token',
    pick: (f) => f.kvCacheBytesPerToken,
    format: formatBytes,
    compare: byRatio,
    onlyIfVaried: true,
  },
  { title: 'peak memory', pick: (f) => f.peakBytes, format: formatBytes, compare: byRatio, onlyIfVaried: true },
];

/**
 * One line per measure: "final val loss: parallel 2.310 · serial 2.290 (−0.020)", each run after the base compared
 * with it (a difference for losses, a ratio for rates and sizes). Measures no run has are left out.
 */
export function describeMeasured(allRuns: RunData[]): string[] {
  if (allRuns.length === 0) return [];
  // Repeated runs: one line per run of the first seed; the verdicts (evidence.ts) pool every seed.
  const seeds = [...new Set(allRuns.map((r) => r.record.seed))].sort((a, b) => a - b);
  const repeated = seeds.length > 1 && groupUnits(allRuns).length < allRuns.length;
  const runs = repeated ? allRuns.filter((r) => r.record.seed === seeds[0]) : allRuns;
  const figures = runs.map(summarizeRun);
  const baseIndex = findBaseRunIndex(runs);
  const lines: string[] = [];
  for (const m of MEASURES) {
    const values = figures.map((f, i) => m.pick(f, runs[i]!));
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (known.length === 0) continue;
    if (m.onlyIfVaried && known.every((v) => v === known[0])) continue;
    const base = values[baseIndex] ?? null;
    const parts = runs.map((run, i) => {
      const v = values[i] ?? null;
      const vs =
        i !== baseIndex && v !== null && base !== null && Number.isFinite(v) && Number.isFinite(base)
          ? m.compare(v, base)
          : '';
      return `${run.record.name} ${m.format(v)}${vs ? ` (${vs})` : ''}`;
    });
    lines.push(`${m.title}: ${parts.join(' · ')}`);
  }
  if (runs.length > 1)
    lines.push(`compared with ${runs[baseIndex]!.record.name}: losses as differences, rates and sizes as ratios`);
  if (repeated) lines.push(`seed ${seeds[0]} of ${seeds.length} seeds; the verdicts pool every seed`);
  return lines;
}

export interface VariedKey {
  /** Short key name (model.* keys bare). */
  key: string;
  /** Formatted value per run. */
  values: string[];
}

/** The config keys on which runs disagree, in schema order, plus the seed when it differs. */
export function listVariedKeys(records: RunRecord[]): VariedKey[] {
  const flats = records.map((r) => ({ ...flattenConfig(r.config), seed: r.seed }));
  const keys = Object.keys(Object.assign({}, ...flats));
  return keys
    .filter((k) => flats.some((f) => f[k as keyof typeof f] !== flats[0]![k as keyof typeof f]))
    .map((k) => ({ key: shortenConfigKey(k), values: flats.map((f) => formatConfigValue(f[k as keyof typeof f])) }));
}
