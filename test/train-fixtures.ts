// Shared fixtures for the core/train tests: tiny configs through the real parser and in-memory data (no corpus load).
import { parseConfig, type Config, type ConfigInput } from '../core/config';
import { Rng } from '../core/data/random';
import type { PreparedData } from '../core/data';
import { ByteTokenizer } from '../core/tokenizer';
import { Trainer, type RunCallbacks, type TrainerOptions } from '../core/train/trainer';
import type { MetricPoint, RunStatus } from '../core/record';

/** D=32, one layer, T=16, B=4: a step takes milliseconds on the cpu backend. */
export function tinyConfig(
  over: { model?: ConfigInput['model']; optimizer?: ConfigInput['optimizer']; train?: ConfigInput['train'] } = {},
): Config {
  return parseConfig({
    model: { dModel: 32, nLayers: 1, nHeads: 2, headDim: 16, seqLen: 16, ...over.model },
    optimizer: { ...over.optimizer },
    train: { batchSize: 4, steps: 8, logEvery: 2, evalEvery: 4, evalBatches: 1, checkpointEvery: 4, ...over.train },
    data: { corpus: 'moby-dick', tokenizer: 'byte' },
  });
}

/** Seeded byte ids: `trainTokens` for training, 80 for validation. */
export function tinyData(trainTokens = 600, seed = 7): PreparedData {
  const rng = new Rng(seed);
  const ids = (n: number) => Int32Array.from({ length: n }, () => rng.nextInt(256));
  return {
    tokenizer: new ByteTokenizer(),
    train: ids(trainTokens),
    val: ids(80),
    sourceName: 'random bytes',
    bytes: trainTokens + 80,
  };
}

export function trainerOptions(config: Config, data = tinyData(), extra: Partial<TrainerOptions> = {}): TrainerOptions {
  return { runId: 'run-1', name: 'tiny', config, data, backend: { backend: 'cpu' }, peak: null, ...extra };
}

export interface Recorded {
  metrics: MetricPoint[];
  statuses: { state: RunStatus; reason?: string }[];
  checkpoints: { step: number; bytes: Uint8Array }[];
}

/** Run a fresh Trainer to its end, recording every callback, and dispose it. */
export async function runRecorded(
  opts: TrainerOptions,
  hooks: (t: Trainer) => RunCallbacks = () => ({}),
): Promise<Recorded & { trainer: Trainer }> {
  const trainer = await Trainer.create(opts);
  const rec: Recorded = { metrics: [], statuses: [], checkpoints: [] };
  const extra = hooks(trainer);
  try {
    await trainer.run({
      onMetrics: (points) => {
        rec.metrics.push(...points);
        extra.onMetrics?.(points);
      },
      onStatus: (state, reason) => {
        rec.statuses.push({ state, reason });
        extra.onStatus?.(state, reason);
      },
      onCheckpoint: (bytes, step) => {
        rec.checkpoints.push({ step, bytes });
      },
    });
  } finally {
    trainer.dispose();
  }
  return { ...rec, trainer };
}
