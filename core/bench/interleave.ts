// Interleaved timing (docs/benchmarks.md, Method): every variant warmed up, then rounds of a few steps of each in turn,
// so machine drift (other processes, thermal, GC) hits all variants alike; ratios to the reference are taken within a
// round.
import type { Config } from '../config/schema';
import { summarize, type Spread } from './stats';
import { openTrainBench, type TrainBench, type TrainBenchResult } from './train-bench';

export interface InterleaveOptions {
  /** Timed steps per variant in all, spread over the rounds. */
  steps: number;
  /** Rounds (at most `steps`: a round times at least one step of each variant). */
  rounds: number;
  warmup: number;
  peakFlopsPerSec: number;
  now?: () => number;
  /** Told before each phase, for a progress line. */
  log?: (line: string) => void;
  /** Told after each warm-up and each timed stretch: steps done of all variants' warm-up and timed steps. */
  progress?: (doneSteps: number, totalSteps: number) => void;
  /** Asked before each warm-up and each timed stretch; true ends the bench with BenchStopped (a user's Stop). */
  shouldStop?: () => boolean;
}

/** The bench ended early because `shouldStop` said so; every model it opened is disposed. */
export class BenchStopped extends Error {
  constructor() {
    super('the bench was stopped');
    this.name = 'BenchStopped';
  }
}

export interface InterleavedResult extends TrainBenchResult {
  name: string;
  /** tokens/s of each round: the round's tokens over its steps' summed time. */
  roundTokensPerSec: number[];
  /**
   * reference tokens/s ÷ this variant's, per round (the tables' "ref/this"): > 1 means the reference is
   * faster. The reference's own is 1 in every round.
   */
  referenceOver: Spread;
}

/** Steps of each round: `steps` split as evenly as possible, the earlier rounds taking the remainder. */
export function roundSteps(steps: number, rounds: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`interleaved bench needs steps ≥ 1 and rounds ≥ 1 (got steps ${steps}, rounds ${rounds})`);
  }
  const n = Math.min(rounds, steps);
  return Array.from({ length: n }, (_, r) => Math.floor(steps / n) + (r < steps % n ? 1 : 0));
}

/** Per-round ratios of the reference's rate (the first variant) to each variant's. */
export function referenceRatios(roundRates: number[][]): Spread[] {
  const ref = roundRates[0];
  if (!ref) throw new Error('referenceRatios: no variants');
  return roundRates.map((rates) => summarize(rates.map((rate, r) => (ref[r] as number) / rate)));
}

/** Bench `variants` (the first is the reference) interleaved, in this process, on the current backend. */
export async function benchInterleaved(
  variants: { name: string; config: Config }[],
  opts: InterleaveOptions,
): Promise<InterleavedResult[]> {
  const now = opts.now ?? (() => performance.now());
  const log = opts.log ?? (() => undefined);
  const plan = roundSteps(opts.steps, opts.rounds);
  const benches: TrainBench[] = [];
  const total = variants.length * (opts.warmup + opts.steps);
  let done = 0;
  const advance = (steps: number) => opts.progress?.((done += steps), total);
  const checkStop = () => {
    if (opts.shouldStop?.()) throw new BenchStopped();
  };
  try {
    for (const v of variants) {
      checkStop();
      log(`bench: warming up ${v.name} (${opts.warmup} steps)`);
      const bench = openTrainBench(v.config, opts.warmup + opts.steps + 1, now);
      benches.push(bench);
      await bench.warmUp(opts.warmup);
      advance(opts.warmup);
    }
    const roundRates: number[][] = variants.map(() => []);
    for (const [r, steps] of plan.entries()) {
      log(`bench: round ${r + 1}/${plan.length}: ${steps} step(s) of each variant`);
      // Each round starts one variant later, so no variant always follows the same one.
      for (let k = 0; k < benches.length; k++) {
        checkStop();
        const i = (r + k) % benches.length;
        const ms = await (benches[i] as TrainBench).timeSteps(steps);
        const v = variants[i] as { config: Config };
        const tokens = steps * v.config.train.batchSize * v.config.model.seqLen;
        (roundRates[i] as number[])[r] = (tokens * 1000) / ms.reduce((a, b) => a + b, 0);
        advance(steps);
      }
    }
    const ratios = referenceRatios(roundRates);
    const results: InterleavedResult[] = [];
    for (const [i, bench] of benches.entries()) {
      results.push({
        name: (variants[i] as { name: string }).name,
        ...(await bench.finish(opts.peakFlopsPerSec)),
        roundTokensPerSec: roundRates[i] as number[],
        referenceOver: ratios[i] as Spread,
      });
    }
    return results;
  } finally {
    for (const b of benches) b.dispose();
  }
}
