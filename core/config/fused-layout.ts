// The parallel block's fused projections (docs/palm.md §1 "block"; lucidrains/PaLM-pytorch, flaxformer parallel_fused_decoder):
// which documented tensors each fused one holds, in order. Pure: shapes.ts and the calculator read it without tfjs.
import { ffnDim } from './derived';
import type { ModelConfig } from './schema';

/** One documented tensor inside a fused one: its name and its width along the fused axis. */
export interface FusedPiece {
  name: string;
  size: number;
}

/** A fused tensor of the in-memory layout: its name, the axis its pieces are stacked on, and the pieces in order. */
export interface FusedTensor {
  name: string;
  axis: number;
  pieces: FusedPiece[];
}

/**
 * The fused tensors of block i when it is parallel, else none: the serial block cannot fuse across its halves, because
 * its MLP reads N2(x + Attn(N1(x))), which exists only after the attention's output projection.
 * The output biases bo and b_down stay apart: their sum is what the fused product needs, but a sum cannot be split
 * back into the documented pair on save.
 */
export function fusedTensors(m: ModelConfig, i: number): FusedTensor[] {
  if (m.block !== 'parallel') return [];
  const p = `blocks.${i}`;
  const qDim = m.nHeads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  const F = ffnDim(m);
  const gate = m.activation === 'swiglu';
  const inPieces = (w: [string, string, string, string, string]): FusedPiece[] => [
    { name: `${p}.attn.${w[0]}`, size: qDim },
    { name: `${p}.attn.${w[1]}`, size: kvDim },
    { name: `${p}.attn.${w[2]}`, size: kvDim },
    ...(gate ? [{ name: `${p}.mlp.${w[3]}`, size: F }] : []),
    { name: `${p}.mlp.${w[4]}`, size: F },
  ];
  const out: FusedTensor[] = [
    { name: `${p}.fused.w_in`, axis: 1, pieces: inPieces(['wq', 'wk', 'wv', 'w_gate', 'w_up']) },
  ];
  if (m.bias) out.push({ name: `${p}.fused.b_in`, axis: 0, pieces: inPieces(['bq', 'bk', 'bv', 'b_gate', 'b_up']) });
  out.push({
    name: `${p}.fused.w_out`,
    axis: 0,
    pieces: [
      { name: `${p}.attn.wo`, size: qDim },
      { name: `${p}.mlp.w_down`, size: F },
    ],
  });
  return out;
}

/** Every fused tensor of the model (none for serial blocks). */
export function allFusedTensors(m: ModelConfig): FusedTensor[] {
  return Array.from({ length: m.nLayers }, (_, i) => fusedTensors(m, i)).flat();
}
