// A pool of training workers behind the one port the training client talks to (issue 11 §2, the UI's "parallel
// runs"): up to `size` runs train at once, each on a worker of its own, in the protocol of one worker
// (core/worker/protocol.ts). Starts wait here until a worker has no run; messages about a run go to its worker.
import { wasmThreadsPerRun } from '../../core/config/parallel-runs';
import type { BackendName } from '../../core/kernels/backend';
import type { RunStatus } from '../../core/record';
import type { FromWorker, ToWorker } from '../../core/worker/protocol';
import { createRunTimes } from './run-times';
import type { WorkerPort } from './training-client';

/** What the pool needs of one worker: a browser Worker, or a test's fake. */
export interface PooledWorker {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export function createBrowserWorker(): PooledWorker {
  return new Worker(new URL('../../core/worker/browser-entry.ts', import.meta.url), {
    type: 'module',
    name: 'palm-training',
  });
}

export interface WorkerPool extends WorkerPort {
  /**
   * How many runs train at once from now on: more starts workers as runs wait for one; fewer lets busy workers
   * finish their run, then ends them. On wasm, a worker whose share of the cores no longer fits is replaced the same
   * way (a worker's thread count is fixed when its backend starts).
   */
  resize(size: number): void;
}

export interface WorkerPoolOptions {
  createWorker(): PooledWorker;
  size: number;
  /** Logical cores (navigator.hardwareConcurrency): each wasm worker's thread count is its share of them. */
  cores: number;
  now?: () => number;
}

type StartMessage = Extract<ToWorker, { type: 'start' }>;
type InitMessage = Extract<ToWorker, { type: 'init' }>;

interface Slot {
  worker: PooledWorker;
  /** The run it trains, from its start until it ends (a paused run keeps it); null when idle. */
  active: string | null;
  /** Its run reached its first step: its end is then a `done` (or the error of a lost device), not a status. */
  trained: boolean;
  /** Its run's status said failed. */
  failed: boolean;
  /** Runs it trained before: it samples them from the checkpoint it kept, so their samples go to it. */
  held: Set<string>;
  /** Runs it is decoding a sample of: it does not end before they are answered. */
  sampling: Set<string>;
  /** The parallel runs its share of the cores was cut for (its init message's). */
  parallelRuns: number;
  /** It has not answered its init yet (with `ready` or an error). */
  initPending: boolean;
  /** It has posted something: a worker that crashes before that failed to start, and a new one would too. */
  answered: boolean;
  /** It ends once its run and samples do: its share of the cores no longer fits, or the pool shrank. */
  retiring: boolean;
  /** The calibrated peak it has (measured itself, or told with use-calibration); null: none. */
  peak: number | null;
}

const ENDED: RunStatus[] = ['stopped', 'done', 'diverged', 'failed'];

export function createWorkerPool({
  createWorker,
  size: initialSize,
  cores,
  now = Date.now,
}: WorkerPoolOptions): WorkerPool {
  let size = Math.max(1, Math.floor(initialSize));
  const slots: Slot[] = [];
  const waiting: { msg: StartMessage; transfer?: Transferable[] }[] = [];
  const owner = new Map<string, Slot>();
  const times = createRunTimes(now);
  let init: InitMessage | null = null;
  /** What the client was told of this init: one `ready` (again only if the thread count changed), one error. */
  let toldReady: string | null = null;
  let toldInitError = false;
  let backend: BackendName | null = null;
  let startFails = false;
  /** The pool's calibrated peak and the wasm thread share it was measured with (a peak depends on the threads). */
  let calibration: { peakFlopsPerSec: number; share: number } | null = null;
  /** The worker measuring the peak for its run: runs that need the peak wait for it rather than share the device. */
  let calibrator: Slot | null = null;

  const deliver = (msg: FromWorker) => pool.onmessage?.({ data: msg });
  const share = (parallelRuns: number) => wasmThreadsPerRun(cores, parallelRuns);
  const fits = (slot: Slot) => backend !== 'wasm' || share(slot.parallelRuns) === share(size);
  const knownPeak = () =>
    calibration && (backend !== 'wasm' || calibration.share === share(size)) ? calibration.peakFlopsPerSec : null;
  const idleSlot = () => slots.find((s) => s.active === null && !s.retiring);
  const anySlot = () => idleSlot() ?? slots.find((s) => !s.retiring) ?? slots[0] ?? spawn();

  function sendInit(slot: Slot, msg: InitMessage): void {
    slot.initPending = true;
    // A later worker starts on the backend the first one reported, so every run of a session trains on the same one.
    const pinned = msg.backend ?? backend;
    slot.worker.postMessage({ ...msg, ...(pinned ? { backend: pinned } : {}), parallelRuns: slot.parallelRuns });
  }

  function spawn(): Slot {
    const slot: Slot = {
      worker: createWorker(),
      active: null,
      trained: false,
      failed: false,
      held: new Set(),
      sampling: new Set(),
      parallelRuns: size,
      initPending: false,
      answered: false,
      retiring: false,
      peak: null,
    };
    slot.worker.onmessage = (e) => receive(slot, e.data);
    slot.worker.onerror = (e) => crash(slot, e.message || 'unknown error');
    slots.push(slot);
    if (init) sendInit(slot, init);
    return slot;
  }

  /** Ends a worker now; the ended runs it held are sampled from their stored checkpoints from then on. */
  function remove(slot: Slot): string[] {
    slots.splice(slots.indexOf(slot), 1);
    if (calibrator === slot) calibrator = null;
    slot.worker.onmessage = null;
    slot.worker.onerror = null;
    slot.worker.terminate();
    const runs = [...(slot.active ? [slot.active] : []), ...slot.held];
    for (const id of runs) if (owner.get(id) === slot) owner.delete(id);
    return runs;
  }

  function retire(slot: Slot): void {
    if (slot.active !== null || slot.sampling.size > 0) {
      slot.retiring = true;
      return;
    }
    const held = remove(slot);
    if (held.length > 0) pool.ondetach?.(held);
  }

  /**
   * Workers whose share of the cores no longer fits end (idle ones now, busy ones after their run); idle workers past
   * the size end (a busy one comes here again when its run ends, so whichever finishes first goes); waiting runs
   * start; one worker stays up.
   */
  function settle(): void {
    for (const s of [...slots]) if (!s.retiring && !fits(s)) retire(s);
    const staying = slots.filter((s) => !s.retiring);
    const idle = staying.filter((s) => s.active === null);
    for (const s of idle.slice(0, Math.max(0, staying.length - size))) retire(s);
    pump();
    // One worker stays up once the client has asked for a backend: it answers samples, calibration and the badge.
    if (init && slots.length === 0 && !startFails) spawn();
  }

  function pump(): void {
    while (waiting.length > 0) {
      // A run that needs the device's peak waits while another worker measures it: measured beside a training run,
      // the peak would come out low and every MFU high. Once known, the peak is handed to each worker instead.
      const needsPeak = waiting[0]!.msg.config.train.peakTflops === null;
      const peak = knownPeak();
      if (needsPeak && peak === null && calibrator) return;
      // A retiring worker still trains its run: it counts against the size until it ends.
      const slot = idleSlot() ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const { msg, transfer } = waiting.shift()!; // the loop runs while some wait
      if (needsPeak) {
        if (peak !== null && slot.peak !== peak) {
          slot.worker.postMessage({ type: 'use-calibration', peakFlopsPerSec: peak });
          slot.peak = peak;
        } else if (peak === null && slot.peak !== null) {
          // It holds a peak of its own thread share already (a worker only ever gets its share's): the pool's now.
          calibration = { peakFlopsPerSec: slot.peak, share: share(slot.parallelRuns) };
        } else if (peak === null) calibrator = slot;
      }
      owner.get(msg.runId)?.held.delete(msg.runId);
      slot.active = msg.runId;
      owner.set(msg.runId, slot);
      slot.trained = false;
      slot.failed = false;
      times.begin(msg.runId, msg.name);
      slot.worker.postMessage(msg, transfer);
    }
  }

  /** The run's end on its worker: the worker takes the next waiting run, or ends if it is retiring. */
  function finish(slot: Slot, runId: string): void {
    if (slot.active !== runId) return;
    times.close(runId);
    slot.active = null;
    if (calibrator === slot) calibrator = null; // its run ended before the peak came (stopped while calibrating)
    slot.held.add(runId);
    if (slot.retiring) retire(slot);
    settle();
  }

  function sampleAnswered(slot: Slot, runId: string): void {
    if (!slot.sampling.delete(runId)) return;
    if (slot.retiring) retire(slot);
    settle();
  }

  function receive(slot: Slot, msg: FromWorker): void {
    slot.answered = true;
    switch (msg.type) {
      case 'ready': {
        slot.initPending = false;
        startFails = false;
        const key = `${msg.backend} ${msg.wasmThreads} ${msg.wasmThreadsNote}`;
        // Many workers, one ready: again only when a newer share of the cores changed the threads in use.
        if (slot.retiring || key === toldReady) return;
        toldReady = key;
        backend = msg.backend;
        deliver(msg);
        settle();
        return;
      }
      case 'error':
        if (msg.runId === undefined && slot.initPending) {
          slot.initPending = false;
          if (toldInitError) return;
          toldInitError = true;
        }
        deliver(msg);
        if (msg.runId === undefined) return;
        if (slot.sampling.has(msg.runId)) sampleAnswered(slot, msg.runId);
        // Its run ends with this error when its device was lost after it trained (a failed status came first, no
        // `done` follows), or when its start threw before the handler queued it (the backend did not start).
        else if (slot.active === msg.runId && (slot.failed || !slot.trained)) finish(slot, msg.runId);
        return;
      case 'status': {
        deliver(msg);
        if (slot.active !== msg.runId) return;
        if (msg.state === 'running') {
          slot.trained = true;
          times.resume(msg.runId);
        } else if (msg.state === 'paused') times.close(msg.runId);
        else if (ENDED.includes(msg.state)) {
          slot.failed = msg.state === 'failed';
          // Stopped or failed before its first step: no `done` follows.
          if (!slot.trained) finish(slot, msg.runId);
        }
        return;
      }
      case 'done': {
        times.close(msg.runId);
        const overlapped = times.overlapsOf(msg.runId);
        deliver(overlapped.length > 0 ? { ...msg, overlappedWith: overlapped } : msg);
        finish(slot, msg.runId);
        return;
      }
      case 'sample':
        deliver(msg);
        sampleAnswered(slot, msg.runId);
        return;
      case 'calibration':
        calibration = { peakFlopsPerSec: msg.peakFlopsPerSec, share: share(slot.parallelRuns) };
        slot.peak = msg.peakFlopsPerSec;
        if (calibrator === slot) calibrator = null;
        deliver(msg);
        settle();
        return;
      default:
        deliver(msg);
    }
  }

  /** A crashed worker fails only its own runs; runs waiting get a new worker, unless this one never started. */
  function crash(slot: Slot, message: string): void {
    if (slot.active) times.close(slot.active);
    const runIds = remove(slot);
    // Samples it was decoding end with an error, so the client's queue of samples moves on.
    for (const runId of slot.sampling)
      deliver({ type: 'error', runId, message: `the worker crashed while sampling: ${message}`, recoverable: true });
    if (!slot.answered) {
      // A worker that fails before its first message (its script, its memory) would fail again for the next run.
      startFails = true;
      runIds.push(...waiting.splice(0).map((w) => w.msg.runId));
    }
    pool.onerror?.({ message, runIds });
    settle();
  }

  function postMessage(msg: ToWorker, transfer?: Transferable[]): void {
    switch (msg.type) {
      case 'init':
        init = msg;
        toldReady = null;
        toldInitError = false;
        if (slots.length === 0) spawn();
        else for (const s of slots) sendInit(s, msg);
        return;
      case 'start':
        waiting.push({ msg, transfer });
        pump();
        return;
      case 'pause':
      case 'resume': {
        // A run waiting here has no step to pause at, as a queued run in one worker.
        const slot = owner.get(msg.runId);
        if (slot?.active === msg.runId) slot.worker.postMessage(msg);
        return;
      }
      case 'stop': {
        const i = waiting.findIndex((w) => w.msg.runId === msg.runId);
        if (i >= 0) {
          waiting.splice(i, 1);
          deliver({ type: 'status', runId: msg.runId, state: 'stopped', reason: 'stopped before its first step' });
          return;
        }
        const slot = owner.get(msg.runId);
        if (slot?.active === msg.runId) slot.worker.postMessage(msg);
        return;
      }
      case 'sample': {
        // A stored checkpoint decodes anywhere (an idle worker slows no run); a live or finished run on its worker.
        const slot = msg.from ? anySlot() : (owner.get(msg.runId) ?? anySlot());
        slot.sampling.add(msg.runId);
        slot.worker.postMessage(msg, transfer);
        return;
      }
      case 'calibrate':
        anySlot().worker.postMessage(msg);
        return;
      case 'use-calibration':
        // A peak kept from an earlier load (runs/peak-storage.ts): the pool's from now on, no worker measures it.
        calibration = { peakFlopsPerSec: msg.peakFlopsPerSec, share: share(size) };
        for (const slot of slots) slot.worker.postMessage(msg);
        return;
      default: {
        const unhandled: never = msg;
        return unhandled;
      }
    }
  }

  const pool: WorkerPool = {
    onmessage: null,
    onerror: null,
    ondetach: null,
    postMessage,
    resize(next) {
      size = Math.max(1, Math.floor(next));
      settle();
    },
  };
  return pool;
}
