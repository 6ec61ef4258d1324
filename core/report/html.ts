// The HTML report: one self-contained page (inline CSS and SVG, no scripts, fonts or links) that reads on screen
// and prints: a verdict card per claim, the paper's claim beside what was measured, the summary table, charts, and the configs compared.
import { flattenConfig, formatConfigValue } from '../config/labels';
import type { MetricPoint, RunData } from '../record';
import { thinLine, type Point } from './downsample';
import { escapeHtml } from './escape';
import { formatBytes, formatCount, formatSignificant } from './format';
import {
  buildSummaryRows,
  describeMeasured,
  findBaseRunIndex,
  listRunNotes,
  listVariedKeysByVariant,
  SUMMARY_HEADERS,
  type ReportExperiment,
} from './summary';
import { CLAIM_CARD_STYLE, renderClaimCards } from './claim-cards';
import { judgeClaims, type ExperimentOf, type Margins } from './evidence';
import { toTargetInputs } from './to-target';
import { computeMainEffects } from './main-effects';
import { computeLrStability } from './lr-stability';
import { renderLrStability } from './lr-stability-view';
import { renderSamples, SAMPLE_STYLE, type ReportSample } from './samples';
import {
  pickColour,
  PLOT_COLUMNS,
  renderBarChart,
  renderLineChart,
  type BandSeries,
  type LegendEntry,
  type LineSeries,
} from './svg-chart';
import { bandOverSeeds } from './seed-bands';
import { renderSweepCharts } from './sweep-chart';
import { variantIndexes, variantName } from './units';

export interface HtmlReportOptions {
  /** Log-scale y axis on the loss charts. */
  logLoss?: boolean;
  /** Which experiment each run belongs to, when the runs span several: verdicts pair runs only inside one. */
  experimentOf?: ExperimentOf;
  /** Each run's colour (by its index in runs), e.g. the workbench's, so the report matches the screen. By default
   *  a colour per variant: the seeds of a variant share it. */
  colours?: readonly string[];
  /** The experiment's own neutrality margins, where the user set them (the claims table's otherwise). */
  margins?: Margins;
  /** Which runs the verdicts judge (the workbench judges finished runs only); by default every run. */
  judged?: (run: RunData) => boolean;
  /** Text sampled from the runs, shown after the charts. */
  samples?: readonly ReportSample[];
}

const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d1d1f;max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;margin:0 0 12px}.desc{margin:8px 0 16px;max-width:900px}
.claim{display:grid;grid-template-columns:1fr 1fr;gap:16px;align-items:start}
.claim>div{border-left:4px solid #0072B2;background:#f3f8fc;padding:10px 14px}.claim>div.measured{border-color:#009E73;background:#f2faf7}
.claim h3{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#555;margin:0 0 6px}
.claim ul{margin:0;padding-left:18px}.claim p{margin:0}
table{border-collapse:collapse;font-size:12.5px;width:100%}
th,td{border-bottom:1px solid #e3e3e3;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#f6f6f6;font-weight:600}td:first-child{min-width:150px}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
.label{display:block;color:#666;font-size:11.5px}
.status-diverged,.status-failed{color:#b00020;font-weight:600}
.notes{color:#b00020;margin:8px 0 0;padding-left:18px}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:18px;align-items:start}
figure{margin:0;border:1px solid #eee;border-radius:6px;padding:6px}
svg.chart{width:100%;height:auto;display:block}
.config{columns:4 220px;column-gap:24px}.config table{break-inside:avoid;margin-bottom:12px}
.config td:first-child{color:#555}
footer{color:#777;font-size:12px;margin-top:28px;border-top:1px solid #ddd;padding-top:8px}
@page{size:A4 landscape;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:11px}table{font-size:10px}th,td{padding:2px 5px}
figure,.claim,tr,.config table{break-inside:avoid;page-break-inside:avoid}h2{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}figure{border:none}}`;

const esc = escapeHtml;

function lossLimit(runs: RunData[]): number | undefined {
  const firsts = runs.flatMap((r) => {
    const first = r.metrics.find((p) => Number.isFinite(p.trainLoss));
    return first ? [first.trainLoss] : [];
  });
  return firsts.length ? 1.2 * Math.max(...firsts) : undefined;
}

/** One metric of a run against x, thinned for drawing as it is read: a million points never sit in memory as pairs. */
function metricLine(
  metrics: readonly MetricPoint[],
  x: 'step' | 'tokens',
  readY: (p: MetricPoint) => number | undefined,
): Point[] {
  return thinLine(
    metrics.length,
    (i) => metrics[i]![x],
    (i) => readY(metrics[i]!) ?? Number.NaN,
    PLOT_COLUMNS,
  );
}

/** Each run's colour: the caller's, else its variant's (seeds of one variant share it). */
function runColours(runs: RunData[], given?: readonly string[]): string[] {
  const variants = variantIndexes(runs);
  return runs.map((_, i) => given?.[i] ?? pickColour(variants[i]!)); // one index per run
}

/** One legend entry per variant (as drawn: a line per variant), "mha (N = 3)" when it has several seeds. */
function runLegend(runs: RunData[], colours: string[]): LegendEntry[] {
  return variantGroups(runs, colours).map((g) => {
    const name = variantName(g.runs[0]!.record.name); // a group has at least one run
    return { label: g.runs.length > 1 ? `${name} (N = ${g.runs.length})` : name, colour: g.colour };
  });
}

/** The runs of each variant (its seeds), in order of first appearance, with the variant's colour: its first run's. */
function variantGroups(runs: RunData[], colours: string[]): { runs: RunData[]; colour: string }[] {
  const variants = variantIndexes(runs);
  const groups = new Map<number, { runs: RunData[]; colour: string }>();
  runs.forEach((r, i) => {
    const group = groups.get(variants[i]!); // one index per run
    if (group) group.runs.push(r);
    else groups.set(variants[i]!, { runs: [r], colour: colours[i]! });
  });
  return [...groups.values()];
}

/** One metric of a variant against x: a single seed's own line; several seeds' mean step by step, thinned, and its
 *  95% band (seed-bands.ts). */
function variantLine(
  group: { runs: RunData[]; colour: string },
  x: 'step' | 'tokens',
  readY: (p: MetricPoint) => number | undefined,
  style: Omit<LineSeries, 'colour' | 'points'> = {},
): { line: LineSeries; band?: BandSeries } {
  const { runs, colour } = group;
  if (runs.length === 1) return { line: { ...style, colour, points: metricLine(runs[0]!.metrics, x, readY) } };
  const band = bandOverSeeds(
    runs.map(({ metrics }) => ({
      length: metrics.length,
      at: (i) => metrics[i]!.step,
      x: (i) => metrics[i]![x],
      y: (i) => readY(metrics[i]!) ?? Number.NaN,
    })),
  );
  const xAt = (k: number) => band.x[k]!;
  return {
    line: { ...style, colour, points: thinLine(band.length, xAt, (k) => band.mean[k]!, PLOT_COLUMNS) },
    band: { colour, length: band.length, x: xAt, lo: (k) => band.lo[k]!, hi: (k) => band.hi[k]! },
  };
}

/** Lines and bands of one metric, a line per variant. */
function variantLines(
  groups: { runs: RunData[]; colour: string }[],
  x: 'step' | 'tokens',
  readY: (p: MetricPoint) => number | undefined,
  style?: Omit<LineSeries, 'colour' | 'points'>,
): { series: LineSeries[]; bands: BandSeries[] } {
  const drawn = groups.map((g) => variantLine(g, x, readY, style));
  return { series: drawn.map((d) => d.line), bands: drawn.flatMap((d) => (d.band ? [d.band] : [])) };
}

function renderLossChart(runs: RunData[], colours: string[], x: 'step' | 'tokens', logY: boolean): string {
  const groups = variantGroups(runs, colours);
  const train = variantLines(groups, x, (p) => p.trainLoss);
  const val = variantLines(groups, x, (p) => p.valLoss, { dashed: true, markers: true });
  const style: LegendEntry[] = [
    { label: 'train', colour: '#777' },
    { label: 'validation', colour: '#777', dashed: true, markers: true },
  ];
  return renderLineChart({
    id: `loss-${x}`,
    title: `Loss vs ${x === 'step' ? 'step' : 'tokens'}`,
    xLabel: x === 'step' ? 'step' : 'tokens trained',
    yLabel: 'cross-entropy (nats)',
    series: [...train.series, ...val.series],
    bands: [...train.bands, ...val.bands],
    legend: [...runLegend(runs, colours), ...style],
    logY,
    yMax: lossLimit(runs),
    formatX: x === 'tokens' ? formatCount : undefined,
    formatY: (n) => formatSignificant(n),
  });
}

function renderCharts(runs: RunData[], colours: string[], logLoss: boolean, experimentOf?: ExperimentOf): string {
  const speedLines = variantLines(variantGroups(runs, colours), 'step', (p) => p.tokensPerSec);
  const speed = renderLineChart({
    id: 'speed',
    title: 'Throughput vs step',
    xLabel: 'step',
    yLabel: 'tokens/s',
    series: speedLines.series,
    bands: speedLines.bands,
    legend: runLegend(runs, colours),
    formatY: formatCount,
  });
  const memory = renderBarChart({
    title: 'Peak memory per run',
    xLabel: 'highest tf.memory().numBytes in a step',
    bars: runs.map((r, i) => {
      // A loop, not a spread: a run may log a million points.
      const fromMetrics = r.metrics.length ? r.metrics.reduce((max, p) => Math.max(max, p.peakBytes), -Infinity) : null;
      return { label: r.record.name, colour: colours[i]!, value: r.record.summary?.peakBytes ?? fromMetrics };
    }),
    formatValue: formatBytes,
    binary: true,
  });
  const figures = [
    renderLossChart(runs, colours, 'step', logLoss),
    renderLossChart(runs, colours, 'tokens', logLoss),
    speed,
    memory,
    ...renderSweepCharts(runs, colours, experimentOf),
  ];
  return `<div class="charts">${figures.map((f) => `<figure>${f}</figure>`).join('')}</div>`;
}

function renderClaim(runs: RunData[], experiment?: ReportExperiment): string {
  const measured = describeMeasured(runs);
  if (!experiment?.claim && measured.length === 0) return '';
  const claim = experiment?.claim
    ? `<div class="paper"><h3>The paper's claim</h3><p>${esc(experiment.claim)}</p></div>`
    : '<div class="paper"><h3>The paper\'s claim</h3><p>(none given)</p></div>';
  const items = measured.map((line) => `<li>${esc(line)}</li>`).join('');
  return `<h2>Claim and measurement</h2><div class="claim">${claim}<div class="measured"><h3>Measured here</h3><ul>${items}</ul></div></div>`;
}

function renderSummaryTable(runs: RunData[], colours: string[]): string {
  const head = `<thead><tr>${SUMMARY_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const rows = buildSummaryRows(runs).map((row, i) => {
    const label = row.label ? `<span class="label">${esc(row.label)}</span>` : '';
    const name = `<td><span class="swatch" style="background:${colours[i]}"></span>${esc(row.name)}${label}</td>`;
    const status = `<td class="status-${esc(row.status)}">${esc(row.status)}</td>`;
    return `<tr>${name}${status}${row.cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`;
  });
  const notes = listRunNotes(runs);
  const noteList = notes.length ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<h2>Summary</h2><table>${head}<tbody>${rows.join('')}</tbody></table>${noteList}`;
}

function renderVariedKeys(runs: RunData[], colours: string[]): string {
  const { columns, keys: varied } = listVariedKeysByVariant(runs);
  if (runs.length < 2) return '';
  if (varied.length === 0) return '<h2>What differs</h2><p>The runs share one config.</p>';
  const head = `<tr><th>Key</th>${columns.map((i) => `<th><span class="swatch" style="background:${colours[i]}"></span>${esc(variantName(runs[i]!.record.name))}</th>`).join('')}</tr>`;
  const rows = varied.map(
    (v) => `<tr><td>${esc(v.key)}</td>${v.values.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`,
  );
  return `<h2>What differs</h2><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderBaseConfig(runs: RunData[]): string {
  if (runs.length === 0) return '';
  const base = runs[findBaseRunIndex(runs)]!.record;
  const sections = new Map<string, string[]>();
  for (const [key, value] of Object.entries(flattenConfig(base.config))) {
    const [section, leaf] = key.split('.') as [string, string]; // flattenConfig keys are "section.leaf"
    sections.set(section, [
      ...(sections.get(section) ?? []),
      `<tr><td>${esc(leaf)}</td><td>${esc(formatConfigValue(value))}</td></tr>`,
    ]);
  }
  const tables = [...sections].map(
    ([section, rows]) =>
      `<table><thead><tr><th colspan="2">${esc(section)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
  return `<h2>Base config (${esc(base.name)}, seed ${base.seed})</h2><div class="config">${tables.join('')}</div>`;
}

function describeBackends(runs: RunData[]): string {
  const names = new Set(
    runs.map((r) => (r.record.adapter ? `${r.record.backend} (${r.record.adapter})` : r.record.backend)),
  );
  return [...names].join(', ');
}

/** A complete HTML document for the runs of one experiment (or any set of runs). */
export function buildHtmlReport(
  runs: RunData[],
  experiment?: ReportExperiment,
  options: HtmlReportOptions = {},
): string {
  const title = experiment?.name ?? 'Training report';
  const colours = runColours(runs, options.colours);
  const judged = options.judged ? runs.filter(options.judged) : runs;
  const meta = `${runs.length} run${runs.length === 1 ? '' : 's'}${runs.length ? ` · backend: ${describeBackends(runs)}` : ''}`;
  const body = [
    `<h1>${esc(title)}</h1><p class="meta">${esc(meta)}</p>`,
    experiment?.description ? `<p class="desc">${esc(experiment.description)}</p>` : '',
    renderClaimCards(
      judgeClaims(judged, experiment?.claims, { ...options, ...toTargetInputs(experiment) }),
      computeMainEffects(judged, options.experimentOf),
    ),
    renderLrStability(
      computeLrStability(judged, { experimentOf: options.experimentOf, margin: experiment?.instabilityMargin }),
    ),
    renderClaim(runs, experiment),
    renderSummaryTable(runs, colours),
    '<h2>Charts</h2>',
    renderCharts(runs, colours, options.logLoss ?? false, options.experimentOf),
    renderSamples(options.samples ?? []),
    renderVariedKeys(runs, colours),
    renderBaseConfig(runs),
    '<footer>Losses are mean next-token cross-entropy in nats (z-loss excluded). FLOPs per token = 6N + 12·L·H·Q·T; ' +
      'MFU = tokens/s × FLOPs per token ÷ peak FLOP/s, against the peak named in brackets: calibrated (measured by a matmul ' +
      'on this backend) or nominal (entered by the user) (PaLM Appendix B). KV cache per token = 2·L·Hkv·Q·bytes.</footer>',
  ].join('\n');
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)} — PaLM Workbench report</title><style>${STYLE}${CLAIM_CARD_STYLE}${SAMPLE_STYLE}</style></head>\n<body>\n${body}\n</body></html>\n`
  );
}
