// Tests of core/optim/schedules.ts at chosen steps against hand-computed values.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/parse';
import {
  constantSchedule,
  createSchedule,
  linearWarmup,
  rsqrtSchedule,
  warmupCosineSchedule,
} from '../core/optim/schedules';

describe('schedules', () => {
  it('constant', () => {
    const lr = constantSchedule(0.3);
    expect([1, 2, 1000].map(lr)).toEqual([0.3, 0.3, 0.3]);
  });

  it("rsqrt without warm-up is PaLM's min(1e-2, 1/sqrt(k))", () => {
    const lr = rsqrtSchedule({ peak: 1e-2, warmupSteps: 0 });
    expect(lr(1)).toBe(0.01);
    expect(lr(10_000)).toBe(0.01);
    expect(lr(40_000)).toBeCloseTo(0.005, 15);
    expect(lr(1_000_000)).toBeCloseTo(0.001, 15);
  });

  it('rsqrt with warm-up rises linearly to its value at the end of warm-up', () => {
    const lr = rsqrtSchedule({ peak: 0.1, warmupSteps: 400 });
    expect(lr(100)).toBeCloseTo(0.0125, 15); // 1/sqrt(400) = 0.05, times 100/400
    expect(lr(400)).toBeCloseTo(0.05, 15);
    expect(lr(2500)).toBeCloseTo(0.02, 15);
    const palm = rsqrtSchedule({ peak: 0.01, warmupSteps: 100 });
    expect(palm(50)).toBeCloseTo(0.005, 15);
    expect(palm(100)).toBe(0.01);
  });

  it('warm-up + cosine reaches minRatio * peak at totalSteps and holds it', () => {
    const lr = warmupCosineSchedule({ peak: 1, warmupSteps: 10, totalSteps: 110, minRatio: 0.1 });
    expect(lr(5)).toBeCloseTo(0.5, 15);
    expect(lr(10)).toBeCloseTo(1, 15);
    expect(lr(35)).toBeCloseTo(0.868198051533946, 12); // 0.1 + 0.45 (1 + cos(pi/4))
    expect(lr(60)).toBeCloseTo(0.55, 15);
    expect(lr(110)).toBeCloseTo(0.1, 15);
    expect(lr(500)).toBeCloseTo(0.1, 15);
  });

  it('linearWarmup wraps any schedule', () => {
    const lr = linearWarmup(constantSchedule(0.2), 4);
    expect([1, 2, 4, 9].map(lr)).toEqual([0.05, 0.1, 0.2, 0.2]);
  });

  it('createSchedule reads schedule, learningRate, warmupSteps and minLrRatio from the config', () => {
    const opt = (o: object) => parseConfig({ optimizer: o }).optimizer;
    const rsqrt = createSchedule(opt({}), 300); // defaults: rsqrt, lr 1e-2, no warm-up
    expect([1, 40_000].map(rsqrt)).toEqual([0.01, 0.005]);
    const cosine = createSchedule(
      opt({ schedule: 'cosine', learningRate: 2e-3, warmupSteps: 10, minLrRatio: 0.5 }),
      110,
    );
    expect(cosine(5)).toBeCloseTo(1e-3, 15);
    expect(cosine(60)).toBeCloseTo(1.5e-3, 15);
    expect(cosine(110)).toBeCloseTo(1e-3, 15);
    const constant = createSchedule(opt({ schedule: 'constant', learningRate: 3e-4, warmupSteps: 3 }), 100);
    expect(constant(1)).toBeCloseTo(1e-4, 15);
    expect(constant(50)).toBe(3e-4);
  });
});
