// Chart axes and run colours: 1-2-5 ticks (linear and log) against hand-picked values, tick labels with the
// decimals the step needs, units per quantity (binary bytes, %, ×10^k), and colours that stay with their run.
import { describe, expect, it } from 'vitest';
import {
  buildLinearTicks,
  buildLogTicks,
  decimalsForStep,
  formatTick,
  pickNiceStep,
} from '../renderer/src/charts/axis';
import { buildAxis, findRowsExtent } from '../renderer/src/charts/chart-axes';
import { formatPowerOfTen, pickAxisUnit, titleWithUnit } from '../renderer/src/charts/units';
import { hashRunId, pickRunStyle, pickRunStyles, RUN_COLOURS } from '../renderer/src/palette';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { describeMfuPeak } from '../renderer/src/charts/metrics';
import { parseConfig } from '../core/config';
import type { RunEntry } from '../renderer/src/store/types';

describe('1-2-5 ticks', () => {
  it('picks steps of 1, 2 or 5 × 10^k', () => {
    expect(pickNiceStep(10, 6)).toBe(2);
    expect(pickNiceStep(0.9, 6)).toBeCloseTo(0.2, 12);
    expect(pickNiceStep(4500, 6)).toBe(1000);
    expect(pickNiceStep(0.0031, 6)).toBeCloseTo(0.001, 12);
  });

  it('encloses a loss from 4.218 to 6.3 on round values, not 6.300/5.850/5.400', () => {
    const t = buildLinearTicks(4.218, 6.3);
    expect(t.values).toEqual([4, 4.5, 5, 5.5, 6, 6.5]);
    expect(t.values.map((v) => formatTick(v, t))).toEqual(['4.0', '4.5', '5.0', '5.5', '6.0', '6.5']);
  });

  it('starts rates at zero and labels without float noise', () => {
    const t = buildLinearTicks(0, 0.7);
    expect(t.values).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(formatTick(0.6000000000000001, t)).toBe('0.6');
  });

  it('keeps within the tick budget and gives a flat series a band', () => {
    for (const [lo, hi] of [
      [0, 9.9],
      [1.01, 9.99],
      [0, 101],
      [3.3, 3.31],
    ] as const) {
      expect(buildLinearTicks(lo, hi, 6).values.length).toBeLessThanOrEqual(6);
    }
    const flat = buildLinearTicks(2, 2);
    expect(flat.values[0]).toBeLessThan(2);
    expect(flat.values.at(-1)).toBeGreaterThan(2);
  });

  it('labels with the decimals the step needs', () => {
    expect(decimalsForStep(5)).toBe(0);
    expect(decimalsForStep(0.5)).toBe(1);
    expect(decimalsForStep(0.2)).toBe(1);
    expect(decimalsForStep(0.002)).toBe(3);
    expect(decimalsForStep(1000)).toBe(0);
  });

  it('puts log ticks on 1, 2, 5 per decade and widens to enclose every point (val is not clipped)', () => {
    expect(buildLogTicks(0.3, 4).values).toEqual([0.2, 0.5, 1, 2, 5]);
    // Four decades: 1-2-5 would be 9 ticks, so only the powers of ten between the enclosing 0.02 and 10.
    expect(buildLogTicks(0.03, 7).values).toEqual([0.02, 0.1, 1, 10]);
    expect(buildLogTicks(0.3, 40).values).toEqual([0.2, 1, 10, 50]);
  });

  it('uses round positive linear ticks on a log axis spanning under a decade (a loss from 1.5 to 6.3)', () => {
    expect(buildLogTicks(4.2, 5.6).values).toEqual([4, 4.5, 5, 5.5, 6]);
    expect(buildLogTicks(1.5, 6.3).values).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('axis units', () => {
  it('shows memory in binary units picked from the largest value', () => {
    expect(pickAxisUnit('bytes', 3 * 2 ** 20)).toEqual({ size: 2 ** 20, label: 'MiB' });
    expect(pickAxisUnit('bytes', 40_000)).toEqual({ size: 1024, label: 'KiB' });
    expect(pickAxisUnit('bytes', 5 * 2 ** 30)).toEqual({ size: 2 ** 30, label: 'GiB' });
  });

  it('ticks 2.4 MiB of memory on whole MiB (2^20 bytes), not decimal megabytes', () => {
    const axis = buildAxis({ title: 'Peak memory', unitKind: 'bytes', fromZero: true }, 1_000_000, 2.4 * 2 ** 20);
    expect(axis.ticks).toEqual([0, 0.5, 1, 1.5, 2, 2.5].map((v) => v * 2 ** 20));
    expect(axis.ticks.map(axis.formatTick)).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0', '2.5']);
    expect(axis.title).toBe('Peak memory (MiB)');
  });

  it('shows MFU in percent with readable ticks, even a tiny software-GPU fraction', () => {
    const axis = buildAxis({ title: 'MFU', unitKind: 'percent', fromZero: true }, 0, 0.0000085);
    expect(axis.title).toBe('MFU (%)');
    expect(axis.ticks.map(axis.formatTick)).toEqual(['0.0000', '0.0002', '0.0004', '0.0006', '0.0008', '0.0010']);
  });

  it('shows a small learning rate against a shared power of ten, and 1e-2 as plain decimals', () => {
    expect(formatPowerOfTen(-4)).toBe('×10⁻⁴');
    const small = buildAxis({ title: 'Learning rate', unitKind: 'rate', fromZero: true, headroom: true }, 0, 2.9e-4);
    expect(small.title).toBe('Learning rate (×10⁻⁴)');
    expect(small.ticks.map(small.formatTick)).toEqual(['0', '1', '2', '3']);
    const palm = buildAxis({ title: 'Learning rate', unitKind: 'rate', fromZero: true }, 0, 9e-3);
    expect(palm.title).toBe('Learning rate');
    expect(palm.ticks.map(palm.formatTick)).toEqual(['0.000', '0.002', '0.004', '0.006', '0.008', '0.010']);
    // A constant 1e-2 gets headroom, so its line does not sit on the frame.
    const flat = buildAxis({ title: 'Learning rate', unitKind: 'rate', fromZero: true, headroom: true }, 1e-2, 1e-2);
    expect(flat.domain[1]).toBeGreaterThan(1e-2);
    // The x axis has none: 5,000 steps end at 5k, not 6k.
    expect(buildAxis({ title: 'Step', unitKind: 'count', fromZero: true }, 0, 5000).domain).toEqual([0, 5000]);
  });

  it('titles losses with nats and counts with their scale', () => {
    expect(titleWithUnit('Train loss', pickAxisUnit('plain', 5), 'nats')).toBe('Train loss (nats)');
    const tokens = buildAxis({ title: 'Tokens/s', unitKind: 'count', fromZero: true }, 0, 2600);
    expect(tokens.title).toBe('Tokens/s (thousands)');
    expect(tokens.ticks).toEqual([0, 1000, 2000, 3000]);
    expect(tokens.ticks.map(tokens.formatTick)).toEqual(['0', '1', '2', '3']);
  });

  it('finds the extent of raw and smoothed values so neither is clipped', () => {
    expect(
      findRowsExtent([
        { x: 0, 'raw:a': 5, 'smooth:a': 4.9 },
        { x: 1, 'raw:b': 3.2 },
      ]),
    ).toEqual({ min: 3.2, max: 5 });
    expect(findRowsExtent([{ x: 0 }])).toBeNull();
  });
});

describe('run colours', () => {
  it('never uses the Okabe–Ito yellow, which is invisible on white', () => {
    expect(RUN_COLOURS).not.toContain('#F0E442');
    expect(new Set(RUN_COLOURS).size).toBe(7);
  });

  it('hashes an id the same way every time (FNV-1a)', () => {
    // FNV-1a 32-bit of "a" is 0xe40c292c (reference value of the algorithm).
    expect(hashRunId('a')).toBe(0xe40c292c);
    expect(pickRunStyle('some-run', [])).toEqual(pickRunStyle('some-run', []));
  });

  it('gives runs queued together different solid colours, dashing only once all seven are taken', () => {
    const ids = Array.from({ length: 9 }, (_, i) => `run-${i}`);
    const styles = pickRunStyles(ids, []);
    expect(new Set(styles.slice(0, 7).map((s) => s.colour)).size).toBe(7);
    expect(styles.slice(0, 7).every((s) => s.dash === undefined)).toBe(true);
    expect(styles.slice(7).every((s) => s.dash !== undefined)).toBe(true);
  });

  it('keeps a run its colour when another is deleted or a new one is added', () => {
    const config = parseConfig({});
    const entry = (id: string): RunEntry => ({
      record: {
        id,
        name: id,
        label: '',
        config,
        seed: 0,
        backend: 'cpu',
        status: 'done',
        createdAt: '',
        summary: null,
      },
      metrics: [],
      checkpointStep: null,
      attached: false,
    });
    const store = createWorkbenchStore();
    store.getState().addRuns([entry('a'), entry('b'), entry('c')]);
    const before = Object.fromEntries(['a', 'b', 'c'].map((id) => [id, store.getState().runs[id]!.style]));
    expect(new Set(Object.values(before).map((s) => s?.colour)).size).toBe(3);
    store.getState().removeRun('a');
    store.getState().addRuns([entry('d')]);
    expect(store.getState().runs.b!.style).toEqual(before.b);
    expect(store.getState().runs.c!.style).toEqual(before.c);
    expect(store.getState().runs.d!.style?.colour).not.toBe(before.b?.colour);
    expect(store.getState().runs.d!.style?.colour).not.toBe(before.c?.colour);
  });
});

describe('MFU peak note', () => {
  it('says whether MFU is against the calibrated or a nominal peak', () => {
    expect(describeMfuPeak([null, null])).toBe('of the calibrated peak');
    expect(describeMfuPeak([275])).toMatch(/nominal/);
    expect(describeMfuPeak([275, null])).toMatch(/calibrated, or nominal/);
  });
});
