// The CLI trains through a worker thread running the shared handler; a worker that dies fails its run with the
// reason and keeps the last checkpoint (docs/cli.md, Run folders).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { BackendName } from '../core/kernels/backend';
import { decodeCheckpoint } from '../core/checkpoint';
import { parseConfig } from '../core/config';
import type { RunRecord } from '../core/record';
import { RunFolder } from '../cli/run-folder';
import { trainIntoFolder } from '../cli/train-session';
import { TrainingWorker } from '../cli/training-worker';

const config = parseConfig({
  model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
  train: {
    batchSize: 2,
    steps: 400,
    logEvery: 2,
    evalEvery: 1000,
    evalBatches: 1,
    checkpointEvery: 4,
    peakTflops: 0.001,
  },
  data: { maxBytes: 20000 },
});

test('the worker reports its backend; a run killed mid-way ends failed with the reason and its last checkpoint', async () => {
  const { worker, ready } = await TrainingWorker.start('cpu');
  expect(ready).toMatchObject({ type: 'ready', backend: 'cpu' });
  const dir = mkdtempSync(join(tmpdir(), 'palm-worker-'));
  const folder = new RunFolder(dir);
  const session = trainIntoFolder({ worker, backend: ready, folder, name: 'doomed', label: '', config });
  // Kill it once the first checkpoint has been written.
  while (!existsSync(join(dir, 'checkpoint.safetensors'))) await new Promise((r) => setTimeout(r, 20));
  await worker.kill('the training worker was killed by the test');
  const result = await session;

  expect(result.record.status).toBe('failed');
  expect(result.failure).toBe('the training worker was killed by the test');
  const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;
  expect(record.status).toBe('failed');
  const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(join(dir, 'checkpoint.safetensors'))), {
    allowPrefixes: ['optimizer/'],
  });
  expect(Number(ckpt.metadata.step) % 4).toBe(0);
  expect(result.metrics.length).toBeGreaterThan(0);
});

test('a backend that cannot start is refused with the reason', async () => {
  // A name no machine has (a real one may or may not start, depending on the machine's GPU).
  await expect(TrainingWorker.start('tpu' as BackendName)).rejects.toThrow(/backend "tpu" is not available/);
});
