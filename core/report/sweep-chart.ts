// The report's sweep figures as SVG (one offline file, no chart library): final val loss vs the swept key, or parallel
// coordinates for several keys, drawn from the layout the UI's panel draws too (sweep-layout.ts).
import type { RunData } from '../record';
import { escapeHtml } from './escape';
import { findSweeps, pickSweepColours, titleSweep, type SweepPlot } from './sweep';
import {
  layoutSweep,
  LOSS_TITLE,
  type CurveLayout,
  type ParallelLayout,
  type SweepMark,
  type Tick,
} from './sweep-layout';
import { openSvg, PALETTE, renderLegend, WIDTH, type LegendEntry } from './svg-chart';

/** The plot's height above its legend. */
const PLOT_HEIGHT = 320;
const esc = escapeHtml;

const title = (text: string) => `<title>${esc(text)}</title>`;

function yAxis(ticks: readonly Tick[], x: number, gridTo?: number): string {
  return ticks
    .map(
      (t) =>
        (gridTo === undefined ? '' : `<line x1="${x}" y1="${t.px}" x2="${gridTo}" y2="${t.px}" stroke="#e6e6e6"/>`) +
        `<text x="${x - 5}" y="${t.px + 4}" text-anchor="end" fill="#555">${esc(t.label)}</text>`,
    )
    .join('');
}

function cross(m: SweepMark, colour: string, r = 4): string {
  return `<path d="M${m.x - r} ${m.y - r}L${m.x + r} ${m.y + r}M${m.x - r} ${m.y + r}L${m.x + r} ${m.y - r}" stroke="${colour}" stroke-width="2"/>`;
}

function renderCurve(l: CurveLayout, colour: (variant: number) => string): string {
  const { left, top, width, height } = l.plot;
  const bottom = top + height;
  let svg = yAxis(l.yTicks, left, left + width);
  for (const t of l.xTicks) {
    svg += `<line x1="${t.px}" y1="${bottom}" x2="${t.px}" y2="${bottom + 4}" stroke="#888"/>`;
    svg += `<text x="${t.px}" y="${bottom + 17}" text-anchor="middle" fill="#555">${esc(t.label)}</text>`;
  }
  svg += `<rect x="${left}" y="${l.divergedY - 10}" width="${width}" height="20" fill="#fbeff1"/>`;
  svg += `<text x="${left - 5}" y="${l.divergedY + 4}" text-anchor="end" fill="#b00020">diverged</text>`;
  svg += `<line x1="${left}" y1="${bottom}" x2="${left + width}" y2="${bottom}" stroke="#888"/>`;
  svg += `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#888"/>`;
  svg += `<text x="${left + width / 2}" y="${bottom + 36}" text-anchor="middle" fill="#333">${esc(l.xTitle)}</text>`;
  svg += `<text transform="translate(14 ${top + height / 2}) rotate(-90)" text-anchor="middle" fill="#333">${LOSS_TITLE}</text>`;
  for (const b of l.bands) svg += `<path class="band" d="${b.d}" fill="${colour(b.variant)}" fill-opacity="0.18"/>`;
  for (const s of l.seeds)
    svg += `<circle cx="${s.x}" cy="${s.y}" r="2.2" fill="${colour(s.variant)}" fill-opacity="0.45">${title(s.title)}</circle>`;
  for (const line of l.lines)
    svg += `<path d="${line.d}" fill="none" stroke="${colour(line.variant)}" stroke-width="1.8"/>`;
  for (const m of l.means)
    svg += `<circle class="mean" cx="${m.x}" cy="${m.y}" r="3.5" fill="${colour(m.variant)}">${title(m.title)}</circle>`;
  for (const d of l.diverged) {
    const count = d.count > 1 ? `<text x="${d.x + 6}" y="${d.y + 4}" font-size="12" fill="#333">${d.count}</text>` : '';
    svg += `<g class="diverged">${title(d.title)}${cross(d, colour(d.variant))}${count}</g>`;
  }
  return svg;
}

/** A label over the lines: a white halo keeps it readable where lines cross it. */
const HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke"';

function renderParallel(l: ParallelLayout, colour: (variant: number) => string): string {
  let svg = '';
  for (const a of l.axes) svg += `<line x1="${a.x}" y1="${l.top}" x2="${a.x}" y2="${l.bottom}" stroke="#888"/>`;
  for (const line of l.lines) {
    const dash = line.diverged ? ' stroke-dasharray="4 3"' : '';
    svg += `<path d="${line.d}" fill="none" stroke="${colour(line.variant)}" stroke-opacity="0.75" stroke-width="1.5"${dash}>${title(line.title)}</path>`;
  }
  for (const a of l.axes) {
    const [dx, anchor] = a.labelSide === 'left' ? [-5, 'end'] : [5, 'start'];
    for (const t of a.ticks)
      svg += `<text x="${a.x + dx}" y="${t.px + 4}" text-anchor="${anchor}" fill="#555" ${HALO}>${esc(t.label)}</text>`;
    svg += `<text x="${a.x}" y="${l.bottom + 20}" text-anchor="middle" fill="#333">${esc(a.title)}</text>`;
  }
  const lossX = l.axes.at(-1)!.x; // the loss axis is always there
  svg += `<text x="${lossX + 5}" y="${l.divergedY + 4}" fill="#b00020" ${HALO}>diverged</text>`;
  return svg;
}

/** A sweep's figure: the plot, then a legend of its variants with their seed counts (and the diverged mark). */
export function renderSweepChart(plot: SweepPlot, colour: (variant: number) => string): string {
  const layout = layoutSweep(plot, WIDTH, PLOT_HEIGHT);
  const entries: LegendEntry[] = plot.variants.map((v, k) => ({
    label: `${v.name} (N = ${v.seeds})`,
    colour: colour(k),
    markers: layout.kind === 'curve',
  }));
  if (plot.runs.some((r) => r.diverged)) {
    const how = layout.kind === 'curve' ? '× in the strip at the top' : 'dashed, to the top';
    entries.push({ label: `diverged: ${how}`, colour: '#b00020', dashed: layout.kind === 'parallel' });
  }
  const legend = renderLegend(entries, PLOT_HEIGHT + 6, 62, WIDTH - 16);
  const heading = titleSweep(plot);
  let svg = openSvg(PLOT_HEIGHT + legend.height + 8, heading);
  svg += layout.kind === 'curve' ? renderCurve(layout, colour) : renderParallel(layout, colour);
  if (plot.leftOut > 0)
    svg += `<text x="${WIDTH - 16}" y="34" text-anchor="end" font-size="12" fill="#555">${plot.leftOut} unfinished run${plot.leftOut === 1 ? '' : 's'} not shown</text>`;
  return `${svg}${legend.svg}</svg>`;
}

/**
 * The sweep figures of a report's runs, per experiment (runs of two are never one sweep), each variant in its first
 * run's colour (the report's colours) unless two would share one (pickSweepColours).
 */
export function renderSweepCharts(
  runs: readonly RunData[],
  colours: readonly string[],
  experimentOf: (run: RunData) => string = () => '',
): string[] {
  const byExperiment = new Map<string, number[]>();
  runs.forEach((r, i) => byExperiment.set(experimentOf(r), [...(byExperiment.get(experimentOf(r)) ?? []), i]));
  return [...byExperiment.values()].flatMap((indexes) =>
    findSweeps(indexes.map((i) => runs[i]!)).map((plot) => {
      const own = pickSweepColours(
        plot.variants.map((v) => colours[indexes[v.firstRun]!]!),
        PALETTE,
      );
      return renderSweepChart(plot, (k) => own[k]!);
    }),
  );
}
