// Write errors while a run trains (a full disk, a folder deleted under it) become a clear message and a final
// status: the run is stopped, run.json says "failed" with the reason (never left "running"), and nothing throws
// out of the message handlers. Driven with a scripted worker, so the fault lands exactly where it should.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingWorker, RunEnd, RunListener } from '../cli/training-worker';
import { RunFolder } from '../cli/run-folder';
import { trainIntoFolder } from '../cli/train-session';
import { parseConfig } from '../core/config';
import type { MetricPoint, RunRecord, RunSummary } from '../core/record';

const config = parseConfig({
  model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
  train: { steps: 6 },
});
const point = (step: number) => ({ step, trainLoss: 5, tokensPerSec: 100 }) as MetricPoint;
const summary = { steps: 4 } as RunSummary;

/** A worker that plays a run: running, two points and a checkpoint per tick until stopped, then "stopped". */
function scriptedWorker() {
  const stops: string[] = [];
  const worker: Pick<TrainingWorker, 'train' | 'stop'> = {
    stop: (runId) => void stops.push(runId),
    train: ({ runId }, l: RunListener) =>
      new Promise<RunEnd>((resolve) => {
        l({ type: 'status', runId, state: 'queued' });
        l({ type: 'status', runId, state: 'running' });
        let step = 0;
        const tick = setInterval(() => {
          if (stops.length > 0) {
            clearInterval(tick);
            l({ type: 'status', runId, state: 'stopped' });
            resolve({ summary: { ...summary, steps: step } });
            return;
          }
          step += 2;
          l({ type: 'metrics', runId, points: [point(step)] });
          l({ type: 'checkpoint', runId, step, bytes: new Uint8Array([step]) });
        }, 5);
      }),
  };
  return { worker, stops };
}

const enospc = (path: string) =>
  Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', path });

describe('trainIntoFolder and write errors', () => {
  it('a full disk while appending metrics stops the run and records "failed" with the file and the cause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palm-enospc-'));
    const folder = new (class extends RunFolder {
      override appendMetrics(points: MetricPoint[]): void {
        if (points[0]!.step >= 4) throw enospc(join(dir, 'metrics.jsonl'));
        super.appendMetrics(points);
      }
    })(dir);
    const { worker, stops } = scriptedWorker();
    const backend = { backend: 'cpu' };
    const result = await trainIntoFolder({
      worker: worker as TrainingWorker,
      backend,
      folder,
      name: 'full',
      label: '',
      config,
    });
    folder.close();
    expect(stops).toHaveLength(1);
    expect(result.record.status).toBe('failed');
    const why = /cannot write ".*metrics.jsonl": no space left on device \(ENOSPC\)/;
    expect(result.failure).toMatch(why);
    const onDisk = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;
    expect(onDisk.status).toBe('failed');
    expect(onDisk.summary?.reason).toMatch(why);
  });

  it('a run folder deleted mid-run (ENOENT) ends the run with a message, not an uncaught exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palm-enoent-'));
    const folder = new RunFolder(dir);
    const { worker, stops } = scriptedWorker();
    const session = trainIntoFolder({
      worker: worker as TrainingWorker,
      backend: { backend: 'cpu' },
      folder,
      name: 'gone',
      label: '',
      config,
    });
    await new Promise((r) => setTimeout(r, 30));
    rmSync(dir, { recursive: true, force: true });
    const result = await session;
    folder.close();
    expect(stops).toHaveLength(1);
    expect(result.record.status).toBe('failed');
    expect(result.failure).toMatch(/cannot write ".*palm-enoent-.*": the folder no longer exists \(ENOENT\)/);
  });
});
