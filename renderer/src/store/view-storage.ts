// Keeps the chart settings (view), the Chart checkboxes, the samples panel's runs and the finished samples across
// reloads, in localStorage: small, and read before the first paint, unlike the runs in IndexedDB. A stored value that
// no longer parses is dropped (the defaults stand), never an error on start.
import { z } from 'zod';
import { DEFAULT_VIEW, type ViewSettings, type WorkbenchStore } from './workbench-store';
import type { SampleState } from './types';

export const VIEW_KEY = 'palm-workbench.view';
export const SAMPLES_KEY = 'palm-workbench.samples';

const viewSchema = z
  .object({
    xAxis: z.enum(['step', 'tokens', 'wallMs']),
    smoothing: z.number().min(0).max(0.99),
    logY: z.boolean(),
    hidden: z.record(z.string(), z.boolean()),
    showSeeds: z.boolean(),
    zoomLast: z.number().gt(0).max(1),
    margins: z.record(z.string(), z.record(z.string(), z.number().positive())),
    baselineId: z.string().nullable(),
    sampleFrom: z.string().nullable(),
    sampleWith: z.string().nullable(),
  })
  .partial();

const samplesSchema = z.record(
  z.string(),
  z.object({ prompt: z.string(), text: z.string(), tokensPerSec: z.number().nullable() }),
);

function readJson(storage: Pick<Storage, 'getItem'>, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** The stored view settings over the defaults. */
export function loadView(storage: Pick<Storage, 'getItem'>): ViewSettings {
  const parsed = viewSchema.safeParse(readJson(storage, VIEW_KEY));
  return { ...DEFAULT_VIEW, ...(parsed.success ? (parsed.data as Partial<ViewSettings>) : {}) };
}

/** The stored finished samples, by run id. */
export function loadSamples(storage: Pick<Storage, 'getItem'>): Record<string, SampleState> {
  const parsed = samplesSchema.safeParse(readJson(storage, SAMPLES_KEY));
  if (!parsed.success) return {};
  return Object.fromEntries(Object.entries(parsed.data).map(([id, s]) => [id, { ...s, pending: false }]));
}

/** Writes the view and the finished samples whenever they change (samples of deleted runs go with them). */
export function keepView(store: WorkbenchStore, storage: Pick<Storage, 'setItem'>): () => void {
  let view = store.getState().view;
  let samples = store.getState().samples;
  return store.subscribe((s) => {
    if (s.view !== view) storage.setItem(VIEW_KEY, JSON.stringify((view = s.view)));
    if (s.samples !== samples) {
      samples = s.samples;
      const done = Object.entries(samples).filter(([, x]) => !x.pending && !x.error && x.text !== '');
      const kept = done.map(([id, x]) => [id, { prompt: x.prompt, text: x.text, tokensPerSec: x.tokensPerSec }]);
      storage.setItem(SAMPLES_KEY, JSON.stringify(Object.fromEntries(kept)));
    }
  });
}
