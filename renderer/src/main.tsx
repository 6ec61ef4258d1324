// Starts the workbench: opens IndexedDB, restores the stored runs (interrupted ones as paused) and benches, keeps
// storage in step with the store, starts the pool of training workers, and mounts the React app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createBuilderStore } from './builder/builder-store';
import { listPresets } from './builder/presets';
import { ServicesContext } from './context';
import { desktopApi } from './desktop';
import { startPersistenceSync } from './store/persistence-sync';
import { keepBenches, openBenchStorage, parseStoredBenches } from './store/bench-storage';
import { keepView, loadSamples, loadView } from './store/view-storage';
import { keepPeak, openPeakStorage } from './runs/peak-storage';
import { openRunStorage } from './store/run-storage';
import { readBackendChoice } from './runs/backend-speeds';
import { parseStoredRuns, restoreRun } from './store/serialise';
import { createWorkbenchStore } from './store/workbench-store';
import { createTrainingClient } from './training-client';
import { createWorkerPool } from '../../core/runs/pool';
import { createBrowserWorker } from './worker-pool';
import { followBackend, readParallelRunsChoice, resolveParallelRuns } from './runs/parallel-runs';
import './styles.css';

async function startWorkbench(): Promise<void> {
  const storage = await openRunStorage();
  const { runs, problems } = parseStoredRuns(await storage.loadRuns());
  const stored = runs.map((run) => restoreRun(run));
  const store = createWorkbenchStore({
    runs: Object.fromEntries(stored.map((r) => [r.record.id, r])),
    order: stored.map((r) => r.record.id),
  });
  for (const p of problems) store.getState().notify(p);
  const benchStorage = await openBenchStorage();
  const kept = parseStoredBenches(await benchStorage.loadAll());
  store.setState({ benches: kept.benches });
  for (const p of kept.problems) store.getState().notify(p);
  keepBenches(store, benchStorage);
  store.setState({ view: loadView(localStorage), samples: loadSamples(localStorage) });
  keepView(store, localStorage);
  startPersistenceSync(store, storage);
  const cores = navigator.hardwareConcurrency || 1;
  const backendChoice = readBackendChoice(localStorage);
  // A backend picked in the picker gives the pool its size now, so the first worker's wasm threads are its share.
  const size = resolveParallelRuns(backendChoice, readParallelRunsChoice(localStorage), cores);
  const pool = createWorkerPool({ createWorker: createBrowserWorker, size, cores });
  const client = createTrainingClient(pool, store, storage);
  followBackend(store, pool, localStorage, cores);
  keepPeak(store, pool, await openPeakStorage());
  client.init(backendChoice, desktopApi()?.systemMemoryBytes());
  const presets = listPresets();
  const firstPreset = presets[0];
  if (firstPreset === undefined) throw new Error('no presets to start the builder from');
  const builder = createBuilderStore(firstPreset, localStorage);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <ServicesContext.Provider value={{ store, builder, client, pool, presets }}>
        <App />
      </ServicesContext.Provider>
    </StrictMode>,
  );
}

startWorkbench().catch((e: unknown) => {
  document.body.textContent = `PaLM Workbench could not start: ${e instanceof Error ? e.message : String(e)}`;
});
