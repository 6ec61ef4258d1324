// What a chart shows of its rows: "zoom to the last x%", a dragged x-range within it, and the y extent of what is shown.
import { describe, expect, it } from 'vitest';
import { findRowsExtent } from '../renderer/src/charts/chart-axes';
import type { ChartRow } from '../renderer/src/charts/chart-rows';
import { dragRange, shownXRange, zoomRows } from '../renderer/src/charts/zoom';

/** Loss 10 / (1 + x) at x = 0..100: the first steps' loss dwarfs the rest. */
const rows: ChartRow[] = Array.from({ length: 101 }, (_, x) => ({ x, 'smooth:a': 10 / (1 + x) }));

describe('dragRange', () => {
  it('orders the ends of a drag in either direction', () => {
    expect(dragRange(60, 20, { from: 0, to: 100 })).toEqual({ from: 20, to: 60 });
    expect(dragRange(20, 60, { from: 0, to: 100 })).toEqual({ from: 20, to: 60 });
  });

  it('treats a click, a drag of under 0.5% of the shown range or a missing end as no zoom', () => {
    expect(dragRange(30, 30, { from: 0, to: 100 })).toBeNull();
    expect(dragRange(30, 30.4, { from: 0, to: 100 })).toBeNull();
    expect(dragRange(30, 30.6, { from: 0, to: 100 })).toEqual({ from: 30, to: 30.6 });
    expect(dragRange(30, undefined, { from: 0, to: 100 })).toBeNull();
    expect(dragRange(Number.NaN, 40, { from: 0, to: 100 })).toBeNull();
  });
});

describe('zoomRows', () => {
  it('shows every row with neither zoom', () => {
    expect(zoomRows(rows, 1, null)).toBe(rows);
  });

  it('keeps the last x% of the x range', () => {
    const last = zoomRows(rows, 0.25, null);
    expect(last.map((r) => r.x)).toEqual(Array.from({ length: 26 }, (_, i) => 75 + i));
  });

  it('keeps a dragged range, inclusive, and fits the y extent to it', () => {
    const shown = zoomRows(rows, 1, { from: 9, to: 19 });
    expect(shown.map((r) => r.x)).toEqual(Array.from({ length: 11 }, (_, i) => 9 + i));
    expect(findRowsExtent(shown)).toEqual({ min: 10 / 20, max: 10 / 10 });
    expect(findRowsExtent(rows)).toEqual({ min: 10 / 101, max: 10 });
  });

  it('applies a dragged range inside the last x%: both together show their overlap', () => {
    const shown = zoomRows(rows, 0.5, { from: 40, to: 60 });
    expect(shown.map((r) => r.x)).toEqual(Array.from({ length: 11 }, (_, i) => 50 + i));
  });

  it('shows nothing for a range between rows, and nothing of no rows', () => {
    expect(zoomRows(rows, 1, { from: 10.2, to: 10.8 })).toEqual([]);
    expect(zoomRows([], 0.5, { from: 0, to: 1 })).toEqual([]);
  });
});

describe('shownXRange', () => {
  it('spans the dragged range when there is one, else the shown rows', () => {
    expect(shownXRange(rows, { from: 9.5, to: 19.5 })).toEqual({ from: 9.5, to: 19.5 });
    expect(shownXRange(zoomRows(rows, 0.25, null), null)).toEqual({ from: 75, to: 100 });
    expect(shownXRange([], null)).toBeNull();
  });
});
