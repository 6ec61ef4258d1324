// The speed bench's place in the pool of workers (docs/workbench.md, Speed): it starts only while the workers are
// quiet (no run holds one or waits for one, no sample decodes, no peak is measured on request), runs on one idle
// worker, and holds back what would share the machine with it (runs, samples, calibrations) until it ends: anything
// beside it would distort the times it measures.
import type { ToWorker } from './protocol';

/** What the pool's workers are doing, as far as a bench goes. */
export interface PoolActivity {
  /** Runs that hold a worker: training, starting or paused there. */
  holding: number;
  /** Runs waiting for a worker. */
  waiting: number;
  sampling: boolean;
  /** A peak measured on request (`calibrate`), not for a run. */
  calibrating: boolean;
}

interface Held {
  msg: ToWorker;
  transfer?: ArrayBuffer[];
}

export interface BenchHold<W> {
  /** The worker benching, or null while none does. */
  readonly worker: W | null;
  /** Why a bench cannot start now, or null. */
  refusal(activity: PoolActivity): string | null;
  begin(benchId: string, worker: W): void;
  /** Whether `benchId` is the bench running, on `worker`. */
  isRunning(benchId: string, worker: W): boolean;
  readonly benchId: string | null;
  /** Keeps a message back while a bench runs (true); false when none runs, to post it now. */
  hold(msg: ToWorker, transfer?: ArrayBuffer[]): boolean;
  /** The bench ended: the messages held back, in the order they came, to post now. */
  end(): Held[];
}

export function createBenchHold<W>(): BenchHold<W> {
  let running: { benchId: string; worker: W } | null = null;
  const held: Held[] = [];
  return {
    get worker() {
      return running?.worker ?? null;
    },
    get benchId() {
      return running?.benchId ?? null;
    },
    refusal(a) {
      if (running) return 'another bench is running';
      if (a.holding > 0)
        return `${a.holding} run(s) hold a worker (training, starting or paused): let them finish or stop them first`;
      if (a.waiting > 0) return 'runs are waiting to train';
      if (a.sampling) return 'a sample is being decoded';
      return a.calibrating ? 'the peak for MFU is being measured' : null;
    },
    begin(benchId, worker) {
      running = { benchId, worker };
    },
    isRunning: (benchId, worker) => running?.benchId === benchId && running.worker === worker,
    hold(msg, transfer) {
      if (!running) return false;
      held.push({ msg, transfer });
      return true;
    },
    end() {
      running = null;
      return held.splice(0);
    },
  };
}
