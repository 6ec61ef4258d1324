// Shared fixtures for the core/model tests: tiny configs through the real config parser, seeded tokens.
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig, type ConfigInput, type ModelConfig } from '../core/config';
import { paramSpecs } from '../core/model';

/** D=16, H=4, Dh=4, L=2, T=8, V=256: small enough for the pure-JS cpu backend to run hundreds of passes. */
export const TINY = { vocabSize: 256, dModel: 16, nLayers: 2, nHeads: 4, headDim: 4, ffnMult: 2, seqLen: 8 } as const;

export function tinyModel(overrides: NonNullable<ConfigInput['model']> = {}): ModelConfig {
  return parseConfig({ model: { ...TINY, ...overrides }, data: { tokenizer: 'byte' } }).model;
}

/** Deterministic token ids in [0, vocab) from a small LCG (independent of tfjs's random streams). */
export function tokenArray(B: number, T: number, vocab: number, seed: number): number[][] {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
  return Array.from({ length: B }, () => Array.from({ length: T }, () => next() % vocab));
}

export function tokens(B: number, T: number, vocab: number, seed: number): tf.Tensor2D {
  return tf.tensor2d(tokenArray(B, T, vocab, seed), [B, T], 'int32');
}

export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/**
 * Tensors for every parameter of `m`, like the default init but with norm scales 1 + N(0, 0.1²) and biases
 * N(0, 0.1²), so that a test also sees the scales and biases being used. The caller disposes them.
 */
export function randomTensors(m: ModelConfig, seed: number): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  paramSpecs(m).forEach((spec, i) => {
    const s = seed * 1000 + i + 1;
    out[spec.name] =
      spec.init === 'kernel'
        ? tf.randomNormal(spec.shape, 0, 1 / Math.sqrt(spec.shape[0]!), 'float32', s)
        : spec.init === 'embedding'
          ? tf.randomNormal(spec.shape, 0, 1, 'float32', s)
          : spec.init === 'ones'
            ? tf.randomNormal(spec.shape, 1, 0.1, 'float32', s)
            : tf.randomNormal(spec.shape, 0, 0.1, 'float32', s);
  });
  return out;
}

/** The finite check of a tensor, as a boolean. */
export function allFinite(x: tf.Tensor): boolean {
  return tf.tidy(() => tf.all(tf.isFinite(x)).dataSync()[0] === 1);
}
