// The metric points a Trainer logs: every field present, consistent with the config and with what is really held.
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../core/checkpoint';
import type { ConfigInput } from '../core/config';
import { countParams, flopsPerToken, optimizerStateBytes } from '../core/metrics';
import { paramSpecs } from '../core/model';
import { createSchedule } from '../core/optim';
import type { MetricPoint } from '../core/record';
import { runRecorded, tinyConfig, trainerOptions } from './train-fixtures';

const FIELDS: (keyof MetricPoint)[] = [
  'step',
  'tokens',
  'wallMs',
  'trainLoss',
  'zLoss',
  'gradNorm',
  'lr',
  'stepMs',
  'tokensPerSec',
  'flopsPerSec',
  'mfu',
  'paramBytes',
  'optimizerStateBytes',
  'peakBytes',
  'numTensors',
];

/** Bytes of the optimizer/ tensors a checkpoint really holds (float32). */
function checkpointStateBytes(bytes: Uint8Array): number {
  const { extraTensors } = decodeCheckpoint(bytes, { allowPrefixes: ['optimizer/'] });
  return Object.values(extraTensors).reduce((n, t) => n + t.data.length * 4, 0);
}

describe('Trainer metrics', () => {
  it('logs every field, consistent with the config', async () => {
    const config = tinyConfig({
      train: { steps: 6, logEvery: 2, evalEvery: 4, checkpointEvery: 100, zLossCoef: 1e-4 },
    });
    const { model: m, train } = config;
    const { metrics, checkpoints } = await runRecorded(trainerOptions(config));
    // Logged at logEvery multiples, at the evaluation (4) and at the end (6, also evaluated and checkpointed).
    expect(metrics.map((p) => p.step)).toEqual([2, 4, 6]);
    expect(metrics.map((p) => p.valLoss === undefined)).toEqual([true, false, false]);
    expect(checkpoints.map((c) => c.step)).toEqual([6]);
    const schedule = createSchedule(config.optimizer, train.steps);
    const stateBytes = optimizerStateBytes(
      config.optimizer,
      paramSpecs(m).map((s) => s.shape),
    );
    let lastWallMs = 0;
    for (const p of metrics) {
      for (const field of FIELDS) expect(p[field], field).not.toBeUndefined();
      expect(p.tokens).toBe(p.step * train.batchSize * m.seqLen);
      expect(p.trainLoss).toBeGreaterThan(4); // near ln 256 on random bytes
      expect(p.zLoss).toBeGreaterThan(0);
      expect(p.gradNorm).toBeGreaterThan(0);
      expect(p.lr).toBe(schedule(p.step));
      expect(p.stepMs).toBeGreaterThan(0);
      expect(p.tokensPerSec).toBeCloseTo((train.batchSize * m.seqLen * 1000) / p.stepMs, 6);
      expect(p.flopsPerSec).toBeCloseTo(p.tokensPerSec * flopsPerToken(m), 3);
      expect(p.mfu).toBeNull(); // no peak given
      expect(p.paramBytes).toBe(countParams(m).total * 4);
      expect(p.optimizerStateBytes).toBe(stateBytes);
      expect(p.peakBytes).toBeGreaterThan(p.paramBytes + p.optimizerStateBytes);
      expect(p.numTensors).toBeGreaterThan(0);
      expect(p.wallMs).toBeGreaterThan(lastWallMs);
      lastWallMs = p.wallMs;
    }
    expect(checkpointStateBytes(checkpoints[0]!.bytes)).toBe(stateBytes);
  });

  it('reports optimizer state as the slots really hold it: factored Adafactor < unfactored < AdamW', async () => {
    const state = async (optimizer: ConfigInput['optimizer']) => {
      const config = tinyConfig({ optimizer, train: { steps: 2, logEvery: 2, evalEvery: 100, checkpointEvery: 100 } });
      const { metrics, checkpoints } = await runRecorded(trainerOptions(config));
      expect(checkpointStateBytes(checkpoints[0]!.bytes)).toBe(metrics[0]!.optimizerStateBytes);
      return metrics[0]!.optimizerStateBytes;
    };
    const adamw = await state({ name: 'adamw' });
    const adafactor = await state({ name: 'adafactor', beta1: null });
    const factored = await state({ name: 'adafactor', beta1: null, factored: true, minDimSizeToFactor: 16 });
    expect(adamw).toBe(2 * adafactor); // m and v against v alone: one float per parameter each
    expect(factored).toBeLessThan(adafactor);
  });

  it('measures MFU against a nominal peak from the config, and against the given peak otherwise', async () => {
    const nominal = tinyConfig({ train: { steps: 2, logEvery: 2, peakTflops: 1e-6 } });
    const a = await runRecorded(
      trainerOptions(nominal, undefined, { peak: { flopsPerSec: 5e9, source: 'calibrated' } }),
    );
    expect(a.metrics[0]!.mfu).toBeCloseTo(a.metrics[0]!.flopsPerSec / 1e6, 9);
    expect(a.trainer.summary().peak).toEqual({ flopsPerSec: 1e6, source: 'nominal' });

    const calibrated = tinyConfig({ train: { steps: 2, logEvery: 2 } });
    const b = await runRecorded(
      trainerOptions(calibrated, undefined, { peak: { flopsPerSec: 5e9, source: 'calibrated' } }),
    );
    expect(b.metrics[0]!.mfu).toBeCloseTo(b.metrics[0]!.flopsPerSec / 5e9, 12);
    expect(b.trainer.summary().mfu).toBe(b.metrics[0]!.mfu);
  });
});
