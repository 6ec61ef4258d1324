// The run record and its metric points (DESIGN.md §2): plain, serialisable data shared by the Trainer,
// the CLI's run folders (run.json + metrics.jsonl), the UI store and the report builder.
import type { Config } from '../config/schema';

/** One logged training step. Units are in the names; absent values are omitted, never NaN placeholders. */
export interface MetricPoint {
  step: number;
  /** Tokens trained on so far (batch · seqLen · step). */
  tokens: number;
  /** Milliseconds since the run started (paused time excluded). */
  wallMs: number;
  /** Mean next-token cross-entropy of this step's batch, in nats (z-loss not included). */
  trainLoss: number;
  /** The z-loss term as added to the training loss (coef · mean(log Z ^ 2)). */
  zLoss: number;
  /** Validation cross-entropy, on steps where it was evaluated. */
  valLoss?: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  lr: number;
  stepMs: number;
  tokensPerSec: number;
  /** Achieved model FLOP/s: tokensPerSec · FLOPs per token (PALM.md §3). */
  flopsPerSec: number;
  /** Model FLOPs utilisation against the run's peak (summary.peak says which); null when no peak is known. */
  mfu: number | null;
  paramBytes: number;
  optimizerStateBytes: number;
  /** Highest tf.memory().numBytes seen during the step. */
  peakBytes: number;
  numTensors: number;
  /** Stability diagnostics (Wortsman et al. 2023) on a fixed validation batch at this step: the largest attention
   * logit q·k/sqrt(Dh) of any layer and head, and the mean over tokens of the output log Z. */
  maxAttnLogit?: number;
  meanLogZ?: number;
}

export type RunStatus = 'queued' | 'running' | 'paused' | 'stopped' | 'done' | 'diverged' | 'failed';

export interface PeakFlops {
  flopsPerSec: number;
  source: 'calibrated' | 'nominal';
}

export interface RunSummary {
  params: number;
  flopsPerToken: number;
  steps: number;
  tokens: number;
  wallMs: number;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  bestValLoss: number | null;
  /** Median over logged steps. */
  tokensPerSec: number | null;
  mfu: number | null;
  peak: PeakFlops | null;
  peakBytes: number;
  paramBytes: number;
  optimizerStateBytes: number;
  kvCacheBytesPerToken: number;
  /** Final val loss in bits per byte of text: comparable across tokenizers (nats/token are not). */
  valBitsPerByte?: number | null;
  /** Final val loss at each position 0 .. seqLen − 1 (nats). */
  valLossByPosition?: number[];
  /** Val loss on windows `factor` times the training length; null (with why) when the model cannot go there. */
  valLossAtLength?: { factor: number; seqLen: number; loss: number | null; note?: string }[];
  /** Why the run ended early (diverged or failed). */
  reason?: string;
}

export interface RunRecord {
  id: string;
  name: string;
  /** How the run differs from its experiment's base, e.g. "attention: mqa→mha"; empty for the base itself. */
  label: string;
  config: Config;
  seed: number;
  backend: string;
  adapter?: string;
  status: RunStatus;
  createdAt: string;
  summary: RunSummary | null;
  /** Folder names of the runs that trained at the same time as this one (`run --jobs N`): its speed figures shared
   * the machine with them, so they are not comparable to solo runs. Absent when it trained alone. */
  overlappedWith?: string[];
}

/** A run with its metrics, as a report or chart consumes it. */
export interface RunData {
  record: RunRecord;
  metrics: MetricPoint[];
}
