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
import { variantIndexes, variantName } from './units';

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
  /** Nats above the best final loss from which a learning rate counts as unstable (the spec's instabilityMargin). */
  instabilityMargin?: number;
}

/** One variant's interleaved bench speed (core/bench/speeds.ts): median tokens/s over rounds, their IQR. */
export interface BenchSpeedEntry {
  tokensPerSec: number;
  iqr: [number, number];
  backend: string;
  /** tokens/s of each round, in the order timed: round r of every variant of one set ran back to back. */
  rounds?: number[];
  /** Which set of variants it was timed with (a ladder rung's): rounds pair only inside one set. */
  set?: number;
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

function formatMfu(mfu: number | null, peak: PeakFlops | null): string {
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
  // The CLI names a run after its variant (and rung); its seeds are told apart here. The UI's names carry the seed.
  const seeded = new Set(runs.map((r) => r.record.seed)).size > 1;
  const named = (name: string, seed: number) =>
    seeded && variantName(name) === name ? `${name} · seed ${seed}` : name;
  return runs.map((run) => {
    const f = summarizeRun(run);
    return {
      name: named(run.record.name, run.record.seed),
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

/** The mean of the finite values, or null when none is. */
function meanOfKnown(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/**
 * One line per measure: "final val loss: parallel 2.310 · serial 2.290 (−0.020)", each variant after the base
 * compared with it (a difference for losses, a ratio for rates and sizes). With seeds, each variant's value is its
 * mean over its seeds, named after the variant (not after one seed's run). Measures no run has are left out.
 */
export function describeMeasured(allRuns: RunData[]): string[] {
  if (allRuns.length === 0) return [];
  const seeds = new Set(allRuns.map((r) => r.record.seed));
  const indexes = variantIndexes(allRuns);
  const variants: RunData[][] = [];
  allRuns.forEach((r, i) => (variants[indexes[i]!] ??= []).push(r)); // one index per run
  const repeated = seeds.size > 1 && variants.length < allRuns.length;
  const groups = repeated ? variants : allRuns.map((r) => [r]);
  const names = groups.map((g) => (repeated ? variantName(g[0]!.record.name) : g[0]!.record.name)); // no empty group
  const figures = groups.map((g) => g.map((r) => [summarizeRun(r), r] as const));
  // Over a ladder each variant is compared with the base of its own rung: across sizes everything differs.
  const rungOf = (g: RunData[]) => g[0]!.record.rung?.index ?? -1;
  const baseOf = groups.map((g) => {
    const same = groups.map((h, j) => [h, j] as const).filter(([h]) => rungOf(h) === rungOf(g));
    return same[findBaseRunIndex(same.map(([h]) => h[0]!))]![1];
  });
  const laddered = new Set(groups.map(rungOf)).size > 1;
  const lines: string[] = [];
  for (const m of MEASURES) {
    const values = figures.map((g) => meanOfKnown(g.map(([f, r]) => m.pick(f, r))));
    const known = values.filter((v): v is number => v !== null);
    if (known.length === 0) continue;
    if (m.onlyIfVaried && known.every((v) => v === known[0])) continue;
    const parts = names.map((name, i) => {
      const [v, base] = [values[i] ?? null, values[baseOf[i]!] ?? null];
      const vs = i !== baseOf[i] && v !== null && base !== null ? m.compare(v, base) : '';
      return `${name} ${m.format(v)}${vs ? ` (${vs})` : ''}`;
    });
    lines.push(`${m.title}: ${parts.join(' · ')}`);
  }
  // A ladder run's name is "<variant> · <rung>": the comparison names the variant.
  const base = names[baseOf[0]!]!;
  if (groups.length > 1)
    lines.push(
      `compared with ${laddered ? `each rung's ${base.split(' · ')[0]}` : base}: losses as differences, rates and sizes as ratios`,
    );
  if (repeated) lines.push(`each the mean over its ${seeds.size} seeds; the verdicts pair the seeds`);
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

/**
 * What differs between the variants: one column per variant (the index of its first run), the keys on which they
 * disagree without the seed, and a row of each variant's seeds when any has several — a 3-seed ladder reads as a
 * column per variant and rung instead of one per run.
 */
export function listVariedKeysByVariant(runs: RunData[]): { columns: number[]; keys: VariedKey[] } {
  const variants = variantIndexes(runs);
  const columns = [...new Set(variants)].map((v) => variants.indexOf(v));
  const seeds = columns.map((_, v) => runs.filter((__, i) => variants[i] === v).map((r) => r.record.seed));
  const keys = listVariedKeys(columns.map((i) => runs[i]!.record)).filter(
    (k) => k.key !== 'seed' && k.key !== 'train.seed',
  );
  if (seeds.some((s) => s.length > 1)) keys.push({ key: 'seeds', values: seeds.map((s) => s.join(', ')) });
  return { columns, keys };
}
