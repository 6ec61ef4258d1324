// How a report shows verdicts: one line per effect in plain words (plain-words.ts: which side is ahead, by how much,
// its interval, the seeds that agree, the verdict and why), and for HTML one card per claim with its verdict, effects
// and its interval plots (interval-plot.ts: one per unit, with an axis).
import type { ClaimEffect, ClaimResult } from './evidence';
import { escapeHtml as esc } from './escape';
import { formatCount, formatDurationMs, formatSignificant } from './format';
import { renderIntervalPlots, VERDICT_COLOURS } from './interval-plot';
import type { MainEffect } from './main-effects';
import { describeRung, describeToTarget, renderTrendChart, showsToTarget } from './scale-card';
import { describeDirection, explainVerdict, formatMargin, optionName } from './plain-words';

const signed = (n: number, relative: boolean) => {
  const text = relative ? `${formatSignificant(Math.abs(n) * 100, 2)}%` : Math.abs(n).toFixed(3);
  return `${n >= 0 ? '+' : '−'}${text}`;
};

/** "Δ +0.012 [−0.004, +0.028]" (a fraction as a percentage when relative); "no interval" for one seed. */
export function formatInterval(delta: number, ci95: [number, number] | null, relative: boolean): string {
  const ci = ci95 ? ` [${signed(ci95[0], relative)}, ${signed(ci95[1], relative)}]` : ' (no interval)';
  return `Δ ${signed(delta, relative)}${ci}`;
}

export function describeExpectation(e: ClaimEffect): string {
  if (e.expect === 'neutral') return `neutral within ±${formatMargin(e)}`;
  return e.expect === 'not-worse' ? `PaLM not worse by more than ${formatMargin(e)}` : 'PaLM better';
}

/** A side's mean in its metric's unit: wall time to target in seconds, speeds in tokens/s, losses bare. */
function formatMean(e: ClaimEffect, n: number): string {
  if (e.metric === 'timeToTarget') return formatDurationMs(n);
  if (e.metric === 'tokensPerSec') return `${formatCount(n)} tokens/s`;
  return Math.abs(n) >= 1000 ? formatCount(n) : formatSignificant(n, 4);
}

/**
 * "final val loss: multi-head is 0.032 nats better [0.025, 0.040], 3 of 3 seeds (multi-head 2.190 vs multi-query
 * 2.222) — contradicted: a real difference: the interval lies outside ±0.02 nats".
 */
export function describeEffect(e: ClaimEffect): string {
  const means = `${optionName(e.claimId, 'alternative')} ${formatMean(e, e.variant.mean)} vs ${optionName(e.claimId, 'palm')} ${formatMean(e, e.baseline.mean)}`;
  return `${describeDirection(e)} (${means}) — ${e.timedApart ? explainVerdict(e) : `${e.verdict}: ${explainVerdict(e)}`}`;
}

/** "at this scale (135k params, 154k tokens)", or the ladder's sizes. */
export function describeScale(r: ClaimResult): string {
  const sizes = r.scale.map((s) => `${formatCount(s.params)} params, ${formatCount(s.tokens)} tokens`);
  if (sizes.length === 0) return '';
  return sizes.length === 1 ? `at this scale (${sizes[0]})` : `over ${sizes.length} sizes (${sizes.join('; ')})`;
}

export function describeMainEffect(m: MainEffect): string {
  return `${m.factor} ${m.from}→${m.to}: final val loss ${formatInterval(m.delta, m.ci95, false)}, n = ${m.n}`;
}

/** One plot per unit, with an axis, ticks and the unit (interval-plot.ts). */
function renderIntervalPlot(r: ClaimResult): string {
  return renderIntervalPlots(r.id, r.effects);
}

export const CLAIM_CARD_STYLE = `
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px}
.card{border:1px solid #ddd;border-top:5px solid #777;border-radius:6px;padding:10px 14px;break-inside:avoid}
.card.supported{border-top-color:#009E73}.card.contradicted{border-top-color:#D55E00}
.card h3{margin:0 0 4px;font-size:15px}.verdict{font-weight:700;text-transform:uppercase;letter-spacing:.04em;font-size:12px}
.card ul{margin:6px 0;padding-left:18px;font-size:12.5px}.card .scale,.card .note{color:#666;font-size:12px;margin:2px 0}
svg.intervals{max-width:100%;height:auto;display:block;margin-top:6px}svg.trend{width:100%;height:auto;display:block;margin-top:4px}.card li.sub{list-style:circle;margin-left:14px;color:#444}`;

/** A claim's lines: each effect (and its to-target ratios), under its rung's heading when there are several sizes,
 *  then each trend in words. Shared by the HTML cards and the Markdown report. */
export function describeClaimLines(r: ClaimResult): string[] {
  const effectLines = (effects: ClaimEffect[]) =>
    effects.flatMap((e, i) => [
      describeEffect(e),
      ...(showsToTarget(effects, i) ? [`  ${describeToTarget(e.toTarget!)}`] : []),
    ]);
  if (r.scale.length <= 1) return effectLines(r.effects);
  return [
    ...r.scale.flatMap((s) => [`${describeRung(s)}:`, ...effectLines(s.effects).map((l) => `  ${l}`)]),
    ...r.trend.map((t) => `trend: ${t.statement}`),
  ];
}

function renderTrendCharts(r: ClaimResult): string {
  return r.trend
    .map((t) =>
      renderTrendChart(
        t,
        r.scale.map((s) => s.effects.find((e) => e.metric === t.metric)?.ci95 ?? null),
      ),
    )
    .join('');
}

export function renderClaimCards(results: ClaimResult[], mainEffects: MainEffect[]): string {
  if (results.length === 0 && mainEffects.length === 0) return '';
  const cards = results.map((r) => {
    const items = describeClaimLines(r)
      .map((line) => `<li${line.startsWith(' ') ? ' class="sub"' : ''}>${esc(line.trim())}</li>`)
      .join('');
    const notes = r.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
    return (
      `<article class="card ${r.verdict}"><h3>${esc(r.title)} <span class="verdict" style="color:${VERDICT_COLOURS[r.verdict]}">${r.verdict}</span></h3>` +
      `<p>${esc(r.claim)}</p><p class="scale">${esc(describeScale(r))}</p><ul>${items}</ul>${notes}${r.scale.length > 1 ? renderTrendCharts(r) : renderIntervalPlot(r)}</article>`
    );
  });
  const main = mainEffects.length
    ? `<h3>Main effects (each switch averaged over the others)</h3><ul>${mainEffects.map((m) => `<li>${esc(describeMainEffect(m))}</li>`).join('')}</ul>`
    : '';
  return `<h2>Verdicts</h2><div class="cards">${cards.join('')}</div>${main}`;
}
