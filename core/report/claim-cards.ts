// How a report shows verdicts (issue 12 §8): one line per effect ("Δ +0.012 [−0.004, +0.028] nats, n = 3"), and for
// HTML one card per claim with its verdict, effects and an interval plot (each Δ with its 95% interval against 0).
import type { ClaimEffect, ClaimResult } from './evidence';
import { escapeHtml as esc } from './escape';
import { formatCount, formatSignificant } from './format';
import type { MainEffect } from './main-effects';
import { describeRung, describeToTarget, renderTrendChart } from './scale-card';

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
  const margin = e.relative ? `${(e.margin ?? 0) * 100}%` : String(e.margin);
  if (e.expect === 'neutral') return `neutral within ±${margin}`;
  return e.expect === 'not-worse' ? `PaLM not worse by more than ${margin}` : 'PaLM better';
}

const formatMean = (n: number) => (Math.abs(n) >= 1000 ? formatCount(n) : formatSignificant(n, 4));

/** "final val loss (nats/token): mha 2.190 vs mqa 2.208, Δ +0.012 [−0.004, +0.028], n = 3 — supported (neutral within ±0.05)". */
export function describeEffect(e: ClaimEffect): string {
  return (
    `${e.label}: ${e.variant.name} ${formatMean(e.variant.mean)} vs ${e.baseline.name} ${formatMean(e.baseline.mean)}, ` +
    `${formatInterval(e.delta, e.ci95, e.relative)}, n = ${e.n}` +
    ` — ${e.verdict} (${describeExpectation(e)})`
  );
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

const VERDICT_COLOURS = { supported: '#009E73', contradicted: '#D55E00', inconclusive: '#777777' } as const;

/**
 * Each effect's Δ as a dot with its 95% interval, the zero line, and a neutral test's margin as a band. Effects
 * have different units, so each row has its own scale, symmetric about 0.
 */
function renderIntervalPlot(effects: ClaimEffect[]): string {
  const shown = effects.filter((e) => Number.isFinite(e.delta));
  if (shown.length === 0) return '';
  const rowH = 22;
  const w = 420;
  const labelW = 150;
  const plotW = w - labelW - 8;
  const h = shown.length * rowH + 20;
  const zeroX = labelW + plotW / 2;
  const rows = shown.map((e, i) => {
    const y = 14 + i * rowH;
    const ends = [e.delta, ...(e.ci95 ?? []), ...(e.margin ? [e.margin] : [])];
    const span = Math.max(...ends.map(Math.abs), 1e-12) * 1.1;
    const x = (v: number) => zeroX + (v / span) * (plotW / 2);
    const c = VERDICT_COLOURS[e.verdict];
    const band = e.margin
      ? `<rect x="${x(-e.margin)}" y="${y - 8}" width="${x(e.margin) - x(-e.margin)}" height="16" fill="#eee"/>`
      : '';
    const bar = e.ci95
      ? `<line x1="${x(e.ci95[0])}" x2="${x(e.ci95[1])}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="2"/>`
      : '';
    const label = `<text x="0" y="${y + 4}" font-size="10" fill="#333">${esc(e.metric)}</text>`;
    const title = `<title>${esc(describeEffect(e))}</title>`;
    return `<g>${title}${label}${band}${bar}<circle cx="${x(e.delta)}" cy="${y}" r="4" fill="${c}"/></g>`;
  });
  const zero = `<line x1="${zeroX}" x2="${zeroX}" y1="2" y2="${h - 14}" stroke="#333" stroke-dasharray="3 3"/>`;
  const axis = `<text x="${zeroX}" y="${h - 2}" font-size="10" text-anchor="middle" fill="#555">0: no difference (Δ = alternative − PaLM)</text>`;
  return `<svg class="intervals" viewBox="0 0 ${w} ${h}" role="img" aria-label="effects with 95% intervals">${rows.join('')}${zero}${axis}</svg>`;
}

export const CLAIM_CARD_STYLE = `
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px}
.card{border:1px solid #ddd;border-top:5px solid #777;border-radius:6px;padding:10px 14px;break-inside:avoid}
.card.supported{border-top-color:#009E73}.card.contradicted{border-top-color:#D55E00}
.card h3{margin:0 0 4px;font-size:15px}.verdict{font-weight:700;text-transform:uppercase;letter-spacing:.04em;font-size:12px}
.card ul{margin:6px 0;padding-left:18px;font-size:12.5px}.card .scale,.card .note{color:#666;font-size:12px;margin:2px 0}
svg.intervals,svg.trend{width:100%;height:auto;display:block;margin-top:4px}.card li.sub{list-style:circle;margin-left:14px;color:#444}`;

/** A claim's lines: each effect (and its to-target ratios), under its rung's heading when there are several sizes,
 *  then each trend in words. Shared by the HTML cards and the Markdown report. */
export function describeClaimLines(r: ClaimResult): string[] {
  const effectLines = (effects: ClaimEffect[]) =>
    effects.flatMap((e) => [describeEffect(e), ...(e.toTarget ? [`  ${describeToTarget(e.toTarget)}`] : [])]);
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
      `<p>${esc(r.claim)}</p><p class="scale">${esc(describeScale(r))}</p><ul>${items}</ul>${notes}${r.scale.length > 1 ? renderTrendCharts(r) : renderIntervalPlot(r.effects)}</article>`
    );
  });
  const main = mainEffects.length
    ? `<h3>Main effects (each switch averaged over the others)</h3><ul>${mainEffects.map((m) => `<li>${esc(describeMainEffect(m))}</li>`).join('')}</ul>`
    : '';
  return `<h2>Verdicts</h2><div class="cards">${cards.join('')}</div>${main}`;
}
