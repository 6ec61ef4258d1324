// Fault injection for the worker handler: a step that throws mid-run, an allocation that fails, and a GPU device
// lost with runs queued. Each run ends with a status and a message, nothing is posted for a run after it failed,
// no tensors leak, and the worker goes on with the next run where it still can.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseConfig } from '../core/config';
import * as model from '../core/model';
import * as step from '../core/train/step';
import { WorkerHandler } from '../core/worker/handler';
import type { FromWorker, ToWorker } from '../core/runs/protocol';

vi.mock('../core/train/step', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/train/step')>();
  return { ...real, runTrainStep: vi.fn(real.runTrainStep) };
});
vi.mock('../core/model', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/model')>();
  return { ...real, createParams: vi.fn(real.createParams) };
});

const bytes = new TextEncoder().encode('It was the best of times, it was the worst of times. '.repeat(20));
const config = (steps: number) =>
  parseConfig({
    model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
    train: { batchSize: 2, steps, logEvery: 2, evalEvery: 1000, evalBatches: 1, checkpointEvery: 2, peakTflops: 1 },
    data: { corpus: 'file', path: 'tale.txt' },
  });
const start = (runId: string, steps = 6): ToWorker => ({
  type: 'start',
  runId,
  name: runId,
  config: config(steps),
  data: { kind: 'bytes', name: 'tale.txt', bytes },
});

function harness(lost?: Promise<string>) {
  const posted: FromWorker[] = [];
  const handler = new WorkerHandler({
    post: (m) => posted.push(m),
    startBackend: async () => ({ backend: 'cpu' }),
    device: lost ? () => ({ limits: {}, lost }) : undefined,
  });
  const until = async (match: (m: FromWorker) => boolean) => {
    while (!posted.some(match)) await new Promise((r) => setTimeout(r, 10));
  };
  const ofRun = (runId: string) => posted.filter((m) => 'runId' in m && m.runId === runId);
  return { handler, posted, until, ofRun };
}
const ended = (runId: string) => (m: FromWorker) =>
  (m.type === 'done' || (m.type === 'error' && m.runId !== undefined)) && m.runId === runId;

afterEach(() => {
  vi.mocked(step.runTrainStep).mockReset();
  vi.mocked(model.createParams).mockReset();
});

describe('worker faults', () => {
  test('a step that throws mid-run fails that run with the reason; the next run trains; no tensors leak', async () => {
    const real = (await vi.importActual<typeof import('../core/train/step')>('../core/train/step')).runTrainStep;
    let calls = 0;
    vi.mocked(step.runTrainStep).mockImplementation((...args) => {
      if (++calls === 3) throw new Error('injected: the kernel failed');
      return real(...args);
    });
    const before = tf.memory().numTensors;
    const { handler, until, ofRun } = harness();
    await handler.handle(start('a'));
    await handler.handle(start('b'));
    await until(ended('b'));
    const a = ofRun('a');
    expect(a).toContainEqual(
      expect.objectContaining({ type: 'status', state: 'failed', reason: 'injected: the kernel failed' }),
    );
    // Nothing for a run after its failure: no checkpoint, no running.
    const failedAt = a.findIndex((m) => m.type === 'status' && m.state === 'failed');
    expect(a.slice(failedAt + 1).filter((m) => m.type === 'checkpoint' || m.type === 'status')).toEqual([]);
    expect(ofRun('b')).toContainEqual(expect.objectContaining({ type: 'done' }));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('an allocation failure fails the run with the message and frees what was allocated', async () => {
    vi.mocked(model.createParams).mockImplementationOnce(() => {
      throw new RangeError('Array buffer allocation failed');
    });
    const real = (await vi.importActual<typeof import('../core/model')>('../core/model')).createParams;
    vi.mocked(model.createParams).mockImplementation(real);
    const before = tf.memory().numTensors;
    const { handler, until, ofRun } = harness();
    await handler.handle(start('a'));
    await handler.handle(start('b'));
    await until(ended('b'));
    expect(ofRun('a')).toContainEqual({
      type: 'status',
      runId: 'a',
      state: 'failed',
      reason: 'Array buffer allocation failed',
    });
    expect(ofRun('a')).toContainEqual(
      expect.objectContaining({ type: 'error', message: 'Array buffer allocation failed', recoverable: true }),
    );
    expect(ofRun('b')).toContainEqual(expect.objectContaining({ type: 'done' }));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a lost device fails the running run and every queued one with the reason; no checkpoint after "failed"', async () => {
    let loseDevice: (reason: string) => void = () => undefined;
    const lost = new Promise<string>((resolve) => (loseDevice = resolve));
    const { handler, posted, until, ofRun } = harness(lost);
    await handler.handle(start('a', 400));
    await handler.handle(start('b'));
    await handler.handle(start('c'));
    await until((m) => m.type === 'checkpoint' && m.runId === 'a');
    loseDevice('device destroyed');
    for (const id of ['a', 'b', 'c']) await until((m) => m.type === 'status' && m.runId === id && m.state === 'failed');
    await new Promise((r) => setTimeout(r, 200)); // let the stopped trainer wind down
    for (const id of ['a', 'b', 'c']) {
      const msgs = ofRun(id);
      const failedAt = msgs.findIndex((m) => m.type === 'status' && m.state === 'failed');
      expect(msgs[failedAt]).toMatchObject({ reason: expect.stringMatching(/WebGPU device lost: device destroyed/) });
      expect(msgs).toContainEqual(expect.objectContaining({ type: 'error', recoverable: false }));
      expect(msgs.slice(failedAt + 1).filter((m) => m.type !== 'error')).toEqual([]);
      expect(msgs.some((m) => m.type === 'done')).toBe(false);
    }
    expect(
      ofRun('b')
        .filter((m) => m.type === 'status')
        .map((m) => m.type === 'status' && m.state),
    ).toEqual(['queued', 'failed']);
    expect(posted.filter((m) => m.type === 'status' && m.state === 'running' && m.runId !== 'a')).toEqual([]);
  });
});
