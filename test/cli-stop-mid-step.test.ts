// Long steps (docs/design.md §2 "Stopping"): the config check bounds a step (train.batchSize, and batchSize · seqLen
// tokens), and the first SIGTERM stops a run whose worker is inside work that does not end (here an evaluation over a
// very long held-out tail): after the grace period the worker thread is terminated, the run is recorded "stopped"
// at its last checkpoint, and it resumes from there.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { STOP_GRACE_MS } from '../cli/training-worker';
import { decodeCheckpoint } from '../core/checkpoint';
import { MAX_BATCH_SIZE, MAX_TOKENS_PER_STEP, parseConfig } from '../core/config';
import { palm, readMetrics, readRecord, tinyInput } from './cli-helpers';

describe('the config check bounds a step', () => {
  it('refuses batchSize over the limit and batchSize · seqLen over the tokens per step, naming the key', () => {
    expect(() => parseConfig({ train: { batchSize: 1e5 } }, 'big.json')).toThrow(
      /big\.json: invalid config:\n {2}- train\.batchSize: must be ≤ 4096 sequences per step \(got 100000\)/,
    );
    expect(() => parseConfig({ train: { batchSize: 4096 }, model: { seqLen: 512 } })).toThrow(
      /train\.batchSize: times model\.seqLen must be ≤ 1,048,576 tokens per step \(got 4,096 × 512 = 2,097,152\)/,
    );
    // The bounds themselves are allowed.
    expect(MAX_BATCH_SIZE * 256).toBe(MAX_TOKENS_PER_STEP);
    expect(parseConfig({ train: { batchSize: MAX_BATCH_SIZE }, model: { seqLen: 256 } }).train.batchSize).toBe(4096);
  });
});

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-stop-'));
  // A long held-out tail (half of ~4 MB) and no cap on evaluation batches: the evaluation after step 2 reads tens of
  // thousands of batches, far longer than the grace period on any machine.
  const corpus = join(tmp, 'corpus.txt');
  writeFileSync(
    corpus,
    'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(50_000),
  );
  const input = tinyInput(corpus);
  const train = { ...input.train, steps: 100, logEvery: 1, checkpointEvery: 1, evalEvery: 2, evalBatches: 1_000_000 };
  writeFileSync(join(tmp, 'long.json'), JSON.stringify({ ...input, train, data: { ...input.data, valFraction: 0.5 } }));
  // The same run with a short evaluation, to resume it.
  writeFileSync(
    join(tmp, 'short.json'),
    JSON.stringify({
      ...input,
      train: { ...train, steps: 3, evalBatches: 1 },
      data: { ...input.data, valFraction: 0.5 },
    }),
  );
});

const checkpointStep = (dir: string) =>
  Number(
    decodeCheckpoint(new Uint8Array(readFileSync(join(dir, 'checkpoint.safetensors'))), {
      allowPrefixes: ['optimizer/'],
    }).metadata.step,
  );

describe('the first SIGTERM during work that does not end', () => {
  it('terminates the worker after the grace period: "stopped" at the last checkpoint, exit 143, resumable', async () => {
    const out = join(tmp, 'run');
    const child = spawn('node', [
      'bin/palm-workbench.mjs',
      ...['train', '--config', join(tmp, 'long.json'), '--backend', 'cpu', '--out', out],
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let signalledAt = 0;
    // Step 1 is logged and checkpointed (checkpointEvery 1); the worker is then in step 2 or its evaluation.
    const watch = setInterval(() => {
      if (signalledAt !== 0 || !/long step 1\//.test(stderr) || !existsSync(join(out, 'checkpoint.safetensors')))
        return;
      signalledAt = Date.now();
      child.kill('SIGTERM');
    }, 50);
    onTestFinished(() => {
      clearInterval(watch);
      child.kill('SIGKILL'); // a no-op once it has exited; a failed test leaves no training process behind
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const stopMs = Date.now() - signalledAt;
    expect(signalledAt).toBeGreaterThan(0);
    expect(code, stderr).toBe(143);
    // The grace period, re-armed by at most a late metrics message and an evaluation's start, plus slack for a
    // loaded machine.
    expect(stopMs).toBeLessThan(3 * STOP_GRACE_MS + 10_000);
    expect(stderr).toMatch(/stopped mid-step \(the step did not end within 5 s\); the last checkpoint stands/);
    const record = readRecord(out);
    expect(record.status).toBe('stopped');
    expect(record.summary?.reason).toMatch(/stopped mid-step/);
    const step = checkpointStep(out);
    expect(step).toBeGreaterThanOrEqual(1);

    const resumed = await palm(['train', '--resume', out, '--config', join(tmp, 'short.json'), '--backend', 'cpu']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readRecord(out).status).toBe('done');
    expect(readMetrics(out).at(-1)?.step).toBe(3);
    expect(readMetrics(out).filter((p) => p.step === step + 1)).toHaveLength(1); // the cut step trained once
  }, 180_000);
});
