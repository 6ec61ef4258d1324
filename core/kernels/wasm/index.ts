// The WASM backend's kernels: every matmul as plain, untransposed 2-D products forward and backward (matmul.ts), the
// one fast path of tfjs-backend-wasm (docs/design.md §3), and a column split that reads the heap once (split-columns.ts).
// Attention and RoPE are core/ops' closed forms on these products and this split.
import * as tf from '@tensorflow/tfjs-core';
import { applyRope, attentionCore, cachedAttention, type BatchMatMul, type SwapHalves } from '../../ops';
import type { Kernels } from '../kernels';
import { referenceKernels } from '../reference';
import { batchMatMulPlain, matMulPlain } from './matmul';
import { splitColumnsWasmOp } from './split-columns';

/** [n, M, K] @ [n, K, N] -> [n, M, N] as n plain products, b transposed explicitly when asked. */
const batchMatMul: BatchMatMul = (a, b, transposeB) => batchMatMulPlain(a, transposeB ? tf.transpose(b, [0, 2, 1]) : b);

/** RoPE's half swap as rows of Dh: the stock split (SplitV) copies the whole tensor out of the heap per half. */
const swapHalves: SwapHalves = (z) => {
  const Dh = z.shape[z.rank - 1]!;
  const [z1, z2] = splitColumnsWasmOp(tf.reshape(z, [-1, Dh]) as tf.Tensor2D, [Dh / 2, Dh / 2]); // [rows, Dh/2] x2
  return tf.reshape(tf.concat([z2!, z1!], 1), z.shape); // cat(z2, z1)
};

export const wasmKernels: Kernels = {
  ...referenceKernels,
  name: 'wasm',
  matMul: matMulPlain,
  matMulTransposeB: (a, b) => matMulPlain(a, tf.transpose(b)), // [M, K] @ [K, N]
  splitColumns: splitColumnsWasmOp,
  batchMatMul,
  causalAttention: (q, k, v, { R, offset, onScores }) =>
    attentionCore(q, k, v, { R, offset }, { batchMatMul, onScores }),
  cachedAttention: (args) => cachedAttention(args, { batchMatMul, swapHalves }),
  ropeQK: (q, k, tables) => ({ q: applyRope(q, tables.q, swapHalves), k: applyRope(k, tables.k, swapHalves) }),
};
