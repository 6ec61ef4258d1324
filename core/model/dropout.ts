// Dropout on the embeddings and on each residual branch (attention and MLP outputs), only while training with
// p > 0 (docs/palm.md §1: PaLM uses none). With a seed, every call site draws its own reproducible mask.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from './random';

export type Dropout = <T extends tf.Tensor>(x: T) => T;

const identity: Dropout = (x) => x;

/** The dropout of one forward pass: identity unless training with rate > 0; call i uses deriveSeed(seed, i). */
export function makeDropout(rate: number, training: boolean, seed?: number): Dropout {
  if (!training || rate === 0) return identity;
  let site = 0;
  return <T extends tf.Tensor>(x: T) =>
    tf.dropout(x, rate, undefined, seed === undefined ? undefined : deriveSeed(seed, site++)) as T;
}
