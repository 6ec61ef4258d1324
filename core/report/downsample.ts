// Thinning a line for drawing (the report's SVG charts; CSV and JSON keep every point): M4 aggregation (Jugel et al.
// 2014, "M4: a visualization-oriented time series data aggregation"): per pixel column, the first, lowest, highest
// and last point, in their order, draw the same polyline as every point does, at most 4 points per column.

/** [x, y] in data units; a non-finite one is a gap in the line. */
export type Point = readonly [number, number];

/** The smallest and largest finite value of a list, by a loop (a spread over a million values overflows the stack). */
export function findExtent(values: Iterable<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/**
 * The points to draw of the line (xAt(0), yAt(0)), …, (xAt(length − 1), yAt(length − 1)) over `columns` pixel
 * columns spanning its own x range: at most four per column per stretch between gaps, and one gap ([NaN, NaN]) per
 * run of missing points. A chart whose x axis spans more than the line has wider columns, so the line still draws as
 * with every point. Values are read by index, so a million points are never held as a million pairs.
 */
export function thinLine(
  length: number,
  xAt: (i: number) => number,
  yAt: (i: number) => number,
  columns: number,
): Point[] {
  if (length <= 4 * columns) return Array.from({ length }, (_, i): Point => [xAt(i), yAt(i)]);
  const out: Point[] = [];
  walkThin(length, xAt, yAt, columns, (i) => {
    if (i >= 0) out.push([xAt(i), yAt(i)]);
    else if (out.length && Number.isFinite(out.at(-1)![0])) out.push([Number.NaN, Number.NaN]); // one gap per run
  });
  return out;
}

/** The indices thinLine keeps of a line's finite points, ascending (gaps left out): every index when it is short. */
export function thinIndexes(
  length: number,
  xAt: (i: number) => number,
  yAt: (i: number) => number,
  columns: number,
): number[] {
  const out: number[] = [];
  if (length <= 4 * columns) {
    for (let i = 0; i < length; i++) if (Number.isFinite(xAt(i)) && Number.isFinite(yAt(i))) out.push(i);
    return out;
  }
  walkThin(length, xAt, yAt, columns, (i) => {
    if (i >= 0) out.push(i);
  });
  return out;
}

/** M4 over `columns` columns spanning the line's finite x range: emits each kept index in order, and −1 at each
 *  missing point (the caller collapses a run of them into one gap). */
function walkThin(
  length: number,
  xAt: (i: number) => number,
  yAt: (i: number) => number,
  columns: number,
  emit: (i: number) => void,
): void {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (let i = 0; i < length; i++) {
    const x = xAt(i);
    if (!Number.isFinite(yAt(i)) || !Number.isFinite(x)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
  }
  const scale = columns / (x1 - x0 || 1);
  let column: number[] = []; // indices of the current column's points
  let columnIndex = -1;
  const flush = () => {
    for (const i of pickColumn(column, yAt)) emit(i);
    column = [];
  };
  for (let i = 0; i < length; i++) {
    const x = xAt(i);
    if (!Number.isFinite(x) || !Number.isFinite(yAt(i))) {
      flush();
      emit(-1);
      columnIndex = -1;
      continue;
    }
    const c = Math.min(columns - 1, Math.floor((x - x0) * scale));
    if (c !== columnIndex) {
      flush();
      columnIndex = c;
    }
    column.push(i);
  }
  flush();
}

/** Of one column's point indices, in their order: the first, the lowest, the highest and the last, without repeats. */
function pickColumn(column: number[], yAt: (i: number) => number): number[] {
  if (column.length <= 4) return column;
  let lo = column[0]!;
  let hi = column[0]!;
  for (const i of column) {
    if (yAt(i) < yAt(lo)) lo = i;
    if (yAt(i) > yAt(hi)) hi = i;
  }
  return [...new Set([column[0]!, lo, hi, column.at(-1)!])].sort((a, b) => a - b);
}
