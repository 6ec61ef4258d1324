// Parallel runs in Chromium without a GPU (docs/workbench.md, Parallel runs): on wasm, "Parallel runs" set to 2 trains
// the two runs of an attention comparison at the same moment, each on a worker of its own, and the comparison marks
// their speeds as overlapped (not solo figures). The setting is kept over a reload.
import { describe, expect, it } from 'vitest';
import { saveScreenshot, useSession } from './harness';
import { NAMES, TINY } from './workbench-flow';

const STEPS = 300;

const session = useSession({ viewport: { width: 1280, height: 800 } }, false);

describe('parallel runs on wasm', () => {
  it('trains two runs at once with parallel runs = 2 and marks them as overlapped', async () => {
    const page = session.page;
    await page.goto(session.server.url);
    const backend = page.getByRole('status', { name: 'Backend' });
    await expect.poll(() => backend.textContent(), { timeout: 60_000 }).toMatch(/Backend: (wasm|cpu)/);
    const parallel = page.getByRole('spinbutton', { name: 'Parallel runs' });
    await expect.poll(() => parallel.isEnabled(), { timeout: 10_000 }).toBe(true);
    await parallel.fill('2');
    await page.reload();
    await expect.poll(() => parallel.inputValue(), { timeout: 60_000 }).toBe('2');
    await expect.poll(() => parallel.isEnabled(), { timeout: 60_000 }).toBe(true);

    await page.getByRole('combobox', { name: 'Attention', exact: true }).selectOption({ label: 'compare…' });
    await page.locator('summary', { hasText: 'Data settings' }).click();
    for (const [label, value] of Object.entries({ ...TINY, Steps: String(STEPS) }))
      await page.getByRole('textbox', { name: label, exact: true }).fill(value);
    await expect.poll(() => page.locator('#run-count').textContent()).toContain('2 runs');
    const started = Date.now();
    await page.getByRole('button', { name: 'Queue runs' }).click();
    // Both at the same moment: each row says running while the other does.
    await expect
      .poll(() => page.locator('tr[data-run-id][data-status="running"]').count(), { timeout: 60_000, interval: 100 })
      .toBe(2);
    const bothRunningMs = Date.now() - started;
    await saveScreenshot(page.locator('main'), 'parallel-1-two-running');
    await expect.poll(() => page.locator('tr[data-run-id][data-status="done"]').count(), { timeout: 120_000 }).toBe(2);
    console.log(
      `e2e parallel runs: both running ${bothRunningMs} ms after queueing, both done after ${Date.now() - started} ms; ` +
        `backend: ${await backend.textContent()}`,
    );
    // Each run's tokens/s is marked: they shared the machine.
    const comparison = page.getByRole('table', { name: 'Comparison' });
    await expect.poll(() => comparison.locator('.overlapped').count(), { timeout: 10_000 }).toBe(NAMES.length);
    expect(await page.getByRole('region', { name: 'Comparison' }).textContent()).toMatch(/trained beside others/);
  });
});
