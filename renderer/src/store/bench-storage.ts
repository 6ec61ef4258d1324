// Keeps each experiment's latest interleaved bench across reloads, in its own IndexedDB database (as the peaks are,
// runs/peak-storage.ts) so the runs' database keeps its version. A stored bench that no longer parses is named in a
// notice and left out, never an error on start.
import { openDB } from 'idb';
import { z } from 'zod';
import type { WorkbenchStore } from './workbench-store';
import type { BenchRecord } from './types';

export interface BenchStorage {
  /** As stored, in no order: read back through parseStoredBenches. */
  loadAll(): Promise<unknown[]>;
  save(bench: BenchRecord): Promise<void>;
  delete(experimentId: string): Promise<void>;
}

export async function openBenchStorage(): Promise<BenchStorage> {
  const db = await openDB('palm-workbench-benches', 1, {
    upgrade(database) {
      database.createObjectStore('benches', { keyPath: 'experimentId' });
    },
  });
  return {
    loadAll: () => db.getAll('benches'),
    save: async (bench) => {
      await db.put('benches', bench);
    },
    delete: (experimentId) => db.delete('benches', experimentId),
  };
}

const positive = z.number().positive();
const benchSchema = z.object({
  experimentId: z.string(),
  backend: z.string(),
  adapterInfo: z.string().optional(),
  wasmThreads: z.number().int().positive().optional(),
  steps: z.number().int().positive(),
  measuredAt: z.string(),
  speeds: z.array(
    z.object({
      name: z.string(),
      tokensPerSec: positive,
      iqr: z.tuple([positive, positive]),
      backend: z.string(),
      rounds: z.array(positive).min(1),
      set: z.number().int().min(0),
    }),
  ),
});

/** The stored benches by experiment id, and a line for each one left out. */
export function parseStoredBenches(stored: unknown[]): { benches: Record<string, BenchRecord>; problems: string[] } {
  const benches: Record<string, BenchRecord> = {};
  const problems: string[] = [];
  for (const [i, item] of stored.entries()) {
    const parsed = benchSchema.safeParse(item);
    if (parsed.success) benches[parsed.data.experimentId] = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      problems.push(`a stored bench (${i}) was left out: ${issue?.path.join('.') || 'it'}: ${issue?.message}`);
    }
  }
  return { benches, problems };
}

/** Writes each bench that changed, and removes those gone (an experiment whose runs were all deleted drops its own). */
export function keepBenches(store: WorkbenchStore, storage: BenchStorage): () => void {
  let saved = store.getState().benches;
  const report = (e: unknown) => store.getState().notify(`could not keep the bench in this browser: ${String(e)}`);
  return store.subscribe((s) => {
    if (s.benches === saved) return;
    const previous = saved;
    saved = s.benches;
    for (const [id, bench] of Object.entries(s.benches)) if (previous[id] !== bench) storage.save(bench).catch(report);
    for (const id of Object.keys(previous)) if (!(id in s.benches)) storage.delete(id).catch(report);
  });
}
