// Drawing at scale: 10 imported runs × 5,000 points each are charted (downsampled for drawing) without blocking
// the page, and hovering a chart reads every run's value. Each run is its own variant (its own learning rate), so
// each draws its own line: seeds of one variant would be drawn as one mean line.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../core/config';
import type { MetricPoint, RunData } from '../../core/record';
import { measureFrameGaps, saveScreenshot, useSession } from './harness';

const RUNS = 10;
const POINTS = 5000;

function makeRuns(): RunData[] {
  return Array.from({ length: RUNS }, (_, r) => ({
    record: {
      id: `big-${r}`,
      name: `run ${r}`,
      label: r ? `optimizer.learningRate: 0.01→${0.01 * (r + 1)}` : '',
      config: parseConfig({ optimizer: { learningRate: 0.01 * (r + 1) }, train: { steps: POINTS } }),
      seed: r,
      backend: 'webgpu',
      status: 'done',
      createdAt: `2025-01-01T00:00:0${r}.000Z`,
      summary: null,
    },
    metrics: Array.from({ length: POINTS }, (_, i): MetricPoint => ({
      step: i + 1,
      tokens: (i + 1) * 2048,
      wallMs: (i + 1) * (20 + r),
      trainLoss: 1.5 + 4 * Math.exp(-i / 800) + 0.1 * r + 0.2 * Math.sin(i * 1.3 + r),
      zLoss: 0,
      valLoss: i % 100 === 99 ? 1.6 + 4 * Math.exp(-i / 800) + 0.1 * r : undefined,
      gradNorm: 1,
      lr: 0.01,
      stepMs: 20,
      tokensPerSec: 1e5,
      flopsPerSec: 1e9,
      mfu: 0.01,
      paramBytes: 1e6,
      optimizerStateBytes: 2e6,
      peakBytes: 8e6,
      numTensors: 50,
    })),
  }));
}

const session = useSession();

describe('charts at scale', () => {
  it('draws 10 runs × 5,000 points and shows every run on hover', async () => {
    await session.page.goto(session.server.url);
    const json = JSON.stringify({ format: 'palm-workbench-runs', version: 1, runs: makeRuns() });
    await session.page
      .getByLabel('Import runs (JSON)')
      .setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect.poll(() => session.page.locator('tr[data-run-id]').count(), { timeout: 60_000 }).toBe(RUNS);
    const chart = session.page.locator('figure[aria-label="Train loss chart"]');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-rows')), { timeout: 60_000 })
      .toBeGreaterThan(0);
    // Downsampled: at most 2 rows per bucket (300 buckets), whatever the raw count.
    expect(Number(await chart.getAttribute('data-rows'))).toBeLessThanOrEqual(600);
    await expect.poll(() => chart.locator('path.recharts-line-curve').count(), { timeout: 30_000 }).toBe(2 * RUNS);

    // The mouse hovers what is in the viewport: bring the chart there (the run table and import/export sit above it).
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.locator('.recharts-surface').boundingBox();
    if (!box) throw new Error('no chart surface');
    const sweep = (async () => {
      for (let i = 0; i <= 30; i++)
        await session.page.mouse.move(box.x + 80 + ((box.width - 100) * i) / 30, box.y + box.height / 2);
    })();
    const gaps = await measureFrameGaps(session.page, 3000);
    await sweep;
    console.log(
      `e2e 10 runs × 5,000 points, hovering: longest frame gap ${gaps.longestFrameGapMs.toFixed(1)} ms over ${gaps.frames} frames; ` +
        `longest main-thread task ${gaps.longestTaskMs.toFixed(1)} ms`,
    );
    const tooltip = session.page.locator('.chart-tooltip').first();
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.locator('tbody tr').count()).toBe(RUNS);
    await saveScreenshot(session.page.locator('main'), '8-ten-runs');
  });
});
