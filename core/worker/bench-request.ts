// The worker's side of "Benchmark these variants" (docs/workbench.md): a `bench` message timed by core/bench/speeds.ts
// on this worker's backend, with its progress, its Stop and any failure as messages (docs/design.md §1 rule 2). It
// refuses to run beside a training run or another bench, which would share the device and distort every time.
import { BenchStopped } from '../bench/interleave';
import { benchSpeedSets } from '../bench/speeds';
import type { BackendInfo } from '../kernels/backend';
import { MAX_BENCH_STEPS, type DeviceLimits, type FromWorker, type ToWorker } from '../runs/protocol';
import { checkTrainingMemory } from '../train/memory-check';

type BenchMessage = Extract<ToWorker, { type: 'bench' }>;

export interface BenchHost {
  post(msg: FromWorker): void;
  /** The worker's backend, started if it is not up yet. */
  startBackend(): Promise<BackendInfo>;
  /** Why the worker cannot bench now (a run trains, starts or waits here), or null. */
  busy(): string | null;
  machineBytes?: number;
  limits?: DeviceLimits;
}

/** What is wrong with a bench request, or null: a bench needs variants, distinct names and 1 to MAX_BENCH_STEPS steps. */
function checkRequest(msg: BenchMessage): string | null {
  if (!Number.isInteger(msg.steps) || msg.steps < 1 || msg.steps > MAX_BENCH_STEPS)
    return `steps per variant must be a whole number from 1 to ${MAX_BENCH_STEPS} (got ${msg.steps})`;
  const names = msg.sets.flat().map((v) => v.name);
  if (names.length === 0 || msg.sets.some((set) => set.length === 0)) return 'there are no variants to bench';
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  return repeated === undefined ? null : `two variants share the name "${repeated}": their speeds would mix`;
}

/** One bench at a time per worker; `stop` ends the one running at its next step. */
export class BenchRunner {
  private current: { benchId: string; stop: boolean } | null = null;

  get running(): boolean {
    return this.current !== null;
  }

  stop(benchId: string): void {
    if (this.current?.benchId === benchId) this.current.stop = true;
  }

  async run(msg: BenchMessage, host: BenchHost): Promise<void> {
    const { benchId } = msg;
    const fail = (message: string, stopped = false) => host.post({ type: 'bench-failed', benchId, message, stopped });
    let info: BackendInfo;
    try {
      info = await host.startBackend();
    } catch (e) {
      return fail(`cannot bench: ${e instanceof Error ? e.message : String(e)}`);
    }
    const refusal = this.current ? 'another bench is running on this worker' : (host.busy() ?? checkRequest(msg));
    if (refusal !== null) return fail(`cannot bench now: ${refusal}`);
    const job = { benchId, stop: false };
    this.current = job;
    let line = '';
    try {
      const backend = info.backend;
      // Every variant of a set is alive at once: each gets its share of the machine, as parallel runs do.
      for (const set of msg.sets)
        for (const v of set)
          checkTrainingMemory(v.config, {
            backend,
            machineBytes: host.machineBytes,
            sharedBy: set.length,
            limits: host.limits,
          });
      const speeds = await benchSpeedSets(msg.sets, {
        steps: msg.steps,
        backend,
        log: (l) => (line = l.replace(/^speed: /, '')),
        progress: (fraction) => host.post({ type: 'bench-progress', benchId, fraction, line }),
        shouldStop: () => job.stop,
      });
      const measuredAt = new Date().toISOString();
      host.post({ type: 'bench-done', benchId, backend, speeds, measuredAt });
    } catch (e) {
      if (e instanceof BenchStopped) fail('stopped before it finished: no speeds kept', true);
      else fail(`the bench failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.current = null;
    }
  }
}
