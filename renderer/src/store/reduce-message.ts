// How each message from the worker changes the store's data: a pure reducer with an exhaustive switch
// (docs/design.md §1 rule 2), so it is tested without a worker, a DOM or React.
import type { FromWorker } from '../../../core/worker/protocol';
import type { MetricPoint, RunStatus } from '../../../core/record';
import type { RunEntry, WorkbenchData } from './types';

/** States a `done` message may end; a run already stopped, diverged or failed keeps its state. */
const LIVE_STATES: RunStatus[] = ['queued', 'running', 'paused'];
const MAX_NOTICES = 20;

function updateRun(data: WorkbenchData, runId: string, change: (run: RunEntry) => RunEntry): WorkbenchData {
  const run = data.runs[runId];
  return run ? { ...data, runs: { ...data.runs, [runId]: change(run) } } : data;
}

/** Appends new points only: a resumed run may repeat steps it already logged before its checkpoint. */
export function appendMetrics(metrics: MetricPoint[], points: MetricPoint[]): MetricPoint[] {
  const lastStep = metrics.at(-1)?.step ?? -Infinity;
  const fresh = points.filter((p) => p.step > lastStep);
  return fresh.length ? metrics.concat(fresh) : metrics;
}

export function addNotice(data: WorkbenchData, message: string): WorkbenchData {
  const id = (data.notices.at(-1)?.id ?? 0) + 1;
  return { ...data, notices: [...data.notices, { id, message }].slice(-MAX_NOTICES) };
}

export function reduceWorkerMessage(data: WorkbenchData, msg: FromWorker): WorkbenchData {
  switch (msg.type) {
    case 'ready':
      return {
        ...data,
        backend: {
          backend: msg.backend,
          adapterInfo: msg.adapterInfo,
          limits: msg.limits,
          fallbackReason: msg.fallbackReason,
          wasmThreads: msg.wasmThreads,
          wasmThreadsNote: msg.wasmThreadsNote,
        },
      };
    case 'calibration':
      return data.backend ? { ...data, backend: { ...data.backend, peakFlopsPerSec: msg.peakFlopsPerSec } } : data;
    case 'metrics':
      return updateRun(data, msg.runId, (run) => ({ ...run, metrics: appendMetrics(run.metrics, msg.points) }));
    case 'status':
      return updateRun(data, msg.runId, (run) => ({
        ...run,
        attached: true,
        reason: msg.reason ?? (msg.state === 'running' ? undefined : run.reason),
        record: { ...run.record, status: msg.state },
      }));
    case 'phase':
      return updateRun(data, msg.runId, (run) => ({ ...run, phase: msg.phase }));
    case 'checkpoint':
      return updateRun(data, msg.runId, (run) => ({ ...run, checkpointStep: msg.step }));
    case 'sample-text': {
      const sample = data.samples[msg.runId];
      return sample?.pending
        ? { ...data, samples: { ...data.samples, [msg.runId]: { ...sample, queued: false, text: msg.text } } }
        : data;
    }
    case 'sample':
      return {
        ...data,
        samples: {
          ...data.samples,
          [msg.runId]: {
            pending: false,
            prompt: data.samples[msg.runId]?.prompt ?? '',
            text: msg.text,
            tokensPerSec: msg.tokensPerSec,
          },
        },
      };
    case 'error': {
      const withNotice = addNotice(
        data,
        msg.runId ? `${data.runs[msg.runId]?.record.name ?? msg.runId}: ${msg.message}` : msg.message,
      );
      if (!msg.runId) return withNotice;
      const sample = withNotice.samples[msg.runId];
      const samples = sample?.pending
        ? { ...withNotice.samples, [msg.runId]: { ...sample, pending: false, queued: false, error: msg.message } }
        : withNotice.samples;
      const next = { ...withNotice, samples };
      return msg.recoverable
        ? next
        : updateRun(next, msg.runId, (run) => ({
            ...run,
            reason: msg.message,
            record: { ...run.record, status: 'failed' },
          }));
    }
    case 'done':
      return updateRun(data, msg.runId, (run) => ({
        ...run,
        record: {
          ...run.record,
          summary: msg.summary,
          status: LIVE_STATES.includes(run.record.status) ? 'done' : run.record.status,
          // A resumed run keeps the runs its earlier steps overlapped with: its summary covers those steps too.
          ...(msg.overlappedWith?.length
            ? { overlappedWith: [...new Set([...(run.record.overlappedWith ?? []), ...msg.overlappedWith])] }
            : {}),
        },
      }));
    default: {
      // Compile-time exhaustiveness (the renderer may import only the protocol's types).
      const unhandled: never = msg;
      return unhandled;
    }
  }
}
