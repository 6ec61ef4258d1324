// Keeps each backend's peak across page loads (runs/peak.ts), in its own IndexedDB database so the runs' database
// keeps its version: the first calibration is measured once per machine, not once per load, and a run's MFU
// compares with the last load's. Re-measured only when the user asks (BackendBadge) or revised up by a faster run.
import { openDB } from 'idb';
import type { WorkerPort } from '../../../core/runs/worker-link';
import type { WorkbenchStore } from '../store/workbench-store';
import { achievedFlopsPerSec, peakKey, revisePeak, type KeptPeak } from './peak';

export interface PeakStorage {
  load(key: string): Promise<KeptPeak | undefined>;
  save(key: string, peak: KeptPeak): Promise<void>;
}

export async function openPeakStorage(): Promise<PeakStorage> {
  const db = await openDB('palm-workbench-peaks', 1, {
    upgrade(database) {
      database.createObjectStore('peaks');
    },
  });
  return {
    load: (key) => db.get('peaks', key) as Promise<KeptPeak | undefined>,
    save: async (key, peak) => {
      await db.put('peaks', peak, key);
    },
  };
}

/**
 * Once the backend is up: hands a kept peak to the workers (they then skip the calibration), keeps a new
 * calibration, and raises the kept peak to a run's achieved FLOP/s above it. The store's backend peak follows.
 */
export function keepPeak(
  store: WorkbenchStore,
  pool: Pick<WorkerPort, 'postMessage'>,
  storage: PeakStorage,
  now = () => new Date(),
): () => void {
  let key: string | null = null;
  let kept: KeptPeak | null = null;
  const adopt = (peak: KeptPeak) => {
    kept = peak;
    pool.postMessage({ type: 'use-calibration', peakFlopsPerSec: peak.flopsPerSec });
    const backend = store.getState().backend;
    if (backend) store.setState({ backend: { ...backend, peakFlopsPerSec: peak.flopsPerSec, peakSource: peak } });
  };
  return store.subscribe((s) => {
    const backend = s.backend;
    if (!backend) return;
    if (key === null) {
      key = peakKey(backend);
      const k = key;
      void storage.load(k).then((stored) => {
        if (stored && !kept) adopt(stored);
        // None kept on this machine yet: measure it now, while idle, so the builder can give a first estimate at
        // once (not beside a run, which would measure a shared device; a run measures it itself then).
        const busy = Object.values(store.getState().runs).some((r) => ['running', 'queued'].includes(r.record.status));
        if (!stored && !busy && store.getState().backend?.peakFlopsPerSec === undefined)
          pool.postMessage({ type: 'calibrate' });
      });
      return;
    }
    // A calibration the workers measured (first time on this machine, or a re-measure): kept as it is.
    const measured = backend.peakFlopsPerSec;
    if (measured !== undefined && measured !== kept?.flopsPerSec) {
      kept = { flopsPerSec: measured, source: 'calibrated', at: now().toISOString() };
      store.setState({ backend: { ...backend, peakSource: kept } });
      void storage.save(key, kept);
      return;
    }
    if (!kept) return;
    // Only runs training now: every run of this load trains on this backend, and stored ones were checked before.
    const running = Object.values(s.runs).filter((r) => r.record.status === 'running');
    const fastest = Math.max(...running.map((r) => achievedFlopsPerSec(r.metrics)), 0);
    const revised = revisePeak(kept, fastest, now());
    if (revised !== kept) {
      void storage.save(key, revised);
      adopt(revised);
    }
  });
}
