// Row lookups (the embedding, the target logits of the loss) whose gradient is a scatter-add, tf.scatterND, which
// sums duplicate indices on the cpu, wasm and webgpu backends. tf.gather's own gradient is UnsortedSegmentSum:
// one pass over all rows per segment on the cpu backend (quadratic for the loss), and missing on wasm (DESIGN.md §3).
import * as tf from '@tensorflow/tfjs-core';

type LookupFn = (
  table: tf.Tensor,
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: [tf.Tensor]) => tf.Tensor };
/** tf.customGrad types its function with rest arguments; ours takes exactly (table, save). */
type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/** table [V, D] at rows ids [N] int32 -> [N, D]; d table[v] = sum of dy over the n with ids[n] = v. */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const shape = table.shape;
  const lookup: LookupFn = (t, save) => {
    const indices = tf.reshape(ids, [ids.size, 1]); // [N, 1]: scatterND addresses whole rows
    save([indices]);
    return { value: tf.gather(t, ids), gradFunc: (dy, saved) => tf.scatterND(saved[0], dy, shape) };
  };
  return tf.customGrad(lookup as unknown as CustomGradFn)(table) as tf.Tensor2D;
}

/** x [N, V] at column cols[n] of each row n -> [N], with a sparse gradient (no one-hot, no [N, V] mask). */
export function pickPerRow(x: tf.Tensor2D, cols: tf.Tensor1D): tf.Tensor1D {
  const [N, V] = x.shape;
  // Row n's column sits at n*V + col in the flattened x (int32: fine while N*V < 2^31).
  const flatIndex = tf.add(tf.range(0, N * V, V, 'int32'), cols) as tf.Tensor1D; // [N]
  return tf.reshape(gatherRows(tf.reshape(x, [N * V, 1]), flatIndex), [N]);
}
