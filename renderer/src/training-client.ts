// The one renderer file that talks to the training workers, through their pool (core/runs/pool.ts; docs/design.md §1
// rule 2): it posts ToWorker messages, batches FromWorker messages into the store, keeps checkpoints in IndexedDB,
// resumes stored runs from them, and asks for the speed bench of an experiment's variants.
import type { BackendName } from '../../core/kernels/backend';
import type { Config } from '../../core/config';
import type { BenchVariant, FromWorker, ToWorker } from '../../core/runs/protocol';
import { metricsCoveredBy, type RunData } from '../../core/record';
import type { WorkerPort } from '../../core/runs/worker-link';
import { createRunRecord } from '../../core/runs/record';
import { restoreRun, toStoredRun } from './store/serialise';
import type { RunStorage } from './store/run-storage';
import type { RunEntry } from './store/types';
import type { WorkbenchStore } from './store/workbench-store';

export interface NewRun {
  name: string;
  label: string;
  config: Config;
}

export interface SampleRequest {
  prompt: string;
  maxTokens: number;
  temperature: number;
  topK: number;
}

export interface TrainingClient {
  /**
   * Starts the worker's backend: the one asked for, or the fastest that starts. machineMemoryBytes (the desktop app
   * knows it; a browser page does not) lets the worker refuse a run too big for the machine before allocating.
   */
  init(backend?: BackendName, machineMemoryBytes?: number): void;
  /** Queues runs as one experiment (grouped together, compared with its first run). */
  queueRuns(runs: NewRun[], experiment?: { name: string }): string[];
  pause(runId: string): void;
  resume(runId: string): Promise<void>;
  stop(runId: string): void;
  remove(runId: string): Promise<void>;
  sample(runId: string, request: SampleRequest): Promise<void>;
  /** Adds runs from a file as one group; ids must be new (the import panel asks what to do with taken ones). */
  importRuns(runs: RunData[], source?: string): void;
  /**
   * Times an experiment's variants interleaved on the workers' backend, `steps` steps each (one bench at a time; the
   * pool refuses it while a run holds a worker). Its progress, speeds or failure land in the store.
   */
  bench(experimentId: string, sets: BenchVariant[][], steps: number): void;
  stopBench(): void;
}

/** Delivers a batch of messages to the store; the default coalesces a burst into one store update. */
export type Scheduler = (flush: () => void) => void;
const coalesce: Scheduler = (flush) => setTimeout(flush, 50);

export function createTrainingClient(
  worker: WorkerPort,
  store: WorkbenchStore,
  storage: RunStorage,
  schedule: Scheduler = coalesce,
): TrainingClient {
  let pending: FromWorker[] = [];
  const post = (message: ToWorker) => worker.postMessage(message);
  const getRun = (runId: string): RunEntry | undefined => store.getState().runs[runId];

  const flush = () => {
    const batch = pending;
    pending = [];
    store.getState().applyMessages(batch);
  };
  // Samples decode one at a time (two at once would share the device and halve each other's speed).
  const sampleQueue: { runId: string; start: () => Promise<void> }[] = [];
  let sampling: string | null = null;
  // Settles once the next sample is posted, or has failed (reported on its card and as a notice).
  const startNextSample = async (): Promise<void> => {
    const next = sampleQueue.shift();
    sampling = next?.runId ?? null;
    if (!next) return;
    try {
      await next.start();
    } catch (e) {
      const sample = store.getState().samples[next.runId];
      const message = e instanceof Error ? e.message : String(e);
      if (sample) store.getState().setSample(next.runId, { ...sample, pending: false, queued: false, error: message });
      store.getState().notify(`could not sample: ${String(e)}`);
      await startNextSample();
    }
  };
  worker.onmessage = (event) => {
    const msg = event.data;
    if ((msg.type === 'sample' || (msg.type === 'error' && msg.runId !== undefined)) && msg.runId === sampling)
      void startNextSample();
    if (msg.type === 'checkpoint') {
      // The worker sends a checkpoint's points before it; some may still wait in `pending`, not yet in the store.
      const received = [
        ...(getRun(msg.runId)?.metrics ?? []),
        ...pending.flatMap((m) => (m.type === 'metrics' && m.runId === msg.runId ? m.points : [])),
      ];
      const metrics = metricsCoveredBy(received, msg.step);
      storage
        .saveCheckpoint({ runId: msg.runId, step: msg.step, bytes: msg.bytes, tokenizer: msg.tokenizer, metrics })
        .catch((e: unknown) =>
          store.getState().notify(`could not keep the checkpoint of step ${msg.step}: ${String(e)}`),
        );
    }
    pending.push(msg);
    if (pending.length === 1) schedule(flush);
  };
  // The runs a worker held, once it is gone: their messages so far land first (a later `status` would attach them
  // again); runs in flight fail, the others resume and sample from their stored checkpoints.
  const detach = (runIds: readonly string[], reason?: string) => {
    flush();
    const state = store.getState();
    for (const id of runIds) {
      const run = state.runs[id];
      if (!run) continue;
      if (reason !== undefined && (run.record.status === 'running' || run.record.status === 'queued')) {
        state.replaceRun({ ...run, attached: false, reason, record: { ...run.record, status: 'failed' } });
      } else if (run.attached) state.replaceRun({ ...run, attached: false });
    }
  };
  worker.onerror = (event) => {
    const reason = `the training worker crashed: ${event.message || 'unknown error'}`;
    store.getState().notify(reason);
    detach(event.runIds ?? store.getState().order, reason);
  };
  worker.ondetach = (runIds) => detach(runIds);

  const startFromStorage = async (run: RunEntry) => {
    const checkpoint = await storage.loadCheckpoint(run.record.id);
    const metrics = checkpoint ? checkpoint.metrics : [];
    store.getState().replaceRun({ ...run, metrics, attached: true, record: { ...run.record, status: 'queued' } });
    post({
      type: 'start',
      runId: run.record.id,
      name: run.record.name,
      config: run.record.config,
      data: { kind: 'config' },
      resume: checkpoint ? { checkpoint: checkpoint.bytes, metrics } : undefined,
    });
  };

  return {
    init: (backend, machineMemoryBytes) =>
      post({
        type: 'init',
        ...(backend ? { backend } : {}),
        ...(machineMemoryBytes !== undefined ? { machineMemoryBytes } : {}),
      }),
    queueRuns(runs, experiment) {
      const backend = store.getState().backend;
      const now = Date.now();
      const group = { id: crypto.randomUUID(), name: experiment?.name ?? runs[0]?.name ?? 'runs' };
      const entries: RunEntry[] = runs.map((run, i) => {
        const record = createRunRecord({
          id: crypto.randomUUID(),
          name: run.name,
          label: run.label,
          config: run.config,
          backend: { backend: backend?.backend ?? 'unknown', adapterInfo: backend?.adapterInfo },
          // One millisecond apart, so the stored order is the queue order.
          createdAt: new Date(now + i).toISOString(),
        });
        return { record, metrics: [], checkpointStep: null, attached: true, experiment: group };
      });
      store.getState().addRuns(entries);
      for (const e of entries) {
        post({
          type: 'start',
          runId: e.record.id,
          name: e.record.name,
          config: e.record.config,
          data: { kind: 'config' },
        });
      }
      return entries.map((e) => e.record.id);
    },
    pause: (runId) => post({ type: 'pause', runId }),
    async resume(runId) {
      const run = getRun(runId);
      if (!run) return;
      if (run.attached) post({ type: 'resume', runId });
      else await startFromStorage(run);
    },
    stop(runId) {
      const run = getRun(runId);
      if (!run) return;
      if (run.attached) post({ type: 'stop', runId });
      else store.getState().replaceRun({ ...run, record: { ...run.record, status: 'stopped' } });
    },
    async remove(runId) {
      const run = getRun(runId);
      if (!run) return;
      if (run.attached && ['queued', 'running', 'paused'].includes(run.record.status)) post({ type: 'stop', runId });
      store.getState().removeRun(runId);
      await storage.deleteRun(runId);
    },
    async sample(runId, request) {
      const waiting = sampling !== null;
      store
        .getState()
        .setSample(runId, { pending: true, queued: waiting, prompt: request.prompt, text: '', tokensPerSec: null });
      sampleQueue.push({
        runId,
        start: async () => {
          // A run this session's worker does not hold (reloaded, imported) is sampled from its stored checkpoint.
          const saved = getRun(runId)?.attached ? undefined : await storage.loadCheckpoint(runId);
          if (!getRun(runId)?.attached && !saved)
            throw new Error(`${getRun(runId)?.record.name ?? runId} has no checkpoint`);
          post({
            type: 'sample',
            runId,
            ...request,
            ...(saved ? { from: { checkpoint: saved.bytes, tokenizer: saved.tokenizer } } : {}),
          });
        },
      });
      // The caller may await a sample that starts now; one that waits its turn starts when the one before ends.
      if (!waiting) await startNextSample();
    },
    bench(experimentId, sets, steps) {
      const benchId = crypto.randomUUID();
      store.setState({ bench: { benchId, experimentId, steps, running: true, fraction: 0, line: 'starting' } });
      post({ type: 'bench', benchId, sets, steps });
    },
    stopBench() {
      const job = store.getState().bench;
      if (job?.running) post({ type: 'stop-bench', benchId: job.benchId });
    },
    importRuns(runs, source) {
      const taken = runs.filter((r) => r.record.id in store.getState().runs).map((r) => r.record.id);
      if (taken.length > 0) throw new Error(`runs already here (import them as copies): ${taken.join(', ')}`);
      const group = { id: crypto.randomUUID(), name: source ? `imported from ${source}` : 'imported' };
      const entries = runs.map((r) => ({
        ...restoreRun(
          { record: r.record, metrics: r.metrics, checkpointStep: null },
          'imported while training; resuming starts it again',
        ),
        experiment: group,
      }));
      store.getState().addRuns(entries);
      Promise.all(entries.map((e) => storage.saveRun(toStoredRun(e)))).catch((e: unknown) =>
        store.getState().notify(`could not store the imported runs in this browser: ${String(e)}`),
      );
    },
  };
}
