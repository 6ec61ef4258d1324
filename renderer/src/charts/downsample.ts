// Downsampling for drawing (the store keeps every point): min/max per bucket on a grid shared by all runs, so
// spikes survive, the line keeps its shape, and runs line up on the same x rows for the hover tooltip.

export interface XY {
  x: number;
  y: number;
}

export interface Grid {
  x0: number;
  x1: number;
  buckets: number;
}

/** Index of a bucket on the grid; x1 falls in the last bucket. */
function findBucket(grid: Grid, x: number): number {
  const span = grid.x1 - grid.x0;
  if (span <= 0) return 0;
  return Math.min(grid.buckets - 1, Math.max(0, Math.floor(((x - grid.x0) / span) * grid.buckets)));
}

/**
 * Per bucket, the minimum and maximum point (by y) in their x order, placed at the bucket's 1/3 and 2/3 marks
 * (slot 0 and slot 1). Returns, per slot row (bucket·2 + slot), the y value or undefined where the series has none.
 * Non-finite y values are skipped.
 */
export function downsampleMinMax(points: readonly XY[], grid: Grid): (number | undefined)[] {
  const lo: (XY | undefined)[] = new Array(grid.buckets);
  const hi: (XY | undefined)[] = new Array(grid.buckets);
  for (const p of points) {
    if (!Number.isFinite(p.y)) continue;
    const b = findBucket(grid, p.x);
    if (!lo[b] || p.y < lo[b].y) lo[b] = p;
    if (!hi[b] || p.y > hi[b].y) hi[b] = p;
  }
  const rows: (number | undefined)[] = new Array(grid.buckets * 2).fill(undefined);
  for (let b = 0; b < grid.buckets; b++) {
    const a = lo[b];
    const c = hi[b];
    if (!a || !c) continue;
    const [first, second] = a.x <= c.x ? [a, c] : [c, a];
    rows[2 * b] = first.y;
    rows[2 * b + 1] = second.y;
  }
  return rows;
}

/** The x of each slot row: the bucket's 1/3 and 2/3 marks. */
export function listGridXs(grid: Grid): number[] {
  const w = (grid.x1 - grid.x0) / grid.buckets;
  const xs: number[] = [];
  for (let b = 0; b < grid.buckets; b++) xs.push(grid.x0 + w * (b + 1 / 3), grid.x0 + w * (b + 2 / 3));
  return xs;
}
