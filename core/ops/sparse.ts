// Row lookups (the embedding, the target logits of the loss) whose gradient is a scatter-add, tf.scatterND, which
// sums duplicate indices on the cpu, wasm and webgpu backends. tf.gather's own gradient is UnsortedSegmentSum:
// one pass over all rows per segment on the cpu backend (quadratic for the loss), and missing on wasm (docs/design.md §3).
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/** table [V, D] at rows ids [N] int32 -> [N, D]; d table[v] = sum of dy over the n with ids[n] = v. */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const shape = table.shape;
  return customOp<[tf.Tensor2D], tf.Tensor2D>((t, save) => {
    const indices = tf.reshape(ids, [ids.size, 1]); // [N, 1]: scatterND addresses whole rows
    save([indices]);
    return { value: tf.gather(t, ids), gradFunc: (dy, [saved]) => tf.scatterND(saved as tf.Tensor, dy, shape) };
  })(table);
}

/** x [N, V] at column cols[n] of each row n -> [N], with a sparse gradient (no one-hot, no [N, V] mask). */
export function pickPerRow(x: tf.Tensor2D, cols: tf.Tensor1D): tf.Tensor1D {
  const [N, V] = x.shape;
  // Row n's column sits at n*V + col in the flattened x (int32: fine while N*V < 2^31).
  const flatIndex = tf.add(tf.range(0, N * V, V, 'int32'), cols) as tf.Tensor1D; // [N]
  return tf.reshape(gatherRows(tf.reshape(x, [N * V, 1]), flatIndex), [N]);
}
