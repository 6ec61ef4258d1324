// How a report shows where instability starts (docs/evidence.md, Where instability starts): one table row per rung ×
// variant, and per rung an SVG of the final val loss against the learning rate (log x), a line per variant.
import { escapeHtml as esc } from './escape';
import { formatCount, formatLoss, formatSignificant, MISSING } from './format';
import type { LrGridPoint, LrStability } from './lr-stability';
import { pickColour, renderLineChart } from './svg-chart';

export const LR_STABILITY_HEADERS = [
  'Rung',
  'Params',
  'Variant',
  'Seeds',
  'Best LR',
  'Best loss',
  'Unstable from LR',
  'Why',
  'Max attn logit (best LR → that LR)',
  'Max |log Z| (best LR → that LR)',
];

const num = (n: number | null) => (n === null ? MISSING : formatSignificant(n, 3));

/** "diverged (2 of 3 seeds)", "loss 2.61 > best + 0.1", or "stable up to 0.3": why a row's threshold is where it is. */
function describeWhy(s: LrStability): string {
  if (s.bestLr === null) return 'every rate diverged';
  const at = s.grid.find((g) => g.lr === s.unstableLr);
  if (!at) return `stable over the grid (up to ${num(s.grid.at(-1)?.lr ?? null)})`;
  if (s.reason === 'diverged') return `diverged (${at.diverged} of ${at.seeds} seeds)`;
  return `loss ${formatLoss(at.meanLoss)} > best + ${formatSignificant(s.margin, 3)}`;
}

/** "4.2 → 11.8", "51.4 → 1.56M": a diagnostic at the best rate, then at the row's diagnostics rate (logits grow by
 *  decades over a grid, so large ones get a prefix). */
function fromBest(s: LrStability, pick: (g: LrGridPoint) => number | null): string {
  const best = s.grid.find((g) => g.lr === s.bestLr);
  const at = s.grid.find((g) => g.lr === s.diagnosticsLr);
  return `${formatCount(best ? pick(best) : null)} → ${formatCount(at ? pick(at) : null)}`;
}

/** The table's cells, one row per rung × variant, all as text (the caller escapes them per format). */
export function buildLrStabilityRows(rows: readonly LrStability[]): string[][] {
  return rows.map((s) => [
    s.rung?.name ?? MISSING,
    formatCount(s.params),
    s.variant,
    String(s.seeds),
    num(s.bestLr),
    formatLoss(s.bestLoss),
    s.unstableLr !== null ? num(s.unstableLr) : s.bestLr === null ? MISSING : 'none in the grid',
    describeWhy(s),
    fromBest(s, (g) => g.maxAttnLogit),
    fromBest(s, (g) => g.maxLogZ),
  ]);
}

/** How the table is read, under it in every format. */
export function describeLrMethod(rows: readonly LrStability[]): string {
  const margin = rows[0]?.margin;
  return (
    'Final val loss per learning rate is the mean over seeds; a rate is unstable where any seed diverged or the mean ' +
    `exceeds the best by more than ${margin === undefined ? MISSING : formatSignificant(margin, 3)} nats ` +
    '(the spec\'s instabilityMargin). Diagnostics are the largest over the runs\' logged points; "that LR" is the ' +
    'unstable rate, else the highest of the grid.'
  );
}

/** One chart per rung: each variant's mean final val loss against the rate; a diverged rate is a gap in its line. */
function renderRungChart(rows: readonly LrStability[], index: number): string {
  const rung = rows[0]!.rung; // grouped by rung: never empty
  const title = `Final val loss vs learning rate${rung ? ` (rung ${rung.name}, ${formatCount(rows[0]!.params)} params)` : ''}`;
  return renderLineChart({
    id: `lr-stability-${index}`,
    title,
    xLabel: 'peak learning rate (log scale); a gap: diverged',
    yLabel: 'final val loss (nats)',
    logX: true,
    series: rows.map((s, i) => ({
      colour: pickColour(i),
      markers: true,
      points: s.grid.map((g) => [g.lr, g.diverged > 0 || g.meanLoss === null ? Number.NaN : g.meanLoss] as const),
    })),
    legend: rows.map((s, i) => ({ label: s.variant, colour: pickColour(i), markers: true })),
    formatX: (n) => formatSignificant(n, 2),
    formatY: (n) => formatSignificant(n),
  });
}

/** The HTML section: the table, how it is read, and the charts; empty without an LR sweep. */
export function renderLrStability(rows: readonly LrStability[]): string {
  if (rows.length === 0) return '';
  const head = `<thead><tr>${LR_STABILITY_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = buildLrStabilityRows(rows).map(
    (cells) =>
      `<tr>${cells.map((c, i) => `<td${i === 0 || i === 2 || i === 7 ? '' : ' class="num"'}>${esc(c)}</td>`).join('')}</tr>`,
  );
  const rungs = new Map<string, LrStability[]>();
  for (const s of rows) rungs.set(s.rung?.name ?? '', [...(rungs.get(s.rung?.name ?? '') ?? []), s]);
  const charts = [...rungs.values()].map((r, i) => `<figure>${renderRungChart(r, i)}</figure>`).join('');
  return (
    `<h2>Where instability starts</h2><table>${head}<tbody>${body.join('')}</tbody></table>` +
    `<p class="meta">${esc(describeLrMethod(rows))}</p><div class="charts">${charts}</div>`
  );
}
