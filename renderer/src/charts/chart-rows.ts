// Turns each run's raw series into the rows one recharts LineChart draws: the smoothed line and the raw line per
// run, on exact x values while they are few, on a shared min/max grid once they are many (drawing stays smooth).
import { downsampleMinMax, listGridXs, type Grid, type XY } from './downsample';
import { smoothTwema } from './smoothing';

export interface Series {
  key: string;
  points: readonly XY[];
  /** Smoothed already (a seed group's mean or band, from its seeds' smoothed lines): one per point. */
  smoothed?: readonly XY[];
}

/** One chart row: x plus, per run key k, `raw:k` and `smooth:k` (absent where the run has no value). */
export type ChartRow = { x: number } & Record<string, number | undefined>;

export const rawKey = (key: string) => `raw:${key}`;
export const smoothKey = (key: string) => `smooth:${key}`;

/** Below this many distinct x values, every point is drawn where it is. */
export const DEFAULT_BUCKETS = 300;

export function smoothSeries(points: readonly XY[], weight: number): XY[] {
  const ys = smoothTwema(
    points.map((p) => p.x),
    points.map((p) => p.y),
    weight,
  );
  return points.map((p, i) => ({ x: p.x, y: ys[i]! }));
}

function buildExactRows(series: Series[], smoothed: XY[][]): ChartRow[] {
  const byX = new Map<number, ChartRow>();
  const rowAt = (x: number) => {
    let row = byX.get(x);
    if (!row) byX.set(x, (row = { x } as ChartRow));
    return row;
  };
  series.forEach((s, i) => {
    s.points.forEach((p, j) => {
      const row = rowAt(p.x);
      row[rawKey(s.key)] = p.y;
      row[smoothKey(s.key)] = smoothed[i]![j]!.y; // one smoothed point per point
    });
  });
  return [...byX.values()].sort((a, b) => a.x - b.x);
}

function buildGridRows(series: Series[], smoothed: XY[][], buckets: number): ChartRow[] {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const s of series) {
    if (s.points.length === 0) continue;
    x0 = Math.min(x0, s.points[0]!.x);
    x1 = Math.max(x1, s.points[s.points.length - 1]!.x);
  }
  const grid: Grid = { x0, x1, buckets };
  const rows: ChartRow[] = listGridXs(grid).map((x) => ({ x }) as ChartRow);
  series.forEach((s, i) => {
    const raw = downsampleMinMax(s.points, grid);
    const smooth = downsampleMinMax(smoothed[i]!, grid);
    // One value per grid bucket, as many as rows.
    raw.forEach((y, r) => (rows[r]![rawKey(s.key)] = y));
    smooth.forEach((y, r) => (rows[r]![smoothKey(s.key)] = y));
  });
  return rows.filter((row) => Object.keys(row).length > 1);
}

/** Rows for a chart of several runs; points of each series must be sorted by x. */
export function buildChartRows(series: Series[], smoothingWeight: number, buckets = DEFAULT_BUCKETS): ChartRow[] {
  const smoothed = series.map((s) => (s.smoothed ? [...s.smoothed] : smoothSeries(s.points, smoothingWeight)));
  const distinct = new Set(series.flatMap((s) => s.points.map((p) => p.x))).size;
  return distinct <= 2 * buckets ? buildExactRows(series, smoothed) : buildGridRows(series, smoothed, buckets);
}

/** Each run's value at x: the nearest row at or before x where it has one (runs log at different x). */
export function readValuesAt(
  rows: readonly ChartRow[],
  keys: readonly string[],
  x: number,
): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const key of keys) {
    for (let r = rows.length - 1; r >= 0; r--) {
      const row = rows[r]!;
      const v = row[key];
      if (row.x <= x && v !== undefined) {
        out[key] = v;
        break;
      }
    }
  }
  return out;
}
