// The speed bench of an experiment's variants (docs/evidence.md, Wall time to target), for `run` and the workbench's
// "Benchmark these variants" alike: each set of variants (a ladder rung's, or the whole experiment's) timed
// interleaved in this process on its backend with one rounds and warm-up rule, and summarised as reports read it:
// each variant's median tokens/s over the rounds, their IQR, and the rounds themselves, which pair across the
// variants of one set (core/report/bench-speeds.ts judges tokens/s on them).
import type { Config } from '../config/schema';
import type { BenchSpeedEntry } from '../report/summary';
import { benchInterleaved } from './interleave';
import { summarize } from './stats';

export interface SpeedVariant {
  name: string;
  config: Config;
}

/** An entry as speed.json and the worker's `bench-done` carry it: rounds and set always present. */
export type SpeedEntry = BenchSpeedEntry & { name: string; rounds: number[]; set: number };

/** Up to 4 rounds (each times at least one step of every variant) after one warm-up step per variant. */
export function speedBenchPlan(steps: number): { steps: number; rounds: number; warmup: number } {
  return { steps, rounds: Math.min(steps, 4), warmup: 1 };
}

export interface SpeedBenchOptions {
  /** Timed steps per variant. */
  steps: number;
  /** The backend it runs on, named in every entry. */
  backend: string;
  log?: (line: string) => void;
  /** The share of all sets' warm-up and timed steps done, 0 to 1. */
  progress?: (fraction: number) => void;
  shouldStop?: () => boolean;
}

/** Bench each set interleaved, one after another; every variant's entry, in the sets' order. */
export async function benchSpeedSets(sets: SpeedVariant[][], opts: SpeedBenchOptions): Promise<SpeedEntry[]> {
  const entries: SpeedEntry[] = [];
  for (const [set, variants] of sets.entries()) {
    opts.log?.(`speed: timing ${variants.map((v) => v.name).join(', ')} interleaved (${opts.steps} steps each)`);
    const results = await benchInterleaved(variants, {
      ...speedBenchPlan(opts.steps),
      // MFU is not read here; the bench needs some peak to compute it.
      peakFlopsPerSec: 1,
      log: () => {},
      progress: (done, total) => opts.progress?.((set + done / total) / sets.length),
      shouldStop: opts.shouldStop,
    });
    for (const r of results) {
      const spread = summarize(r.roundTokensPerSec);
      entries.push({
        name: r.name,
        tokensPerSec: spread.median,
        iqr: [spread.p25, spread.p75],
        backend: opts.backend,
        rounds: r.roundTokensPerSec,
        set,
      });
    }
  }
  return entries;
}
