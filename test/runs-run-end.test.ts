// When a run has ended on its worker (core/runs/run-end.ts), the rule the UI's pool and the CLI's worker share: a
// stop or failure before training ends it at its status; a trained run ends at `done`, or at the error after a
// failed status (a lost device), and not at a status alone.
import { describe, expect, it } from 'vitest';
import { endsRun, startedOnWorker } from '../core/runs/run-end';
import type { RunMessage } from '../core/runs/worker-link';
import { UI_SUMMARY } from './ui-fakes';

const runId = 'r';
const follow = (msgs: RunMessage[]) => {
  const run = startedOnWorker();
  return msgs.map((m) => endsRun(run, m));
};

describe('endsRun', () => {
  it('ends a run stopped or failed before training at its status', () => {
    expect(
      follow([
        { type: 'status', runId, state: 'queued' },
        { type: 'status', runId, state: 'stopped' },
      ]),
    ).toEqual([false, true]);
    expect(
      follow([
        { type: 'phase', runId, phase: 'calibrating' },
        { type: 'status', runId, state: 'failed' },
      ]),
    ).toEqual([false, true]);
    // A start that threw before the handler queued it: an error alone.
    expect(follow([{ type: 'error', runId, message: 'no backend', recoverable: true }])).toEqual([true]);
  });

  it('waits for `done` once the run trains (its training phase, or its first step)', () => {
    for (const first of [
      { type: 'phase', runId, phase: 'training' },
      { type: 'status', runId, state: 'running' },
    ] as RunMessage[]) {
      expect(
        follow([
          first,
          { type: 'metrics', runId, points: [] },
          { type: 'status', runId, state: 'stopped' },
          { type: 'done', runId, summary: UI_SUMMARY },
        ]),
      ).toEqual([false, false, false, true]);
    }
  });

  it('ends a trained run whose device was lost at the error after its failed status, not before', () => {
    expect(
      follow([
        { type: 'status', runId, state: 'running' },
        { type: 'error', runId, message: 'a sample failed', recoverable: true },
        { type: 'status', runId, state: 'failed', reason: 'device lost' },
        { type: 'error', runId, message: 'device lost', recoverable: false },
      ]),
    ).toEqual([false, false, false, true]);
  });
});
