// The store and the training client against the worker protocol, with a fake worker: queueing, every FromWorker
// message, pause/resume/stop/delete, sampling, a crash, and resuming a stored run from its checkpoint.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkbenchStore, type WorkbenchStore } from '../renderer/src/store/workbench-store';
import { createTrainingClient, type TrainingClient } from '../renderer/src/training-client';
import { restoreRun } from '../renderer/src/store/serialise';
import { FakeWorker, makePoint, MemoryStorage, UI_CONFIG, UI_SUMMARY } from './ui-fakes';

const config = UI_CONFIG;
const summary = UI_SUMMARY;

let worker: FakeWorker;
let storage: MemoryStorage;
let store: WorkbenchStore;
let client: TrainingClient;

beforeEach(() => {
  worker = new FakeWorker();
  storage = new MemoryStorage();
  store = createWorkbenchStore();
  client = createTrainingClient(worker, store, storage, (flush) => flush());
});

const run = (id: string) => store.getState().runs[id]!;

describe('training client and store', () => {
  it('says which backend it got and why it fell back', () => {
    client.init();
    expect(worker.posted).toEqual([{ type: 'init' }]);
    worker.emit({ type: 'ready', backend: 'wasm', limits: {}, fallbackReason: 'no WebGPU adapter' });
    worker.emit({
      type: 'calibration',
      backend: 'wasm',
      peakFlopsPerSec: 2e10,
      bestSize: 512,
      samples: [{ size: 512, flopsPerSec: 2e10 }],
      endedBy: 'plateau',
      elapsedMs: 900,
    });
    expect(store.getState().backend).toMatchObject({
      backend: 'wasm',
      fallbackReason: 'no WebGPU adapter',
      peakFlopsPerSec: 2e10,
    });
  });

  it('queues runs as records and posts one start each, in order', () => {
    worker.emit({ type: 'ready', backend: 'webgpu', adapterInfo: 'SwiftShader', limits: {} });
    const ids = client.queueRuns([
      { name: 'a', label: '', config },
      { name: 'b', label: 'attention: mqa→mha', config },
    ]);
    expect(store.getState().order).toEqual(ids);
    expect(run(ids[1]!).record).toMatchObject({
      name: 'b',
      label: 'attention: mqa→mha',
      status: 'queued',
      backend: 'webgpu',
      adapter: 'SwiftShader',
      seed: 0,
    });
    expect(worker.posted.map((m) => m.type === 'start' && [m.runId, m.name])).toEqual([
      [ids[0], 'a'],
      [ids[1], 'b'],
    ]);
  });

  it('applies status, metrics (without repeats), checkpoints and done', async () => {
    const id = client.queueRuns([{ name: 'a', label: '', config }])[0]!;
    worker.emit({ type: 'status', runId: id, state: 'running' });
    worker.emit({ type: 'metrics', runId: id, points: [makePoint(1), makePoint(2)] });
    worker.emit({ type: 'metrics', runId: id, points: [makePoint(2), makePoint(3)] });
    expect(run(id).metrics.map((p) => p.step)).toEqual([1, 2, 3]);
    worker.emit({
      type: 'checkpoint',
      runId: id,
      step: 3,
      bytes: new Uint8Array([1, 2, 3]),
      tokenizer: '{"kind":"byte"}',
    });
    expect(run(id).checkpointStep).toBe(3);
    await Promise.resolve();
    expect(storage.checkpoints.get(id)).toMatchObject({ step: 3, tokenizer: '{"kind":"byte"}' });
    worker.emit({ type: 'done', runId: id, summary });
    expect(run(id).record).toMatchObject({ status: 'done', summary: { params: 1234 } });
  });

  it('keeps a diverged run diverged when its summary arrives, with the reason', () => {
    const id = client.queueRuns([{ name: 'a', label: '', config }])[0]!;
    worker.emit({ type: 'status', runId: id, state: 'diverged', reason: 'loss is NaN at step 7' });
    worker.emit({ type: 'done', runId: id, summary: { ...summary, reason: 'loss is NaN at step 7' } });
    expect(run(id).record.status).toBe('diverged');
    expect(run(id).reason).toBe('loss is NaN at step 7');
  });

  it('posts pause, resume and stop for a run the worker holds', async () => {
    const id = client.queueRuns([{ name: 'a', label: '', config }])[0]!;
    worker.posted = [];
    client.pause(id);
    worker.emit({ type: 'status', runId: id, state: 'paused' });
    await client.resume(id);
    client.stop(id);
    expect(worker.posted).toEqual([
      { type: 'pause', runId: id },
      { type: 'resume', runId: id },
      { type: 'stop', runId: id },
    ]);
  });

  it('marks a run failed on an unrecoverable error, and a sample request pending until the text comes', async () => {
    const id = client.queueRuns([{ name: 'a', label: '', config }])[0]!;
    await client.sample(id, { prompt: 'Call me', maxTokens: 8, temperature: 0.8, topK: 40 });
    expect(worker.posted.at(-1)).toEqual({
      type: 'sample',
      runId: id,
      prompt: 'Call me',
      maxTokens: 8,
      temperature: 0.8,
      topK: 40,
    });
    expect(store.getState().samples[id]!.pending).toBe(true);
    worker.emit({ type: 'sample', runId: id, text: ' Ishmael', tokensPerSec: 120 });
    expect(store.getState().samples[id]).toEqual({
      pending: false,
      prompt: 'Call me',
      text: ' Ishmael',
      tokensPerSec: 120,
    });
    worker.emit({ type: 'error', runId: id, message: 'device lost', recoverable: false });
    expect(run(id).record.status).toBe('failed');
    expect(store.getState().notices.at(-1)?.message).toBe('a: device lost');
  });

  it('fails the runs in flight when the worker crashes', () => {
    const [a, b] = client.queueRuns([
      { name: 'a', label: '', config },
      { name: 'b', label: '', config },
    ]) as [string, string];
    worker.emit({ type: 'status', runId: a, state: 'done' });
    worker.crash('out of memory');
    expect(run(a).record.status).toBe('done');
    expect(run(b).record.status).toBe('failed');
    expect(run(b).reason).toContain('out of memory');
  });

  it('resumes a stored, interrupted run from its checkpoint with every point up to it, even when the stored run lags', async () => {
    const id = client.queueRuns([{ name: 'a', label: '', config }])[0]!;
    worker.emit({ type: 'status', runId: id, state: 'running' });
    worker.emit({ type: 'metrics', runId: id, points: [makePoint(5)] });
    // The run record as last synced to storage (the sync runs at most once a second): only step 5.
    const lagging = { record: run(id).record, metrics: run(id).metrics, checkpointStep: null };
    const bytes = new Uint8Array([9, 9]);
    worker.emit({ type: 'metrics', runId: id, points: [makePoint(10)] });
    worker.emit({ type: 'checkpoint', runId: id, step: 10, bytes });
    worker.emit({ type: 'metrics', runId: id, points: [makePoint(15)] });
    await Promise.resolve();
    expect(storage.checkpoints.get(id)?.metrics.map((p) => p.step)).toEqual([5, 10]);

    // A fresh page: the stored run comes back paused and detached from any worker.
    const restored = restoreRun(lagging);
    expect(restored.record.status).toBe('paused');
    const worker2 = new FakeWorker();
    const store2 = createWorkbenchStore({ runs: { [id]: restored }, order: [id] });
    const client2 = createTrainingClient(worker2, store2, storage, (f) => f());
    await client2.resume(id);
    const start = worker2.posted[0]!;
    expect(start.type === 'start' && start.resume).toEqual({
      checkpoint: bytes,
      metrics: [makePoint(5), makePoint(10)],
    });
    expect(store2.getState().runs[id]).toMatchObject({ attached: true, record: { status: 'queued' } });
    expect(store2.getState().runs[id]!.metrics.map((p) => p.step)).toEqual([5, 10]);
  });

  it('saves with a checkpoint the points still waiting to reach the store', () => {
    const batched = createWorkbenchStore();
    let flushLater: () => void = () => {};
    const slow = createTrainingClient(worker, batched, storage, (flush) => (flushLater = flush));
    const id = slow.queueRuns([{ name: 'b', label: '', config }])[0]!;
    worker.emit({ type: 'metrics', runId: id, points: [makePoint(1), makePoint(2)] });
    worker.emit({ type: 'checkpoint', runId: id, step: 2, bytes: new Uint8Array([1]) });
    expect(batched.getState().runs[id]!.metrics).toEqual([]); // not flushed yet
    expect(storage.checkpoints.get(id)?.metrics.map((p) => p.step)).toEqual([1, 2]);
    flushLater();
    expect(batched.getState().runs[id]!.metrics.map((p) => p.step)).toEqual([1, 2]);
  });

  it('deletes a run from the store and storage, stopping it first when it trains', async () => {
    const id = client.queueRuns([{ name: 'a', label: '', config }])[0]!;
    worker.emit({ type: 'status', runId: id, state: 'running' });
    await storage.saveRun({ record: run(id).record, metrics: [], checkpointStep: null });
    await client.remove(id);
    expect(worker.posted.at(-1)).toEqual({ type: 'stop', runId: id });
    expect(store.getState().order).toEqual([]);
    expect(storage.runs.size).toBe(0);
  });

  it('reports a sample whose stored checkpoint cannot be read, and clears the pending text', async () => {
    const failing = new MemoryStorage();
    failing.loadCheckpoint = () => Promise.reject(new Error('database closed'));
    const c = createTrainingClient(worker, store, failing, (flush) => flush());
    const id = c.queueRuns([{ name: 'a', label: '', config }])[0]!;
    store.getState().replaceRun({ ...run(id), attached: false }); // sampled from storage, not the worker
    await c.sample(id, { prompt: 'Call me', maxTokens: 8, temperature: 0.8, topK: 40 });
    expect(worker.posted.some((m) => m.type === 'sample')).toBe(false);
    expect(store.getState().samples[id]!.pending).toBe(false);
    expect(store.getState().notices.map((n) => n.message)).toEqual(['could not sample: Error: database closed']);
  });

  it('reports imported runs that the browser storage refuses', async () => {
    const failing = new MemoryStorage();
    failing.saveRun = () => Promise.reject(new Error('quota exceeded'));
    const c = createTrainingClient(worker, store, failing, (flush) => flush());
    c.importRuns([
      { record: { ...run(client.queueRuns([{ name: 'a', label: '', config }])[0]!).record, id: 'x' }, metrics: [] },
    ]);
    await vi.waitFor(() => expect(store.getState().notices.length).toBe(1));
    expect(store.getState().notices[0]!.message).toBe(
      'could not store the imported runs in this browser: Error: quota exceeded',
    );
    expect(run('x').record.id).toBe('x'); // the run is still in the workbench
  });
});
