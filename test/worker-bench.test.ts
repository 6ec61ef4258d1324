// The worker's speed bench ("Benchmark these variants"): a `bench` message timed interleaved on the worker's backend
// with `run`'s rounds, its progress, its Stop, a run queued meanwhile waiting for it, and every refusal or failure as a
// message naming why; driven through the handler's host interface on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import type { BackendInfo } from '../core/kernels/backend';
import { parseConfig } from '../core/config';
import { WorkerHandler } from '../core/worker/handler';
import type { BenchVariant, FromWorker, ToWorker } from '../core/runs/protocol';

const text = 'It was the best of times, it was the worst of times, it was the age of wisdom. '.repeat(20);
const bytes = new TextEncoder().encode(text);

const tiny = (attention: 'mqa' | 'mha', steps = 6) =>
  parseConfig({
    model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8, attention },
    optimizer: { name: 'adamw', learningRate: 1e-2, schedule: 'constant' },
    train: {
      batchSize: 2,
      steps,
      logEvery: 2,
      evalEvery: steps,
      evalBatches: 1,
      checkpointEvery: steps,
      peakTflops: 1,
    },
    data: { corpus: 'file', path: 'tale.txt' },
  });

const VARIANTS: BenchVariant[] = [
  { name: 'tiny · mqa', config: tiny('mqa') },
  { name: 'tiny · mha', config: tiny('mha') },
];
const bench = (benchId: string, steps: number, sets = [VARIANTS]): ToWorker => ({
  type: 'bench',
  benchId,
  sets,
  steps,
});
const start = (runId: string, steps: number): ToWorker => ({
  type: 'start',
  runId,
  name: runId,
  config: tiny('mqa', steps),
  data: { kind: 'bytes', name: 'tale.txt', bytes },
});

function harness(machineMemoryBytes?: number) {
  const posted: FromWorker[] = [];
  const waiters: { match: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const handler = new WorkerHandler({
    post: (msg) => {
      posted.push(msg);
      for (const w of waiters.splice(0)) {
        if (w.match(msg)) w.resolve(msg);
        else waiters.push(w);
      }
    },
    startBackend: async (): Promise<BackendInfo> => ({ backend: 'cpu' }),
    machineMemoryBytes,
  });
  const waitFor = (match: (m: FromWorker) => boolean) =>
    new Promise<FromWorker>((resolve) => {
      const hit = posted.find(match);
      if (hit) resolve(hit);
      else waiters.push({ match, resolve });
    });
  return { handler, posted, waitFor };
}

const ended = (benchId: string) => (m: FromWorker) =>
  (m.type === 'bench-done' || m.type === 'bench-failed') && m.benchId === benchId;

describe('the worker bench', () => {
  test('times the variants interleaved: 4 rounds, each variant its median and IQR over them, progress to 1', async () => {
    const before = tf.memory().numTensors;
    const { handler, posted } = harness();
    await handler.handle(bench('b1', 8));
    const done = posted.find(ended('b1'));
    if (done?.type !== 'bench-done') throw new Error(`no speeds: ${JSON.stringify(done)}`);
    expect(done.backend).toBe('cpu');
    expect(Date.parse(done.measuredAt)).not.toBeNaN();
    expect(done.speeds.map((s) => [s.name, s.set, s.backend, s.rounds.length])).toEqual([
      ['tiny · mqa', 0, 'cpu', 4],
      ['tiny · mha', 0, 'cpu', 4],
    ]);
    for (const s of done.speeds) {
      // Four rounds: the median is the mean of the middle two, the quartiles numpy's linear interpolation.
      const r = [...s.rounds].sort((a, b) => a - b);
      expect(s.tokensPerSec).toBeCloseTo((r[1]! + r[2]!) / 2, 9);
      expect(s.iqr[0]).toBeCloseTo(r[0]! + 0.75 * (r[1]! - r[0]!), 9);
      expect(s.iqr[1]).toBeCloseTo(r[2]! + 0.25 * (r[3]! - r[2]!), 9);
      expect(s.rounds.every((v) => v > 0)).toBe(true);
    }
    const progress = posted.flatMap((m) => (m.type === 'bench-progress' ? [m] : []));
    // One per warm-up and per timed stretch: 2 warm-ups + 4 rounds × 2 variants.
    expect(progress).toHaveLength(10);
    expect(progress.map((p) => p.fraction)).toEqual([...progress.map((p) => p.fraction)].sort((a, b) => a - b));
    expect(progress.at(-1)!.fraction).toBeCloseTo(1, 12);
    expect(progress[0]!.line).toBe('timing tiny · mqa, tiny · mha interleaved (8 steps each)');
    expect(tf.memory().numTensors).toBe(before);
  });

  test('benches the sets of a ladder one after another, each its own set', async () => {
    const { handler, posted } = harness();
    const rung2 = VARIANTS.map((v) => ({ ...v, name: `${v.name} · d32` }));
    await handler.handle(bench('b2', 2, [VARIANTS, rung2]));
    const done = posted.find(ended('b2'));
    if (done?.type !== 'bench-done') throw new Error(`no speeds: ${JSON.stringify(done)}`);
    expect(done.speeds.map((s) => s.set)).toEqual([0, 0, 1, 1]);
    expect(done.speeds.every((s) => s.rounds.length === 2)).toBe(true);
  });

  test('Stop ends it at the next step with no speeds and every tensor freed', async () => {
    const before = tf.memory().numTensors;
    const { handler, posted, waitFor } = harness();
    const running = handler.handle(bench('b3', 400));
    await waitFor((m) => m.type === 'bench-progress' && m.benchId === 'b3');
    await handler.handle({ type: 'stop-bench', benchId: 'b3' });
    await running;
    expect(posted.find(ended('b3'))).toEqual({
      type: 'bench-failed',
      benchId: 'b3',
      message: 'stopped before it finished: no speeds kept',
      stopped: true,
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a run queued while it benches waits for it; a bench asked for while a run trains is refused', async () => {
    const { handler, posted, waitFor } = harness();
    const benching = handler.handle(bench('b4', 8));
    await waitFor((m) => m.type === 'bench-progress');
    await handler.handle(start('w', 4));
    await benching;
    await waitFor((m) => m.type === 'done' && m.runId === 'w');
    const order = (match: (m: FromWorker) => boolean) => posted.findIndex(match);
    expect(order((m) => m.type === 'status' && m.runId === 'w' && m.state === 'queued')).toBeLessThan(
      order(ended('b4')),
    );
    expect(order((m) => m.type === 'status' && m.runId === 'w' && m.state === 'running')).toBeGreaterThan(
      order(ended('b4')),
    );

    await handler.handle(start('long', 400));
    await waitFor((m) => m.type === 'status' && m.runId === 'long' && m.state === 'running');
    await handler.handle(bench('b5', 4));
    expect(posted.find(ended('b5'))).toEqual({
      type: 'bench-failed',
      benchId: 'b5',
      message: 'cannot bench now: a run is training on this worker',
      stopped: false,
    });
    await handler.handle({ type: 'stop', runId: 'long' });
    await waitFor((m) => m.type === 'done' && m.runId === 'long');
  });

  test('refuses a bad request by what is wrong, and reports a failure with its reason', async () => {
    const { handler, posted } = harness();
    await handler.handle(bench('s0', 0));
    await handler.handle(bench('s1', 1001));
    await handler.handle(bench('dup', 2, [[VARIANTS[0]!, VARIANTS[0]!]]));
    await handler.handle(bench('none', 2, [[]]));
    const messages = posted.flatMap((m) => (m.type === 'bench-failed' ? [[m.benchId, m.message]] : []));
    expect(messages).toEqual([
      ['s0', 'cannot bench now: steps per variant must be a whole number from 1 to 1000 (got 0)'],
      ['s1', 'cannot bench now: steps per variant must be a whole number from 1 to 1000 (got 1001)'],
      ['dup', 'cannot bench now: two variants share the name "tiny · mqa": their speeds would mix'],
      ['none', 'cannot bench now: there are no variants to bench'],
    ]);
    const small = harness(1000);
    await small.handler.handle(bench('mem', 2));
    expect(small.posted.find(ended('mem'))).toMatchObject({
      type: 'bench-failed',
      stopped: false,
      message: expect.stringMatching(/^the bench failed: .*this machine's/),
    });
  });
});
