// A pool of training workers behind one port (docs/design.md §1, the UI's "Parallel runs"): up to `size` runs train at
// once, each on a worker of its own, in the protocol of one worker (core/runs/protocol.ts). Runs wait in the lane
// scheduler (lanes.ts) until a worker has none; one calibration serves them all (calibration.ts); runs that shared
// time are marked (overlap.ts); each worker's wasm threads and memory check take its share (shares.ts); a speed bench
// runs alone, holding back what would share the machine with it (bench-hold.ts).
import type { FromWorker, ToWorker } from './protocol';
import { createBenchHold } from './bench-hold';
import { createSharedCalibration } from './calibration';
import { createLaneScheduler } from './lanes';
import { createRunTimes } from './overlap';
import { endsRun, startedOnWorker, type RunOnWorker } from './run-end';
import { wasmThreadsPerRun } from './shares';
import type { InitMessage, RunWorker, StartMessage, WorkerPort } from './worker-link';

export interface WorkerPool extends WorkerPort {
  /**
   * How many runs train at once from now on: more starts workers as runs wait for one; fewer lets busy workers
   * finish their run, then ends them. On wasm, a worker whose share of the cores no longer fits is replaced the same
   * way (a worker's thread count is fixed when its backend starts).
   */
  resize(size: number): void;
}

export interface WorkerPoolOptions {
  createWorker(): RunWorker;
  size: number;
  /** Logical cores: each wasm worker's thread count is its share of them. */
  cores: number;
  now?: () => number;
}

interface Slot {
  worker: RunWorker;
  /** The run it trains, from its start until it ends (a paused run keeps it); null when idle. */
  active: string | null;
  /** What its worker said of its run so far, as far as the run's end goes. */
  run: RunOnWorker;
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
}

interface Waiting {
  msg: StartMessage;
  transfer?: ArrayBuffer[];
}

export function createWorkerPool({ createWorker, size: initialSize, cores, now = Date.now }: WorkerPoolOptions): WorkerPool {
  let size = Math.max(1, Math.floor(initialSize));
  const slots: Slot[] = [];
  const owner = new Map<string, Slot>();
  const times = createRunTimes(now);
  const calibration = createSharedCalibration<Slot>();
  let init: InitMessage | null = null;
  /** What the client was told of this init: one `ready` (again only if the thread count changed), one error. */
  let toldReady: string | null = null;
  let toldInitError = false;
  let backend: string | null = null;
  let startFails = false;
  const bench = createBenchHold<Slot>();
  /** A worker measuring the peak on request (`calibrate`), not for a run: no bench starts beside it. */
  let calibrating: Slot | null = null;

  const deliver = (msg: FromWorker) => pool.onmessage?.({ data: msg });
  const share = (parallelRuns: number) => wasmThreadsPerRun(cores, parallelRuns);
  // A peak depends on the threads that measured it, on wasm; elsewhere on the device alone.
  const peakKey = (parallelRuns: number) => (backend === 'wasm' ? `wasm ${share(parallelRuns)}` : 'device');
  const fits = (slot: Slot) => backend !== 'wasm' || share(slot.parallelRuns) === share(size);
  const needsPeak = (w: Waiting) => w.msg.config.train.peakTflops === null;
  const idleSlot = () => slots.find((s) => s.active === null && !s.retiring);
  const anySlot = () => idleSlot() ?? slots.find((s) => !s.retiring) ?? slots[0] ?? spawn();

  const lanes = createLaneScheduler<Waiting, Slot>({
    lanes: () => slots,
    // A retiring worker still trains its run: it counts against the size until it ends.
    idle: (s) => s.active === null && !s.retiring,
    size: () => size,
    spawn,
    // A run that needs the device's peak waits while another worker measures it; every run waits for a bench.
    canStart: (w) => bench.worker === null && (!needsPeak(w) || !calibration.mustWait(peakKey(size))),
    start: startOn,
  });

  function startOn({ msg, transfer }: Waiting, slot: Slot): void {
    if (needsPeak({ msg })) {
      const peak = calibration.admit(slot, peakKey(slot.parallelRuns));
      if (peak !== null) slot.worker.postMessage({ type: 'use-calibration', peakFlopsPerSec: peak });
    }
    owner.get(msg.runId)?.held.delete(msg.runId);
    slot.active = msg.runId;
    owner.set(msg.runId, slot);
    slot.run = startedOnWorker();
    times.begin(msg.runId, msg.name);
    slot.worker.postMessage(msg, transfer);
  }

  function sendInit(slot: Slot, msg: InitMessage): void {
    slot.initPending = true;
    // A later worker starts on the backend the first one reported, so every run of a session trains on the same one.
    const pinned = msg.backend ?? backend;
    slot.worker.postMessage({
      ...msg,
      ...(pinned ? { backend: pinned as InitMessage['backend'] } : {}),
      parallelRuns: slot.parallelRuns,
    });
  }

  function spawn(): Slot {
    const slot: Slot = {
      worker: createWorker(),
      active: null,
      run: startedOnWorker(),
      held: new Set(),
      sampling: new Set(),
      parallelRuns: size,
      initPending: false,
      answered: false,
      retiring: false,
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
    calibration.forget(slot);
    slot.worker.onmessage = null;
    slot.worker.onerror = null;
    void slot.worker.terminate();
    const runs = [...(slot.active ? [slot.active] : []), ...slot.held];
    for (const id of runs) if (owner.get(id) === slot) owner.delete(id);
    return runs;
  }

  function retire(slot: Slot): void {
    if (slot.active !== null || slot.sampling.size > 0 || bench.worker === slot) {
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
    const idle = staying.filter((s) => s.active === null && bench.worker !== s);
    for (const s of idle.slice(0, Math.max(0, staying.length - size))) retire(s);
    lanes.pump();
    // One worker stays up once the client has asked for a backend: it answers samples, calibration and the badge.
    if (init && slots.length === 0 && !startFails) spawn();
  }

  /** The run's end on its worker: the worker takes the next waiting run, or ends if it is retiring. */
  function finish(slot: Slot, runId: string): void {
    if (slot.active !== runId) return;
    times.close(runId);
    slot.active = null;
    calibration.release(slot); // its run ended before the peak came (stopped while calibrating)
    slot.held.add(runId);
    if (slot.retiring) retire(slot);
    settle();
  }

  function sampleAnswered(slot: Slot, runId: string): void {
    if (!slot.sampling.delete(runId)) return;
    if (slot.retiring) retire(slot);
    settle();
  }

  function receiveStatus(slot: Slot, msg: Extract<FromWorker, { type: 'status' }>): void {
    deliver(msg);
    if (slot.active !== msg.runId) return;
    if (msg.state === 'running') times.resume(msg.runId);
    else if (msg.state === 'paused') times.close(msg.runId);
    if (endsRun(slot.run, msg)) finish(slot, msg.runId);
  }

  function receiveError(slot: Slot, msg: Extract<FromWorker, { type: 'error' }>): void {
    if (msg.runId === undefined && calibrating === slot) calibrating = null;
    if (msg.runId === undefined && slot.initPending) {
      slot.initPending = false;
      if (toldInitError) return;
      toldInitError = true;
    }
    deliver(msg);
    if (msg.runId === undefined) return;
    if (slot.sampling.has(msg.runId)) sampleAnswered(slot, msg.runId);
    else if (slot.active === msg.runId && endsRun(slot.run, { ...msg, runId: msg.runId })) finish(slot, msg.runId);
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
        return receiveError(slot, msg);
      case 'status':
        return receiveStatus(slot, msg);
      case 'phase':
        if (slot.active === msg.runId) endsRun(slot.run, msg);
        deliver(msg);
        return;
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
        if (calibrating === slot) calibrating = null;
        calibration.measured(slot, msg.peakFlopsPerSec, peakKey(slot.parallelRuns));
        deliver(msg);
        settle();
        return;
      case 'bench-done':
      case 'bench-failed':
        deliver(msg);
        if (bench.isRunning(msg.benchId, slot)) endBench(slot);
        return;
      default:
        deliver(msg);
    }
  }

  /** A crashed worker fails only its own runs; runs waiting get a new worker, unless this one never started. */
  function crash(slot: Slot, message: string): void {
    if (slot.active) times.close(slot.active);
    if (calibrating === slot) calibrating = null;
    const benchId = bench.worker === slot ? bench.benchId : null;
    const runIds = remove(slot);
    // Samples it was decoding end with an error, so the client's queue of samples moves on.
    for (const runId of slot.sampling)
      deliver({ type: 'error', runId, message: `the worker crashed while sampling: ${message}`, recoverable: true });
    if (!slot.answered) {
      // A worker that fails before its first message (its script, its memory) would fail again for the next run.
      startFails = true;
      runIds.push(...lanes.drain().map((w) => w.msg.runId));
    }
    pool.onerror?.({ message, runIds });
    if (benchId === null) return settle();
    deliver({ type: 'bench-failed', benchId, message: `the worker crashed while benchmarking: ${message}`, stopped: false });
    endBench(slot);
  }

  function startBench(msg: Extract<ToWorker, { type: 'bench' }>): void {
    const refusal = bench.refusal({
      holding: slots.filter((s) => s.active !== null).length,
      waiting: lanes.waiting,
      sampling: slots.some((s) => s.sampling.size > 0),
      calibrating: calibrating !== null,
    });
    if (refusal !== null) {
      deliver({ type: 'bench-failed', benchId: msg.benchId, message: `cannot bench now: ${refusal}`, stopped: false });
      return;
    }
    const slot = idleSlot() ?? spawn();
    bench.begin(msg.benchId, slot);
    slot.worker.postMessage(msg);
  }

  /** The bench ended (or its worker did): held-back messages go out, waiting runs start. */
  function endBench(slot: Slot): void {
    const held = bench.end();
    if (slot.retiring && slots.includes(slot)) retire(slot);
    for (const h of held) postMessage(h.msg, h.transfer);
    settle();
  }

  function postRunControl(msg: Extract<ToWorker, { type: 'pause' | 'resume' | 'stop' }>): void {
    // A run waiting here has no step to pause at, as a queued run in one worker; a stop ends it here.
    if (msg.type === 'stop' && lanes.cancel((w) => w.msg.runId === msg.runId)) {
      deliver({ type: 'status', runId: msg.runId, state: 'stopped', reason: 'stopped before its first step' });
      return;
    }
    const slot = owner.get(msg.runId);
    if (slot?.active === msg.runId) slot.worker.postMessage(msg);
  }

  function postSample(msg: Extract<ToWorker, { type: 'sample' }>, transfer?: ArrayBuffer[]): void {
    // A stored checkpoint decodes anywhere (an idle worker slows no run); a live or finished run on its worker.
    const slot = msg.from ? anySlot() : (owner.get(msg.runId) ?? anySlot());
    slot.sampling.add(msg.runId);
    slot.worker.postMessage(msg, transfer);
  }

  function postCalibrate(): void {
    // Asked for while no run holds a worker (the UI's start-up, or a re-measure): no bench starts meanwhile.
    const slot = anySlot();
    if (slots.every((s) => s.active === null)) calibrating = slot;
    slot.worker.postMessage({ type: 'calibrate' });
  }

  function postMessage(msg: ToWorker, transfer?: ArrayBuffer[]): void {
    switch (msg.type) {
      case 'init':
        init = msg;
        toldReady = null;
        toldInitError = false;
        if (slots.length === 0) spawn();
        else for (const s of slots) sendInit(s, msg);
        return;
      case 'start':
        lanes.enqueue({ msg, transfer });
        return;
      case 'pause':
      case 'resume':
      case 'stop':
        return postRunControl(msg);
      case 'sample':
      case 'calibrate':
        if (bench.hold(msg, transfer)) return;
        return msg.type === 'sample' ? postSample(msg, transfer) : postCalibrate();
      case 'bench':
        return startBench(msg);
      case 'stop-bench':
        if (bench.worker && bench.benchId === msg.benchId) bench.worker.worker.postMessage(msg);
        return;
      case 'use-calibration':
        // A peak kept from an earlier load (renderer/src/runs/peak-storage.ts): the pool's now, no worker measures it.
        for (const slot of slots) {
          calibration.measured(slot, msg.peakFlopsPerSec, peakKey(slot.parallelRuns));
          slot.worker.postMessage(msg);
        }
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
