// How each message from the worker changes the store's data: a pure reducer with an exhaustive switch
// (docs/design.md §1 rule 2), so it is tested without a worker, a DOM or React. A run's own state follows the run
// orchestration core's fold (core/runs/fold.ts), the one the CLI's run folders follow too.
import { foldRunMessage } from '../../../core/runs/fold';
import type { FromWorker } from '../../../core/runs/protocol';
import type { BenchRecord, RunEntry, WorkbenchData } from './types';

const MAX_NOTICES = 20;

function updateRun(data: WorkbenchData, runId: string, change: (run: RunEntry) => RunEntry): WorkbenchData {
  const run = data.runs[runId];
  return run ? { ...data, runs: { ...data.runs, [runId]: change(run) } } : data;
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
    case 'status':
      // A status means this session's worker holds the run (again).
      return updateRun(data, msg.runId, (run) => ({ ...foldRunMessage(run, msg), attached: true }));
    case 'metrics':
    case 'phase':
    case 'checkpoint':
    case 'done':
      return updateRun(data, msg.runId, (run) => foldRunMessage(run, msg));
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
    case 'error':
      return reduceError(data, msg);
    case 'bench-progress':
    case 'bench-done':
    case 'bench-failed':
      return reduceBench(data, msg);
    default: {
      // Compile-time exhaustiveness (the renderer may import only the protocol's types).
      const unhandled: never = msg;
      return unhandled;
    }
  }
}

/** An error is a notice; a sample waiting on its run ends with it, and an unrecoverable one fails the run. */
function reduceError(data: WorkbenchData, msg: Extract<FromWorker, { type: 'error' }>): WorkbenchData {
  const { runId } = msg;
  const withNotice = addNotice(data, runId ? `${data.runs[runId]?.record.name ?? runId}: ${msg.message}` : msg.message);
  if (runId === undefined) return withNotice;
  const sample = withNotice.samples[runId];
  const samples = sample?.pending
    ? { ...withNotice.samples, [runId]: { ...sample, pending: false, queued: false, error: msg.message } }
    : withNotice.samples;
  return updateRun({ ...withNotice, samples }, runId, (run) => foldRunMessage(run, { ...msg, runId }));
}

type BenchMessage = Extract<FromWorker, { type: 'bench-progress' | 'bench-done' | 'bench-failed' }>;

/** The running bench's progress; its speeds kept for its experiment (replacing an older bench), or why it ended. */
function reduceBench(data: WorkbenchData, msg: BenchMessage): WorkbenchData {
  const job = data.bench;
  if (!job || job.benchId !== msg.benchId) return data; // a bench this page no longer waits for
  switch (msg.type) {
    case 'bench-progress':
      return { ...data, bench: { ...job, fraction: msg.fraction, line: msg.line } };
    case 'bench-failed':
      return { ...data, bench: { ...job, running: false, error: msg.message } };
    case 'bench-done': {
      // The workers' backend as it stands: its adapter and threads label the speeds.
      const adapterInfo = data.backend?.adapterInfo;
      const wasmThreads = data.backend?.wasmThreads;
      const record: BenchRecord = {
        experimentId: job.experimentId,
        backend: msg.backend,
        ...(adapterInfo ? { adapterInfo } : {}),
        ...(wasmThreads ? { wasmThreads } : {}),
        steps: job.steps,
        measuredAt: msg.measuredAt,
        speeds: msg.speeds,
      };
      return { ...data, bench: null, benches: { ...data.benches, [job.experimentId]: record } };
    }
  }
}
