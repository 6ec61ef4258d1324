// Importing runs never overwrites silently: runs whose id is taken are found before anything changes, imported as
// copies under new ids (the originals untouched) or skipped, and the client refuses a taken id outright.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import type { RunData } from '../core/record';
import { copyRunData, planImport } from '../renderer/src/panels/import-plan';
import { exportRunsJson, parseRunsJson } from '../renderer/src/store/serialise';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { createTrainingClient } from '../renderer/src/training-client';
import { FakeWorker, makePoint, MemoryStorage } from './ui-fakes';

const config = parseConfig({});
const run = (id: string, loss: number): RunData => ({
  record: {
    id,
    name: `run ${id}`,
    label: '',
    config,
    seed: 0,
    backend: 'cpu',
    status: 'done',
    createdAt: '',
    summary: null,
  },
  metrics: [makePoint(1, { trainLoss: loss })],
});

describe('import plan', () => {
  it('splits a file into new runs and runs already here (or repeated in the file)', () => {
    const plan = planImport(['a'], [run('a', 1), run('b', 2), run('b', 3)]);
    expect(plan.fresh.map((r) => r.record.id)).toEqual(['b']);
    expect(plan.duplicates.map((r) => r.record.id)).toEqual(['a', 'b']);
  });

  it('copies a run under a new id and a copy name, metrics kept', () => {
    const copy = copyRunData(run('a', 1.5), 'new-id');
    expect(copy.record).toMatchObject({ id: 'new-id', name: 'run a (copy)' });
    expect(copy.metrics[0]!.trainLoss).toBe(1.5);
  });
});

describe('importing the same runs twice', () => {
  it('keeps the originals and adds the copies, each import’s variant in its own colour; a taken id is refused', () => {
    const store = createWorkbenchStore();
    const storage = new MemoryStorage();
    const client = createTrainingClient(new FakeWorker(), store, storage, (f) => f());
    const file = parseRunsJson(
      exportRunsJson([run('a', 1), run('b', 2)].map((r) => ({ ...r, checkpointStep: null, attached: false }))),
    );
    client.importRuns(file, 'runs.json');
    const first = structuredClone(store.getState().runs);
    expect(() => client.importRuns(file, 'runs.json')).toThrow(/already here.*a, b/);
    const again = planImport(store.getState().order, file);
    expect(again.fresh).toEqual([]);
    client.importRuns(
      again.duplicates.map((r, i) => copyRunData(r, `copy-${i}`)),
      'runs.json',
    );
    const { runs, order } = store.getState();
    expect(order).toEqual(['a', 'b', 'copy-0', 'copy-1']);
    expect(runs.a).toEqual(first.a);
    expect(runs['copy-0']!.record.name).toBe('run a (copy)');
    // a and b share a config (one variant, one colour); the copies are another import's variant: another colour.
    const colour = (id: string) => runs[id]!.style?.colour;
    expect(colour('a')).toBe(colour('b'));
    expect(colour('copy-0')).toBe(colour('copy-1'));
    expect(colour('copy-0')).not.toBe(colour('a'));
    expect(runs.a!.experiment?.name).toBe('imported from runs.json');
  });
});
