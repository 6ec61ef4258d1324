// Training FLOPs per token and model FLOPs utilisation, as PaLM Appendix B defines them (docs/palm.md §3): the one MFU
// of the training loop, the bench, the calculator, the reports and the UI, always named with the peak it is against.
import type { ModelConfig } from '../config/schema';
import type { PeakFlops } from '../record';
import { countParams } from './params';

/**
 * N of the 6N term: every parameter except a learned position table (added, never multiplied), with a tied
 * embedding counted once. Norm scales and biases are included, as are an untied input embedding and lm_head:
 * PaLM's convention counts parameters, not matmul weights.
 */
export function countFlopParams(m: ModelConfig): number {
  const p = countParams(m);
  return p.total - p.position;
}

/** The 12·L·H·Q·T term: attention scores and the weighted sum of values, forward and backward. */
export function attentionFlopsPerToken(m: ModelConfig): number {
  return 12 * m.nLayers * m.nHeads * m.headDim * m.seqLen;
}

/** Training FLOPs per token = 6N + 12·L·H·Q·T (forward + backward). */
export function flopsPerToken(m: ModelConfig): number {
  return 6 * countFlopParams(m) + attentionFlopsPerToken(m);
}

export interface MfuInput {
  tokensPerSec: number;
  flopsPerToken: number;
  /** Chips the throughput was measured on (1 for a single device). */
  chips: number;
  /** Peak FLOP/s of one chip. */
  peakFlopsPerSec: number;
}

/** Model FLOPs utilisation as a fraction in [0, 1]: achieved model FLOP/s over the peak of all chips. */
export function mfu({ tokensPerSec, flopsPerToken, chips, peakFlopsPerSec }: MfuInput): number {
  if (!(chips > 0) || !(peakFlopsPerSec > 0)) {
    throw new Error(`mfu: chips (${chips}) and peakFlopsPerSec (${peakFlopsPerSec}) must be > 0`);
  }
  return (tokensPerSec * flopsPerToken) / (chips * peakFlopsPerSec);
}

/**
 * What an MFU figure is against, for every place that shows one: the backend's calibrated matmul peak (measured
 * here, core/kernels/calibrate.ts) or a nominal peak the user entered (train.peakTflops, e.g. a datasheet's).
 */
export function mfuPeakLabel(source: PeakFlops['source']): string {
  return source === 'nominal' ? 'nominal peak (user-given)' : 'calibrated matmul peak';
}
