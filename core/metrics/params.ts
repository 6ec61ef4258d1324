// Analytic parameter count of a model config (docs/palm.md §1–2), written from the formulas rather than from
// paramSpecs, so a test can cross-check it against the weights the model really creates.
import { ffnDim } from '../config/derived';
import type { ModelConfig } from '../config/schema';

export interface ParamCounts {
  embedding: number;
  /** The learned position table (0 with rope). */
  position: number;
  attention: number;
  mlp: number;
  norms: number;
  /** The separate output matrix lm_head (0 with tied embeddings). */
  output: number;
  total: number;
}

/** Parameters of one norm: a scale, plus a shift only for LayerNorm with biases (RMSNorm never shifts). */
function normParams(m: ModelConfig): number {
  return m.dModel * (m.bias && m.norm === 'layernorm' ? 2 : 1);
}

/** Count every parameter of the model, grouped as the calculator shows them. */
export function countParams(m: ModelConfig): ParamCounts {
  const D = m.dModel;
  const qDim = m.nHeads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  const F = ffnDim(m);
  const L = m.nLayers;

  const attnKernels = D * qDim + 2 * D * kvDim + qDim * D;
  const attnBiases = m.bias ? qDim + 2 * kvDim + D : 0;
  const mlpMatrices = m.activation === 'swiglu' ? 3 : 2;
  // Each input projection has a bias of width F; the down projection one of width D.
  const mlpBiases = m.bias ? (mlpMatrices - 1) * F + D : 0;
  const normsPerBlock = m.block === 'parallel' ? 1 : 2;

  const counts = {
    embedding: m.vocabSize * D,
    position: m.position === 'learned' ? m.maxPositions * D : 0,
    attention: L * (attnKernels + attnBiases),
    mlp: L * (mlpMatrices * D * F + mlpBiases),
    norms: (L * normsPerBlock + 1) * normParams(m),
    output: m.tieEmbeddings ? 0 : D * m.vocabSize,
  };
  const total = counts.embedding + counts.position + counts.attention + counts.mlp + counts.norms + counts.output;
  return { ...counts, total };
}
