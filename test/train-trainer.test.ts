// The Trainer on the cpu backend: it learns, resumes onto the very same curve, stops on divergence, leaks nothing.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Trainer } from '../core/train/trainer';
import { runRecorded, tinyConfig, tinyData, trainerOptions } from './train-fixtures';

describe('Trainer', () => {
  it('overfits one fixed batch to a loss below 0.1', async () => {
    // A training split of exactly seqLen + 1 tokens has one window: every batch is that window, B times.
    const config = tinyConfig({
      model: { seqLen: 8 },
      optimizer: { name: 'adamw', learningRate: 3e-2, schedule: 'constant', weightDecay: 0 },
      train: { steps: 40, logEvery: 1, evalEvery: 1000, checkpointEvery: 1000 },
    });
    const { metrics, statuses } = await runRecorded(trainerOptions(config, tinyData(9)));
    expect(statuses.at(-1)?.state).toBe('done');
    expect(metrics[0]!.trainLoss).toBeGreaterThan(4); // ≈ ln 256 = 5.5 at init
    expect(metrics.at(-1)?.trainLoss).toBeLessThan(0.1);
  });

  it.each(['adamw', 'adafactor'] as const)(
    'resumed from a checkpoint, continues the uninterrupted curve exactly (%s)',
    async (name) => {
      // Dropout on, so the per-step dropout seeds must be reproduced too; momentum on, so slots must round-trip.
      const config = tinyConfig({
        model: { dropout: 0.1 },
        optimizer: { name, beta1: 0.9 },
        train: { steps: 10, logEvery: 2, evalEvery: 4, checkpointEvery: 6 },
      });
      const full = await runRecorded(trainerOptions(config));
      const at6 = full.checkpoints.find((c) => c.step === 6);
      expect(at6).toBeDefined();
      const before = full.metrics.filter((p) => p.step <= 6);
      const resumed = await runRecorded(
        trainerOptions(config, tinyData(), { resume: { checkpoint: at6!.bytes, metrics: before } }),
      );
      const curve = (ps: typeof full.metrics) =>
        ps.map((p) => [p.step, p.trainLoss, p.zLoss, p.gradNorm, p.lr, p.valLoss ?? null, p.tokens]);
      expect(resumed.metrics.map((p) => p.step)).toEqual([8, 10]);
      expect(curve(resumed.metrics)).toEqual(curve(full.metrics.filter((p) => p.step > 6)));
      expect(resumed.trainer.metrics.map((p) => p.step)).toEqual(full.metrics.map((p) => p.step));
      expect(resumed.trainer.summary().finalValLoss).toBe(full.trainer.summary().finalValLoss);
    },
  );

  it('resumed from the checkpoint of its last step (the page left during the final evaluation), it finishes as done', async () => {
    const config = tinyConfig({ train: { steps: 6, logEvery: 2, evalEvery: 4, checkpointEvery: 6 } });
    const full = await runRecorded(trainerOptions(config));
    const last = full.checkpoints.find((c) => c.step === 6);
    expect(last).toBeDefined();
    const before = tf.memory().numTensors;
    const resumed = await runRecorded(
      trainerOptions(config, tinyData(), { resume: { checkpoint: last!.bytes, metrics: full.metrics } }),
    );
    expect(resumed.statuses.at(-1)?.state).toBe('done');
    expect(resumed.metrics).toEqual([]); // no step left to train
    const summary = resumed.trainer.summary();
    expect(summary.steps).toBe(6);
    expect(summary.finalValLoss).toBe(full.trainer.summary().finalValLoss);
    expect(summary.valLossAtLength).toEqual(full.trainer.summary().valLossAtLength);
    expect(tf.memory().numTensors).toBe(before); // runRecorded disposed the trainer
  });

  it('ends as "diverged" at the first NaN/Inf step and keeps the points before it', async () => {
    // AdamW's first update moves every weight by about lr = 1e30 (clipping off): the next loss cannot be finite.
    const config = tinyConfig({
      optimizer: { name: 'adamw', learningRate: 1e30, schedule: 'constant', clipNorm: 0 },
      train: { steps: 6, logEvery: 3 },
    });
    const { metrics, statuses, checkpoints, trainer } = await runRecorded(trainerOptions(config));
    expect(statuses.at(-1)?.state).toBe('diverged');
    const badStep = Number(/the loss is (?:NaN|-?Infinity) at step (\d+)$/.exec(statuses.at(-1)?.reason ?? '')?.[1]);
    expect(badStep).toBeGreaterThanOrEqual(2);
    expect(badStep).toBeLessThanOrEqual(6);
    // The interval holding the bad step is logged up to the step before it; nothing after it is.
    expect(metrics.at(-1)?.step).toBe(badStep - 1);
    expect(metrics.every((p) => Number.isFinite(p.trainLoss) && Number.isFinite(p.zLoss))).toBe(true);
    expect(trainer.summary().reason).toBe(statuses.at(-1)?.reason);
    expect(trainer.summary().steps).toBe(badStep - 1);
    expect(checkpoints).toEqual([]); // no checkpoint of non-finite weights
  });

  it('holds the same tensors at every logged step and frees them all on dispose', async () => {
    const start = tf.memory().numTensors;
    const config = tinyConfig({ train: { steps: 6, logEvery: 1, evalEvery: 3 } });
    const trainer = await Trainer.create(trainerOptions(config));
    const counts: number[] = [];
    await trainer.run({
      onMetrics: (ps) => counts.push(...ps.map((p) => p.numTensors)),
      onCheckpoint: () => undefined,
    });
    expect(counts).toHaveLength(6);
    expect(new Set(counts).size).toBe(1); // after step 1 (slots created) as after step 6
    expect(tf.memory().numTensors).toBe(counts[0]);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('pauses, resumes and stops on request, excluding paused time and checkpointing at the stop', async () => {
    const config = tinyConfig({ train: { steps: 50, logEvery: 1, evalEvery: 100, checkpointEvery: 100 } });
    const PAUSE_MS = 300;
    const seenAt: number[] = [];
    const rec = await runRecorded(trainerOptions(config), (t) => ({
      onMetrics: ([p]) => {
        seenAt.push(performance.now());
        if (p!.step === 2) t.pause();
        if (p!.step === 4) t.stop();
      },
      onStatus: (state) => {
        if (state === 'paused') setTimeout(() => t.resume(), PAUSE_MS);
      },
    }));
    expect(rec.statuses.map((s) => s.state)).toEqual(['running', 'paused', 'running', 'stopped']);
    expect(rec.metrics.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(rec.checkpoints.map((c) => c.step)).toEqual([4]);
    // Between the points of steps 2 and 3 the run sat paused; its wall clock must not count that.
    const realGapMs = seenAt[2]! - seenAt[1]!;
    const wallGapMs = rec.metrics[2]!.wallMs - rec.metrics[1]!.wallMs;
    expect(realGapMs - wallGapMs).toBeGreaterThan(PAUSE_MS * 0.9);
    expect(rec.trainer.summary().steps).toBe(4);
  });
});
