// Test doubles for the UI store tests: a worker (or a pool's worker) that records what is posted and replays
// FromWorker messages, an in-memory RunStorage, a metric point factory, and a small run's config and summary.
import { parseConfig, type ConfigInput } from '../core/config';
import type { FromWorker, ToWorker } from '../core/runs/protocol';
import type { MetricPoint, RunStatus, RunSummary } from '../core/record';
import type { RunEntry } from '../renderer/src/store/types';
import type { RunStorage } from '../renderer/src/store/run-storage';
import type { StoredCheckpoint, StoredRun } from '../renderer/src/store/serialise';
import type { WorkerPort } from '../core/runs/worker-link';
import type { RunWorker } from '../core/runs/worker-link';

export class FakeWorker implements WorkerPort {
  posted: ToWorker[] = [];
  onmessage: WorkerPort['onmessage'] = null;
  onerror: WorkerPort['onerror'] = null;
  postMessage(message: ToWorker) {
    this.posted.push(message);
  }
  emit(message: FromWorker) {
    this.onmessage?.({ data: message });
  }
  crash(message: string) {
    this.onerror?.({ message });
  }
}

/** One worker of a pool: what it was posted, whether it was terminated, and its messages and crash. */
export class FakePooledWorker implements RunWorker {
  posted: ToWorker[] = [];
  terminated = false;
  onmessage: RunWorker['onmessage'] = null;
  onerror: RunWorker['onerror'] = null;
  postMessage(message: ToWorker) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  /** The runs it was told to start, in order. */
  get started(): string[] {
    return this.posted.flatMap((m) => (m.type === 'start' ? [m.runId] : []));
  }
  emit(message: FromWorker) {
    this.onmessage?.({ data: message });
  }
  crash(message: string) {
    this.onerror?.({ message });
  }
}

export class MemoryStorage implements RunStorage {
  runs = new Map<string, StoredRun>();
  checkpoints = new Map<string, StoredCheckpoint>();
  async loadRuns() {
    return [...this.runs.values()];
  }
  async saveRun(run: StoredRun) {
    this.runs.set(run.record.id, structuredClone(run));
  }
  async deleteRun(id: string) {
    this.runs.delete(id);
    this.checkpoints.delete(id);
  }
  async saveCheckpoint(c: StoredCheckpoint) {
    this.checkpoints.set(c.runId, c);
  }
  async loadCheckpoint(id: string) {
    return this.checkpoints.get(id);
  }
}

export function makePoint(step: number, extra: Partial<MetricPoint> = {}): MetricPoint {
  return {
    step,
    tokens: step * 64,
    wallMs: step * 10,
    trainLoss: 5 - step / 100,
    zLoss: 0,
    gradNorm: 1,
    lr: 0.01,
    stepMs: 10,
    tokensPerSec: 6400,
    flopsPerSec: 1e9,
    mfu: 0.1,
    paramBytes: 1000,
    optimizerStateBytes: 2000,
    peakBytes: 5000,
    numTensors: 10,
    ...extra,
  };
}

/** A one-layer config and the summary a worker would send at its end (the store and pool tests' runs). */
export const UI_CONFIG = parseConfig({ model: { dModel: 16, nLayers: 1, seqLen: 16 }, train: { steps: 20 } });
export const UI_SUMMARY: RunSummary = {
  params: 1234,
  flopsPerToken: 5e4,
  steps: 20,
  tokens: 1280,
  wallMs: 200,
  finalTrainLoss: 4.8,
  finalValLoss: 4.9,
  bestValLoss: 4.85,
  tokensPerSec: 6400,
  mfu: 0.1,
  peak: { flopsPerSec: 1e10, source: 'calibrated' },
  peakBytes: 5000,
  paramBytes: 1000,
  optimizerStateBytes: 2000,
  kvCacheBytesPerToken: 256,
};

/** A run of an experiment with a final val loss `loss`: what the verdict cards and the report judge. */
export function makeJudgedEntry(
  name: string,
  input: ConfigInput,
  seed: number,
  loss: number,
  experiment: { id: string; name: string },
  status: RunStatus = 'done',
): RunEntry {
  const config = parseConfig({ ...input, train: { ...input.train, seed } });
  const summary: RunSummary = {
    params: 100_000,
    flopsPerToken: 6e5,
    steps: 100,
    tokens: 100_000,
    wallMs: 10_000,
    finalTrainLoss: loss,
    finalValLoss: loss,
    bestValLoss: loss,
    tokensPerSec: 1000,
    mfu: null,
    peak: null,
    peakBytes: 1,
    paramBytes: 1,
    optimizerStateBytes: 1,
    kvCacheBytesPerToken: config.model.kvHeads * 1024,
  };
  const id = `${experiment.id}-${name}-${seed}`;
  return {
    record: { id, name, label: '', config, seed, backend: 'cpu', status, createdAt: '', summary },
    metrics: [{ ...makePoint(100), tokens: 100_000, wallMs: 10_000, valLoss: loss }],
    checkpointStep: null,
    attached: false,
    experiment,
  };
}
