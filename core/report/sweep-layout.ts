// Where a sweep's marks go (pure geometry in pixels, for the UI's SVG and the report's alike): final val loss vs a
// single swept key (a line per variant through its means, the 95% band, each seed's dot, and diverged runs as
// marks in a strip above the plot), or parallel coordinates for two or more keys (an axis per key and one for the
// loss, a polyline per run). Colours are the caller's: marks carry their variant's index.
import { formatConfigValue, type ConfigLeaf } from '../config/labels';
import { formatSignificant } from './format';
import { createLinearScale, type Scale } from './scale';
import type { SweepAxis, SweepPlot } from './sweep';

export interface Tick {
  px: number;
  label: string;
}

/** A point mark: its variant (for the colour), where it goes, and what it says on hover. */
export interface SweepMark {
  variant: number;
  x: number;
  y: number;
  title: string;
}

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface CurveLayout {
  kind: 'curve';
  width: number;
  height: number;
  plot: PlotBox;
  /** The middle of the strip above the plot where diverged runs sit. */
  divergedY: number;
  xTitle: string;
  xTicks: Tick[];
  yTicks: Tick[];
  /** Per variant, its 95% band (a polygon per stretch of ≥ 2 seeds) and its line through the means (SVG paths). */
  bands: { variant: number; d: string }[];
  lines: { variant: number; d: string }[];
  means: SweepMark[];
  seeds: SweepMark[];
  diverged: (SweepMark & { count: number })[];
}

export interface ParallelLayout {
  kind: 'parallel';
  width: number;
  height: number;
  top: number;
  bottom: number;
  divergedY: number;
  /** The swept keys' axes, then the final val loss'; tick labels on the side the lines do not leave from (the loss
   *  axis: the right). */
  axes: { x: number; title: string; ticks: Tick[]; labelSide: 'left' | 'right' }[];
  lines: { variant: number; d: string; title: string; diverged: boolean }[];
}

export type SweepLayout = CurveLayout | ParallelLayout;

export const LOSS_TITLE = 'final val loss (nats)';
/** Height of the strip above the plot that holds diverged runs, and the gap below it (the top tick's label). */
const DIVERGED_STRIP = 22;
const STRIP_GAP = 10;
/** Diverged marks of variants at one value sit side by side, this far apart. */
const MARK_SPREAD_PX = 14;
/** Ticks of a swept axis: its values, thinned to about this many. */
const MAX_VALUE_TICKS = 8;
/** A swept axis leaves this share of its length empty at each end, so no point sits on the frame. */
const PAD = 0.06;

/** Pixels to a tenth: enough for a screen, short in an SVG file. */
const round1 = (n: number) => Math.round(n * 10) / 10;
const fmt = (n: number) => String(round1(n));
const tickLabel = (v: ConfigLeaf) => (typeof v === 'number' ? formatSignificant(v) : formatConfigValue(v));

/** A swept value's place along [from, to]: log or linear in the value for numbers, evenly spaced otherwise. */
export function placeOnAxis(axis: SweepAxis, value: ConfigLeaf, from: number, to: number): number {
  const k = axis.values.indexOf(value);
  const n = axis.values.length;
  let t: number;
  if (n < 2) t = 0.5;
  else if (!axis.numeric) t = k / (n - 1);
  else {
    const f = (v: number) => (axis.log ? Math.log10(v) : v);
    const [lo, hi] = [f(axis.values[0] as number), f(axis.values[n - 1] as number)];
    t = (f(value as number) - lo) / (hi - lo);
  }
  return round1(from + (PAD + (1 - 2 * PAD) * t) * (to - from));
}

/** An axis' ticks at its values (every k-th when there are many, the last always kept). */
function valueTicks(axis: SweepAxis, from: number, to: number): Tick[] {
  const every = Math.ceil(axis.values.length / MAX_VALUE_TICKS);
  return axis.values
    .filter((_, k) => k % every === 0 || k === axis.values.length - 1)
    .map((v) => ({ px: placeOnAxis(axis, v, from, to), label: tickLabel(v) }));
}

/** The loss scale over every finite loss, mean and interval edge drawn; without any (every run diverged), a unit
 *  range with no ticks, as nothing sits on it. */
function lossScale(values: readonly number[], bottom: number, top: number): Scale {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { ...createLinearScale(0, 1, [bottom, top], 5), ticks: [] };
  return createLinearScale(Math.min(...finite), Math.max(...finite), [bottom, top], 5);
}

/** A path through points, broken at nulls. */
function pathThrough(points: readonly ([number, number] | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) pen = false;
    else {
      d += `${pen ? 'L' : 'M'}${fmt(p[0])} ${fmt(p[1])}`;
      pen = true;
    }
  }
  return d;
}

/** Polygons along the lower edge and back along the upper, one per stretch where both exist. */
function bandThrough(points: readonly ({ x: number; lo: number; hi: number } | null)[]): string {
  let d = '';
  for (let start = 0; start < points.length;) {
    let end = start;
    while (end < points.length && points[end]) end++;
    if (end - start >= 2) {
      const stretch = points.slice(start, end) as { x: number; lo: number; hi: number }[];
      d += stretch.map((p, i) => `${i ? 'L' : 'M'}${fmt(p.x)} ${fmt(p.lo)}`).join('');
      d +=
        stretch
          .reverse()
          .map((p) => `L${fmt(p.x)} ${fmt(p.hi)}`)
          .join('') + 'Z';
    }
    start = end + 1;
  }
  return d;
}

const describeValue = (axis: SweepAxis, v: ConfigLeaf) => `${axis.key} = ${tickLabel(v)}`;

/** Final val loss vs the one swept key: a line per variant through its means, with band, seed dots and diverged. */
export function layoutCurve(plot: SweepPlot, width: number, height: number): CurveLayout {
  const axis = plot.axes[0]!; // a curve is drawn for one swept key
  const top = 30 + DIVERGED_STRIP + STRIP_GAP;
  const box: PlotBox = { left: 62, top, width: width - 62 - 16, height: height - top - 44 };
  const [x0, x1] = [box.left, box.left + box.width];
  const bottom = box.top + box.height;
  const losses = plot.runs.flatMap((r) => (r.finalValLoss === null ? [] : [r.finalValLoss]));
  const edges = plot.variants.flatMap((v) => v.curve.flatMap((p) => [p.mean ?? NaN, p.lo ?? NaN, p.hi ?? NaN]));
  const sy = lossScale([...losses, ...edges], bottom, box.top);
  const sx = (v: ConfigLeaf) => placeOnAxis(axis, v, x0, x1);
  const divergedY = box.top - STRIP_GAP - DIVERGED_STRIP / 2;
  const spread = (k: number) => (k - (plot.variants.length - 1) / 2) * MARK_SPREAD_PX;
  const layout: CurveLayout = {
    kind: 'curve',
    width,
    height,
    plot: box,
    divergedY,
    xTitle: `${axis.key}${axis.log ? ' (log scale)' : ''}`,
    xTicks: valueTicks(axis, x0, x1),
    yTicks: sy.ticks.map((t) => ({ px: round1(sy.map(t)), label: formatSignificant(t) })),
    bands: [],
    lines: [],
    means: [],
    seeds: [],
    diverged: [],
  };
  plot.variants.forEach((v, k) => {
    const at = (i: number) => sx(axis.values[i]!);
    const band = bandThrough(
      v.curve.map((p) => (p.lo === undefined ? null : { x: at(p.at), lo: sy.map(p.lo), hi: sy.map(p.hi!) })),
    );
    if (band) layout.bands.push({ variant: k, d: band });
    const line = pathThrough(v.curve.map((p) => (p.mean === null ? null : [at(p.at), sy.map(p.mean)])));
    if (line) layout.lines.push({ variant: k, d: line });
    for (const p of v.curve) {
      const where = `${v.name}, ${describeValue(axis, axis.values[p.at]!)}`;
      if (p.mean !== null) {
        const interval = p.lo === undefined ? '' : ` [${formatSignificant(p.lo, 4)}, ${formatSignificant(p.hi!, 4)}]`;
        const title = `${where}: ${formatSignificant(p.mean, 4)}${interval}, N = ${p.n}`;
        layout.means.push({ variant: k, x: at(p.at), y: round1(sy.map(p.mean)), title });
      }
      if (p.diverged > 0) {
        const title = `${where}: ${p.diverged} of ${p.n + p.diverged} seed${p.n + p.diverged === 1 ? '' : 's'} diverged`;
        layout.diverged.push({ variant: k, x: at(p.at) + spread(k), y: divergedY, title, count: p.diverged });
      }
    }
  });
  for (const r of plot.runs) {
    if (r.finalValLoss === null) continue;
    const title = `${plot.variants[r.variant]!.name} · seed ${r.seed}, ${describeValue(axis, r.point[0])}: ${formatSignificant(r.finalValLoss, 4)}`;
    layout.seeds.push({ variant: r.variant, x: sx(r.point[0]), y: round1(sy.map(r.finalValLoss)), title });
  }
  return layout;
}

/** Parallel coordinates: an axis per swept key, then the final val loss; a polyline per run. */
export function layoutParallel(plot: SweepPlot, width: number, height: number): ParallelLayout {
  const top = 30 + DIVERGED_STRIP + STRIP_GAP;
  const bottom = height - 40;
  const [left, right] = [70, width - 70];
  const step = (right - left) / plot.axes.length;
  const xs = [...plot.axes.map((_, a) => round1(left + a * step)), right];
  const losses = plot.runs.flatMap((r) => (r.finalValLoss === null ? [] : [r.finalValLoss]));
  const sy = lossScale(losses, bottom, top);
  const divergedY = top - STRIP_GAP - DIVERGED_STRIP / 2;
  const axes = [
    ...plot.axes.map((axis, a) => ({
      x: xs[a]!,
      title: `${axis.key}${axis.log ? ' (log)' : ''}`,
      ticks: valueTicks(axis, bottom, top),
      labelSide: 'left' as const,
    })),
    {
      x: right,
      title: LOSS_TITLE,
      ticks: sy.ticks.map((t) => ({ px: round1(sy.map(t)), label: formatSignificant(t) })),
      labelSide: 'right' as const,
    },
  ];
  const lines = plot.runs.map((r) => {
    const ys = plot.axes.map((axis, a) => placeOnAxis(axis, r.point[a], bottom, top));
    const lossY = r.finalValLoss === null ? divergedY : sy.map(r.finalValLoss);
    const point = plot.axes.map((axis, a) => describeValue(axis, r.point[a])).join(', ');
    const outcome = r.finalValLoss === null ? 'diverged' : formatSignificant(r.finalValLoss, 4);
    return {
      variant: r.variant,
      d: pathThrough([...ys.map((y, a): [number, number] => [xs[a]!, y]), [right, lossY]]),
      title: `${plot.variants[r.variant]!.name} · seed ${r.seed}: ${point}: ${outcome}`,
      diverged: r.diverged,
    };
  });
  return { kind: 'parallel', width, height, top, bottom, divergedY, axes, lines };
}

/** The layout a sweep gets: a loss-vs-key curve for one swept key, parallel coordinates for more. */
export function layoutSweep(plot: SweepPlot, width: number, height: number): SweepLayout {
  return plot.axes.length === 1 ? layoutCurve(plot, width, height) : layoutParallel(plot, width, height);
}
