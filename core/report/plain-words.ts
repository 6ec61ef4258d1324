// A verdict in plain words (docs/design.md §3): each effect says which side came out ahead, by how much in the metric's
// unit, with its 95% interval and how many seeds (for a bench speed: rounds) agree — "multi-head is 0.032 nats better
// [0.025, 0.040], 3 of 3 seeds" — then the verdict and why, naming the margin. The workbench's cards and every report
// read these.
import { EFFECT_METRICS, findClaim, findOption, type EffectMetric } from '../claims';
import { TIMED_APART_NOTE, type ClaimEffect } from './evidence';
import { formatSignificant } from './format';

/** Each metric's unit (after the number) and its words for the winning and the losing direction. */
const WORDS: Record<EffectMetric, { unit: string; better: string; worse: string }> = {
  finalValLoss: { unit: 'nats', better: 'better', worse: 'worse' },
  valBitsPerByte: { unit: 'bits/byte', better: 'better', worse: 'worse' },
  valLossAtEqualFlops: { unit: 'nats', better: 'better at equal FLOPs', worse: 'worse at equal FLOPs' },
  timeToTarget: { unit: '%', better: 'sooner to the same loss', worse: 'later to the same loss' },
  valLoss4x: { unit: 'nats', better: 'better at 4x length', worse: 'worse at 4x length' },
  tokensPerSec: { unit: '%', better: 'faster', worse: 'slower' },
  kvCacheBytesPerToken: { unit: '%', better: 'smaller', worse: 'larger' },
  optimizerStateBytes: { unit: '%', better: 'smaller', worse: 'larger' },
  params: { unit: '%', better: 'fewer', worse: 'more' },
  finalAbsLogZ: { unit: '', better: 'lower', worse: 'higher' },
  maxAttnLogit: { unit: '', better: 'lower', worse: 'higher' },
  lrSensitivity: { unit: 'nats', better: 'less sensitive', worse: 'more sensitive' },
};

/** The unit an effect's Δ is in: "nats", "%" (relative), "bits/byte", or "" (a plain number). */
export function effectUnit(metric: EffectMetric): string {
  return WORDS[metric].unit;
}

/** A metric's name without its unit: "final val loss". */
export function metricName(metric: EffectMetric): string {
  return EFFECT_METRICS[metric].label.replace(/ \(.*\)$/, '');
}

/** An option's name without "(PaLM)": "multi-head". */
export function optionName(claimId: string, optionId: 'palm' | 'alternative'): string {
  const claim = findClaim(claimId);
  return findOption(claim, claim[optionId]).label.replace(/ \(PaLM\)$/, '');
}

const magnitude = (n: number, relative: boolean) =>
  relative ? `${formatSignificant(Math.abs(n) * 100, 2)}%` : Math.abs(n).toFixed(3);
const signedMagnitude = (n: number, relative: boolean) => `${n < 0 ? '−' : '+'}${magnitude(n, relative)}`;

/**
 * "multi-head is 0.032 nats better [0.025, 0.040], 3 of 3 seeds". An absolute difference names the side ahead;
 * a relative one (a ratio to PaLM's side) always names the alternative, as "serial is 26% slower than parallel".
 * The interval is in the sentence's direction; it is signed only when it crosses 0.
 */
export function describeDirection(e: ClaimEffect): string {
  const words = WORDS[e.metric];
  const palm = optionName(e.claimId, 'palm');
  const alternative = optionName(e.claimId, 'alternative');
  const lower = EFFECT_METRICS[e.metric].lowerIsBetter;
  // Goodness of the alternative over PaLM's side: positive when the alternative is ahead.
  const good = (d: number) => (lower ? -d : d);
  const g = good(e.delta);
  const altAhead = e.relative || g >= 0;
  const toSentence = (d: number) => (altAhead ? good(d) : -good(d));
  const value = toSentence(e.delta);
  // In the direction of the sentence's word ("slower": positive is slower).
  const along = (d: number) => (value >= 0 ? 1 : -1) * toSentence(d);
  const [lo, hi] = e.ci95 ? [e.ci95[0], e.ci95[1]].map(along).sort((a, b) => a - b) : [NaN, NaN];
  const crosses = e.ci95 !== null && lo! < 0 && hi! > 0;
  const fmt = (n: number) => (crosses ? signedMagnitude(n, e.relative) : magnitude(n, e.relative));
  const interval = e.ci95
    ? ` [${fmt(lo!)}, ${fmt(hi!)}]`
    : ` (no interval: one ${e.pairedOver === 'rounds' ? 'round' : 'seed'})`;
  const unit = !e.relative && words.unit ? ` ${words.unit}` : '';
  const word = value >= 0 ? words.better : words.worse;
  const subject = altAhead ? alternative : palm;
  const than = e.relative ? ` than ${palm}` : '';
  const seeds = e.n > 1 ? `, ${e.agreeing} of ${e.n} ${e.pairedOver ?? 'seeds'}` : '';
  return `${metricName(e.metric)}: ${subject} is ${magnitude(value, e.relative)}${unit} ${word}${than}${interval}${seeds}`;
}

/** The margin as the reader reads it: "±0.05 nats", "±5%". */
export function formatMargin(e: Pick<ClaimEffect, 'metric' | 'relative' | 'margin'>): string {
  const m = e.margin ?? 0;
  const unit = effectUnit(e.metric);
  return e.relative ? `${formatSignificant(m * 100, 2)}%` : `${m}${unit ? ` ${unit}` : ''}`;
}

/** The verdict and why, in the claim's terms, naming the margin where the test has one. */
export function explainVerdict(e: ClaimEffect): string {
  const palm = optionName(e.claimId, 'palm');
  const margin = formatMargin(e);
  const excludesZero = e.ci95 !== null && (e.ci95[0] > 0 || e.ci95[1] < 0);
  if (e.timedApart) return `not judged: ${TIMED_APART_NOTE}`;
  if (e.n < 2 || !e.ci95)
    return e.pairedOver === 'rounds'
      ? 'one bench round gives no interval: bench 2 or more steps per variant'
      : 'one seed gives no interval: run 3 or more seeds';
  if (e.expect === 'neutral') {
    if (e.verdict === 'supported')
      return excludesZero
        ? `no meaningful difference (the interval lies within ±${margin}), though consistently non-zero (it excludes 0)`
        : `no meaningful difference: the interval lies within ±${margin}`;
    if (e.verdict === 'contradicted') return `a real difference: the interval lies outside ±${margin}`;
    return `the interval reaches past ±${margin}; more seeds would settle it`;
  }
  if (e.expect === 'not-worse') {
    if (e.verdict === 'supported') return `${palm} is not worse by more than ${margin}`;
    if (e.verdict === 'contradicted') return `${palm} is worse by more than ${margin}`;
    return `${palm} may be worse by more than ${margin}; more seeds would settle it`;
  }
  if (e.verdict === 'supported') return `${palm} is ahead, as the paper says (the interval excludes 0)`;
  if (e.verdict === 'contradicted') return `the alternative is ahead, against the paper (the interval excludes 0)`;
  return `the interval includes 0, so neither side is shown ahead (the paper expects ${palm} to be)`;
}
