// The run record's creation and its fold of worker messages (core/runs/record.ts, fold.ts): the one reducer the UI's
// store and the CLI's run folder both follow.
import { describe, expect, it } from 'vitest';
import { createRunRecord } from '../core/runs/record';
import { foldRunMessage, type RunState } from '../core/runs/fold';
import type { MetricPoint } from '../core/record';
import { UI_CONFIG, UI_SUMMARY } from './ui-fakes';

const point = (step: number) => ({ step, trainLoss: 5, tokensPerSec: 100 }) as MetricPoint;
const fresh = (): RunState => ({
  record: createRunRecord({
    id: 'r1',
    name: 'tiny',
    label: 'attention: mqa→mha',
    config: UI_CONFIG,
    backend: { backend: 'wasm' },
    createdAt: '2026-01-01T00:00:00.000Z',
  }),
  metrics: [],
  checkpointStep: null,
});

describe('createRunRecord', () => {
  it('makes a queued record with no summary, its seed from the config, the adapter only when known', () => {
    const { record } = fresh();
    expect(record).toEqual({
      id: 'r1',
      name: 'tiny',
      label: 'attention: mqa→mha',
      config: UI_CONFIG,
      seed: UI_CONFIG.train.seed,
      backend: 'wasm',
      status: 'queued',
      createdAt: '2026-01-01T00:00:00.000Z',
      summary: null,
    });
    expect('adapter' in record).toBe(false);
    const gpu = createRunRecord({ ...record, backend: { backend: 'webgpu', adapterInfo: 'SwiftShader' } });
    expect(gpu.adapter).toBe('SwiftShader');
  });
});

describe('foldRunMessage', () => {
  it('appends only new points (a resumed run repeats steps), and keeps the checkpoint step and the phase', () => {
    let run = fresh();
    run = foldRunMessage(run, { type: 'metrics', runId: 'r1', points: [point(2), point(4)] });
    run = foldRunMessage(run, { type: 'metrics', runId: 'r1', points: [point(4), point(6)] });
    expect(run.metrics.map((p) => p.step)).toEqual([2, 4, 6]);
    run = foldRunMessage(run, { type: 'checkpoint', runId: 'r1', step: 6, bytes: new Uint8Array(1) });
    run = foldRunMessage(run, { type: 'phase', runId: 'r1', phase: 'evaluating' });
    expect(run).toMatchObject({ checkpointStep: 6, phase: 'evaluating' });
  });

  it('follows the status, keeping the reason until the run trains again', () => {
    let run = fresh();
    run = foldRunMessage(run, { type: 'status', runId: 'r1', state: 'paused', reason: 'paused by you' });
    expect(run).toMatchObject({ reason: 'paused by you', record: { status: 'paused' } });
    run = foldRunMessage(run, { type: 'status', runId: 'r1', state: 'paused' });
    expect(run.reason).toBe('paused by you');
    run = foldRunMessage(run, { type: 'status', runId: 'r1', state: 'running' });
    expect(run.reason).toBeUndefined();
    expect(run.record.status).toBe('running');
  });

  it('fails the run on an unrecoverable error only', () => {
    const run = fresh();
    expect(foldRunMessage(run, { type: 'error', runId: 'r1', message: 'sample failed', recoverable: true })).toBe(run);
    const failed = foldRunMessage(run, { type: 'error', runId: 'r1', message: 'device lost', recoverable: false });
    expect(failed).toMatchObject({ reason: 'device lost', record: { status: 'failed' } });
  });

  it('ends a live run as done with its summary, keeps an ended state, and merges the overlapped runs', () => {
    let run = foldRunMessage(fresh(), { type: 'status', runId: 'r1', state: 'running' });
    run = foldRunMessage(run, { type: 'done', runId: 'r1', summary: UI_SUMMARY, overlappedWith: ['a'] });
    expect(run.record).toMatchObject({ status: 'done', summary: UI_SUMMARY, overlappedWith: ['a'] });
    // Resumed later beside b: both runs are named, once each.
    run = foldRunMessage(run, { type: 'done', runId: 'r1', summary: UI_SUMMARY, overlappedWith: ['b', 'a'] });
    expect(run.record.overlappedWith).toEqual(['a', 'b']);
    const stopped = foldRunMessage(fresh(), { type: 'status', runId: 'r1', state: 'stopped' });
    const done = foldRunMessage(stopped, { type: 'done', runId: 'r1', summary: UI_SUMMARY });
    expect(done.record).toMatchObject({ status: 'stopped', summary: UI_SUMMARY });
    expect('overlappedWith' in done.record).toBe(false);
  });
});
