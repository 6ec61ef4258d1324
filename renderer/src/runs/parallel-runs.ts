// The "parallel runs" setting, kept between sessions: how many runs train at once on this backend — one on WebGPU
// (its runs share one device), else the user's choice or half the cores (core/runs/shares.ts, as `run
// --jobs`); and the pool following the backend once the worker reports it.
import { defaultParallelRuns } from '../../../core/runs/shares';
import type { BackendName } from '../../../core/kernels/backend';
import type { WorkbenchStore } from '../store/workbench-store';
import type { WorkerPool } from '../../../core/runs/pool';

export const PARALLEL_RUNS_STORAGE_KEY = 'palm-workbench.parallel-runs';

interface SettingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The count chosen in an earlier session, or undefined for the backend's default. */
export function readParallelRunsChoice(storage: Pick<SettingStorage, 'getItem'>): number | undefined {
  const n = Number(storage.getItem(PARALLEL_RUNS_STORAGE_KEY));
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function writeParallelRunsChoice(storage: SettingStorage, n: number): void {
  storage.setItem(PARALLEL_RUNS_STORAGE_KEY, String(n));
}

/** Runs that train at once, 1..cores; before the backend is known, the choice or one. */
export function resolveParallelRuns(backend: BackendName | undefined, choice: number | undefined, cores: number) {
  if (backend === 'webgpu') return 1;
  const wanted = choice ?? (backend ? defaultParallelRuns(backend, cores) : 1);
  return Math.min(Math.max(1, cores), Math.max(1, wanted));
}

/** Resizes the pool when the worker reports its backend (its default differs per backend). */
export function followBackend(
  store: WorkbenchStore,
  pool: Pick<WorkerPool, 'resize'>,
  storage: Pick<SettingStorage, 'getItem'>,
  cores: number,
): () => void {
  return store.subscribe((s, prev) => {
    const backend = s.backend?.backend;
    if (backend !== prev.backend?.backend)
      pool.resize(resolveParallelRuns(backend, readParallelRunsChoice(storage), cores));
  });
}
