// summarizeMetrics: a run's summary from hand-made metric points (numbers worked out by hand, not by the code).
import { describe, expect, it } from 'vitest';
import { summarizeMetrics } from '../core/metrics';
import type { MetricPoint } from '../core/record';
import { tinyConfig } from './train-fixtures';

function point(step: number, over: Partial<MetricPoint>): MetricPoint {
  return {
    step,
    tokens: step * 64,
    wallMs: step * 100,
    trainLoss: 5,
    zLoss: 0,
    gradNorm: 1,
    lr: 0.01,
    stepMs: 10,
    tokensPerSec: 6400,
    flopsPerSec: 1e9,
    mfu: null,
    paramBytes: 1,
    optimizerStateBytes: 1,
    peakBytes: 1000,
    numTensors: 30,
    ...over,
  };
}

describe('summarizeMetrics', () => {
  // D=32, 1 layer, H=2, Dh=16, MQA (1 K/V head), SwiGLU F=128, T=16, V=256, tied embeddings, LayerNorm without bias.
  const config = tinyConfig({ optimizer: { name: 'adamw' } });
  // embed 256·32 = 8192; attention wq 32·32 + wk,wv 2·32·16 + wo 32·32 = 3072; mlp 3·32·128 = 12288; norms 2·32 = 64.
  const PARAMS = 8192 + 3072 + 12288 + 64;

  it('takes the final, best and median figures of the points', () => {
    const metrics = [
      point(10, { trainLoss: 4, tokensPerSec: 100, mfu: 0.1, peakBytes: 5000 }),
      point(20, { trainLoss: 3, valLoss: 3.5, tokensPerSec: 300, mfu: 0.3, peakBytes: 7000 }),
      point(30, { trainLoss: 2.5, tokensPerSec: 200, mfu: 0.2, peakBytes: 6000 }),
      point(40, { trainLoss: 2, valLoss: 3.1, tokensPerSec: 400, mfu: 0.4, peakBytes: 6000 }),
      point(50, { trainLoss: 2.2, valLoss: 3.3, tokensPerSec: 500, mfu: 0.5, peakBytes: 6000 }),
    ];
    const peak = { flopsPerSec: 1e12, source: 'nominal' as const };
    expect(summarizeMetrics(metrics, config, peak)).toEqual({
      params: PARAMS,
      flopsPerToken: 6 * PARAMS + 12 * 1 * 2 * 16 * 16,
      steps: 50,
      tokens: 3200,
      wallMs: 5000,
      finalTrainLoss: 2.2,
      finalValLoss: 3.3,
      bestValLoss: 3.1,
      tokensPerSec: 300,
      mfu: 0.3,
      peak,
      peakBytes: 7000,
      paramBytes: PARAMS * 4,
      optimizerStateBytes: PARAMS * 2 * 4, // AdamW: m and v
      kvCacheBytesPerToken: 2 * 1 * 1 * 16 * 4,
    });
  });

  it('says why a run ended early, and has no figures without points', () => {
    const s = summarizeMetrics([], config, null, 'diverged: the loss is NaN at step 3');
    expect(s).toMatchObject({
      steps: 0,
      tokens: 0,
      finalTrainLoss: null,
      finalValLoss: null,
      bestValLoss: null,
      tokensPerSec: null,
      mfu: null,
    });
    expect(s.reason).toBe('diverged: the loss is NaN at step 3');
  });

  it('takes the median of an even count as the mean of the middle two, and skips points without MFU', () => {
    const s = summarizeMetrics(
      [
        point(1, { tokensPerSec: 100 }),
        point(2, { tokensPerSec: 400, mfu: 0.2 }),
        point(3, { tokensPerSec: 200 }),
        point(4, { tokensPerSec: 300 }),
      ],
      config,
      null,
    );
    expect(s.tokensPerSec).toBe(250);
    expect(s.mfu).toBe(0.2);
    expect(s.reason).toBeUndefined();
  });
});
