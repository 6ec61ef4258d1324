// Small self-contained SVG charts for reports (no chart library: the report must be one offline file):
// line charts with axes, ticks, gridlines and a legend, and horizontal bar charts. Colours: Okabe–Ito.
import { escapeHtml } from './escape';
import { findExtent, thinIndexes, thinLine, type Point } from './downsample';
import { createLinearScale, createLogScale, type Scale } from './scale';

/** Okabe & Ito (2008), colour-blind safe; ordered for contrast on white (yellow last). */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

export function pickColour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

export interface LineSeries {
  colour: string;
  /** [x, y] in data units; non-finite points (and non-positive ones on a log axis) are gaps. Drawn thinned. */
  points: readonly Point[];
  dashed?: boolean;
  markers?: boolean;
}

/** A shaded 95% band, read by index (a million steps are never held as pairs): at step i its x and its lower and
 *  upper edge; a non-finite value is a gap. Drawn thinned. */
export interface BandSeries {
  colour: string;
  length: number;
  x: (i: number) => number;
  lo: (i: number) => number;
  hi: (i: number) => number;
}

export interface LegendEntry {
  label: string;
  colour: string;
  dashed?: boolean;
  markers?: boolean;
}

export interface LineChartSpec {
  /** Unique within the page: names the clip path. */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Drawn under the lines, each a translucent polygon per stretch between gaps. */
  bands?: BandSeries[];
  legend: LegendEntry[];
  logY?: boolean;
  /** A log10 x axis (learning rates): x ≤ 0 is a gap. */
  logX?: boolean;
  /** Cap the y axis (a diverged run's loss would flatten every other curve); lines above it are clipped. */
  yMax?: number;
  formatX?: (n: number) => string;
  formatY?: (n: number) => string;
}

export interface BarChartSpec {
  title: string;
  xLabel: string;
  bars: { label: string; colour: string; value: number | null }[];
  formatValue: (n: number) => string;
  /** Ticks at round multiples of a power of 1024 (for bytes) instead of 1000. */
  binary?: boolean;
}

export const WIDTH = 560;
/** The pixel columns of a line chart's plot (its width less the margins): lines are thinned to these. */
export const PLOT_COLUMNS = 482;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
/** A generous width of a 12px sans-serif character (wide glyphs like "m" and "<" included): lays out legends and
 *  bar labels without measuring text, and without clipping them. */
const CHAR_PX = 7.2;

const fmt = (n: number) => String(Number(n.toFixed(1)));

export function openSvg(height: number, title: string): string {
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}" ${FONT} font-size="12">` +
    `<title>${escapeHtml(title)}</title>` +
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600" fill="#222">${escapeHtml(title)}</text>`
  );
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** Legend entries flow left to right and wrap; returns the markup and the height it takes. */
export function renderLegend(
  entries: LegendEntry[],
  top: number,
  left: number,
  right: number,
): { svg: string; height: number } {
  const rowPx = 18;
  let x = left;
  let y = top;
  let svg = '';
  for (const e of entries) {
    const label = truncate(e.label, 40);
    const w = 30 + label.length * CHAR_PX + 14;
    if (x + w > right && x > left) {
      x = left;
      y += rowPx;
    }
    const dash = e.dashed ? ' stroke-dasharray="5 3"' : '';
    svg += `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${e.colour}" stroke-width="2"${dash}/>`;
    if (e.markers) svg += `<circle cx="${x + 12}" cy="${y}" r="3" fill="${e.colour}"/>`;
    svg += `<text x="${x + 30}" y="${y + 4}" fill="#333">${escapeHtml(label)}</text>`;
    x += w;
  }
  return { svg, height: entries.length ? y - top + rowPx : 0 };
}

const isDrawn = ([x, y]: Point) => Number.isFinite(x) && Number.isFinite(y);

interface ThinBand {
  lo: Point[];
  hi: Point[];
}

/** A band's edges thinned for drawing: the indices thinLine keeps of either edge (so both edges share their steps),
 *  and the first index of each run of missing ones (a gap between two stretches of the band). */
function thinBand(band: BandSeries): ThinBand {
  const keep = new Uint8Array(band.length);
  for (const edge of [band.lo, band.hi])
    for (const i of thinIndexes(band.length, band.x, edge, PLOT_COLUMNS)) keep[i] = 1;
  const at = (i: number) => ({ lo: [band.x(i), band.lo(i)] as const, hi: [band.x(i), band.hi(i)] as const });
  const lo: Point[] = [];
  const hi: Point[] = [];
  let wasMissing = false;
  for (let i = 0; i < band.length; i++) {
    const p = at(i);
    const missing = !isDrawn(p.lo) || !isDrawn(p.hi);
    if (missing ? !wasMissing : keep[i]) {
      lo.push(p.lo);
      hi.push(p.hi);
    }
    wasMissing = missing;
  }
  return { lo, hi };
}

/** Path segments broken where a point is missing. */
function linePath(points: readonly Point[], sx: Scale, sy: Scale, logY: boolean): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y) || (logY && y <= 0)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${fmt(sx.map(x))} ${fmt(sy.map(y))}`;
    pen = true;
  }
  return d;
}

/** The stretches of a band where both edges are finite: [start, end) index pairs. */
function bandStretches(lo: readonly Point[], hi: readonly Point[]): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= lo.length; i++) {
    const inside = i < lo.length && isDrawn(lo[i]!) && isDrawn(hi[i]!);
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** One polygon per stretch: along the lower edge, back along the upper one. On a log axis an edge at or below zero
 *  sits at the axis' bottom (the interval reaches below what the axis can show). */
function bandPath(band: ThinBand, sx: Scale, sy: Scale, logY: boolean, bottom: number): string {
  const py = (y: number) => (logY && y <= 0 ? bottom : sy.map(y));
  let d = '';
  for (const [start, end] of bandStretches(band.lo, band.hi)) {
    for (let i = start; i < end; i++)
      d += `${i === start ? 'M' : 'L'}${fmt(sx.map(band.lo[i]![0]))} ${fmt(py(band.lo[i]![1]))}`;
    for (let i = end - 1; i >= start; i--) d += `L${fmt(sx.map(band.hi[i]![0]))} ${fmt(py(band.hi[i]![1]))}`;
    d += 'Z';
  }
  return d;
}

function emptyPlot(left: number, top: number, w: number, h: number): string {
  return (
    `<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="#fafafa" stroke="#ddd"/>` +
    `<text x="${left + w / 2}" y="${top + h / 2}" text-anchor="middle" fill="#888">no data</text>`
  );
}

/** A log10 x axis over values already in log10 (lines are thinned there, where pixel columns are equal): ticks at
 *  1, 2, 5 × 10^k, mapped and labelled from their log. */
function createLogXScale(log0: number, log1: number, range: [number, number]): Scale {
  const s = createLogScale(10 ** log0, 10 ** log1, range, 6);
  return { map: (v) => s.map(10 ** v), ticks: s.ticks.map(Math.log10), domain: s.domain };
}

export function renderLineChart(spec: LineChartSpec): string {
  const logY = spec.logY ?? false;
  const logX = spec.logX ?? false;
  const toX = (x: number) => (!logX ? x : x > 0 ? Math.log10(x) : Number.NaN);
  const formatX = spec.formatX ?? ((n) => String(n));
  const formatY = spec.formatY ?? ((n) => String(n));
  const m = { left: 62, right: 16, top: 30, plotH: 220 };
  const plotW = PLOT_COLUMNS; // WIDTH − left − right
  const legend = renderLegend(spec.legend, m.top + m.plotH + 52, m.left, WIDTH - m.right);
  const height = m.top + m.plotH + 52 + legend.height + 4;
  let svg = openSvg(height, spec.title);

  // Thinned first (a log axis cannot show y ≤ 0: a gap): the first, lowest, highest and last point of each pixel
  // column keep the extremes, so the axes come out as over every point.
  const lines = spec.series.map((s) =>
    thinLine(
      s.points.length,
      (i) => toX(s.points[i]![0]),
      (i) => (logY && !(s.points[i]![1] > 0) ? Number.NaN : s.points[i]![1]),
      PLOT_COLUMNS,
    ),
  );
  // A band's edges are thinned at the same steps (lower edge by its lows, upper by its highs: the band still covers
  // every point's interval), so they pair up index by index.
  const bands = (spec.bands ?? []).map((b) => thinBand(logX ? { ...b, x: (i) => toX(b.x(i)) } : b));
  const drawn = lines.flatMap((points) => points.filter(isDrawn));
  for (const b of bands)
    for (const edge of [b.lo, b.hi]) for (const p of edge) if (isDrawn(p) && !(logY && p[1] <= 0)) drawn.push(p);
  const [bottom, top] = [m.top + m.plotH, m.top];
  if (drawn.length === 0) return `${svg}${emptyPlot(m.left, m.top, plotW, m.plotH)}${legend.svg}</svg>`;

  const xs = findExtent(drawn.map((p) => p[0]))!; // drawn holds finite points only
  const ys = findExtent(drawn.map((p) => p[1]))!;
  const yMax = spec.yMax !== undefined && spec.yMax < ys.max ? spec.yMax : ys.max;
  const sx = logX
    ? createLogXScale(xs.min, xs.max, [m.left, m.left + plotW])
    : createLinearScale(xs.min, xs.max, [m.left, m.left + plotW], 6, false);
  const sy = logY ? createLogScale(ys.min, yMax, [bottom, top], 5) : createLinearScale(ys.min, yMax, [bottom, top], 5);

  svg += `<defs><clipPath id="${escapeHtml(spec.id)}-plot"><rect x="${m.left}" y="${top}" width="${plotW}" height="${m.plotH}"/></clipPath></defs>`;
  for (const t of sy.ticks) {
    const y = fmt(sy.map(t));
    svg += `<line x1="${m.left}" y1="${y}" x2="${m.left + plotW}" y2="${y}" stroke="#e6e6e6"/>`;
    svg += `<text x="${m.left - 6}" y="${Number(y) + 4}" text-anchor="end" fill="#555">${escapeHtml(formatY(t))}</text>`;
  }
  for (const t of sx.ticks) {
    const x = fmt(sx.map(t));
    svg += `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="#888"/>`;
    const label = formatX(logX ? Number((10 ** t).toPrecision(12)) : t);
    svg += `<text x="${x}" y="${bottom + 17}" text-anchor="middle" fill="#555">${escapeHtml(label)}</text>`;
  }
  svg += `<line x1="${m.left}" y1="${bottom}" x2="${m.left + plotW}" y2="${bottom}" stroke="#888"/>`;
  svg += `<line x1="${m.left}" y1="${top}" x2="${m.left}" y2="${bottom}" stroke="#888"/>`;
  svg += `<text x="${m.left + plotW / 2}" y="${bottom + 36}" text-anchor="middle" fill="#333">${escapeHtml(spec.xLabel)}</text>`;
  const yLabel = `${spec.yLabel}${logY ? ' (log scale)' : ''}`;
  svg += `<text transform="translate(14 ${top + m.plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">${escapeHtml(yLabel)}</text>`;

  svg += `<g clip-path="url(#${escapeHtml(spec.id)}-plot)" fill="none" stroke-width="1.8" stroke-linejoin="round">`;
  bands.forEach((b, i) => {
    const d = bandPath(b, sx, sy, logY, bottom);
    if (d) svg += `<path class="band" d="${d}" fill="${spec.bands![i]!.colour}" fill-opacity="0.18" stroke="none"/>`;
  });
  spec.series.forEach((s, i) => {
    const points = lines[i]!;
    const d = linePath(points, sx, sy, logY);
    if (d) svg += `<path d="${d}" stroke="${s.colour}"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    if (s.markers) {
      for (const [x, y] of points.filter(isDrawn))
        svg += `<circle cx="${fmt(sx.map(x))}" cy="${fmt(sy.map(y))}" r="2.8" fill="${s.colour}" stroke="none"/>`;
    }
  });
  svg += '</g>';
  if (yMax < ys.max) {
    svg += `<text x="${m.left + plotW}" y="${top - 6}" text-anchor="end" font-size="11" fill="#888">y axis capped at ${escapeHtml(formatY(sy.domain[1]))}</text>`;
  }
  return `${svg}${legend.svg}</svg>`;
}

/** One horizontal bar per entry, labelled with its name on the left and its value at the end. */
export function renderBarChart(spec: BarChartSpec): string {
  const barPx = 22;
  const gapPx = 8;
  const labelChars = Math.min(28, Math.max(6, ...spec.bars.map((b) => b.label.length)));
  const left = 16 + labelChars * CHAR_PX;
  const right = WIDTH - 80;
  const top = 34;
  const plotH = Math.max(1, spec.bars.length) * (barPx + gapPx);
  const height = top + plotH + 44;
  let svg = openSvg(height, spec.title);
  const values = spec.bars.map((b) => b.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return `${svg}${emptyPlot(left, top, right - left, plotH)}</svg>`;

  // Nice ticks in the display unit: 1, 2, 3 MiB rather than 1.05, 2.1, 3.15 million bytes.
  const maxValue = findExtent(values)!.max; // values holds finite numbers only
  const unit = spec.binary && maxValue > 0 ? 1024 ** Math.floor(Math.log(maxValue) / Math.log(1024)) : 1;
  const inUnits = createLinearScale(0, maxValue / unit, [left, right], 4);
  const sx = { map: (v: number) => inUnits.map(v / unit), ticks: inUnits.ticks.map((t) => t * unit) };
  for (const t of sx.ticks) {
    const x = fmt(sx.map(t));
    svg += `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + plotH}" stroke="#e6e6e6"/>`;
    svg += `<text x="${x}" y="${top + plotH + 16}" text-anchor="middle" fill="#555">${escapeHtml(spec.formatValue(t))}</text>`;
  }
  spec.bars.forEach((b, i) => {
    const y = top + i * (barPx + gapPx) + gapPx / 2;
    svg += `<text x="${left - 8}" y="${y + barPx / 2 + 4}" text-anchor="end" fill="#333">${escapeHtml(truncate(b.label, labelChars))}</text>`;
    if (b.value === null || !Number.isFinite(b.value)) {
      svg += `<text x="${left + 4}" y="${y + barPx / 2 + 4}" fill="#888">—</text>`;
      return;
    }
    const w = Math.max(1, sx.map(b.value) - left);
    svg += `<rect x="${left}" y="${y}" width="${fmt(w)}" height="${barPx}" fill="${b.colour}"/>`;
    svg += `<text x="${fmt(left + w + 6)}" y="${y + barPx / 2 + 4}" fill="#333">${escapeHtml(spec.formatValue(b.value))}</text>`;
  });
  svg += `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#888"/>`;
  svg += `<text x="${(left + right) / 2}" y="${top + plotH + 36}" text-anchor="middle" fill="#333">${escapeHtml(spec.xLabel)}</text>`;
  return `${svg}</svg>`;
}
