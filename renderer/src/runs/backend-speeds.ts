// Each backend's measured speed (pure): the median tokens/s and model FLOP/s of the newest run that trained on it,
// for the backend picker; and the backend choice kept between sessions.
import type { BackendName } from '../../../core/kernels/backend';
import { median } from '../../../core/metrics';
import type { RunEntry } from '../store/types';

/** In the order the worker tries them (core/kernels/backend.ts; a value import would pull in TensorFlow.js). */
export const BACKEND_NAMES: BackendName[] = ['webgpu', 'wasm', 'cpu'];

export interface BackendSpeed {
  backend: BackendName;
  /** null: no run on this backend has logged a step yet. */
  tokensPerSec: number | null;
  flopsPerSec: number | null;
  runName: string | null;
}

export function summarizeBackendSpeeds(runs: readonly RunEntry[]): BackendSpeed[] {
  return BACKEND_NAMES.map((backend) => {
    const newest = runs
      .filter((r) => r.record.backend === backend && r.metrics.length > 0)
      .sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt))[0];
    if (!newest) return { backend, tokensPerSec: null, flopsPerSec: null, runName: null };
    return {
      backend,
      tokensPerSec: median(newest.metrics.map((p) => p.tokensPerSec)),
      flopsPerSec: median(newest.metrics.map((p) => p.flopsPerSec)),
      runName: newest.record.name,
    };
  });
}

export const BACKEND_STORAGE_KEY = 'palm-workbench.backend';

/** The backend chosen in an earlier session, or undefined for the fastest that starts. */
export function readBackendChoice(storage: { getItem(key: string): string | null }): BackendName | undefined {
  const value = storage.getItem(BACKEND_STORAGE_KEY);
  return BACKEND_NAMES.find((b) => b === value);
}
