// One peak per backend per machine: kept across loads, raised to a run's achieved FLOP/s above it, and an MFU that
// can never show above 100% — the same peak after a reload, so two runs of one config compare.
import { describe, expect, it } from 'vitest';
import type { ToWorker } from '../core/runs/protocol';
import { achievedFlopsPerSec, mfuReader, peakKey, revisePeak, type KeptPeak } from '../renderer/src/runs/peak';
import { keepPeak, type PeakStorage } from '../renderer/src/runs/peak-storage';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import type { RunEntry } from '../renderer/src/store/types';
import { makePoint, UI_CONFIG } from './ui-fakes';

const NOW = new Date('2026-12-07T10:00:00Z');
const READY = { backend: 'wasm' as const, limits: {} as never, wasmThreads: 2 };

function run(id: string, flops: number[], mfuPeak: number, status: RunEntry['record']['status'] = 'running'): RunEntry {
  return {
    record: {
      id,
      name: id,
      label: '',
      config: UI_CONFIG,
      seed: 0,
      backend: 'wasm',
      status,
      createdAt: '',
      summary: null,
    },
    metrics: flops.map((f, i) => makePoint(i + 1, { flopsPerSec: f, mfu: f / mfuPeak })),
    checkpointStep: null,
    attached: true,
  };
}

class MemoryPeaks implements PeakStorage {
  peaks = new Map<string, KeptPeak>();
  async load(key: string) {
    return this.peaks.get(key);
  }
  async save(key: string, peak: KeptPeak) {
    this.peaks.set(key, peak);
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the peak', () => {
  it('belongs to a backend, its adapter and its threads', () => {
    expect(peakKey(READY)).toBe('wasm||2');
    expect(peakKey({ backend: 'webgpu', adapterInfo: 'swiftshader' })).toBe('webgpu|swiftshader|');
  });

  it('is raised to a faster achieved FLOP/s, and otherwise kept as it is', () => {
    const kept: KeptPeak = { flopsPerSec: 2e10, source: 'calibrated', at: 'then' };
    expect(revisePeak(kept, 1.9e10, NOW)).toBe(kept);
    expect(revisePeak(kept, 2.5e10, NOW)).toEqual({ flopsPerSec: 2.5e10, source: 'revised', at: NOW.toISOString() });
    expect(achievedFlopsPerSec([makePoint(1, { flopsPerSec: 3 }), makePoint(2, { flopsPerSec: 5 })])).toBe(5);
  });

  it('never gives an MFU above 100%: a run faster than a peak measured in a busy moment reads 100% at most', () => {
    // Calibrated at 1.45e10 under load; the run later reaches 1.8e10 (its logged MFU: 124%).
    const r = run('a', [1.2e10, 1.8e10, 1.5e10], 1.45e10);
    const read = mfuReader(r, { backend: 'wasm', peakFlopsPerSec: 1.45e10 });
    const mfus = r.metrics.map(read);
    expect(Math.max(...(mfus as number[]))).toBe(1);
    expect(mfus[0]).toBeCloseTo(1.2e10 / 1.8e10, 12);
  });
});

describe('keepPeak', () => {
  it('keeps a calibration, hands it to the workers after a reload, and revises it up when a run is faster', async () => {
    const storage = new MemoryPeaks();
    // First load: the workers calibrate at 2e10.
    const first = createWorkbenchStore();
    const firstPosted: ToWorker[] = [];
    keepPeak(first, { postMessage: (m) => firstPosted.push(m) }, storage, () => NOW);
    first.setState({ backend: READY });
    await flush();
    // None kept yet and nothing training: measured at once, for the builder's first estimate.
    expect(firstPosted).toEqual([{ type: 'calibrate' }]);
    first.setState({ backend: { ...first.getState().backend!, peakFlopsPerSec: 2e10 } });
    await flush();
    expect(storage.peaks.get('wasm||2')).toMatchObject({ flopsPerSec: 2e10, source: 'calibrated' });

    // Reload: the kept peak goes to the workers (no calibration) and is the store's.
    const posted: ToWorker[] = [];
    const second = createWorkbenchStore();
    keepPeak(second, { postMessage: (m) => posted.push(m) }, storage, () => NOW);
    second.setState({ backend: READY });
    await flush();
    expect(posted).toEqual([{ type: 'use-calibration', peakFlopsPerSec: 2e10 }]);
    expect(second.getState().backend?.peakFlopsPerSec).toBe(2e10);

    // A run of this load achieves 2.6e10: the peak rises to it, is kept, and its MFU reads 100% at most.
    second.getState().addRuns([run('b', [2.2e10, 2.6e10], 2e10)]);
    await flush();
    expect(storage.peaks.get('wasm||2')).toMatchObject({ flopsPerSec: 2.6e10, source: 'revised' });
    expect(second.getState().backend?.peakFlopsPerSec).toBe(2.6e10);
    expect(posted.at(-1)).toEqual({ type: 'use-calibration', peakFlopsPerSec: 2.6e10 });
    const b = second.getState().runs.b!;
    const mfus = b.metrics.map(mfuReader(b, second.getState().backend)) as number[];
    expect(Math.max(...mfus)).toBe(1);
  });

  it('gives two runs of one config the same peak across a reload, so their MFU ratio is their speed ratio', async () => {
    const storage = new MemoryPeaks();
    await storage.save('wasm||2', { flopsPerSec: 3e10, source: 'calibrated', at: 'then' });
    const before = run('x', [1.5e10], 3e10, 'done');
    const store = createWorkbenchStore();
    keepPeak(store, { postMessage: () => {} }, storage, () => NOW);
    store.setState({ backend: READY });
    await flush();
    const after = run('y', [1.2e10], 1.45e10, 'done'); // its worker had calibrated low before the kept peak came
    const backend = store.getState().backend;
    const [m1] = before.metrics.map(mfuReader(before, backend)) as number[];
    const [m2] = after.metrics.map(mfuReader(after, backend)) as number[];
    expect(m2! / m1!).toBeCloseTo(1.2 / 1.5, 12);
  });
});
