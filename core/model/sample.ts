// Next-token sampling for generation: greedy (temperature 0), or softmax(logits / temperature) over the top-k
// logits, drawn with a seeded JS generator so that a seed gives the same text on every backend.
import { Rng } from '../data/random';

/** A seeded uniform generator on [0, 1): the data sampler's mulberry32, one stream per seed. */
export function seededUniform(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.nextFloat();
}

/**
 * One id from candidate `logits` (their ids in `ids`, same order): softmax(logits / temperature) sampled with
 * `uniform`. Computed in float64 after subtracting the max, so no candidate underflows the sum.
 */
export function sampleFromLogits(
  logits: ArrayLike<number>,
  ids: ArrayLike<number>,
  temperature: number,
  uniform: () => number,
): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const weights = Array.from({ length: logits.length }, (_, i) => Math.exp((logits[i]! - max) / temperature));
  let u = uniform() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return ids[i]!;
  }
  return ids[ids.length - 1]!; // u landed on the sum itself (rounding): the last candidate
}
