// How a report shows a claim across sizes and to a target (docs/evidence.md, Method): the time-, FLOPs- and
// tokens-to-target ratios in words, each rung's heading, and an SVG of each trend: the effect per rung with its 95%
// interval against parameters (log x) and the weighted fit.
import type { PairedRatio } from '../metrics/to-target';
import { escapeHtml as esc } from './escape';
import { formatCount, formatSignificant } from './format';
import { createLinearScale, createLogScale } from './scale';
import type { ClaimTrend, ScaleRung } from './scale-trend';
import type { ClaimEffect } from './evidence';
import type { ToTarget } from './to-target';

const ratioText = (r: PairedRatio) =>
  `×${formatSignificant(r.ratio, 3)}${r.ci95 ? ` [${formatSignificant(r.ci95[0], 3)}, ${formatSignificant(r.ci95[1], 3)}]` : ' (no interval)'}`;

/** "to target (the worse final loss, 2.31): tokens ×0.95 [0.90, 1.01], FLOPs ×1.08 [...], wall time ×0.91 [...] at the
 *  bench's 7,130 vs 6,910 tokens/s (wasm)". */
export function describeToTarget(t: ToTarget): string {
  const value = t.targets.length === 1 ? formatSignificant(t.targets[0]!, 4) : `${t.targets.length} seeds' own`;
  const target =
    t.targetSource === 'spec'
      ? `the spec's target loss ${formatSignificant(t.targets[0]!, 4)}`
      : `the worse side's final val loss, ${value}`;
  const parts = [`tokens ${ratioText(t.tokensRatio)}`, `FLOPs ${ratioText(t.flopsRatio)}`];
  const [b, v] = [t.baseline.bench, t.variant.bench];
  if (t.wallRatio && b && v) {
    parts.push(
      `wall time ${ratioText(t.wallRatio)} at the interleaved bench's ${formatCount(v.tokensPerSec)} vs ` +
        `${formatCount(b.tokensPerSec)} tokens/s (${b.backend})`,
    );
  } else parts.push('wall time: no bench speeds');
  return `to target (${target}), ${t.variant.name} / ${t.baseline.name}: ${parts.join(', ')}`;
}

/**
 * Whether effect i is where its pair's to-target comparison is shown: every test of a pair (final loss, time to
 * target) carries the same one, so it is shown once, under the pair's first test.
 */
export function showsToTarget(effects: readonly ClaimEffect[], i: number): boolean {
  const e = effects[i]!;
  const samePair = (o: ClaimEffect) =>
    o.toTarget && o.baseline.name === e.baseline.name && o.variant.name === e.variant.name;
  return e.toTarget !== undefined && !effects.slice(0, i).some(samePair);
}

/** "rung s: 135k params, 154k tokens". */
export function describeRung(s: ScaleRung): string {
  return `${s.rung ? `rung ${s.rung.name}` : 'size'}: ${formatCount(s.params)} params, ${formatCount(s.tokens)} tokens`;
}

/** Effect vs parameters (log x): each rung's Δ with its 95% interval, and the fitted line across the ladder ×10. */
export function renderTrendChart(trend: ClaimTrend, intervals: ([number, number] | null)[]): string {
  const [w, h, left, right, top, bottom] = [420, 200, 56, 12, 22, 34];
  const xs = trend.points.map((p) => p.params);
  const [x0, x1] = [Math.min(...xs) / 2, Math.max(...xs) * 2];
  const line = [x0, x1].map((x) => trend.fit.intercept + trend.fit.slope * Math.log10(x));
  const ys = [0, ...line, ...trend.points.map((p) => p.effect), ...intervals.flatMap((c) => c ?? [])];
  const sx = createLogScale(x0, x1, [left, w - right]);
  const sy = createLinearScale(Math.min(...ys), Math.max(...ys), [h - bottom, top], 4);
  const f = (n: number) => n.toFixed(1);
  const fmtY = (n: number) => (trend.relative ? `${formatSignificant(n * 100, 2)}%` : formatSignificant(n, 2));
  let svg = `<svg class="trend" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(trend.label)} against parameters">`;
  svg += `<title>${esc(trend.statement)}</title>`;
  for (const t of sy.ticks) {
    svg += `<line x1="${left}" x2="${w - right}" y1="${f(sy.map(t))}" y2="${f(sy.map(t))}" stroke="${t === 0 ? '#333' : '#eee'}"${t === 0 ? ' stroke-dasharray="3 3"' : ''}/>`;
    svg += `<text x="${left - 4}" y="${f(sy.map(t) + 3)}" font-size="9" text-anchor="end" fill="#555">${esc(fmtY(t))}</text>`;
  }
  for (const t of sx.ticks) {
    svg += `<text x="${f(sx.map(t))}" y="${h - bottom + 12}" font-size="9" text-anchor="middle" fill="#555">${esc(formatCount(t))}</text>`;
  }
  svg += `<line x1="${f(sx.map(x0))}" x2="${f(sx.map(x1))}" y1="${f(sy.map(line[0]!))}" y2="${f(sy.map(line[1]!))}" stroke="#0072B2" stroke-width="1.5"/>`;
  trend.points.forEach((p, i) => {
    const ci = intervals[i];
    const x = f(sx.map(p.params));
    if (ci)
      svg += `<line x1="${x}" x2="${x}" y1="${f(sy.map(ci[0]))}" y2="${f(sy.map(ci[1]))}" stroke="#D55E00" stroke-width="2"/>`;
    svg += `<circle cx="${x}" cy="${f(sy.map(p.effect))}" r="3.5" fill="#D55E00"/>`;
  });
  svg += `<text x="${(left + w - right) / 2}" y="${h - 6}" font-size="10" text-anchor="middle" fill="#333">parameters (log scale); line: weighted fit</text>`;
  svg += `<text x="${left}" y="12" font-size="10" fill="#333">${esc(trend.label)}: Δ per rung, 95% interval</text>`;
  return `${svg}</svg>`;
}
