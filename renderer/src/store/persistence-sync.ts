// Keeps IndexedDB in step with the store: every run whose entry changed is written at most once a second, and
// at once when the page is hidden or closed, so a reload loses at most the last second of metrics.
import { toStoredRun } from './serialise';
import type { RunStorage } from './run-storage';
import type { WorkbenchStore } from './workbench-store';
import type { RunEntry } from './types';

export interface PersistenceSync {
  /** Writes every pending change now. */
  flush(): Promise<void>;
  stop(): void;
}

export function startPersistenceSync(store: WorkbenchStore, storage: RunStorage, delayMs = 1000): PersistenceSync {
  let saved: Record<string, RunEntry> = store.getState().runs;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const runs = store.getState().runs;
    const previous = saved;
    saved = runs;
    const writes = Object.values(runs)
      .filter((entry) => previous[entry.record.id] !== entry)
      .map((entry) => storage.saveRun(toStoredRun(entry)));
    const deletes = Object.keys(previous)
      .filter((id) => !(id in runs))
      .map((id) => storage.deleteRun(id));
    await Promise.all([...writes, ...deletes]);
  };

  // A failed write (quota, a closed database) is a notice, not a silent loss.
  const flushReporting = () =>
    flush().catch((e: unknown) => store.getState().notify(`could not save runs in this browser: ${String(e)}`));
  const unsubscribe = store.subscribe((state) => {
    if (state.runs !== saved && !timer) timer = setTimeout(() => void flushReporting(), delayMs);
  });
  const onHide = () => void flushReporting();
  globalThis.addEventListener?.('pagehide', onHide);
  return {
    flush,
    stop() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      globalThis.removeEventListener?.('pagehide', onHide);
    },
  };
}
