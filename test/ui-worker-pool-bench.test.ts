// The pool and the speed bench (docs/workbench.md, Speed): a bench starts only while no run holds a worker, on an idle
// one; runs, samples and calibrations asked for meanwhile wait until it ends; Stop reaches its worker; a crash of that
// worker ends it with the reason; and the client keeps its progress, speeds or failure in the store.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../core/config';
import type { BenchedSpeed, FromWorker, ToWorker } from '../core/runs/protocol';
import { createWorkerPool, type WorkerPool } from '../core/runs/pool';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { createTrainingClient } from '../renderer/src/training-client';
import { FakePooledWorker, MemoryStorage, UI_CONFIG } from './ui-fakes';

const nominal: Config = { ...UI_CONFIG, train: { ...UI_CONFIG.train, peakTflops: 1 } };
let workers: FakePooledWorker[];
let received: FromWorker[];

function makePool(size: number): WorkerPool {
  const pool = createWorkerPool({
    createWorker: () => {
      const w = new FakePooledWorker();
      workers.push(w);
      return w;
    },
    size,
    cores: 4,
  });
  pool.onmessage = (e) => received.push(e.data);
  return pool;
}

const start = (runId: string): ToWorker => ({
  type: 'start',
  runId,
  name: runId,
  config: nominal,
  data: { kind: 'config' },
});
const bench = (benchId: string): ToWorker => ({
  type: 'bench',
  benchId,
  sets: [[{ name: 'x', config: nominal }]],
  steps: 4,
});
const posted = (w: FakePooledWorker, type: ToWorker['type']) => w.posted.filter((m) => m.type === type);
const speeds: BenchedSpeed[] = [
  { name: 'x · mqa', tokensPerSec: 1000, iqr: [990, 1010], backend: 'wasm', rounds: [990, 1000, 1000, 1010], set: 0 },
];

beforeEach(() => {
  workers = [];
  received = [];
});

describe('a bench in the pool', () => {
  it('is refused while a run holds a worker, paused ones included, and says why', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    pool.postMessage(start('a'));
    workers[0]!.emit({ type: 'status', runId: 'a', state: 'paused' });
    pool.postMessage(bench('b'));
    expect(workers.flatMap((w) => posted(w, 'bench'))).toEqual([]);
    expect(received.at(-1)).toEqual({
      type: 'bench-failed',
      benchId: 'b',
      message:
        'cannot bench now: 1 run(s) hold a worker (training, starting or paused): let them finish or stop them first',
      stopped: false,
    });
  });

  it('runs on an idle worker; a run, a sample and a calibration asked for meanwhile wait until it ends', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    pool.postMessage(bench('b'));
    const [w] = workers as [FakePooledWorker];
    expect(posted(w, 'bench')).toHaveLength(1);
    pool.postMessage(start('a'));
    pool.postMessage({ type: 'sample', runId: 'old', prompt: 'x', maxTokens: 2, temperature: 1, topK: 0 });
    pool.postMessage({ type: 'calibrate' });
    pool.postMessage(bench('again'));
    expect(received.at(-1)).toMatchObject({ benchId: 'again', message: 'cannot bench now: another bench is running' });
    expect(workers.flatMap((x) => [...x.started, ...posted(x, 'sample'), ...posted(x, 'calibrate')])).toEqual([]);
    pool.postMessage({ type: 'stop-bench', benchId: 'b' });
    expect(posted(w, 'stop-bench')).toEqual([{ type: 'stop-bench', benchId: 'b' }]);
    w.emit({ type: 'bench-progress', benchId: 'b', fraction: 0.5, line: 'timing x' });
    w.emit({ type: 'bench-done', benchId: 'b', backend: 'wasm', speeds, measuredAt: '2026-12-07T19:40:00.000Z' });
    expect(received.map((m) => m.type)).toContain('bench-done');
    expect(workers.flatMap((x) => x.started)).toEqual(['a']);
    expect(workers.flatMap((x) => [...posted(x, 'sample'), ...posted(x, 'calibrate')])).toHaveLength(2);
  });

  it('is refused while the peak is measured on request, and ends with the reason if its worker crashes', () => {
    const pool = makePool(1);
    pool.postMessage({ type: 'init' });
    pool.postMessage({ type: 'calibrate' });
    pool.postMessage(bench('b'));
    expect(received.at(-1)).toMatchObject({ message: 'cannot bench now: the peak for MFU is being measured' });
    workers[0]!.emit({
      type: 'calibration',
      backend: 'wasm',
      peakFlopsPerSec: 1e9,
      bestSize: 256,
      samples: [],
      endedBy: 'plateau',
      elapsedMs: 10,
    });
    pool.postMessage(bench('c'));
    expect(posted(workers[0]!, 'bench')).toHaveLength(1);
    pool.postMessage(start('a'));
    workers[0]!.crash('out of memory');
    expect(received).toContainEqual({
      type: 'bench-failed',
      benchId: 'c',
      message: 'the worker crashed while benchmarking: out of memory',
      stopped: false,
    });
    // The run that waited starts on a new worker.
    expect(workers.flatMap((w) => w.started)).toEqual(['a']);
  });
});

describe('the client and the store', () => {
  it('keep the running bench with its progress, then its speeds for the experiment, labelled with the backend', () => {
    const pool = makePool(1);
    const store = createWorkbenchStore();
    const client = createTrainingClient(pool, store, new MemoryStorage(), (flush) => flush());
    client.init();
    workers[0]!.emit({ type: 'ready', backend: 'wasm', limits: {}, wasmThreads: 2 });
    client.bench('E', [[{ name: 'x', config: nominal }]], 4);
    const job = store.getState().bench!;
    expect(job).toMatchObject({ experimentId: 'E', steps: 4, running: true, fraction: 0 });
    const w = workers[0]!;
    expect(posted(w, 'bench')).toEqual([
      { type: 'bench', benchId: job.benchId, sets: [[{ name: 'x', config: nominal }]], steps: 4 },
    ]);
    w.emit({ type: 'bench-progress', benchId: job.benchId, fraction: 0.25, line: 'timing x' });
    // A message of a bench this page no longer waits for changes nothing.
    w.emit({ type: 'bench-progress', benchId: 'stale', fraction: 0.9, line: 'old' });
    expect(store.getState().bench).toMatchObject({ fraction: 0.25, line: 'timing x' });
    client.stopBench();
    expect(posted(w, 'stop-bench')).toEqual([{ type: 'stop-bench', benchId: job.benchId }]);
    w.emit({ type: 'bench-done', benchId: job.benchId, backend: 'wasm', speeds, measuredAt: '2026-12-07T19:40:00Z' });
    expect(store.getState().bench).toBeNull();
    expect(store.getState().benches.E).toEqual({
      experimentId: 'E',
      backend: 'wasm',
      wasmThreads: 2,
      steps: 4,
      measuredAt: '2026-12-07T19:40:00Z',
      speeds,
    });
  });

  it('keep why a bench ended without speeds, and the speeds of the one before', () => {
    const pool = makePool(1);
    const store = createWorkbenchStore();
    const client = createTrainingClient(pool, store, new MemoryStorage(), (flush) => flush());
    client.init();
    const kept = { experimentId: 'E', backend: 'wasm', steps: 4, measuredAt: 'then', speeds };
    store.setState({ benches: { E: kept } });
    client.bench('E', [[{ name: 'x', config: nominal }]], 4);
    const { benchId } = store.getState().bench!;
    workers[0]!.emit({ type: 'bench-failed', benchId, message: 'stopped before it finished', stopped: true });
    expect(store.getState().bench).toMatchObject({ running: false, error: 'stopped before it finished' });
    expect(store.getState().benches.E).toBe(kept);
  });
});
