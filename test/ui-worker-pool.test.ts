// The renderer's pool of training workers (issue 11 §2, "parallel runs"): which worker takes which run, where a
// run's messages go, one ready for many workers, a crash that fails only its worker's runs, resizing (and the wasm
// share of the cores), and the overlap marking of runs that trained side by side; and the setting's rule.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../core/config';
import type { FromWorker, ToWorker } from '../core/runs/protocol';
import {
  readParallelRunsChoice,
  resolveParallelRuns,
  writeParallelRunsChoice,
} from '../renderer/src/runs/parallel-runs';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { createTrainingClient } from '../renderer/src/training-client';
import { createWorkerPool, type WorkerPool } from '../core/runs/pool';
import type { WorkerCrash } from '../core/runs/worker-link';
import { FakePooledWorker, MemoryStorage, UI_CONFIG, UI_SUMMARY } from './ui-fakes';

const config = UI_CONFIG;
const summary = UI_SUMMARY;

let workers: FakePooledWorker[];
let received: FromWorker[];
let crashes: WorkerCrash[];
let detached: string[][];
let clock: number;

function makePool(size: number, cores = 4): WorkerPool {
  const pool = createWorkerPool({
    createWorker: () => {
      const w = new FakePooledWorker();
      workers.push(w);
      return w;
    },
    size,
    cores,
    now: () => clock,
  });
  pool.onmessage = (e) => received.push(e.data);
  pool.onerror = (e) => crashes.push(e);
  pool.ondetach = (ids) => detached.push([...ids]);
  return pool;
}

/** A run with a nominal peak: it needs no calibration (the calibration's own tests use the default config). */
const nominal: Config = { ...config, train: { ...config.train, peakTflops: 1 } };
const start = (runId: string, runConfig = nominal): ToWorker => ({
  type: 'start',
  runId,
  name: `run ${runId}`,
  config: runConfig,
  data: { kind: 'config' },
});
/** A worker's run from its first step to its end, as the handler posts it. */
function train(w: FakePooledWorker, runId: string) {
  w.emit({ type: 'status', runId, state: 'running' });
  return {
    end(state: 'done' | 'stopped' = 'done') {
      w.emit({ type: 'status', runId, state });
      w.emit({ type: 'done', runId, summary });
    },
  };
}
const posted = (w: FakePooledWorker, type: ToWorker['type']) => w.posted.filter((m) => m.type === type);

beforeEach(() => {
  workers = [];
  received = [];
  crashes = [];
  detached = [];
  clock = 1000;
});

describe('worker pool', () => {
  it('trains two runs at once on two workers and starts the third when one of them ends', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    for (const id of ['a', 'b', 'c']) pool.postMessage(start(id));
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.started)).toEqual([['a'], ['b']]);
    const b = train(workers[1]!, 'b');
    train(workers[0]!, 'a');
    b.end();
    expect(workers.map((w) => w.started)).toEqual([['a'], ['b', 'c']]);
    expect(workers).toHaveLength(2);
    // The client hears every worker's messages, in order.
    expect(received.filter((m) => m.type === 'done').map((m) => m.runId)).toEqual(['b']);
  });

  it('keeps a paused run on its worker: the next run waits', () => {
    const pool = makePool(1);
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    train(workers[0]!, 'a');
    workers[0]!.emit({ type: 'status', runId: 'a', state: 'paused' });
    expect(workers[0]!.started).toEqual(['a']);
    expect(workers).toHaveLength(1);
  });

  it('sends pause, resume, stop and sample to the worker that holds the run, and a stored checkpoint to an idle one', () => {
    const pool = makePool(3);
    pool.postMessage({ type: 'init' });
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    const [wa, wb] = workers as [FakePooledWorker, FakePooledWorker];
    train(wa, 'a');
    train(wb, 'b').end();
    pool.postMessage({ type: 'pause', runId: 'a' });
    pool.postMessage({ type: 'resume', runId: 'a' });
    pool.postMessage({ type: 'stop', runId: 'a' });
    const sample = { prompt: 'x', maxTokens: 4, temperature: 1, topK: 0 };
    // b ended, but its worker kept its last checkpoint: it samples it.
    pool.postMessage({ type: 'sample', runId: 'b', ...sample });
    expect(posted(wa, 'pause')).toHaveLength(1);
    expect(posted(wa, 'resume')).toHaveLength(1);
    expect(posted(wa, 'stop')).toHaveLength(1);
    expect(posted(wa, 'sample')).toHaveLength(0);
    expect(posted(wb, 'sample')).toHaveLength(1);
    expect([...posted(wb, 'pause'), ...posted(wb, 'stop')]).toHaveLength(0);
    // A run from storage decodes on a worker that trains nothing (b's), not beside a's training.
    pool.postMessage({ type: 'sample', runId: 'old', ...sample, from: { checkpoint: new Uint8Array([1]) } });
    expect(posted(wb, 'sample')).toHaveLength(2);
    expect(posted(wa, 'sample')).toHaveLength(0);
    pool.postMessage({ type: 'calibrate' });
    expect(posted(wb, 'calibrate')).toHaveLength(1);
    expect(posted(wa, 'calibrate')).toHaveLength(0);
  });

  it('stops a run still waiting in the pool as the handler stops one before training, and never starts it', () => {
    const pool = makePool(1);
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    pool.postMessage({ type: 'stop', runId: 'b' });
    expect(received).toEqual([
      { type: 'status', runId: 'b', state: 'stopped', reason: 'stopped before its first step' },
    ]);
    train(workers[0]!, 'a').end();
    expect(workers.flatMap((w) => w.started)).toEqual(['a']);
  });

  it('frees a worker whose run stopped before its first step (no done follows)', () => {
    const pool = makePool(1);
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    workers[0]!.emit({ type: 'status', runId: 'a', state: 'stopped', reason: 'stopped before its first step' });
    expect(workers[0]!.started).toEqual(['a', 'b']);
  });

  it('frees a worker whose run ended with an error: a start that threw, or a device lost after it trained', () => {
    const pool = makePool(1);
    for (const id of ['a', 'b', 'c']) pool.postMessage(start(id));
    const [w] = workers as [FakePooledWorker];
    w.emit({ type: 'error', runId: 'a', message: 'no backend', recoverable: true });
    expect(w.started).toEqual(['a', 'b']);
    train(w, 'b');
    // A sample's error leaves its live run where it is.
    pool.postMessage({ type: 'sample', runId: 'b', prompt: 'x', maxTokens: 4, temperature: 1, topK: 0 });
    w.emit({ type: 'error', runId: 'b', message: 'no checkpoint yet', recoverable: true });
    expect(w.started).toEqual(['a', 'b']);
    w.emit({ type: 'status', runId: 'b', state: 'failed', reason: 'WebGPU device lost' });
    expect(w.started).toEqual(['a', 'b']);
    w.emit({ type: 'error', runId: 'b', message: 'WebGPU device lost', recoverable: false });
    expect(w.started).toEqual(['a', 'b', 'c']);
  });

  it('sends init to every worker with its share of the cores, and the client sees one ready', () => {
    const pool = makePool(2, 8);
    pool.postMessage({ type: 'init', machineMemoryBytes: 1e9 });
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    expect(workers).toHaveLength(2);
    for (const w of workers) {
      expect(posted(w, 'init')).toEqual([{ type: 'init', machineMemoryBytes: 1e9, parallelRuns: 2 }]);
      w.emit({ type: 'ready', backend: 'wasm', limits: {}, wasmThreads: 3 });
    }
    expect(received.filter((m) => m.type === 'ready')).toHaveLength(1);
  });

  it('starts later workers on the backend the first one reported', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    workers[0]!.emit({ type: 'ready', backend: 'cpu', limits: {} });
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    expect(posted(workers[1]!, 'init')).toEqual([{ type: 'init', backend: 'cpu', parallelRuns: 2 }]);
  });

  it('fails only the crashed worker’s runs: the other trains on, and waiting runs get a new worker', () => {
    const pool = makePool(2);
    const store = createWorkbenchStore();
    const client = createTrainingClient(pool, store, new MemoryStorage(), (flush) => flush());
    client.init();
    const [a, b, c, d] = client.queueRuns(['a', 'b', 'c', 'd'].map((name) => ({ name, label: '', config: nominal })));
    const [w0, w1] = workers as [FakePooledWorker, FakePooledWorker];
    for (const w of workers) w.emit({ type: 'ready', backend: 'wasm', limits: {} });
    train(w0, a!).end();
    expect(w0.started).toEqual([a, c]);
    train(w0, c!);
    train(w1, b!);
    w0.crash('out of memory');
    const run = (id: string) => store.getState().runs[id]!;
    expect(run(c!)).toMatchObject({ attached: false, record: { status: 'failed' } });
    expect(run(c!).reason).toContain('out of memory');
    // a finished on the crashed worker: done still, sampled from its stored checkpoint from now on.
    expect(run(a!)).toMatchObject({ attached: false, record: { status: 'done' } });
    expect(run(b!)).toMatchObject({ attached: true, record: { status: 'running' } });
    // d waited in the pool: a new worker takes it, and b's worker keeps its run.
    expect(w0.terminated).toBe(true);
    expect(workers).toHaveLength(3);
    expect(workers[2]!.started).toEqual([d]);
    expect(posted(workers[2]!, 'init')).toHaveLength(1);
    w1.emit({ type: 'metrics', runId: b!, points: [] });
    train(w1, b!).end();
    expect(run(b!).record.status).toBe('done');
    expect(run(d!).record.status).toBe('queued');
  });

  it('fails the waiting runs too when a worker crashes before it ever answered (a new one would crash alike)', () => {
    const pool = makePool(1);
    pool.postMessage({ type: 'init' });
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    workers[0]!.crash('script failed to load');
    expect(crashes).toEqual([{ message: 'script failed to load', runIds: ['a', 'b'] }]);
    expect(workers).toHaveLength(1);
  });

  it('shrinks by letting a busy worker finish its run before it ends, and grows by adding workers', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    for (const id of ['a', 'b', 'c', 'd', 'e']) pool.postMessage(start(id));
    const [w0, w1] = workers as [FakePooledWorker, FakePooledWorker];
    train(w0, 'a');
    train(w1, 'b');
    pool.resize(1);
    expect(workers.some((w) => w.terminated)).toBe(false);
    train(w0, 'a').end();
    // w0 was one too many: it ends with its run, and its finished run is now sampled from storage.
    expect(w0.terminated).toBe(true);
    expect(detached).toEqual([['a']]);
    expect(w1.started).toEqual(['b']);
    train(w1, 'b').end();
    expect(w1.started).toEqual(['b', 'c']);
    pool.resize(3);
    expect(workers).toHaveLength(4);
    expect(workers.slice(2).map((w) => w.started)).toEqual([['d'], ['e']]);
    expect(posted(workers[3]!, 'init')).toEqual([{ type: 'init', parallelRuns: 3 }]);
  });

  it('ends a worker past the size only once its sample is answered, and answers a crashed sample with an error', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    const [w0, w1] = workers as [FakePooledWorker, FakePooledWorker];
    train(w0, 'a').end();
    const sample = { prompt: 'x', maxTokens: 4, temperature: 1, topK: 0 };
    pool.postMessage({ type: 'sample', runId: 'a', ...sample });
    pool.resize(1);
    expect(w0.terminated).toBe(false);
    w0.emit({ type: 'sample', runId: 'a', text: 'y', tokensPerSec: 9 });
    expect(w0.terminated).toBe(true);
    expect(received.at(-1)).toEqual({ type: 'sample', runId: 'a', text: 'y', tokensPerSec: 9 });
    pool.postMessage({ type: 'sample', runId: 'old', ...sample, from: { checkpoint: new Uint8Array([1]) } });
    expect(posted(w1, 'sample')).toHaveLength(1);
    w1.crash('lost');
    expect(received.at(-1)).toMatchObject({ type: 'error', runId: 'old', recoverable: true });
    expect(crashes).toEqual([{ message: 'lost', runIds: ['b'] }]);
  });

  it('measures the peak once: runs that need it wait while one worker calibrates, then each worker is told it', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init', backend: 'wasm' });
    workers[0]!.emit({ type: 'ready', backend: 'wasm', limits: {}, wasmThreads: 1 });
    pool.postMessage(start('a', config)); // the default config: peakTflops null, so the peak is calibrated
    pool.postMessage(start('b', config));
    pool.postMessage(start('c')); // behind b, in order, though it needs no peak
    expect(workers[0]!.started).toEqual(['a']);
    expect(workers.slice(1).flatMap((w) => w.started)).toEqual([]);
    // a's worker measured the peak alone; b then starts on a second worker, told the peak before its start.
    const calibration: FromWorker = {
      type: 'calibration',
      backend: 'wasm',
      peakFlopsPerSec: 2e10,
      bestSize: 512,
      samples: [],
      endedBy: 'plateau',
      elapsedMs: 900,
    };
    workers[0]!.emit(calibration);
    expect(received).toContainEqual(calibration);
    expect(workers[1]!.posted.filter((m) => m.type !== 'init')).toEqual([
      { type: 'use-calibration', peakFlopsPerSec: 2e10 },
      start('b', config),
    ]);
    // a's worker measured it itself: it is not told again for its next run that needs it.
    train(workers[0]!, 'a').end();
    train(workers[1]!, 'b').end();
    expect(workers[0]!.started.concat(workers[1]!.started).sort()).toEqual(['a', 'b', 'c']);
    pool.postMessage(start('d', config));
    expect(workers.flatMap((w) => posted(w, 'use-calibration'))).toHaveLength(1);
  });

  it('lets the next run calibrate when the calibrating run stops before the peak came', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init', backend: 'wasm' });
    workers[0]!.emit({ type: 'ready', backend: 'wasm', limits: {}, wasmThreads: 1 });
    pool.postMessage(start('a', config));
    pool.postMessage(start('b', config));
    expect(workers.flatMap((w) => w.started)).toEqual(['a']);
    workers[0]!.emit({ type: 'status', runId: 'a', state: 'stopped', reason: 'stopped before its first step' });
    expect(workers.flatMap((w) => w.started)).toEqual(['a', 'b']);
    expect(workers.flatMap((w) => posted(w, 'use-calibration'))).toEqual([]);
  });

  it('on wasm replaces workers whose share of the cores no longer fits: idle ones now, busy ones after their run', () => {
    const pool = makePool(1, 8);
    pool.postMessage({ type: 'init' });
    const [w0] = workers as [FakePooledWorker];
    w0.emit({ type: 'ready', backend: 'wasm', limits: {}, wasmThreads: 7 });
    pool.resize(2);
    // 7 threads of 8 cores do not fit beside a second run: it ends before it trains, and its replacement gets 3.
    expect(w0.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(posted(workers[1]!, 'init')).toEqual([{ type: 'init', backend: 'wasm', parallelRuns: 2 }]);
    workers[1]!.emit({ type: 'ready', backend: 'wasm', limits: {}, wasmThreads: 3 });
    // The badge hears of the new thread count.
    expect(received.filter((m) => m.type === 'ready').map((m) => m.type === 'ready' && m.wasmThreads)).toEqual([7, 3]);
    pool.postMessage(start('a'));
    train(workers[1]!, 'a');
    pool.resize(1);
    expect(workers[1]!.terminated).toBe(false);
    pool.postMessage(start('b'));
    train(workers[1]!, 'a').end();
    expect(workers[1]!.terminated).toBe(true);
    expect(workers[2]!.started).toEqual(['b']);
    expect(posted(workers[2]!, 'init')).toEqual([{ type: 'init', backend: 'wasm', parallelRuns: 1 }]);
  });

  it('marks runs that trained at the same time with the names of the others, paused spans left out', () => {
    const pool = makePool(2);
    pool.postMessage({ type: 'init' });
    pool.postMessage(start('a'));
    pool.postMessage(start('b'));
    pool.postMessage(start('c'));
    const [w0, w1] = workers as [FakePooledWorker, FakePooledWorker];
    clock = 1100;
    train(w0, 'a');
    const b = train(w1, 'b');
    clock = 1200;
    w0.emit({ type: 'status', runId: 'a', state: 'paused' });
    clock = 1250;
    b.end(); // 1000-1250, beside a until a paused at 1200
    // c on b's worker from 1250, while a is paused: they share no time.
    train(w1, 'c');
    clock = 1400;
    w1.emit({ type: 'status', runId: 'c', state: 'done' });
    w1.emit({ type: 'done', runId: 'c', summary });
    clock = 1500;
    w0.emit({ type: 'status', runId: 'a', state: 'running' });
    clock = 1600;
    w0.emit({ type: 'status', runId: 'a', state: 'done' });
    w0.emit({ type: 'done', runId: 'a', summary });
    const dones = received.flatMap((m) => (m.type === 'done' ? [[m.runId, m.overlappedWith]] : []));
    expect(dones).toEqual([
      ['b', ['run a']],
      ['c', undefined],
      ['a', ['run b']],
    ]);
  });

  it('puts the overlap on the run record, keeping what an earlier session of the run overlapped with', () => {
    const pool = makePool(2);
    const store = createWorkbenchStore();
    const client = createTrainingClient(pool, store, new MemoryStorage(), (flush) => flush());
    client.init();
    const [a, b] = client.queueRuns(['a', 'b'].map((name) => ({ name, label: '', config: nominal })));
    train(workers[1]!, b!);
    clock = 1100;
    train(workers[0]!, a!).end();
    clock = 1200;
    train(workers[1]!, b!).end();
    expect(store.getState().runs[a!]!.record.overlappedWith).toEqual(['b']);
    expect(store.getState().runs[b!]!.record.overlappedWith).toEqual(['a']);
    store.getState().applyMessages([{ type: 'done', runId: a!, summary, overlappedWith: ['c', 'b'] }]);
    expect(store.getState().runs[a!]!.record.overlappedWith).toEqual(['b', 'c']);
  });
});

describe('the parallel-runs setting', () => {
  it('is one on webgpu, else the choice or half the cores, within 1..cores', () => {
    expect(resolveParallelRuns('webgpu', 4, 8)).toBe(1);
    expect(resolveParallelRuns('wasm', undefined, 8)).toBe(4);
    expect(resolveParallelRuns('cpu', undefined, 2)).toBe(1);
    expect(resolveParallelRuns('wasm', 3, 8)).toBe(3);
    expect(resolveParallelRuns('wasm', 12, 8)).toBe(8);
    // Before the worker reports its backend: the choice, or one.
    expect(resolveParallelRuns(undefined, undefined, 8)).toBe(1);
    expect(resolveParallelRuns(undefined, 2, 8)).toBe(2);
  });

  it('is kept between sessions, and a stored value that is not a count reads as no choice', () => {
    const values = new Map<string, string>();
    const storage = {
      getItem: (k: string) => values.get(k) ?? null,
      setItem: (k: string, v: string) => values.set(k, v),
    };
    expect(readParallelRunsChoice(storage)).toBeUndefined();
    writeParallelRunsChoice(storage, 3);
    expect(readParallelRunsChoice(storage)).toBe(3);
    values.set('palm-workbench.parallel-runs', 'many');
    expect(readParallelRunsChoice(storage)).toBeUndefined();
  });
});
