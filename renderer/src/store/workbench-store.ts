// The zustand store: the workbench's data (runs, backend, samples, notices) and the UI's view settings, with the
// few actions that change them. Side effects (the worker, IndexedDB) live in training-client.ts and persistence-sync.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FromWorker } from '../../../core/runs/protocol';
import { addNotice, reduceWorkerMessage } from './reduce-message';
import { EMPTY_DATA, type RunEntry, type SampleState, type WorkbenchData } from './types';
import type { XAxisKey } from '../charts/metrics';
import type { Margins } from '../../../core/report';
import { pickRunStyles, type RunStyle } from '../palette';
import { variantConfigKey } from '../../../core/report/units';

export interface ViewSettings {
  xAxis: XAxisKey;
  smoothing: number;
  logY: boolean;
  /** Runs hidden from the charts. */
  hidden: Record<string, boolean>;
  /** Each seed of a variant drawn faintly behind its mean and band. */
  showSeeds: boolean;
  /** The share of the x range shown, its end (1 = all; 0.2 = the last 20%): the y axis fits what is shown. */
  zoomLast: number;
  /** Each experiment's own neutrality margins (by experiment group id, then metric), where the user set them. */
  margins: Record<string, Margins>;
  /** The run the comparison table and paper panel compare with; null = each experiment's base. */
  baselineId: string | null;
  /** The samples panel's "Sample from" run and its "Compare with" run; null = the first sampleable run, none. */
  sampleFrom: string | null;
  sampleWith: string | null;
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

export const DEFAULT_VIEW: ViewSettings = {
  xAxis: 'step',
  smoothing: 0.6,
  logY: false,
  hidden: {},
  showSeeds: false,
  zoomLast: 1,
  margins: {},
  baselineId: null,
  sampleFrom: null,
  sampleWith: null,
};

/** A run's variant: its experiment and its config without the seed (runs/variants.ts groups runs so). */
const variantOf = (e: RunEntry) => `${e.experiment?.id ?? `run:${e.record.id}`} ${variantConfigKey(e.record.config)}`;

/**
 * Entries with a style each: kept where they have one; else their variant's (a seed of a variant already here, or
 * picked with it), else one picked to differ from every other variant's. Picked once and stored, so deleting or
 * hiding a run never recolours another.
 */
function styleRuns(entries: RunEntry[], others: RunEntry[] = []): RunEntry[] {
  const byVariant = new Map<string, RunStyle>();
  for (const e of [...others, ...entries])
    if (e.style && !byVariant.has(variantOf(e))) byVariant.set(variantOf(e), e.style);
  const taken = [...byVariant.values()];
  return entries.map((e) => {
    if (e.style) return e;
    const key = variantOf(e);
    let style = byVariant.get(key);
    if (!style) {
      style = pickRunStyles([e.record.id], taken)[0]!; // one id, one style
      byVariant.set(key, style);
      taken.push(style);
    }
    return { ...e, style };
  });
}

export function createWorkbenchStore(initial: Partial<WorkbenchData> = {}): WorkbenchStore {
  const initialRuns = initial.order
    ? styleRuns(initial.order.flatMap((id) => (initial.runs?.[id] ? [initial.runs[id]] : [])))
    : [];
  return createStore<WorkbenchState>()((set) => ({
    ...EMPTY_DATA,
    ...initial,
    ...(initial.runs
      ? { runs: { ...initial.runs, ...Object.fromEntries(initialRuns.map((e) => [e.record.id, e])) } }
      : {}),
    view: DEFAULT_VIEW,
    applyMessages: (messages) => set((s) => messages.reduce<WorkbenchData>(reduceWorkerMessage, s)),
    addRuns: (entries) =>
      set((s) => {
        const styled = styleRuns(
          entries,
          Object.values(s.runs).filter((r) => !entries.some((e) => e.record.id === r.record.id)),
        );
        return {
          runs: { ...s.runs, ...Object.fromEntries(styled.map((e) => [e.record.id, e])) },
          order: [...s.order, ...entries.map((e) => e.record.id).filter((id) => !(id in s.runs))],
        };
      }),
    // A replaced entry keeps the style it had unless it brings one.
    replaceRun: (entry) =>
      set((s) => ({
        runs: { ...s.runs, [entry.record.id]: { ...entry, style: entry.style ?? s.runs[entry.record.id]?.style } },
      })),
    removeRun: (runId) =>
      set((s) => {
        const runs = { ...s.runs };
        delete runs[runId];
        const samples = { ...s.samples };
        delete samples[runId];
        // The last run of an experiment takes its bench with it.
        const group = s.runs[runId]?.experiment?.id ?? `run:${runId}`;
        const benches = { ...s.benches };
        if (!Object.values(runs).some((r) => (r.experiment?.id ?? `run:${r.record.id}`) === group))
          delete benches[group];
        // A deleted run is no longer the baseline or a sample choice.
        const keep = (id: string | null) => (id === runId ? null : id);
        const { baselineId, sampleFrom, sampleWith } = s.view;
        const dropped = [baselineId, sampleFrom, sampleWith].includes(runId);
        return {
          runs,
          samples,
          benches: group in s.benches ? benches : s.benches,
          order: s.order.filter((id) => id !== runId),
          view: dropped
            ? { ...s.view, baselineId: keep(baselineId), sampleFrom: keep(sampleFrom), sampleWith: keep(sampleWith) }
            : s.view,
        };
      }),
    setSample: (runId, sample) => set((s) => ({ samples: { ...s.samples, [runId]: sample } })),
    notify: (message) => set((s) => addNotice(s, message)),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    setView: (change) => set((s) => ({ view: { ...s.view, ...change } })),
  }));
}
