// Optimizer slots saved before the parallel block was fused (one slot per documented projection) joined into the
// fused layout of core/model/fused-layout.ts, as the weights are, so such a checkpoint resumes with its moments.
import type { TensorData } from '../checkpoint/safetensors';
import type { ModelConfig } from '../config/schema';
import { allFusedTensors } from '../config/fused-layout';
import { modelParamSpecs } from '../config/shapes';

/** Pieces stacked along `axis` (0: rows or a 1-D run; 1: the columns of 2-D pieces with equal row counts). */
function concat(pieces: TensorData[], axis: number): TensorData {
  const first = pieces[0]!;
  if (axis === 0) {
    const data = new Float32Array(pieces.reduce((n, p) => n + p.data.length, 0));
    let at = 0;
    for (const p of pieces) data.set(p.data, (at += p.data.length) - p.data.length);
    return { shape: [pieces.reduce((n, p) => n + p.shape[0]!, 0), ...first.shape.slice(1)], data };
  }
  const rows = first.shape[0]!;
  const cols = pieces.reduce((n, p) => n + p.shape[1]!, 0);
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (const p of pieces) {
      const w = p.shape[1]!;
      data.set(p.data.subarray(r * w, (r + 1) * w), r * cols + c);
      c += w;
    }
  }
  return { shape: [rows, cols], data };
}

/**
 * Slots keyed "<param>/<slot>": any slot of a fused tensor's pieces is joined into "<fused name>/<slot>". Whole
 * moments (AdamW's m and v, unfactored Adafactor's v and m) join exactly; factored row/column moments cannot, and are
 * refused with the slot's name rather than silently restarted.
 */
export function joinUnfusedSlots(m: ModelConfig, slots: Record<string, TensorData>): Record<string, TensorData> {
  const out = { ...slots };
  const shapes = new Map(modelParamSpecs(m).map((s) => [s.name, s.shape]));
  for (const f of allFusedTensors(m)) {
    const prefix = `${f.pieces[0]!.name}/`;
    const kinds = Object.keys(out)
      .filter((n) => n.startsWith(prefix))
      .map((n) => n.slice(prefix.length));
    for (const kind of kinds) {
      const names = f.pieces.map((p) => `${p.name}/${kind}`);
      const parts = names.map((n) => out[n]);
      const expected = shapes.get(f.name)!;
      const joinable = parts.every((p) => p !== undefined && p.shape.length === expected.length);
      const joined = joinable ? concat(parts as TensorData[], f.axis) : null;
      if (joined === null || joined.shape.join() !== expected.join()) {
        throw new Error(
          `cannot resume: optimizer slot ${names[0]} was saved for the unfused parallel block and cannot be joined ` +
            `into ${f.name} [${expected.join(', ')}] (factored moments do not concatenate); start a new run from its weights`,
        );
      }
      for (const n of names) delete out[n];
      out[`${f.name}/${kind}`] = joined;
    }
  }
  return out;
}
