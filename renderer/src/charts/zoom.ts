// What a chart shows of its rows (pure): "zoom to the last x%" of the x range, then, within it, an x-range dragged
// across the plot. The y axis is fitted to the rows shown (chart-axes.ts reads only those), so a small effect late
// in training is not flattened by the first steps' loss.
import type { ChartRow } from './chart-rows';

/** An x-range in data units, from ≤ to. */
export interface XRange {
  from: number;
  to: number;
}

/** A drag narrower than this share of the shown x range is a click, not a zoom. */
const MIN_DRAG_SHARE = 0.005;

/** The x-range a drag from `start` to `end` selects (either direction), or null when it is a click: an end is
 *  missing (the pointer left the plot) or the two are within MIN_DRAG_SHARE of the shown range. */
export function dragRange(start: number | undefined, end: number | undefined, shown: XRange): XRange | null {
  if (start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end)) return null;
  const range = { from: Math.min(start, end), to: Math.max(start, end) };
  return range.to - range.from <= (shown.to - shown.from) * MIN_DRAG_SHARE ? null : range;
}

/** The x-range of rows in x order; null for none. */
export function rowsXRange(rows: readonly ChartRow[]): XRange | null {
  return rows.length ? { from: rows[0]!.x, to: rows.at(-1)!.x } : null; // rows are in x order
}

/** The rows from the last `share` of the x range on (all for share 1), then those inside `range` if one is set. */
export function zoomRows(rows: ChartRow[], share: number, range: XRange | null): ChartRow[] {
  let out = rows;
  const all = rowsXRange(rows);
  if (share < 1 && all) {
    const from = all.from + (all.to - all.from) * (1 - share);
    out = out.filter((r) => r.x >= from);
  }
  return range ? out.filter((r) => r.x >= range.from && r.x <= range.to) : out;
}

/** The x axis' span: the dragged range if any (the axis shows what was selected, even where no row sits at its
 *  edges), else the shown rows'. */
export function shownXRange(rows: readonly ChartRow[], range: XRange | null): XRange | null {
  return range ?? rowsXRange(rows);
}
