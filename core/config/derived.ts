// Sizes that follow from a model config (docs/palm.md §1): MLP width and the head layout.
import type { ModelConfig } from './schema';

/** MLP hidden width F: ffnMult · D, or 2/3 of it for a parameter-matched SwiGLU. */
export function ffnDim(m: Pick<ModelConfig, 'activation' | 'ffnMult' | 'dModel' | 'swigluParamMatched'>): number {
  const f = m.ffnMult * m.dModel;
  return Math.max(1, Math.round(m.activation === 'swiglu' && m.swigluParamMatched ? (2 / 3) * f : f));
}
