// The interactive legend's logic (click hides a variant, shift-click isolates it) and the view settings, Chart
// checkboxes, the samples panel's runs and the samples kept across a reload in localStorage.
import { describe, expect, it } from 'vitest';
import type { Variant } from '../renderer/src/runs/variants';
import { toggleVariant } from '../renderer/src/runs/variants';
import { keepView, loadSamples, loadView, SAMPLES_KEY, VIEW_KEY } from '../renderer/src/store/view-storage';
import { createWorkbenchStore, DEFAULT_VIEW } from '../renderer/src/store/workbench-store';

const variant = (key: string, runIds: string[]): Variant => ({ key, name: key, runIds, style: { colour: '#000' } });
const V = [variant('mqa', ['a0', 'a1', 'a2']), variant('mha', ['b0', 'b1', 'b2']), variant('x', ['c0'])];

describe('legend clicks', () => {
  it('hide every seed of a shown variant, and show them again', () => {
    const hidden = toggleVariant({}, V, 'mqa', false);
    expect(hidden).toEqual({ a0: true, a1: true, a2: true });
    expect(toggleVariant(hidden, V, 'mqa', false)).toEqual({ a0: false, a1: false, a2: false });
  });

  it('isolate a variant with shift, and show all again with a second shift-click', () => {
    const alone = toggleVariant({}, V, 'mha', true);
    expect(
      Object.entries(alone)
        .filter(([, h]) => !h)
        .map(([id]) => id),
    ).toEqual(['b0', 'b1', 'b2']);
    expect(Object.values(toggleVariant(alone, V, 'mha', true)).every((h) => !h)).toBe(true);
  });

  it('leave the checkboxes as they are for a variant it does not know', () => {
    expect(toggleVariant({ a0: true }, V, 'gone', false)).toEqual({ a0: true });
  });
});

class MemoryLocalStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
}

describe('view settings and samples across a reload', () => {
  it('come back as they were left; pending or failed samples are not kept', () => {
    const storage = new MemoryLocalStorage();
    const store = createWorkbenchStore();
    keepView(store, storage);
    store.getState().setView({ smoothing: 0.8, logY: true, hidden: { a0: true }, showSeeds: true, zoomLast: 0.2 });
    store.getState().setSample('a0', { pending: false, prompt: 'The ', text: 'whale', tokensPerSec: 812 });
    store.getState().setSample('a1', { pending: true, prompt: 'x', text: '', tokensPerSec: null });
    expect(loadView(storage)).toEqual({
      ...DEFAULT_VIEW,
      smoothing: 0.8,
      logY: true,
      hidden: { a0: true },
      showSeeds: true,
      zoomLast: 0.2,
    });
    expect(loadSamples(storage)).toEqual({
      a0: { pending: false, prompt: 'The ', text: 'whale', tokensPerSec: 812 },
    });
  });

  it("keep the samples panel's two runs, and forget a run that is deleted", () => {
    const storage = new MemoryLocalStorage();
    const store = createWorkbenchStore();
    keepView(store, storage);
    store.getState().setView({ sampleFrom: 'a0', sampleWith: 'b0', baselineId: 'a0' });
    expect(loadView(storage)).toMatchObject({ sampleFrom: 'a0', sampleWith: 'b0' });
    store.getState().removeRun('b0');
    expect(loadView(storage)).toMatchObject({ sampleFrom: 'a0', sampleWith: null, baselineId: 'a0' });
    store.getState().removeRun('a0');
    expect(loadView(storage)).toMatchObject({ sampleFrom: null, sampleWith: null, baselineId: null });
  });

  it('fall back to the defaults when what is stored does not parse', () => {
    const storage = new MemoryLocalStorage();
    storage.setItem(VIEW_KEY, '{"smoothing": 7');
    storage.setItem(SAMPLES_KEY, '{"a": {"text": 3}}');
    expect(loadView(storage)).toEqual(DEFAULT_VIEW);
    expect(loadSamples(storage)).toEqual({});
  });
});
