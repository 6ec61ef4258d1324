// Persistence: stored runs come back (interrupted ones paused), exports round-trip and bad imports say why, and the
// sync writes changed runs to storage and removes deleted ones.
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../core/config';
import { metricsCoveredBy as trimMetricsToStep, type RunRecord } from '../core/record';
import { startPersistenceSync } from '../renderer/src/store/persistence-sync';
import {
  exportRunsJson,
  parseRunsJson,
  parseStoredRuns,
  restoreRun,
  toStoredRun,
} from '../renderer/src/store/serialise';
import type { RunEntry } from '../renderer/src/store/types';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { makePoint, MemoryStorage } from './ui-fakes';

const record = (id: string, status: RunRecord['status']): RunRecord => ({
  id,
  name: `run ${id}`,
  label: '',
  config: parseConfig({ model: { attention: 'mha' } }),
  seed: 0,
  backend: 'webgpu',
  status,
  createdAt: '2025-01-01T00:00:00.000Z',
  summary: null,
});
const entry = (id: string, status: RunRecord['status']): RunEntry => ({
  record: record(id, status),
  metrics: [makePoint(1), makePoint(2)],
  checkpointStep: 2,
  attached: true,
});

describe('stored runs', () => {
  it('bring an interrupted run back paused and detached; a finished one as it was', () => {
    const running = restoreRun(toStoredRun(entry('a', 'running')));
    expect(running).toMatchObject({ attached: false, checkpointStep: 2, record: { status: 'paused' } });
    expect(running.reason).toMatch(/closed/);
    expect(restoreRun(toStoredRun(entry('q', 'queued'))).record.status).toBe('paused');
    expect(restoreRun(toStoredRun({ ...entry('d', 'done'), reason: 'x' }))).toMatchObject({
      record: { status: 'done' },
      reason: 'x',
    });
  });

  it('keep nothing but plain data (structured-clone safe, no attached flag)', () => {
    const stored = toStoredRun(entry('a', 'running'));
    expect(structuredClone(stored)).toEqual(stored);
    expect(stored).not.toHaveProperty('attached');
  });

  it('read back through the run-record schema, oldest first: one that does not parse is named with its key and left out', () => {
    const styled = toStoredRun({
      ...entry('b', 'done'),
      style: { colour: '#0072B2', dash: '6 3' },
      experiment: { id: 'e', name: 'mha-vs-mqa' },
    });
    const older = toStoredRun(entry('a', 'done'));
    older.record = { ...older.record, createdAt: '2024-01-01T00:00:00.000Z' };
    const broken = { ...toStoredRun(entry('c', 'done')), metrics: [{ ...makePoint(1), trainLoss: 'x' }] };
    const { runs, problems } = parseStoredRuns(structuredClone([styled, broken, older, null]));
    expect(runs.map((r) => r.record.id)).toEqual(['a', 'b']);
    expect(runs[1]).toMatchObject({ style: styled.style, experiment: styled.experiment, checkpointStep: 2 });
    expect(runs[1]!.record.config).toEqual(styled.record.config);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^stored run "run c" could not be read and is not shown: metrics\[0\]\.trainLoss: /);
    expect(problems[1]).toMatch(/^stored run #4 could not be read/);
  });

  it('trim metrics past the checkpoint a resume starts from', () => {
    expect(trimMetricsToStep([makePoint(5), makePoint(10), makePoint(15)], 10).map((p) => p.step)).toEqual([5, 10]);
  });
});

describe('run export and import', () => {
  it('round-trips records and metrics', () => {
    const runs = parseRunsJson(exportRunsJson([entry('a', 'done'), entry('b', 'paused')]));
    expect(runs.map((r) => r.record.id)).toEqual(['a', 'b']);
    expect(runs[0]!.metrics).toEqual([makePoint(1), makePoint(2)]);
    expect(runs[0]!.record.config.model.kvHeads).toBe(4);
  });

  it('says what is wrong with a bad file', () => {
    expect(() => parseRunsJson('{"hello":1}')).toThrow(/not a run export/);
    expect(() => parseRunsJson('[{"record":{"id":"x"},"metrics":[]}]')).toThrow(/runs\[0\]\.record\.name: is missing/);
    const bad = JSON.parse(exportRunsJson([entry('a', 'done')]));
    bad.runs[0].record.config.model.dModel = -1;
    expect(() => parseRunsJson(JSON.stringify(bad))).toThrow(
      /runs\[0\]\.record\.config: model\.dModel must be a positive integer/,
    );
  });
});

describe('persistence sync', () => {
  it('writes changed runs and deletes removed ones', async () => {
    const storage = new MemoryStorage();
    const store = createWorkbenchStore();
    const sync = startPersistenceSync(store, storage, 10_000);
    store.getState().addRuns([entry('a', 'running'), entry('b', 'queued')]);
    await sync.flush();
    expect([...storage.runs.keys()].sort()).toEqual(['a', 'b']);
    store.getState().applyMessages([{ type: 'metrics', runId: 'a', points: [makePoint(3)] }]);
    store.getState().removeRun('b');
    await sync.flush();
    expect(storage.runs.get('a')?.metrics.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(storage.runs.has('b')).toBe(false);
    sync.stop();
  });

  it('turns a write the storage refuses into a notice', async () => {
    const storage = new MemoryStorage();
    storage.saveRun = () => Promise.reject(new Error('quota exceeded'));
    const store = createWorkbenchStore();
    const sync = startPersistenceSync(store, storage, 1);
    store.getState().addRuns([entry('a', 'running')]);
    await vi.waitFor(() => expect(store.getState().notices.length).toBe(1));
    expect(store.getState().notices[0]!.message).toBe('could not save runs in this browser: Error: quota exceeded');
    sync.stop();
  });
});
