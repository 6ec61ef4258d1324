// How a run's state follows its worker's messages: one pure reducer for the UI's store and the CLI's run folder
// (docs/design.md §1 rule 2), with an exhaustive switch over the messages about a run.
import type { MetricPoint, RunRecord, RunStatus } from '../record';
import type { RunPhase } from './protocol';
import type { RunMessage } from './worker-link';

/** What both faces keep of a run while it trains. */
export interface RunState {
  record: RunRecord;
  metrics: MetricPoint[];
  /** Step of the latest checkpoint the worker sent, or null before the first. */
  checkpointStep: number | null;
  /** Why the run paused, diverged, failed or stopped, when the worker said. */
  reason?: string;
  /** What the worker last said the run is doing (starting the backend, calibrating, training, ...). */
  phase?: RunPhase;
}

/** States a `done` message may end; a run already stopped, diverged or failed keeps its state. */
const LIVE_STATES: RunStatus[] = ['queued', 'running', 'paused'];

/** Appends new points only: a resumed run may repeat steps it already logged before its checkpoint. */
function appendMetrics(metrics: MetricPoint[], points: MetricPoint[]): MetricPoint[] {
  const lastStep = metrics.at(-1)?.step ?? -Infinity;
  const fresh = points.filter((p) => p.step > lastStep);
  return fresh.length ? metrics.concat(fresh) : metrics;
}

export function foldRunMessage<R extends RunState>(run: R, msg: RunMessage): R {
  switch (msg.type) {
    case 'metrics':
      return { ...run, metrics: appendMetrics(run.metrics, msg.points) };
    case 'status':
      return {
        ...run,
        reason: msg.reason ?? (msg.state === 'running' ? undefined : run.reason),
        record: { ...run.record, status: msg.state },
      };
    case 'phase':
      return { ...run, phase: msg.phase };
    case 'checkpoint':
      return { ...run, checkpointStep: msg.step };
    case 'error':
      // A recoverable error (a sample that failed) leaves the run as it was.
      return msg.recoverable ? run : { ...run, reason: msg.message, record: { ...run.record, status: 'failed' } };
    case 'done':
      return {
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
      };
    default: {
      const unhandled: never = msg;
      return unhandled;
    }
  }
}
