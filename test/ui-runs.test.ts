// The run queue's pure parts: runs grouped by experiment with the experiment's own baseline (not an unrelated run),
// a chosen baseline for all, steps/s with the time left from the logged wall time, and the worker's phase in words.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import { summarizeBackendSpeeds } from '../renderer/src/runs/backend-speeds';
import { describeProgress, findBaselines, groupRuns } from '../renderer/src/runs/groups';
import { describePhase } from '../renderer/src/runs/phase';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import type { RunEntry } from '../renderer/src/store/types';
import { makePoint } from './ui-fakes';

const config = parseConfig({});
const entry = (id: string, label: string, experiment?: { id: string; name: string }): RunEntry => ({
  record: { id, name: id, label, config, seed: 0, backend: 'cpu', status: 'done', createdAt: '', summary: null },
  metrics: [],
  checkpointStep: null,
  attached: false,
  ...(experiment ? { experiment } : {}),
});

describe('run groups', () => {
  const a = { id: 'A', name: 'mha-vs-mqa' };
  const b = { id: 'B', name: 'serial-vs-parallel' };
  const runs = [
    entry('old', ''),
    entry('a1', '', a),
    entry('a2', 'attention: mqa→mha', a),
    entry('b1', 'block: parallel→serial', b),
    entry('b2', '', b),
  ];

  it('groups runs by experiment in queue order, each with its own base as baseline', () => {
    expect(groupRuns(runs)).toEqual([
      { id: 'run:old', name: 'old', runIds: ['old'], baselineId: 'old' },
      { id: 'A', name: 'mha-vs-mqa', runIds: ['a1', 'a2'], baselineId: 'a1' },
      { id: 'B', name: 'serial-vs-parallel', runIds: ['b1', 'b2'], baselineId: 'b2' },
    ]);
  });

  it("compares each run with its own experiment's base unless one run is chosen for all", () => {
    const own = findBaselines(runs, null);
    expect([own.get('a2'), own.get('b1'), own.get('old')]).toEqual(['a1', 'b2', 'old']);
    const chosen = findBaselines(runs, 'a2');
    expect([chosen.get('b1'), chosen.get('a1')]).toEqual(['a2', 'a2']);
    // A deleted choice falls back to the experiments' own bases.
    expect(findBaselines(runs, 'gone').get('b1')).toBe('b2');
  });

  it('with repeated seeds, compares each run with the base trained with its own seed', () => {
    const seeded = (id: string, label: string, seed: number): RunEntry => {
      const e = entry(id, label, a);
      return { ...e, record: { ...e.record, seed } };
    };
    const repeated = [
      seeded('q0', '', 0),
      seeded('h0', 'x', 0),
      seeded('q1', '', 1),
      seeded('h1', 'x', 1),
      seeded('h2', 'x', 2),
    ];
    const own = findBaselines(repeated, null);
    // A seed without its base run (deleted) falls back to the experiment's first base.
    expect(['h0', 'q1', 'h1', 'h2'].map((id) => own.get(id))).toEqual(['q0', 'q1', 'q1', 'q0']);
    expect(findBaselines(repeated, 'h0').get('h1')).toBe('h0');
  });
});

describe('progress', () => {
  it('gives steps/s and the time left from the wall time of the last points', () => {
    // makePoint: 10 ms of wall time per step, so 100 steps/s; 60 of 100 steps left → 600 ms.
    const p = describeProgress([makePoint(10), makePoint(20), makePoint(40)], 100);
    expect(p.step).toBe(40);
    expect(p.stepsPerSec).toBeCloseTo(100, 9);
    expect(p.etaMs).toBeCloseTo(600, 9);
  });

  it('has no rate before the first point, and the step time with one', () => {
    expect(describeProgress([], 100)).toEqual({ step: 0, steps: 100, stepsPerSec: null, etaMs: null });
    expect(describeProgress([makePoint(5, { stepMs: 50 })], 10).etaMs).toBeCloseTo(250, 9);
  });
});

describe('backend speeds', () => {
  it('gives each backend the median tokens/s of the newest run on it, and none where nothing ran', () => {
    const at = (id: string, backend: string, createdAt: string, tokensPerSec: number[]): RunEntry => {
      const e = entry(id, '');
      return {
        ...e,
        record: { ...e.record, backend, createdAt },
        metrics: tokensPerSec.map((t, i) => makePoint(i + 1, { tokensPerSec: t })),
      };
    };
    const speeds = summarizeBackendSpeeds([
      at('old', 'webgpu', '2025-01-01', [900]),
      at('new', 'webgpu', '2025-01-02', [100, 300, 200]),
      at('w', 'wasm', '2025-01-01', [50, 70]),
    ]);
    expect(speeds.map((s) => [s.backend, s.tokensPerSec, s.runName])).toEqual([
      ['webgpu', 200, 'new'],
      ['wasm', 60, 'w'],
      ['cpu', null, null],
    ]);
  });
});

describe('run phase', () => {
  it("says the worker's own phase of a running run in words, and nothing for a finished one", () => {
    expect(describePhase('running', 'calibrating')).toBe('calibrating the peak');
    expect(describePhase('running', 'building-tokenizer')).toBe('building the tokenizer');
    expect(describePhase('running', undefined)).toBe('starting');
    expect(describePhase('queued', undefined)).toBe('waiting for its turn');
    expect(describePhase('done', 'training')).toBeNull();
  });

  it('keeps the phase the worker sends in the store', () => {
    const store = createWorkbenchStore();
    store.getState().addRuns([{ ...entry('r', ''), record: { ...entry('r', '').record, status: 'running' } }]);
    store.getState().applyMessages([{ type: 'phase', runId: 'r', phase: 'evaluating' }]);
    expect(store.getState().runs.r!.phase).toBe('evaluating');
  });
});
