// The worker's start-up (issue 14 §1): phases posted in order, a calibration bounded by its budget and measured once
// per device, and Stop honoured while the backend starts or the peak is calibrated (the run ends as stopped).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../core/config';
import type { BackendInfo } from '../core/kernels/backend';
import type { PreparedMatmul } from '../core/kernels/calibrate';
import { WorkerHandler, type HandlerHost } from '../core/worker/handler';
import type { FromWorker, ToWorker } from '../core/runs/protocol';

const bytes = new TextEncoder().encode('It was the best of times, it was the worst of times. '.repeat(30));

function startMsg(runId: string, peakTflops: number | null = null): ToWorker {
  const config = parseConfig({
    model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
    optimizer: { name: 'adamw', learningRate: 1e-2, schedule: 'constant' },
    train: { batchSize: 2, steps: 4, logEvery: 2, evalEvery: 2, evalBatches: 1, checkpointEvery: 4, peakTflops },
    data: { corpus: 'file', path: 'tale.txt' },
  });
  return { type: 'start', runId, name: runId, config, data: { kind: 'bytes', name: 'tale.txt', bytes } };
}

/** A matmul that takes `ms` of real time and runs at 1 GFLOP/s on the fake clock it advances. */
function slowMatmul(clock: { t: number }, ms: number) {
  return (n: number): PreparedMatmul => ({
    run: async () => {
      await new Promise((r) => setTimeout(r, ms));
      clock.t += (2 * n ** 3) / 1e6;
    },
    dispose: () => undefined,
  });
}

function harness(host: Partial<HandlerHost> & { adapter: string }) {
  const posted: FromWorker[] = [];
  const handler = new WorkerHandler({
    post: (m) => posted.push(m),
    startBackend: async (): Promise<BackendInfo> => ({ backend: 'cpu', adapterInfo: host.adapter }),
    ...host,
  });
  const until = async (match: (m: FromWorker) => boolean) => {
    while (!posted.some(match)) await new Promise((r) => setTimeout(r, 5));
  };
  return { handler, posted, until };
}

const of = (posted: FromWorker[], runId: string) =>
  posted.flatMap((m) =>
    (m.type === 'phase' || m.type === 'status') && m.runId === runId ? [m.type === 'phase' ? m.phase : m.state] : [],
  );

describe('start-up', () => {
  test('phases come in order: backend, calibration, tokenizer, training (evaluations in between), then done', async () => {
    const before = tf.memory().numTensors;
    const clock = { t: 0 };
    const { handler, posted, until } = harness({
      adapter: 'phases',
      calibration: { prepare: slowMatmul(clock, 0), now: () => clock.t, budgetMs: 2000 },
    });
    await handler.handle(startMsg('a'));
    await until((m) => m.type === 'done' && m.runId === 'a');
    expect(of(posted, 'a')).toEqual([
      'starting-backend',
      'queued',
      'calibrating',
      'building-tokenizer',
      'training',
      'running',
      'evaluating',
      'training',
      'evaluating',
      'training',
      'done',
    ]);
    const cal = posted.find((m) => m.type === 'calibration');
    expect(cal).toMatchObject({ type: 'calibration', backend: 'cpu', endedBy: expect.any(String) });
    expect(cal?.type === 'calibration' && cal.elapsedMs).toBeLessThanOrEqual(2000);
    const done = posted.find((m) => m.type === 'done');
    expect(done?.type === 'done' && done.summary.peak).toEqual({
      flopsPerSec: cal?.type === 'calibration' ? cal.peakFlopsPerSec : NaN,
      source: 'calibrated',
    });
    // Measured once per device: a second run reuses it without timing a matmul.
    const tBefore = clock.t;
    await handler.handle(startMsg('b'));
    await until((m) => m.type === 'done' && m.runId === 'b');
    expect(clock.t).toBe(tBefore);
    expect(of(posted, 'b').slice(0, 4)).toEqual(['queued', 'calibrating', 'building-tokenizer', 'training']);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a nominal peak skips the calibration phase', async () => {
    const { handler, posted, until } = harness({ adapter: 'nominal' });
    await handler.handle(startMsg('n', 1));
    await until((m) => m.type === 'done');
    expect(of(posted, 'n').slice(0, 5)).toEqual([
      'starting-backend',
      'queued',
      'building-tokenizer',
      'training',
      'running',
    ]);
  });

  test("a peak from the pool's calibrating worker (use-calibration) is used as it is: no calibration of its own", async () => {
    const { handler, posted, until } = harness({ adapter: 'shared-peak' });
    await handler.handle({ type: 'use-calibration', peakFlopsPerSec: 3.5e10 });
    await handler.handle(startMsg('p'));
    await until((m) => m.type === 'done');
    expect(of(posted, 'p').slice(0, 4)).toEqual(['starting-backend', 'queued', 'building-tokenizer', 'training']);
    expect(posted.some((m) => m.type === 'calibration')).toBe(false);
    const done = posted.find((m) => m.type === 'done');
    expect(done?.type === 'done' && done.summary.peak).toEqual({ flopsPerSec: 3.5e10, source: 'calibrated' });
  });

  test('Stop during the calibration ends the run as stopped, before any step; the worker takes the next run', async () => {
    const clock = { t: 0 };
    const { handler, posted, until } = harness({
      adapter: 'stop-calibrating',
      // 20 ms a product, a budget far away: only the stop can end this calibration soon.
      calibration: { prepare: slowMatmul(clock, 20), now: () => clock.t, budgetMs: 1e9 },
    });
    await handler.handle(startMsg('s'));
    await until((m) => m.type === 'phase' && m.phase === 'calibrating');
    await handler.handle({ type: 'stop', runId: 's' });
    await until((m) => m.type === 'status' && m.state === 'stopped');
    expect(of(posted, 's')).toEqual(['starting-backend', 'queued', 'calibrating', 'stopped']);
    expect(posted).toContainEqual({
      type: 'status',
      runId: 's',
      state: 'stopped',
      reason: 'stopped before its first step',
    });
    expect(posted.some((m) => m.type === 'done' || m.type === 'calibration' || m.type === 'metrics')).toBe(false);

    await handler.handle(startMsg('next', 1));
    await until((m) => m.type === 'done' && m.runId === 'next');
  });

  test('a device lost during the calibration fails that run at once, and the queued ones, with the reason', async () => {
    const clock = { t: 0 };
    let loseDevice: (reason: string) => void = () => undefined;
    const lost = new Promise<string>((resolve) => (loseDevice = resolve));
    const { handler, posted, until } = harness({
      adapter: 'lost-calibrating',
      device: () => ({ limits: {}, lost }),
      calibration: { prepare: slowMatmul(clock, 20), now: () => clock.t, budgetMs: 1e9 },
    });
    await handler.handle(startMsg('a'));
    await handler.handle(startMsg('b', 1));
    await until((m) => m.type === 'phase' && m.phase === 'calibrating');
    loseDevice('device destroyed');
    for (const id of ['a', 'b']) await until((m) => m.type === 'status' && m.runId === id && m.state === 'failed');
    await new Promise((r) => setTimeout(r, 100));
    expect(of(posted, 'a')).toEqual(['starting-backend', 'queued', 'calibrating', 'failed']);
    expect(posted).toContainEqual({
      type: 'status',
      runId: 'a',
      state: 'failed',
      reason: 'WebGPU device lost: device destroyed',
    });
    expect(posted).toContainEqual(expect.objectContaining({ type: 'error', runId: 'a', recoverable: false }));
    expect(of(posted, 'b')).toEqual(['queued', 'failed']);
    expect(posted.some((m) => m.type === 'calibration' || m.type === 'done')).toBe(false);
  });

  test('Stop while the backend starts ends the run as stopped; it is never queued', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { handler, posted, until } = harness({
      adapter: 'stop-starting',
      startBackend: async () => {
        await gate;
        return { backend: 'cpu' };
      },
    });
    const started = handler.handle(startMsg('w', 1));
    await until((m) => m.type === 'phase' && m.phase === 'starting-backend');
    await handler.handle({ type: 'stop', runId: 'w' });
    release();
    await started;
    expect(of(posted, 'w')).toEqual(['starting-backend', 'stopped']);
    await new Promise((r) => setTimeout(r, 20));
    expect(posted.some((m) => m.type === 'done' || (m.type === 'status' && m.state === 'running'))).toBe(false);
  });
});
