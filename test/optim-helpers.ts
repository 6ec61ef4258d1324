// Shared by the optimizer golden tests: float32 results against float64 numpy references.

import { expect } from 'vitest';

/**
 * |actual - expected| ≤ 1e-5 · |expected| + 1e-6 · max|expected| per element: relative for float32 rounding, plus
 * an absolute floor because momentum entries can sit near zero where a relative bound alone is meaningless.
 */
export function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  const atol = 1e-6 * Math.max(...expected.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) - 1e-5 * Math.abs(expected[i]!));
  }
  expect(worst).toBeLessThanOrEqual(atol);
}
