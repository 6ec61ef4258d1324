// Evaluation diagnostics against the float64 numpy forward (test/golden/diagnostics.py): per-position loss, the
// max attention logit and mean log Z, RoPE at twice the training length, learned positions refused past their
// table, bits per byte; no tensor outlives a call.
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ModelConfig } from '../core/config';
import { disposeParams, paramSpecs, paramsFromTensors, type Params } from '../core/model';
import { evaluateLoss } from '../core/train/evaluate';
import { bitsPerByte, evaluateAtLengths, evaluateByPosition, measureDiagnostics } from '../core/train/diagnostics';

interface GoldenCase {
  name: string;
  config: unknown;
  inputs: number[][];
  targets: number[][];
  loss: number;
  ceByPosition: number[];
  meanLogZ: number;
  maxAttnLogit: number;
  weights: Record<string, number[]>;
  long?: { ids: number[]; factor: number; loss: number };
}
const golden = JSON.parse(readFileSync(new URL('./golden/diagnostics.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};

function load(c: GoldenCase): { m: ModelConfig; params: Params } {
  const m = parseConfig(c.config).model;
  const tensors: Record<string, tf.Tensor> = {};
  for (const spec of paramSpecs(m))
    tensors[spec.name] = tf.tensor(Float32Array.from(c.weights[spec.name]!), spec.shape);
  const params = paramsFromTensors(m, tensors);
  tf.dispose(Object.values(tensors));
  return { m, params };
}

// float32 against float64 through two layers (as test/model-golden.test.ts): 1e-5 relative on losses and log Z.
const RTOL = 1e-5;
const close = (a: number, b: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(RTOL);

describe.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const batch = { inputs: Int32Array.from(c.inputs.flat()), targets: Int32Array.from(c.targets.flat()) };

  it('gives the loss per position, and the same overall loss as evaluateLoss', async () => {
    const { m, params } = load(c);
    const before = tf.memory().numTensors;
    const result = await evaluateByPosition(params, m, [batch]);
    expect(tf.memory().numTensors).toBe(before);
    close(result.loss, c.loss);
    expect(result.byPosition).toHaveLength(m.seqLen);
    result.byPosition.forEach((v, t) => close(v, c.ceByPosition[t]!));
    close((await evaluateLoss(params, m, [batch])).loss, result.loss);
    disposeParams(params);
  });

  it('measures the max attention logit and the mean output log Z', async () => {
    const { m, params } = load(c);
    const before = tf.memory().numTensors;
    const d = await measureDiagnostics(params, m, batch);
    expect(tf.memory().numTensors).toBe(before);
    close(d.maxAttnLogit, c.maxAttnLogit);
    close(d.meanLogZ, c.meanLogZ);
    disposeParams(params);
  });

  it('evaluates at longer windows: RoPE goes there, learned positions say why not', async () => {
    const { m, params } = load(c);
    if (c.long) {
      const ids = Int32Array.from(c.long.ids);
      const twice = (await evaluateAtLengths(params, m, ids, c.inputs.length, 1, [c.long.factor]))[0]!;
      expect(twice).toMatchObject({ factor: 2, seqLen: 2 * m.seqLen });
      close(twice.loss!, c.long.loss);
    } else {
      const out = await evaluateAtLengths(params, m, new Int32Array(1000), 2, 1, [2, 4]);
      expect(out).toEqual([
        { factor: 2, seqLen: 16, loss: null, note: 'learned positions stop at their table (10 rows)' },
        { factor: 4, seqLen: 32, loss: null, note: 'learned positions stop at their table (10 rows)' },
      ]);
    }
    disposeParams(params);
  });
});

describe('bits per byte', () => {
  it('converts nats per token with the text each token carries', () => {
    expect(bitsPerByte(Math.LN2, 100, 100)).toBeCloseTo(1, 12); // bytes: 1 nat·ln2 per byte = 1 bit
    expect(bitsPerByte(2.0, 250, 1000)).toBeCloseTo((2.0 / Math.LN2) * 0.25, 12); // 4 bytes per subword token
    expect(() => bitsPerByte(1, 0, 10)).toThrow(/tokens and bytes > 0/);
  });
});
