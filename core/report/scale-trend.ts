// A claim's effects across a scale ladder (docs/evidence.md, Method): the effects grouped by rung with each rung's
// size, the weighted trend of each test's effect against log10(parameters) stated in words, and the test's verdict
// judged at the largest rung and on the trend.
import { EFFECT_METRICS, type ClaimTest, type EffectMetric } from '../claims';
import { fitTrend, type TrendFit } from '../metrics/trend';
import { formatCount, formatSignificant } from './format';
import type { Verdict } from './verdict';

/** What the trend needs of an effect (evidence.ts' ClaimEffect has it; declared here so neither file imports the other). */
export interface RungEffect {
  metric: EffectMetric;
  delta: number;
  /** The standard error of delta: the trend's weight is 1/se². */
  se: number;
  verdict: Verdict;
  baseline: { name: string };
  variant: { name: string };
  /** Where the pair ran: its ladder rung (or none) and the PaLM side's size. */
  at: { rung: { index: number; name: string } | null; params: number; tokens: number };
}

export interface ScaleRung<E extends RungEffect = RungEffect> {
  /** The ladder rung, or null for runs without one (a single size). */
  rung: { index: number; name: string } | null;
  /** The PaLM-side run's parameters and training tokens. */
  params: number;
  tokens: number;
  effects: E[];
}

export interface ClaimTrend {
  metric: EffectMetric;
  label: string;
  relative: boolean;
  /** Each rung's effect and its standard error, as fitted. */
  points: { params: number; effect: number; se: number }[];
  fit: TrendFit;
  /** The trend in words: per 10× parameters, its interval, and where it crosses zero. */
  statement: string;
}

/** The effects grouped by ladder rung, in rung order; effects of runs without a rung form one group (one size). */
export function groupByRung<E extends RungEffect>(effects: E[]): ScaleRung<E>[] {
  const groups = new Map<string, ScaleRung<E>>();
  for (const e of effects) {
    const key = e.at.rung ? `rung ${e.at.rung.index}` : 'no ladder';
    const g: ScaleRung<E> = groups.get(key) ?? {
      rung: e.at.rung,
      params: e.at.params,
      tokens: e.at.tokens,
      effects: [],
    };
    g.effects.push(e);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (a.rung?.index ?? -1) - (b.rung?.index ?? -1));
}

const signedText = (n: number, relative: boolean) =>
  `${n >= 0 ? '+' : '−'}${relative ? `${formatSignificant(Math.abs(n) * 100, 3)} percentage points` : formatSignificant(Math.abs(n), 3)}`;

/**
 * "final val loss (serial − parallel): the gap shrinks by 0.012 per 10× parameters (slope −0.012 [−0.15, +0.17]); ...",
 * or "the gap changes sign between the rungs, falling by 0.05 per 10× parameters (...)".
 */
export function describeTrend(t: Omit<ClaimTrend, 'statement'>, baseline: string, variant: string): string {
  const { fit } = t;
  const largest = t.points.reduce((a, b) => (b.params > a.params ? b : a));
  const smallest = t.points.reduce((a, b) => (b.params < a.params ? b : a));
  const by = `by ${signedText(Math.abs(fit.slope), t.relative).slice(1)} per 10× parameters`;
  // "Shrinks" and "grows" read right only while the fitted gap keeps one sign over the measured sizes; a line that
  // crosses zero between the rungs changes which side is ahead, so it is said so, with the direction it moves.
  const flips = fit.crossing !== null && fit.crossing.params > smallest.params && fit.crossing.params < largest.params;
  // The fitted gap at the largest rung, not the measured one: the words describe the line.
  const shrinks = Math.sign(fit.slope) !== Math.sign(fit.intercept + fit.slope * Math.log10(largest.params));
  const per = flips
    ? `changes sign between the rungs, ${fit.slope < 0 ? 'falling' : 'rising'} ${by}`
    : `${shrinks ? 'shrinks' : 'grows'} ${by}`;
  const ci = fit.slopeCi95
    ? ` (slope ${signedText(fit.slope, t.relative)} [${signedText(fit.slopeCi95[0], t.relative)}, ${signedText(fit.slopeCi95[1], t.relative)}])`
    : ' (two rungs: no interval)';
  const c = fit.crossing;
  const cross =
    c === null || !c.withinLadder
      ? 'does not cross zero within the ladder ×10'
      : `crosses zero near ${formatCount(c.params)} parameters ${c.ci95 ? `[${formatCount(c.ci95[0])}, ${formatCount(c.ci95[1])}]` : '(interval unbounded: the slope may be 0)'}`;
  return `${t.label} (${variant} − ${baseline}): the gap ${per}${ci}; the fit ${cross}; ${fit.n} rungs, ${fit.weighting} weights`;
}

/** The trend of each test metric measured at two or more sizes. */
export function fitTrends(scale: ScaleRung[]): ClaimTrend[] {
  const metrics = [...new Set(scale.flatMap((s) => s.effects.map((e) => e.metric)))];
  return metrics.flatMap((metric) => {
    const effects = scale.flatMap((s) => s.effects.filter((e) => e.metric === metric).slice(0, 1));
    const points = effects.map((e) => ({ params: e.at.params, effect: e.delta, se: e.se }));
    // An effect fixed by construction (MQA's KV cache, tied embeddings' parameters) has no trend to fit.
    if (points.every((p) => p.effect === points[0]!.effect)) return [];
    const fit = fitTrend(points);
    if (!fit) return [];
    const first = effects[0]!; // fitTrend needs two points
    const trend = {
      metric,
      label: EFFECT_METRICS[metric].label,
      relative: EFFECT_METRICS[metric].relative,
      points,
      fit,
    };
    return [
      {
        ...trend,
        statement: describeTrend(trend, first.baseline.name.split(' · ')[0]!, first.variant.name.split(' · ')[0]!),
      },
    ];
  });
}

/**
 * A test's verdict over a ladder: its verdict at the largest rung (the nearest to the paper's scale), except that a
 * neutral or not-worse test is not supported when the trend says the gap grows with size (the slope's whole interval
 * on the side of the largest rung's effect): "none at large scale" needs a gap that does not grow.
 */
export function judgeOnLadder(test: ClaimTest, scale: ScaleRung[], trends: ClaimTrend[]): Verdict | null {
  const largest = [...scale].reverse().find((s) => s.effects.some((e) => e.metric === test.metric));
  const effect = largest?.effects.find((e) => e.metric === test.metric);
  if (!effect) return null;
  const fit = trends.find((t) => t.metric === test.metric)?.fit;
  if (effect.verdict !== 'supported' || test.expect === 'palm-better' || !fit?.slopeCi95) return effect.verdict;
  const [lo, hi] = fit.slopeCi95;
  const grows = effect.delta >= 0 ? lo > 0 : hi < 0;
  return grows ? 'inconclusive' : 'supported';
}
