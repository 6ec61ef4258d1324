// When a run has ended on its worker (docs/design.md §1 rule 2), the one rule the UI's pool and the CLI's worker
// follow: a run stopped or failed before its first step gets a status and no `done`; a trained run ends with `done`,
// or with the error that follows its failed status (its device was lost).
import type { RunStatus } from '../record';
import type { RunMessage } from './worker-link';

/** What its worker has said of a run so far, as far as its end goes. */
export interface RunOnWorker {
  /** It reached its training phase (or its first step): its end is a `done`, or the error of a lost device. */
  trained: boolean;
  /** Its status said failed. */
  failed: boolean;
}

const ENDED: RunStatus[] = ['stopped', 'done', 'diverged', 'failed'];

export const startedOnWorker = (): RunOnWorker => ({ trained: false, failed: false });

/** Notes what `msg` says of the run and whether it ends the run on its worker. */
export function endsRun(run: RunOnWorker, msg: RunMessage): boolean {
  switch (msg.type) {
    case 'phase':
      run.trained ||= msg.phase === 'training';
      return false;
    case 'status':
      if (msg.state === 'running') run.trained = true;
      if (!ENDED.includes(msg.state)) return false;
      run.failed = msg.state === 'failed';
      return !run.trained;
    case 'done':
      return true;
    case 'error':
      return run.failed || !run.trained;
    case 'metrics':
    case 'checkpoint':
      return false;
    default: {
      const unhandled: never = msg;
      return unhandled;
    }
  }
}
