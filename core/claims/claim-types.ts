// The shape of a row of the claims table (claims.ts): a switch's options, the paper's claim, and the tests a verdict
// runs (the measured quantities core/report/evidence.ts computes, with what PaLM's side is expected to show).
import type { Overrides } from '../config/experiment';

/** What a claim is about, for people: the kinds of measurement that test it. */
export type ClaimMetric = 'loss' | 'speed' | 'decode' | 'memory' | 'stability';

/** The measured quantities a verdict compares (core/report/evidence.ts computes each one per run or per pair). */
export const EFFECT_METRICS = {
  finalValLoss: { label: 'final val loss (nats/token)', lowerIsBetter: true, relative: false },
  valBitsPerByte: { label: 'val bits per byte', lowerIsBetter: true, relative: false },
  valLossAtEqualFlops: { label: 'val loss at equal training FLOPs', lowerIsBetter: true, relative: false },
  valLoss4x: { label: 'val loss at 4x the training length', lowerIsBetter: true, relative: false },
  tokensPerSec: { label: 'training tokens/s', lowerIsBetter: false, relative: true },
  /** Tokens to the worse side's final loss ÷ the interleaved bench's tokens/s (docs/evidence.md, Method). */
  timeToTarget: { label: 'wall time to target loss (bench speed)', lowerIsBetter: true, relative: true },
  kvCacheBytesPerToken: { label: 'KV cache bytes per token', lowerIsBetter: true, relative: true },
  optimizerStateBytes: { label: 'optimizer state bytes', lowerIsBetter: true, relative: true },
  params: { label: 'parameters', lowerIsBetter: true, relative: true },
  finalAbsLogZ: { label: '|mean output log Z| at the end', lowerIsBetter: true, relative: false },
  maxAttnLogit: { label: 'max attention logit at the end', lowerIsBetter: true, relative: false },
  lrSensitivity: { label: 'LR sensitivity (Wortsman et al. 2023)', lowerIsBetter: true, relative: false },
} as const;
export type EffectMetric = keyof typeof EFFECT_METRICS;

/**
 * One testable statement. `palm-better`: PaLM's option wins (its direction per EFFECT_METRICS). `neutral`: the
 * difference lies within ±margin (nats, or a fraction for relative metrics) — an equivalence test. `not-worse`: PaLM's
 * option is worse by less than margin, or better ("at least as well") — a one-sided non-inferiority test.
 */
export type ClaimTest =
  | { metric: EffectMetric; expect: 'palm-better' }
  | { metric: EffectMetric; expect: 'neutral' | 'not-worse'; margin: number };

export interface SwitchOption {
  id: string;
  label: string;
  /** What choosing the option sets. */
  overrides: Overrides;
  /**
   * Also set when the switch is compared in the builder: the option's own defaults (an optimizer's learning rate and
   * schedule), so a comparison does not run AdamW at Adafactor's rate (docs/cli.md, Experiments).
   */
  companions?: Overrides;
  /** Its part of a run's name when the switch is compared ("no z-loss"); the id when absent. */
  short?: string;
  /** Grouped-query attention: the builder asks for the number of K/V heads and sets model.kvHeads from it. */
  takesKvHeads?: boolean;
}

export interface PaperClaim {
  id: string;
  title: string;
  /** The builder's four headline controls (Block, Attention, Position, Optimizer) and the bench's ablations. */
  headline: boolean;
  /** Shown as a builder switch; dropout is a number the settings form keeps. */
  inBuilder: boolean;
  /** The config key that tells the options apart (a recipe's options differ in more: all of their overrides). */
  key: string;
  /** Keys (or prefixes ending in ".") a pair of runs may differ in and still test this switch alone. */
  scope: string[];
  /** The builder's order: the option a config falls back to first; "compare both" runs the first two. */
  options: SwitchOption[];
  /** Option ids: PaLM's choice and the one the paper compares it with. */
  palm: string;
  alternative: string;
  /** The paper's claim in one sentence. */
  claim: string;
  source: string;
  metrics: ClaimMetric[];
  tests: ClaimTest[];
  /** experiments/<name>.json presets that test it. */
  presets: string[];
}
