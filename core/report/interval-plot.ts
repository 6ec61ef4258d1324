// The interval plots of a verdict card (one self-contained SVG per unit: nats, %, ...): each effect's difference as
// a dot with its 95% interval, oriented so that right means the alternative is ahead and left means PaLM's option
// is, a neutral test's ±margin as a grey band, the zero line, and an x axis with ticks and its unit. Shared by the
// workbench's cards and the HTML report, so both draw the same picture.
import { EFFECT_METRICS } from '../claims';
import { escapeHtml as esc } from './escape';
import type { ClaimEffect } from './evidence';
import { effectUnit, metricName, optionName } from './plain-words';
import { niceTicks } from './scale';

/** Verdict colours as text on white: each ≥ 4.5:1 (WCAG AA); the Okabe–Ito hues darkened. */
export const VERDICT_COLOURS = { supported: '#007A55', contradicted: '#B34700', inconclusive: '#595959' } as const;

const W = 460;
const LABEL_W = 170;
const PLOT_L = LABEL_W + 10;
const PLOT_R = W - 14;
const ROW_H = 24;
const FONT = 12;

/** The difference oriented to the alternative: positive when the alternative is ahead. */
const towardsAlternative = (e: ClaimEffect, d: number) => (EFFECT_METRICS[e.metric].lowerIsBetter ? -d : d);

/** A tick's distance from 0, unsigned: the axis reads "lead" (how far ahead), each side named by the option ahead there (a signed
 *  tick would read −300% under a sentence that says "300% larger"). */
function formatTick(v: number, percent: boolean): string {
  const n = Math.abs(percent ? v * 100 : v);
  return `${Number(n.toPrecision(3))}${percent ? '%' : ''}`;
}

function renderPlot(claimId: string, unit: string, effects: ClaimEffect[]): string {
  const percent = unit === '%';
  const ends = effects.flatMap((e) => [e.delta, ...(e.ci95 ?? []), ...(e.margin ? [e.margin] : [])]);
  const span = Math.max(...ends.map(Math.abs), 1e-12) * 1.1;
  const ticks = niceTicks(-span, span, 4);
  const lo = Math.min(ticks[0]!, -span);
  const hi = Math.max(ticks.at(-1)!, span);
  const x = (v: number) => PLOT_L + ((v - lo) / (hi - lo)) * (PLOT_R - PLOT_L);
  const top = 6;
  const axisY = top + effects.length * ROW_H + 4;
  const h = axisY + 46;
  const rows = effects.map((e, i) => {
    const y = top + ROW_H / 2 + i * ROW_H;
    const c = VERDICT_COLOURS[e.verdict];
    const [a, b] = e.ci95 ? e.ci95.map((d) => towardsAlternative(e, d)).sort((p, q) => p - q) : [NaN, NaN];
    const band = e.margin
      ? `<rect x="${x(-e.margin)}" y="${y - 8}" width="${x(e.margin) - x(-e.margin)}" height="16" fill="#e6e6e6"><title>±margin</title></rect>`
      : '';
    const bar = e.ci95
      ? `<line x1="${x(a!)}" x2="${x(b!)}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="2.5"/>` +
        `<line x1="${x(a!)}" x2="${x(a!)}" y1="${y - 5}" y2="${y + 5}" stroke="${c}" stroke-width="2"/>` +
        `<line x1="${x(b!)}" x2="${x(b!)}" y1="${y - 5}" y2="${y + 5}" stroke="${c}" stroke-width="2"/>`
      : '';
    const label = `<text x="0" y="${y + 4}" font-size="${FONT}" fill="#222">${esc(metricName(e.metric))}</text>`;
    const dot = `<circle cx="${x(towardsAlternative(e, e.delta))}" cy="${y}" r="4.5" fill="${c}"/>`;
    return `<g>${label}${band}${bar}${dot}</g>`;
  });
  const tickMarks = ticks
    .map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="${axisY}" y2="${axisY + 4}" stroke="#444"/>` +
        `<text x="${x(t)}" y="${axisY + 17}" font-size="${FONT}" text-anchor="middle" fill="#333">${esc(formatTick(t, percent))}</text>`,
    )
    .join('');
  const palm = esc(optionName(claimId, 'palm'));
  const alternative = esc(optionName(claimId, 'alternative'));
  const unitText = percent ? `% of ${optionName(claimId, 'palm')}` : unit || 'difference';
  const axis =
    `<line x1="${PLOT_L}" x2="${PLOT_R}" y1="${axisY}" y2="${axisY}" stroke="#444"/>${tickMarks}` +
    `<line x1="${x(0)}" x2="${x(0)}" y1="${top}" y2="${axisY}" stroke="#222" stroke-dasharray="3 3"/>` +
    `<text x="0" y="${axisY + 17}" font-size="${FONT}" fill="#333">lead in ${esc(unitText)}</text>` +
    `<text x="${PLOT_L}" y="${axisY + 36}" font-size="${FONT}" fill="#333">← ${palm} ahead</text>` +
    `<text x="${PLOT_R}" y="${axisY + 36}" font-size="${FONT}" text-anchor="end" fill="#333">${alternative} ahead →</text>`;
  const title = `${unitText}: each dot a mean difference over seeds, bars its 95% interval, grey the ±margin`;
  return (
    `<svg class="intervals" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" role="img" aria-label="${esc(title)}">` +
    `${rows.join('')}${axis}</svg>`
  );
}

/** One plot per unit of the claim's effects, in the order the units first appear; "" when nothing is measured. */
export function renderIntervalPlots(claimId: string, effects: readonly ClaimEffect[]): string {
  const byUnit = new Map<string, ClaimEffect[]>();
  for (const e of effects.filter((f) => Number.isFinite(f.delta))) {
    const unit = e.relative ? '%' : effectUnit(e.metric);
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), e]);
  }
  return [...byUnit].map(([unit, list]) => renderPlot(claimId, unit, list)).join('');
}
