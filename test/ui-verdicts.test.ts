// Verdict cards in the UI: the finished runs of each experiment judged by core/report's evidence functions, one card
// per claim with its verdict, Δ ± 95% interval (numbers from numpy and the t-table), n seeds and the scale.
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import { findClaim } from '../core/claims';
import { buildVerdictCards } from '../renderer/src/panels/verdicts';
import { makeJudgedEntry as makeEntry } from './ui-fakes';

const A = { id: 'A', name: 'mha-vs-mqa' };
const B = { id: 'B', name: 'later attention runs' };
const MHA: ConfigInput = { model: { attention: 'mha' } };

describe('verdict cards', () => {
  const mqa = [2.3, 2.32, 2.31];
  const mha = [2.31, 2.3, 2.33];
  const entries = [
    ...mqa.map((l, s) => makeEntry('mqa', {}, s, l, A)),
    ...mha.map((l, s) => makeEntry('mha', MHA, s, l, A)),
    // Another experiment: one finished mha run and a queued mqa run make no pair, and never pair with A's runs.
    makeEntry('mha', MHA, 0, 2.0, B),
    makeEntry('mqa', {}, 0, 2.0, B, 'queued'),
  ];

  it('gives the attention claim of the experiment one card with the table claim and the scale', () => {
    const cards = buildVerdictCards(entries);
    expect(cards.map((c) => [c.experiment, c.claimId])).toEqual([['mha-vs-mqa', 'attention']]);
    const card = cards[0]!;
    expect(card.claim).toBe(findClaim('attention').claim);
    expect(card.source).toBe('PaLM §2');
    expect(card.scale).toBe('at this scale (100k params, 100k tokens)');
  });

  it('words the speed test as tokens and FLOPs to the target loss, wall time unjudged without interleaved bench speeds', () => {
    const card = buildVerdictCards(entries)[0]!;
    expect(card.ladder).toEqual([
      expect.stringMatching(/^to target \(the worse side's final val loss, 3 seeds' own\), mha \/ mqa: tokens ×/),
    ]);
    expect(card.ladder[0]).toMatch(/FLOPs ×.*, wall time: no bench speeds$/);
  });

  it('shows each effect as Δ ± its 95% interval over the 3 paired seeds (numpy: mean 0.00333, sd 0.02082)', () => {
    const card = buildVerdictCards(entries)[0]!;
    const loss = card.effects.find((e) => e.metric === 'finalValLoss')!;
    expect(loss.n).toBe(3);
    const half = (4.303 * 0.020816659994661382) / Math.sqrt(3); // t(0.975, 2) = 4.303
    expect(loss.delta).toBeCloseTo(0.0033333, 6);
    expect(loss.ci95![0]).toBeCloseTo(0.0033333 - half, 3);
    expect(loss.ci95![1]).toBeCloseTo(0.0033333 + half, 3);
    expect(loss.interval).toBe('Δ +0.003 [−0.048, +0.055]');
    expect(loss.sides).toBe('mha 2.313 vs mqa 2.310');
    expect(loss.margin).toBe(0.05);
    // The interval reaches past the ±0.05 margin: no equivalence shown, so not "supported".
    expect(loss.verdict).toBe('inconclusive');
    // MHA's KV cache is 4 heads against 1: +300% every seed, PaLM's option better.
    const kv = card.effects.find((e) => e.metric === 'kvCacheBytesPerToken')!;
    expect(kv.delta).toBeCloseTo(3, 12);
    expect(kv.verdict).toBe('supported');
    expect(kv.interval).toMatch(/^Δ \+300%/);
  });

  it('with one seed per run: inconclusive, and the notes point at the builder and the bench, not the command line', () => {
    const card = buildVerdictCards([makeEntry('mqa', {}, 0, 2.3, A), makeEntry('mha', MHA, 0, 2.31, A)])[0]!;
    expect(card.verdict).toBe('inconclusive');
    expect(card.effects.every((e) => e.n === 1 && e.ci95 === null)).toBe(true);
    expect(card.notes).toEqual([
      'wall time to target loss (bench speed): not measured for mqa vs mha: speed not comparable: timed separately; ' +
        'press “Benchmark these variants” to time them interleaved',
      'One seed per run, so no interval: queue the experiment again with "Seeds per run" at 3 or more.',
    ]);
  });

  it('names each side by its variant, without the experiment and the seed (the builder names runs so)', () => {
    const E = { id: 'E', name: 'mha-vs-mqa' };
    const seeded = [0, 1].flatMap((s) => [
      makeEntry(`mha-vs-mqa · mqa · seed ${s}`, {}, s, 2.3, E),
      makeEntry(`mha-vs-mqa · mha · seed ${s}`, MHA, s, 2.3 + s / 100, E),
    ]);
    const kv = buildVerdictCards(seeded)[0]!.effects.find((e) => e.metric === 'kvCacheBytesPerToken')!;
    expect(kv.sides).toMatch(/^mha \S+ vs mqa \S+$/);
    expect(buildVerdictCards(seeded)[0]!.effects[0]!.sides).toBe('mha 2.305 vs mqa 2.300');
  });

  it('has no card before an experiment has two finished runs', () => {
    expect(buildVerdictCards(entries.filter((e) => e.record.name === 'mqa' || e.experiment !== A))).toEqual([]);
  });
});
