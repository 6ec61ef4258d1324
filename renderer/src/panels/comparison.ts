// The comparison table's data (pure): one row per run from its summary (or its metrics while it trains), sorted
// by any column, each cell compared with a baseline run — losses as differences, rates and sizes as ratios.
import {
  formatBytes,
  formatCount,
  formatDelta,
  formatDurationMs,
  formatFlops,
  formatLoss,
  formatPercent,
  formatRatio,
  formatSignificant,
  summarizeRun,
  type RunFigures,
} from '../../../core/report';
import type { RunData } from '../../../core/record';

export interface Column {
  id: keyof RunFigures;
  title: string;
  format(n: number | null): string;
  compare: 'delta' | 'ratio';
}

export const COLUMNS: Column[] = [
  { id: 'params', title: 'Params', format: formatCount, compare: 'ratio' },
  { id: 'flopsPerToken', title: 'FLOPs/token', format: formatFlops, compare: 'ratio' },
  { id: 'finalTrainLoss', title: 'Final train loss', format: formatLoss, compare: 'delta' },
  { id: 'finalValLoss', title: 'Final val loss', format: formatLoss, compare: 'delta' },
  { id: 'bestValLoss', title: 'Best val loss', format: formatLoss, compare: 'delta' },
  { id: 'tokensPerSec', title: 'Tokens/s', format: formatCount, compare: 'ratio' },
  {
    id: 'mfu',
    title: 'MFU',
    format: (n) => (n === null ? formatPercent(n) : `${formatSignificant(n * 100)}%`),
    compare: 'ratio',
  },
  { id: 'peakBytes', title: 'Peak memory', format: formatBytes, compare: 'ratio' },
  { id: 'optimizerStateBytes', title: 'Optimizer state', format: formatBytes, compare: 'ratio' },
  { id: 'kvCacheBytesPerToken', title: 'KV cache/token', format: formatBytes, compare: 'ratio' },
  { id: 'wallMs', title: 'Wall time', format: formatDurationMs, compare: 'ratio' },
];

export interface ComparisonRow {
  id: string;
  name: string;
  label: string;
  status: string;
  values: Record<string, number | null>;
  /** What the MFU is against (calibrated or nominal peak); null while no summary says. */
  mfuPeak: 'calibrated' | 'nominal' | null;
  /** The runs it trained beside (parallel runs): its speed is not a solo figure. Empty when it trained alone. */
  overlappedWith: string[];
}

export function buildComparisonRows(runs: RunData[]): ComparisonRow[] {
  return runs.map((run) => {
    const f = summarizeRun(run);
    return {
      id: run.record.id,
      name: run.record.name,
      label: run.record.label,
      status: run.record.status,
      mfuPeak: f.peak ? f.peak.source : null,
      overlappedWith: run.record.overlappedWith ?? [],
      values: Object.fromEntries(
        COLUMNS.map((c) => [
          c.id,
          typeof f[c.id] === 'number' && Number.isFinite(f[c.id]) ? (f[c.id] as number) : null,
        ]),
      ),
    };
  });
}

export type SortKey = 'name' | Column['id'];

/** Sorted copy; unknown values go last whichever the direction. */
export function sortRows(rows: ComparisonRow[], key: SortKey, ascending: boolean): ComparisonRow[] {
  const sign = ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * a.name.localeCompare(b.name);
    const x = a.values[key] ?? null;
    const y = b.values[key] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
}

/** "−0.020" or "×1.05" against the baseline's value; "" when equal (or for the baseline itself) or unknown. */
export function describeDifference(column: Column, value: number | null, base: number | null): string {
  if (value === null || base === null || value === base) return '';
  if (column.compare === 'delta') return formatDelta(value - base);
  return base > 0 ? formatRatio(value / base) : '';
}
