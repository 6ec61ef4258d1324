// The worker handler behind both entries: queue, one run at a time, batched metrics, status, checkpoints, sampling,
// and failures reported as messages (docs/design.md §1 rule 2), driven through its host interface on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import type { BackendInfo } from '../core/kernels/backend';
import { parseConfig } from '../core/config';
import { WorkerHandler } from '../core/worker/handler';
import type { FromWorker, ToWorker, WasmShare } from '../core/runs/protocol';

const text = 'It was the best of times, it was the worst of times, it was the age of wisdom. '.repeat(20);
const bytes = new TextEncoder().encode(text);

function tinyConfig(overrides: { steps?: number; name?: 'adamw' | 'adafactor' } = {}) {
  return parseConfig({
    model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
    optimizer: { name: overrides.name ?? 'adamw', learningRate: 1e-2, schedule: 'constant' },
    train: {
      batchSize: 2,
      steps: overrides.steps ?? 6,
      logEvery: 2,
      evalEvery: 6,
      evalBatches: 1,
      checkpointEvery: 6,
      peakTflops: 1,
    },
    data: { corpus: 'file', path: 'tale.txt' },
  });
}

function startMsg(runId: string, steps = 6): ToWorker {
  return {
    type: 'start',
    runId,
    name: runId,
    config: tinyConfig({ steps }),
    data: { kind: 'bytes', name: 'tale.txt', bytes },
  };
}

/** A handler on the cpu backend that records what it posts, and resolves waiters on matching messages. */
function harness() {
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
    startBackend: async (requested): Promise<BackendInfo> => {
      if (requested && requested !== 'cpu') throw new Error(`backend "${requested}" is not available in this test`);
      return { backend: 'cpu' };
    },
  });
  const waitFor = (match: (m: FromWorker) => boolean) =>
    new Promise<FromWorker>((resolve) => {
      const hit = posted.find(match);
      if (hit) resolve(hit);
      else waiters.push({ match, resolve });
    });
  return { handler, posted, waitFor };
}

const isDone = (runId: string) => (m: FromWorker) => m.type === 'done' && m.runId === runId;
const statesOf = (posted: FromWorker[], runId: string) =>
  posted.flatMap((m) => (m.type === 'status' && m.runId === runId ? [m.state] : []));

describe('WorkerHandler', () => {
  test('init reports the backend; a run goes queued → running → done with batched metrics and a checkpoint', async () => {
    const before = tf.memory().numTensors;
    const { handler, posted, waitFor } = harness();
    await handler.handle({ type: 'init', backend: 'cpu' });
    expect(posted[0]).toEqual({ type: 'ready', backend: 'cpu', limits: {} });

    await handler.handle(startMsg('a'));
    const done = await waitFor(isDone('a'));
    expect(statesOf(posted, 'a')).toEqual(['queued', 'running', 'done']);
    const points = posted.flatMap((m) => (m.type === 'metrics' && m.runId === 'a' ? m.points : []));
    expect(points.map((p) => p.step)).toEqual([2, 4, 6]);
    expect(points.at(-1)?.valLoss).toBeGreaterThan(0);
    // Batched: never more metrics messages than points, and none after `done`.
    const metricsMsgs = posted.filter((m) => m.type === 'metrics');
    expect(metricsMsgs.length).toBeLessThanOrEqual(points.length);
    expect(posted.indexOf(done)).toBeGreaterThan(posted.lastIndexOf(metricsMsgs.at(-1) as FromWorker));
    const ckpt = posted.find((m) => m.type === 'checkpoint');
    expect(ckpt?.type === 'checkpoint' && ckpt.step).toBe(6);
    if (done.type === 'done') expect(done.summary.steps).toBe(6);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('runs queue and train one at a time; stopping a queued run removes it', async () => {
    const { handler, posted, waitFor } = harness();
    await handler.handle(startMsg('first'));
    await handler.handle(startMsg('second'));
    await handler.handle(startMsg('third'));
    await handler.handle({ type: 'stop', runId: 'third' });
    await waitFor(isDone('second'));
    const order = posted.flatMap((m) => (m.type === 'status' && m.state !== 'queued' ? [`${m.runId}:${m.state}`] : []));
    expect(order.filter((o) => !o.startsWith('third'))).toEqual([
      'first:running',
      'first:done',
      'second:running',
      'second:done',
    ]);
    expect(order.filter((o) => o.startsWith('third'))).toEqual(['third:stopped']);
    expect(posted.some(isDone('third'))).toBe(false);
  });

  test('pause and resume the running run', async () => {
    const { handler, posted, waitFor } = harness();
    await handler.handle(startMsg('p', 40));
    await waitFor((m) => m.type === 'metrics' && m.runId === 'p');
    await handler.handle({ type: 'pause', runId: 'p' });
    await waitFor((m) => m.type === 'status' && m.state === 'paused');
    const stepsAtPause = posted.filter((m) => m.type === 'metrics').length;
    await new Promise((r) => setTimeout(r, 150));
    expect(posted.filter((m) => m.type === 'metrics').length).toBe(stepsAtPause);
    await handler.handle({ type: 'resume', runId: 'p' });
    await waitFor(isDone('p'));
    expect(statesOf(posted, 'p')).toEqual(['queued', 'running', 'paused', 'running', 'done']);
  });

  test('samples from a finished run through its checkpoint', async () => {
    const { handler, posted, waitFor } = harness();
    await handler.handle(startMsg('s'));
    await waitFor(isDone('s'));
    await handler.handle({ type: 'sample', runId: 's', prompt: 'It was', maxTokens: 5, temperature: 0.8, topK: 10 });
    const sample = posted.find((m) => m.type === 'sample');
    // Five byte tokens: each decodes to a character or, when not valid UTF-8 alone, to U+FFFD.
    const chars = sample?.type === 'sample' ? [...sample.text].length : 0;
    expect(chars).toBeGreaterThan(0);
    expect(chars).toBeLessThanOrEqual(5);
    expect(sample?.type === 'sample' && sample.tokensPerSec).toBeGreaterThan(0);
  });

  test('streams a sample: the text so far after each token, then the whole text with its speed', async () => {
    const { handler, posted, waitFor } = harness();
    await handler.handle(startMsg('st'));
    await waitFor(isDone('st'));
    await handler.handle({ type: 'sample', runId: 'st', prompt: 'It', maxTokens: 4, temperature: 0, topK: 0 });
    const partial = posted.flatMap((m) => (m.type === 'sample-text' && m.runId === 'st' ? [m.text] : []));
    const final = posted.find((m) => m.type === 'sample' && m.runId === 'st');
    expect(partial).toHaveLength(4);
    // Each partial text extends the one before, and the last is the final text.
    for (let i = 1; i < partial.length; i++)
      expect(partial[i]!.startsWith(partial[i - 1]!.replace(/\uFFFD$/, ''))).toBe(true);
    expect(final?.type === 'sample' && final.text).toBe(partial.at(-1));
  });

  test('samples from a checkpoint sent with the request (a run another worker trained)', async () => {
    const first = harness();
    await first.handler.handle(startMsg('t'));
    await first.waitFor(isDone('t'));
    const ckpt = first.posted.find((m) => m.type === 'checkpoint');
    if (ckpt?.type !== 'checkpoint') throw new Error('no checkpoint posted');
    const fresh = harness();
    const from = { checkpoint: ckpt.bytes };
    await fresh.handler.handle({
      type: 'sample',
      runId: 't',
      prompt: 'It was',
      maxTokens: 4,
      temperature: 0,
      topK: 0,
      from,
    });
    const sample = fresh.posted.find((m) => m.type === 'sample');
    expect(sample).toMatchObject({ type: 'sample', runId: 't' });
  });

  test('samples a run resumed at its last step (it posts no new checkpoint) from the one it resumed from', async () => {
    const first = harness();
    await first.handler.handle(startMsg('r'));
    await first.waitFor(isDone('r'));
    const ckpt = first.posted.findLast((m) => m.type === 'checkpoint');
    if (ckpt?.type !== 'checkpoint') throw new Error('no checkpoint posted');
    const metrics = first.posted.flatMap((m) => (m.type === 'metrics' ? m.points : []));
    const fresh = harness();
    const start = startMsg('r') as Extract<ToWorker, { type: 'start' }>;
    await fresh.handler.handle({ ...start, resume: { checkpoint: ckpt.bytes, metrics } });
    await fresh.waitFor(isDone('r'));
    expect(fresh.posted.some((m) => m.type === 'checkpoint')).toBe(false);
    await fresh.handler.handle({ type: 'sample', runId: 'r', prompt: 'It', maxTokens: 3, temperature: 0, topK: 0 });
    expect(fresh.posted.find((m) => m.type === 'sample' || m.type === 'error')).toMatchObject({
      type: 'sample',
      runId: 'r',
    });
  });

  test('failures become messages: bad data, an unknown run, an unavailable backend', async () => {
    const { handler, posted, waitFor } = harness();
    const empty: ToWorker = {
      ...(startMsg('bad') as Extract<ToWorker, { type: 'start' }>),
      data: { kind: 'bytes', name: 'empty.txt', bytes: new Uint8Array() },
    };
    await handler.handle(empty);
    await waitFor((m) => m.type === 'status' && m.runId === 'bad' && m.state === 'failed');
    expect(posted.find((m) => m.type === 'error' && m.runId === 'bad')).toMatchObject({
      message: expect.stringMatching(/empty/),
      recoverable: true,
    });

    await handler.handle({ type: 'sample', runId: 'nope', prompt: 'x', maxTokens: 2, temperature: 1, topK: 0 });
    expect(posted.at(-1)).toMatchObject({
      type: 'error',
      runId: 'nope',
      message: expect.stringMatching(/no checkpoint/),
    });

    const other = harness();
    await other.handler.handle({ type: 'init', backend: 'webgpu' });
    expect(other.posted[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/webgpu/) });
  });

  test('a lost GPU device fails the running run with the reason and refuses new ones', async () => {
    const posted: FromWorker[] = [];
    let loseDevice: (reason: string) => void = () => {};
    const lost = new Promise<string>((resolve) => (loseDevice = resolve));
    const handler = new WorkerHandler({
      post: (m) => posted.push(m),
      startBackend: async () => ({ backend: 'cpu' }),
      device: () => ({ limits: {}, lost }),
    });
    await handler.handle(startMsg('g', 200));
    while (!posted.some((m) => m.type === 'metrics')) await new Promise((r) => setTimeout(r, 10));
    loseDevice('device destroyed');
    while (!posted.some((m) => m.type === 'status' && m.state === 'failed'))
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50)); // let the stopped trainer wind down
    expect(posted).toContainEqual({
      type: 'status',
      runId: 'g',
      state: 'failed',
      reason: 'WebGPU device lost: device destroyed',
    });
    expect(posted).toContainEqual({
      type: 'error',
      runId: 'g',
      message: 'WebGPU device lost: device destroyed',
      recoverable: false,
    });
    await handler.handle(startMsg('h'));
    expect(posted.at(-1)).toMatchObject({
      type: 'error',
      runId: 'h',
      message: expect.stringMatching(/device was lost/),
      recoverable: false,
    });
  });

  test("passes init's parallelRuns and wasmThreads to the backend's start, so a pooled browser worker takes its share of the cores", async () => {
    const asked: (WasmShare | undefined)[] = [];
    const recording = () =>
      new WorkerHandler({
        post: () => {},
        startBackend: async (_requested, share): Promise<BackendInfo> => {
          asked.push(share);
          return { backend: 'cpu' };
        },
      });
    await recording().handle({ type: 'init', parallelRuns: 3 });
    expect(asked).toEqual([{ parallelRuns: 3, wasmThreads: undefined }]);
    await recording().handle({ type: 'init', wasmThreads: 2 });
    expect(asked[1]).toEqual({ parallelRuns: undefined, wasmThreads: 2 });
  });
});
