// The zustand store: the workbench's data (runs, backend, samples, notices) and the UI's view settings, with the
// few actions that change them. Side effects (the worker, IndexedDB) live in training-client.ts and persistence-sync.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FromWorker } from '../../../core/worker/protocol';
import { addNotice, reduceWorkerMessage } from './reduce-message';
import { EMPTY_DATA, type RunEntry, type SampleState, type WorkbenchData } from './types';
import type { XAxisKey } from '../charts/metrics';

export interface ViewSettings {
  xAxis: XAxisKey;
  smoothing: number;
  logY: boolean;
  /** Runs hidden from the charts. */
  hidden: Record<string, boolean>;
  /** The run the comparison table and paper panel compare with; null = each experiment's base. */
  baselineId: string | null;
}

export interface WorkbenchState extends WorkbenchData {
  view: ViewSettings;
  applyMessages(messages: FromWorker[]): void;
  addRuns(entries: RunEntry[]): void;
  replaceRun(entry: RunEntry): void;
  removeRun(runId: string): void;
  setSample(runId: string, sample: SampleState): void;
  notify(message: string): void;
  dismissNotice(id: number): void;
  setView(change: Partial<ViewSettings>): void;
}

export type WorkbenchStore = StoreApi<WorkbenchState>;

export const DEFAULT_VIEW: ViewSettings = { xAxis: 'step', smoothing: 0.6, logY: false, hidden: {}, baselineId: null };

export function createWorkbenchStore(initial: Partial<WorkbenchData> = {}): WorkbenchStore {
  return createStore<WorkbenchState>()((set) => ({
    ...EMPTY_DATA,
    ...initial,
    view: DEFAULT_VIEW,
    applyMessages: (messages) => set((s) => messages.reduce<WorkbenchData>(reduceWorkerMessage, s)),
    addRuns: (entries) =>
      set((s) => ({
        runs: { ...s.runs, ...Object.fromEntries(entries.map((e) => [e.record.id, e])) },
        order: [...s.order, ...entries.map((e) => e.record.id).filter((id) => !(id in s.runs))],
      })),
    replaceRun: (entry) => set((s) => ({ runs: { ...s.runs, [entry.record.id]: entry } })),
    removeRun: (runId) =>
      set((s) => {
        const runs = { ...s.runs };
        delete runs[runId];
        const samples = { ...s.samples };
        delete samples[runId];
        return {
          runs,
          samples,
          order: s.order.filter((id) => id !== runId),
          view: s.view.baselineId === runId ? { ...s.view, baselineId: null } : s.view,
        };
      }),
    setSample: (runId, sample) => set((s) => ({ samples: { ...s.samples, [runId]: sample } })),
    notify: (message) => set((s) => addNotice(s, message)),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    setView: (change) => set((s) => ({ view: { ...s.view, ...change } })),
  }));
}
