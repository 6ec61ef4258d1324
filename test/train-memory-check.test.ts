// A run's memory (parameters + gradients + optimizer + activations) is estimated from the config and checked
// against the backend's limits and the machine's memory before anything is allocated; the worker refuses a run
// that cannot fit with the figures, at once, instead of dying on "Invalid typed array length" or the OS's kill.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../core/config';
import { activationBytes } from '../core/metrics';
import { checkTrainingMemory, estimateTrainingMemory } from '../core/train/memory-check';
import { WorkerHandler } from '../core/worker/handler';
import type { FromWorker } from '../core/runs/protocol';
import { palm, readRecord } from './cli-helpers';

const golden = JSON.parse(readFileSync(new URL('./golden/training_memory.json', import.meta.url), 'utf8')) as Record<
  string,
  { activationBytes: number; paramBytes: number; adamwBytes: number; adafactorBytes: number }
>;

const tiny = (optimizer: 'adamw' | 'adafactor') =>
  parseConfig({
    model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
    optimizer: { name: optimizer },
    train: { batchSize: 4 },
  });
const palm8b = (optimizer: 'adamw' | 'adafactor') =>
  parseConfig({
    model: { vocabSize: 256000, dModel: 4096, nLayers: 32, nHeads: 16, headDim: 256, seqLen: 2048 },
    optimizer: { name: optimizer, factored: true },
    train: { batchSize: 1 },
    data: { tokenizer: 'subword' },
  });

describe('estimateTrainingMemory (golden: test/golden/training_memory.py)', () => {
  it.each([
    ['tiny-parallel-swiglu-mqa', tiny],
    ['palm-8b-batch-1', palm8b],
  ])('%s', (name, make) => {
    const want = golden[name]!;
    const adamw = estimateTrainingMemory(make('adamw'));
    expect(activationBytes(make('adamw').model, make('adamw').train.batchSize)).toBe(want.activationBytes);
    expect(adamw).toMatchObject({
      paramBytes: want.paramBytes,
      gradientBytes: want.paramBytes,
      optimizerBytes: want.adamwBytes,
      totalBytes: 2 * want.paramBytes + want.adamwBytes + want.activationBytes,
    });
    expect(estimateTrainingMemory(make('adafactor')).optimizerBytes).toBe(want.adafactorBytes);
  });
});

describe('checkTrainingMemory', () => {
  it('refuses a model bigger than the machine, with the figures', () => {
    expect(() => checkTrainingMemory(palm8b('adamw'), { backend: 'cpu', machineBytes: 16e9 })).toThrow(
      /does not fit in memory: it needs about 187\.72 GB \(parameters 34\.53 GB, gradients 34\.53 GB, optimizer state 69\.06 GB, activations 49\.61 GB\), more than this machine's 16\.00 GB/,
    );
    expect(checkTrainingMemory(tiny('adamw'), { backend: 'cpu', machineBytes: 16e9 }).totalBytes).toBeLessThan(1e6);
  });

  it('gives each of N parallel runs a 1/N share of the machine, and says so', () => {
    const need = checkTrainingMemory(tiny('adamw'), { backend: 'cpu' }).totalBytes;
    const machineBytes = 1.5 * need; // fits alone, not in half
    expect(checkTrainingMemory(tiny('adamw'), { backend: 'cpu', machineBytes, sharedBy: 1 }).totalBytes).toBe(need);
    expect(() => checkTrainingMemory(tiny('adamw'), { backend: 'cpu', machineBytes, sharedBy: 2 })).toThrow(
      /more than its 1\/2 share \(.*\) of this machine's .*, shared by 2 parallel runs; .*or train fewer runs at once/,
    );
  });

  it('refuses a tensor longer than a JavaScript typed array, naming it', () => {
    const huge = parseConfig({ model: { dModel: 65536, nLayers: 96, nHeads: 256, headDim: 256 } });
    expect(() => checkTrainingMemory(huge, { backend: 'cpu' })).toThrow(
      /tensor blocks\.0\.mlp\.w_gate \[65536, 262144\] has 17,179,869,184 values \(68\.72 GB\); JavaScript arrays hold at most 2\^32/,
    );
  });

  it("refuses a tensor bigger than the WebGPU device's largest buffer, and a wasm heap over 4 GiB", () => {
    const config = tiny('adamw');
    const limits = { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 8192 };
    expect(() => checkTrainingMemory(config, { backend: 'webgpu', limits })).toThrow(
      /does not fit the WebGPU device: tensor logits \[4, 8, 256\] needs 32\.8 KB, more than its largest buffer of 8\.2 KB/,
    );
    expect(() => checkTrainingMemory(config, { backend: 'cpu', limits })).not.toThrow();
    const big = parseConfig({
      model: { dModel: 2048, nLayers: 8, nHeads: 16, headDim: 128 },
      optimizer: { name: 'adamw' },
    });
    expect(() => checkTrainingMemory(big, { backend: 'wasm' })).toThrow(
      /does not fit the wasm backend: it needs about/,
    );
  });
});

describe('WorkerHandler memory check', () => {
  it('fails a run too big for the machine before allocating, with the figure, and trains the next one', async () => {
    const posted: FromWorker[] = [];
    const handler = new WorkerHandler({
      post: (m) => posted.push(m),
      startBackend: async () => ({ backend: 'cpu' }),
      machineMemoryBytes: 50e6,
    });
    const before = tf.memory().numTensors;
    const input = (model: ConfigInput['model']) =>
      parseConfig({
        model,
        train: { steps: 1, batchSize: 2, peakTflops: 1, evalEvery: 1, logEvery: 1, evalBatches: 1 },
        data: { maxBytes: 4000 },
      });
    const started = performance.now();
    await handler.handle({
      type: 'start',
      runId: 'big',
      name: 'big',
      config: input({ dModel: 512, nLayers: 4, nHeads: 4, headDim: 128, seqLen: 16 }),
      data: { kind: 'config' },
    });
    await handler.handle({
      type: 'start',
      runId: 'small',
      name: 'small',
      config: input({ dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 }),
      data: { kind: 'config' },
    });
    while (!posted.some((m) => m.type === 'done' && m.runId === 'small')) await new Promise((r) => setTimeout(r, 10));
    const failed = posted.find((m) => m.type === 'status' && m.runId === 'big' && m.state === 'failed');
    expect(failed).toMatchObject({
      reason: expect.stringMatching(/needs about \d+\.\d+ MB .* more than this machine's 50\.0 MB/),
    });
    expect(posted).toContainEqual(expect.objectContaining({ type: 'error', runId: 'big', recoverable: true }));
    expect(
      posted.filter((m) => m.type === 'status' && m.runId === 'big').map((m) => m.type === 'status' && m.state),
    ).toEqual(['queued', 'failed']);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('palm-workbench train and a model too big for the machine', () => {
  it('fails at once with the figures, and run.json says "failed" and why, not "queued"', async () => {
    // ~45B parameters (AdamW: ~720 GB): beyond any machine this runs on; it used to allocate until the OS killed it.
    const tmp = mkdtempSync(join(tmpdir(), 'palm-huge-model-'));
    const config = join(tmp, 'huge.json');
    writeFileSync(
      config,
      JSON.stringify({
        model: { dModel: 8192, nLayers: 48, nHeads: 64, headDim: 128, seqLen: 64 },
        train: { batchSize: 1, peakTflops: 1 },
      }),
    );
    const out = join(tmp, 'run');
    const started = performance.now();
    const r = await palm(['train', '--config', config, '--out', out, '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /does not fit in memory: it needs about \d+\.\d+ GB \(parameters \d+\.\d+ GB, .*more than this machine's/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readRecord(out)).toMatchObject({
      status: 'failed',
      summary: { steps: 0, finalTrainLoss: null, reason: expect.stringMatching(/does not fit in memory/) },
    });
    expect(readdirSync(out).sort()).toEqual(['metrics.jsonl', 'run.json']);
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});
