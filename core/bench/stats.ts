// Summary statistics of benchmark samples (docs/design.md §3: medians with the spread), and the throughput arithmetic
// that turns step times into tokens/s, FLOP/s and MFU against a peak (docs/palm.md §3, core/metrics/flops.ts' one MFU).
import { mfu } from '../metrics/flops';

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Quartiles by linear interpolation between order statistics (numpy's default). */
  p25: number;
  p75: number;
  n: number;
}

/** The value at fraction q in [0, 1] of the sorted samples, interpolated linearly. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: number[]): Spread {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const s = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(s, 0.5),
    min: s[0]!,
    max: s[s.length - 1]!,
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    n: s.length,
  };
}

/** A rate from a time per unit: the slowest step gives the lowest rate, so min and max swap (and the quartiles). */
export function invertSpread(timeMs: Spread, unitsPerStep: number): Spread {
  const rate = (ms: number) => (unitsPerStep * 1000) / ms;
  return {
    median: rate(timeMs.median),
    min: rate(timeMs.max),
    max: rate(timeMs.min),
    p25: rate(timeMs.p75),
    p75: rate(timeMs.p25),
    n: timeMs.n,
  };
}

export interface Throughput {
  tokensPerSec: Spread;
  /** Model FLOP/s at the median step: flopsPerToken * tokens/s. */
  flopsPerSec: number;
  /** flopsPerSec / peakFlopsPerSec, a fraction. */
  mfu: number;
}

/** tokens/s from step times, then model FLOP/s and MFU at the median, against one chip's peak. */
export function throughput(
  stepMs: Spread,
  tokensPerStep: number,
  flopsPerToken: number,
  peakFlopsPerSec: number,
): Throughput {
  const tokensPerSec = invertSpread(stepMs, tokensPerStep);
  const flopsPerSec = tokensPerSec.median * flopsPerToken;
  return {
    tokensPerSec,
    flopsPerSec,
    mfu: mfu({ tokensPerSec: tokensPerSec.median, flopsPerToken, chips: 1, peakFlopsPerSec }),
  };
}
