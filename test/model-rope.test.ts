// RoPE (docs/palm.md §1 "Fixed conventions"): the rotate-half layout against an explicit formula, and the property that
// makes it a relative position encoding — the score of a rotated q and k depends only on their offset.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyRope, ropeTables } from '../core/ops/rope';

/** rope(x) at position t for one head: the rotate-half pairs (i, i + Dh/2), written out. */
function ropeByHand(x: number[], t: number): number[] {
  const Dh = x.length;
  const half = Dh / 2;
  const out = new Array<number>(Dh);
  for (let i = 0; i < half; i++) {
    const angle = t * 10000 ** ((-2 * i) / Dh);
    out[i] = x[i]! * Math.cos(angle) - x[i + half]! * Math.sin(angle);
    out[i + half] = x[i + half]! * Math.cos(angle) + x[i]! * Math.sin(angle);
  }
  return out;
}

/** x [Dh] placed at positions 0..T-1 of a [1, T, 1, Dh] tensor, rotated: row t is rope(x) at position offset + t. */
function rotateAtEveryPosition(x: number[], T: number, offset = 0): number[][] {
  return tf.tidy(() => {
    const tables = ropeTables(T, x.length, offset);
    const input = tf.tile(tf.tensor4d(x, [1, 1, 1, x.length]), [1, T, 1, 1]) as tf.Tensor4D;
    return (applyRope(input, tables).arraySync() as number[][][][])[0]!.map((row) => row[0]!);
  });
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('rotary position embedding', () => {
  it('is rotate-half with base 10000 (explicit formula, Dh = 4: frequencies 1 and 1/100)', () => {
    const x = [0.3, -1.2, 0.8, 0.5];
    const rotated = rotateAtEveryPosition(x, 6);
    for (let t = 0; t < 6; t++) {
      const expected = ropeByHand(x, t);
      rotated[t]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    }
    // Position 0 is the identity; position 1 turns the first pair (x0, x2) by exactly 1 radian.
    rotated[0]!.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 7));
    expect(rotated[1]![0]).toBeCloseTo(0.3 * Math.cos(1) - 0.8 * Math.sin(1), 6);
    expect(rotated[1]![2]).toBeCloseTo(0.8 * Math.cos(1) + 0.3 * Math.sin(1), 6);
  });

  it('matches the explicit formula for Dh = 8 and an offset (the positions of a KV-cache decode step)', () => {
    const x = [0.1, 0.7, -0.4, 1.1, -0.9, 0.2, 0.6, -0.3];
    const rotated = rotateAtEveryPosition(x, 3, 40);
    for (let t = 0; t < 3; t++) {
      const expected = ropeByHand(x, 40 + t);
      rotated[t]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    }
  });

  it('makes the score of rotated q and k depend only on the relative offset', () => {
    const q = [0.5, -0.2, 0.9, 0.1, -0.7, 0.3, 0.4, -1.0];
    const k = [-0.3, 0.8, 0.2, -0.6, 0.5, 0.9, -0.1, 0.4];
    const T = 24;
    const rq = rotateAtEveryPosition(q, T);
    const rk = rotateAtEveryPosition(k, T);
    const score = (m: number, n: number) => dot(rq[m]!, rk[n]!);
    const pairs: [number, number][] = [
      [3, 1],
      [5, 5],
      [2, 7],
      [10, 0],
    ];
    for (const [m, n] of pairs) {
      for (const shift of [1, 6, 13]) expect(score(m + shift, n + shift)).toBeCloseTo(score(m, n), 5);
    }
    // ...and it does depend on the offset, so the model can tell positions apart.
    expect(Math.abs(score(4, 1) - score(4, 2))).toBeGreaterThan(1e-2);
    // A rotation keeps lengths.
    expect(dot(rq[17]!, rq[17]!)).toBeCloseTo(dot(q, q), 5);
  });
});
