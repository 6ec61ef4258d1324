// Activation memory of one training step (docs/palm.md §4 "Memory"): the float32 values a step keeps for its backward
// pass, per token, summed over layers, plus the logits; and the largest single activation tensor. An estimate to
// refuse runs that cannot fit, not a measurement (core/train/memory.ts measures).
import { ffnDim } from '../config/derived';
import type { ModelConfig } from '../config/schema';

const FLOAT32_BYTES = 4;

/** Values per token one layer keeps: norm in/out, q k v (and their RoPE'd copies), scores and probabilities over
 *  T keys per head, attention output and projection, the MLP's hidden values, the residual sum. */
function activationValuesPerTokenPerLayer(m: ModelConfig): number {
  const norms = m.block === 'serial' ? 2 : 1;
  const qkv = (m.nHeads + 2 * m.kvHeads) * m.headDim;
  const F = ffnDim(m);
  // SwiGLU keeps gate, up, act(gate) and the product; GELU/ReLU the pre- and post-activation.
  const mlp = (m.activation === 'swiglu' ? 4 : 2) * F;
  return (
    2 * norms * m.dModel + 2 * qkv + 2 * m.nHeads * m.seqLen + m.nHeads * m.headDim + m.dModel + mlp + 2 * m.dModel
  );
}

/** Bytes of activations for a batch: batchSize · seqLen tokens, every layer, plus embeddings, final norm and the
 *  logits with their log-softmax and gradient (3 · V per token). */
export function activationBytes(m: ModelConfig, batchSize: number): number {
  const perToken = m.nLayers * activationValuesPerTokenPerLayer(m) + 3 * m.dModel + 3 * m.vocabSize;
  return batchSize * m.seqLen * perToken * FLOAT32_BYTES;
}

/** The largest activation tensor of a step, by elements: logits, attention scores or the MLP hidden layer. */
export function largestActivation(m: ModelConfig, batchSize: number): { name: string; shape: number[] } {
  const candidates = [
    { name: 'logits', shape: [batchSize, m.seqLen, m.vocabSize] },
    { name: 'attention scores', shape: [batchSize, m.nHeads, m.seqLen, m.seqLen] },
    { name: 'MLP hidden', shape: [batchSize, m.seqLen, ffnDim(m)] },
  ];
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return candidates.reduce((a, b) => (size(b.shape) > size(a.shape) ? b : a));
}
