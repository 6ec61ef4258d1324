// The parameter names and shapes of a model (docs/design.md §2, `x @ W` layout): the contract shared by
// parameter creation, checkpoints and the FLOPs calculator's cross-check; modelParamSpecs is the in-memory layout,
// with a parallel block's projections fused (fused-layout.ts). Pure: no TensorFlow.js.
import { ffnDim } from './derived';
import type { ModelConfig } from './schema';
import { fusedTensors } from './fused-layout';

export interface ParamSpec {
  name: string;
  shape: number[];
  /** How it is initialised (docs/palm.md §1): fan-in normal for kernels, N(0,1) embeddings, ones, zeros. */
  init: 'kernel' | 'embedding' | 'ones' | 'zeros';
}

function normSpecs(prefix: string, m: ModelConfig): ParamSpec[] {
  const specs: ParamSpec[] = [{ name: `${prefix}.scale`, shape: [m.dModel], init: 'ones' }];
  // RMSNorm has no shift by definition; LayerNorm gets one only when biases are on.
  if (m.bias && m.norm === 'layernorm') specs.push({ name: `${prefix}.bias`, shape: [m.dModel], init: 'zeros' });
  return specs;
}

function dense(name: string, inDim: number, outDim: number, bias: string | null): ParamSpec[] {
  const specs: ParamSpec[] = [{ name, shape: [inDim, outDim], init: 'kernel' }];
  if (bias) specs.push({ name: bias, shape: [outDim], init: 'zeros' });
  return specs;
}

/** Every parameter of the model, in a stable order (the order of the checkpoint file). */
export function paramSpecs(m: ModelConfig): ParamSpec[] {
  const D = m.dModel;
  const qDim = m.nHeads * m.headDim;
  const kvDim = m.kvHeads * m.headDim;
  const F = ffnDim(m);
  const b = (p: string, n: string) => (m.bias ? `${p}.${n}` : null);

  const specs: ParamSpec[] = [{ name: 'embed', shape: [m.vocabSize, D], init: 'embedding' }];
  if (m.position === 'learned') specs.push({ name: 'pos_embed', shape: [m.maxPositions, D], init: 'embedding' });
  for (let i = 0; i < m.nLayers; i++) {
    const p = `blocks.${i}`;
    specs.push(...normSpecs(`${p}.norm1`, m));
    if (m.block === 'serial') specs.push(...normSpecs(`${p}.norm2`, m));
    specs.push(
      ...dense(`${p}.attn.wq`, D, qDim, b(`${p}.attn`, 'bq')),
      ...dense(`${p}.attn.wk`, D, kvDim, b(`${p}.attn`, 'bk')),
      ...dense(`${p}.attn.wv`, D, kvDim, b(`${p}.attn`, 'bv')),
      ...dense(`${p}.attn.wo`, qDim, D, b(`${p}.attn`, 'bo')),
    );
    if (m.activation === 'swiglu') specs.push(...dense(`${p}.mlp.w_gate`, D, F, b(`${p}.mlp`, 'b_gate')));
    specs.push(
      ...dense(`${p}.mlp.w_up`, D, F, b(`${p}.mlp`, 'b_up')),
      ...dense(`${p}.mlp.w_down`, F, D, b(`${p}.mlp`, 'b_down')),
    );
  }
  specs.push(...normSpecs('final_norm', m));
  if (!m.tieEmbeddings) specs.push(...dense('lm_head', D, m.vocabSize, null));
  return specs;
}

/**
 * The variables the model holds: paramSpecs with each parallel block's fused tensors (fused.ts) in place of their
 * pieces, at the position of the first piece. Same parameter count: fusing only regroups the numbers.
 */
export function modelParamSpecs(m: ModelConfig): ParamSpec[] {
  const replaced = new Map<string, ParamSpec | null>();
  for (let i = 0; i < m.nLayers; i++) {
    for (const f of fusedTensors(m, i)) {
      const total = f.pieces.reduce((n, piece) => n + piece.size, 0);
      const first = f.pieces[0]!.name;
      const width = m.dModel;
      const shape = f.name.endsWith('b_in') ? [total] : f.axis === 1 ? [width, total] : [total, width];
      replaced.set(first, { name: f.name, shape, init: f.name.endsWith('b_in') ? 'zeros' : 'kernel' });
      for (const piece of f.pieces.slice(1)) replaced.set(piece.name, null);
    }
  }
  return paramSpecs(m).flatMap((spec) => {
    const r = replaced.get(spec.name);
    return r === undefined ? [spec] : r === null ? [] : [r];
  });
}
