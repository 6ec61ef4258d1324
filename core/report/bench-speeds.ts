// Training speeds compared from the interleaved bench (docs/evidence.md, Method): two variants' tokens/s paired round
// by round (round r of each ran back to back in one process, so a drift of the machine hits both), as the ratio
// alternative / PaLM with the 95% t-interval of the mean log ratio over the rounds (pairedRatio, as the to-target
// ratios are over seeds). Runs' own speeds, timed minutes apart, are never compared.
import { pairedRatio, type PairedRatio } from '../metrics/to-target';
import type { BenchSpeed, BenchSpeeds } from './to-target';

export interface PairedBenchSpeeds {
  baseline: BenchSpeed;
  variant: BenchSpeed;
  /** variant / baseline tokens/s over the rounds; n is the number of rounds. */
  ratio: PairedRatio;
  /** Rounds whose own ratio lies on the same side of 1 as the mean's. */
  agreeing: number;
}

/**
 * Both sides' rounds, when the bench timed them in one set with as many rounds each; null when either lacks bench
 * speeds or they were not timed together (then their rounds do not pair).
 */
export function pairBenchSpeeds(
  speeds: BenchSpeeds | undefined,
  baselineName: string,
  variantName: string,
): PairedBenchSpeeds | null {
  const [b, v] = [speeds?.get(baselineName), speeds?.get(variantName)];
  if (!b?.rounds || !v?.rounds || b.rounds.length === 0 || b.rounds.length !== v.rounds.length) return null;
  if (b.set !== v.set || b.backend !== v.backend) return null;
  const ratio = pairedRatio(b.rounds, v.rounds);
  const side = Math.sign(Math.log(ratio.ratio));
  const agreeing = v.rounds.filter((rate, r) => Math.sign(Math.log(rate / b.rounds![r]!)) === side).length;
  return { baseline: b, variant: v, ratio, agreeing };
}
