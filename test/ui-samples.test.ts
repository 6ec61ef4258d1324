// Samples: decode comparisons run one after the other (the second waits for the first), text streams token by
// token, and a run reloaded from storage is sampled from its stored checkpoint.
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import { restoreRun } from '../renderer/src/store/serialise';
import { createWorkbenchStore, type WorkbenchStore } from '../renderer/src/store/workbench-store';
import { createTrainingClient, type TrainingClient } from '../renderer/src/training-client';
import { FakeWorker, MemoryStorage } from './ui-fakes';

const config = parseConfig({ model: { dModel: 16, nLayers: 1, seqLen: 16 }, train: { steps: 20 } });
const request = { prompt: 'Call me', maxTokens: 4, temperature: 0.8, topK: 40 };

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

const samplesPosted = () => worker.posted.filter((m) => m.type === 'sample').map((m) => m.runId);

describe('samples', () => {
  it('decode one at a time: the second is posted only when the first has finished', async () => {
    const [a, b] = client.queueRuns([
      { name: 'mqa', label: '', config },
      { name: 'mha', label: 'attention: mqa→mha', config },
    ]) as [string, string];
    await client.sample(a, request);
    await client.sample(b, request);
    expect(samplesPosted()).toEqual([a]);
    expect(store.getState().samples[b]).toMatchObject({ pending: true, queued: true });
    worker.emit({ type: 'sample-text', runId: a, text: ' I' });
    worker.emit({ type: 'sample-text', runId: a, text: ' Ish' });
    expect(store.getState().samples[a]).toMatchObject({ pending: true, text: ' Ish' });
    worker.emit({ type: 'sample', runId: a, text: ' Ishm', tokensPerSec: 50 });
    await Promise.resolve();
    expect(samplesPosted()).toEqual([a, b]);
    expect(store.getState().samples[a]).toMatchObject({ pending: false, text: ' Ishm', tokensPerSec: 50 });
    // A failed decode frees the queue too.
    await client.sample(a, request);
    expect(store.getState().samples[a]).toMatchObject({ pending: true, queued: true });
    worker.emit({ type: 'error', runId: b, message: 'device lost', recoverable: true });
    await Promise.resolve();
    expect(samplesPosted()).toEqual([a, b, a]);
    expect(store.getState().samples[b]).toMatchObject({ pending: false, error: 'device lost' });
    // A sample that fails while it still waits its turn shows its error, not "waiting".
    await client.sample(b, request);
    worker.emit({ type: 'error', runId: b, message: 'no checkpoint', recoverable: true });
    expect(store.getState().samples[b]).toMatchObject({ pending: false, queued: false, error: 'no checkpoint' });
  });

  it('sample a run reloaded from storage from its stored checkpoint, and say so when there is none', async () => {
    const [id] = client.queueRuns([{ name: 'done run', label: '', config }]) as [string];
    const bytes = new Uint8Array([1, 2, 3]);
    await storage.saveCheckpoint({ runId: id, step: 20, bytes, metrics: [] });
    const record = { ...store.getState().runs[id]!.record, status: 'done' as const };
    const fresh = createWorkbenchStore({
      runs: {
        [id]: restoreRun({ record, metrics: [], checkpointStep: 20 }),
        none: restoreRun({ record: { ...record, id: 'none' }, metrics: [], checkpointStep: null }),
      },
      order: [id, 'none'],
    });
    const worker2 = new FakeWorker();
    const client2 = createTrainingClient(worker2, fresh, storage, (f) => f());
    await client2.sample(id, request);
    await new Promise((r) => setTimeout(r, 0));
    expect(worker2.posted.at(-1)).toMatchObject({ type: 'sample', runId: id, from: { checkpoint: bytes } });
    worker2.emit({ type: 'sample', runId: id, text: 'x', tokensPerSec: 9 });
    await client2.sample('none', request);
    await new Promise((r) => setTimeout(r, 0));
    expect(fresh.getState().samples.none).toMatchObject({ pending: false, error: 'done run has no checkpoint' });
  });
});
