// The builder's live estimate of a planned run (pure): parameters and FLOPs/token from core/metrics (docs/palm.md §3),
// training memory (weights, gradients, optimizer state), and tokens/s and time from a speed measured on this backend.
// Sizes the workbench cannot train in a browser are refused with a message that says why.
import { ffnDim, type Config } from '../../../core/config';
import { countParams, flopsPerToken, median } from '../../../core/metrics';

const FLOAT32_BYTES = 4;
/** Weights + gradients + optimizer state above this do not fit a browser tab's GPU budget. */
const MAX_TRAINING_BYTES = 4 * 2 ** 30;

export interface RunEstimate {
  params: number;
  flopsPerToken: number;
  paramBytes: number;
  optimizerStateBytes: number;
  /** Weights, their gradients and the optimizer state: a floor under the step's peak. */
  trainingBytes: number;
  /** The largest single weight matrix: a GPU buffer must hold it. */
  largestTensorBytes: number;
  tokensPerStep: number;
  /** From a measured speed, when one is known. */
  tokensPerSec: number | null;
  etaMs: number | null;
}

/** [rows, cols] of every weight matrix (docs/design.md §2 names), for factored second moments and buffer sizes. */
function listMatrixShapes(config: Config): [number, number][] {
  const m = config.model;
  const D = m.dModel;
  const q = m.nHeads * m.headDim;
  const kv = m.kvHeads * m.headDim;
  const F = ffnDim(m);
  const shapes: [number, number][] = [[m.vocabSize, D]];
  if (m.position === 'learned') shapes.push([m.maxPositions, D]);
  if (!m.tieEmbeddings) shapes.push([D, m.vocabSize]);
  for (let i = 0; i < m.nLayers; i++) {
    shapes.push([D, q], [D, kv], [D, kv], [q, D], [D, F], [F, D]);
    if (m.activation === 'swiglu') shapes.push([D, F]);
  }
  return shapes;
}

/** Floats of optimizer state: AdamW two per parameter; Adafactor momentum (β₁) plus full or factored moments. */
export function countOptimizerStateFloats(config: Config): number {
  const params = countParams(config.model).total;
  const o = config.optimizer;
  if (o.name === 'adamw') return 2 * params;
  const momentum = o.beta1 === null ? 0 : params;
  if (!o.factored) return momentum + params;
  let second = params;
  for (const [r, c] of listMatrixShapes(config)) {
    if (Math.min(r, c) >= o.minDimSizeToFactor) second -= r * c - (r + c);
  }
  return momentum + second;
}

/** Tokens/s at another FLOPs/token, from a rate measured as FLOP/s: speed scales inversely with the work per token. */
function scaleMeasuredSpeed(measuredFlopsPerSec: number | null, config: Config): number | null {
  if (measuredFlopsPerSec === null || !(measuredFlopsPerSec > 0)) return null;
  return measuredFlopsPerSec / flopsPerToken(config.model);
}

export function estimateRun(config: Config, measuredFlopsPerSec: number | null): RunEstimate {
  const params = countParams(config.model).total;
  const paramBytes = params * FLOAT32_BYTES;
  const optimizerStateBytes = countOptimizerStateFloats(config) * FLOAT32_BYTES;
  const tokensPerStep = config.train.batchSize * config.model.seqLen;
  const tokensPerSec = scaleMeasuredSpeed(measuredFlopsPerSec, config);
  return {
    params,
    flopsPerToken: flopsPerToken(config.model),
    paramBytes,
    optimizerStateBytes,
    trainingBytes: 2 * paramBytes + optimizerStateBytes,
    largestTensorBytes: Math.max(...listMatrixShapes(config).map(([r, c]) => r * c)) * FLOAT32_BYTES,
    tokensPerStep,
    tokensPerSec,
    etaMs: tokensPerSec ? ((config.train.steps * tokensPerStep) / tokensPerSec) * 1000 : null,
  };
}

/** Why a run is too large to train here, or null. `maxBufferBytes` is the GPU's largest buffer, when known. */
export function checkRunSize(e: RunEstimate, maxBufferBytes?: number): string | null {
  const gib = (n: number) => `${(n / 2 ** 30).toFixed(n >= 10 * 2 ** 30 ? 0 : 1)} GiB`;
  if (e.trainingBytes > MAX_TRAINING_BYTES)
    return `too large to train here: ${gib(e.trainingBytes)} for weights, gradients and optimizer state (at most ${gib(MAX_TRAINING_BYTES)}); make the model smaller`;
  if (maxBufferBytes !== undefined && e.largestTensorBytes > maxBufferBytes)
    return `a weight matrix of ${gib(e.largestTensorBytes)} exceeds this GPU's largest buffer (${gib(maxBufferBytes)})`;
  return null;
}

/** The model FLOP/s the newest run on this backend reached (median of its logged points), or null. */
export function findMeasuredFlopsPerSec(
  runs: readonly { record: { backend: string; createdAt: string }; metrics: readonly { flopsPerSec: number }[] }[],
  backend: string | undefined,
): number | null {
  const measured = runs
    .filter((r) => r.record.backend === backend && r.metrics.length > 0)
    .sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt))[0];
  return measured ? median(measured.metrics.map((p) => p.flopsPerSec).filter((v) => v > 0)) : null;
}
