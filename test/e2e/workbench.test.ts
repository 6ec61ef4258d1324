// End to end in Chromium on WebGPU (SwiftShader): pick a preset, compare both attentions, queue the runs, watch
// both loss curves grow, pause and resume, reload and find the runs, resume the interrupted one, generate a sample.
import { describe, expect, it } from 'vitest';
import { measureFrameGaps, saveScreenshot, useSession } from './harness';

/** Tiny enough for SwiftShader: D 16, 1 layer, T 16, B 2. */
const TINY: Record<string, string> = {
  'model.dModel': '16',
  'model.nLayers': '1',
  'model.nHeads': '2',
  'model.headDim': '8',
  'model.seqLen': '16',
  'train.batchSize': '2',
  'train.steps': '600',
  'train.logEvery': '1',
  'train.evalEvery': '10',
  'train.evalBatches': '1',
  'train.checkpointEvery': '5',
  'train.peakTflops': '1',
  'data.maxBytes': '20000',
};
// Long enough that the second run is still training when the page reloads, on wasm (now chosen over SwiftShader) too.
const STEPS = 600;

const session = useSession();

/** Points in a run's smoothed train-loss curve (the path's vertices). */
async function countCurvePoints(runId: string): Promise<number> {
  const path = session.page.locator(
    `figure[aria-label="Train loss chart"] .run-line-${runId} path.recharts-line-curve`,
  );
  if ((await path.count()) === 0) return 0;
  const d = (await path.getAttribute('d')) ?? '';
  return d ? (d.match(/L/g)?.length ?? 0) + 1 : 0;
}

async function readProgress(name: string): Promise<number> {
  return session.page
    .getByRole('progressbar', { name: `${name} progress` })
    .evaluate((el) => (el as HTMLProgressElement).value);
}

async function waitForStatus(runId: string, status: string, timeout = 120_000) {
  await session.page.locator(`tr[data-run-id="${runId}"][data-status="${status}"]`).waitFor({ timeout });
}

async function waitUntil(check: () => Promise<boolean>, timeout: number, what: string) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await session.page.waitForTimeout(250);
  }
}

describe('workbench in Chromium', () => {
  it('trains, compares, pauses, persists and samples MQA vs MHA', async () => {
    await session.page.goto(session.server.url);
    const backend = session.page.getByRole('status', { name: 'Backend' });
    await expect.poll(() => backend.textContent(), { timeout: 60_000 }).toMatch(/Backend: (webgpu|wasm|cpu)/);
    console.log(`e2e backend: ${await backend.textContent()}`);

    // Builder: a preset, Attention set to compare both, tiny shapes.
    await session.page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'PaLM-tiny' });
    await session.page
      .getByRole('combobox', { name: 'Attention', exact: true })
      .selectOption({ label: 'compare both' });
    await session.page.locator('summary', { hasText: 'data settings' }).click();
    for (const [key, value] of Object.entries(TINY))
      await session.page.getByRole('textbox', { name: key, exact: true }).fill(value);
    await expect.poll(() => session.page.locator('#run-count').textContent()).toContain('2 runs');
    // An invalid value disables the button and says why; fixing it enables it again.
    await session.page.getByRole('textbox', { name: 'model.headDim', exact: true }).fill('7');
    await expect.poll(() => session.page.getByRole('button', { name: 'Queue runs' }).isDisabled()).toBe(true);
    expect(await session.page.locator('#queue-blocker').textContent()).toContain('model.headDim');
    await session.page.getByRole('textbox', { name: 'model.headDim', exact: true }).fill('8');
    await saveScreenshot(session.page.locator('aside'), '1-builder');
    await session.page.getByRole('button', { name: 'Queue runs' }).click();

    const rows = session.page.locator('tr[data-run-id]');
    await expect.poll(() => rows.count()).toBe(2);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id') ?? ''));
    const names = ['PaLM-tiny · mqa', 'PaLM-tiny · mha'];
    await expect
      .poll(() =>
        session.page
          .getByRole('table', { name: 'Runs' })
          .getByRole('row', { name: /attention: mqa→mha/ })
          .count(),
      )
      .toBe(1);

    // The first run's curve appears while the second waits its turn; pause stops it, resume goes on.
    await waitUntil(async () => (await countCurvePoints(ids[0]!)) >= 3, 150_000, 'the first loss curve');
    await session.page.getByRole('button', { name: `Pause ${names[0]}` }).click();
    await waitForStatus(ids[0]!, 'paused', 30_000);
    const pausedAt = await readProgress(names[0]!);
    await session.page.waitForTimeout(1500);
    expect(await readProgress(names[0]!)).toBe(pausedAt);
    await saveScreenshot(session.page.locator('main'), '2-training-paused');
    await session.page.getByRole('button', { name: `Resume ${names[0]}` }).click();
    await waitForStatus(ids[0]!, 'running', 30_000);
    const before = await countCurvePoints(ids[0]!);

    // While it trains (the other queued) the UI keeps drawing frames, and the curve grows.
    const gaps = await measureFrameGaps(session.page, 4000);
    console.log(
      `e2e frames with 2 runs training (1 running, 1 queued): longest frame gap ${gaps.longestFrameGapMs.toFixed(1)} ms ` +
        `over ${gaps.frames} frames; longest main-thread task ${gaps.longestTaskMs.toFixed(1)} ms`,
    );
    expect(gaps.frames).toBeGreaterThan(0);
    await waitUntil(async () => (await countCurvePoints(ids[0]!)) > before, 60_000, 'the first loss curve to grow');

    // The second run trains after the first and gets its own curve, with a checkpoint or two.
    await waitForStatus(ids[0]!, 'done');
    await waitUntil(
      async () => (await readProgress(names[1]!)) >= 12,
      150_000,
      'the second run to pass its second checkpoint',
    );
    await expect.poll(() => countCurvePoints(ids[0]!), { timeout: 10_000 }).toBe(STEPS);
    await expect.poll(() => countCurvePoints(ids[1]!), { timeout: 10_000 }).toBeGreaterThanOrEqual(12);
    await saveScreenshot(session.page.locator('main'), '3-two-runs');

    // Reload mid-run: both runs come back; the interrupted one is paused and resumes from its checkpoint.
    await session.page.waitForTimeout(1200);
    await session.page.reload();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    await waitForStatus(ids[0]!, 'done', 10_000);
    await waitForStatus(ids[1]!, 'paused', 10_000);
    await expect.poll(() => countCurvePoints(ids[0]!), { timeout: 10_000 }).toBe(STEPS);
    await session.page.getByRole('button', { name: `Resume ${names[1]}` }).click();
    await waitForStatus(ids[1]!, 'done', 150_000);
    await expect.poll(() => countCurvePoints(ids[1]!), { timeout: 10_000 }).toBe(STEPS);

    // A sample from the finished run, with its decode speed.
    await session.page.getByRole('combobox', { name: 'Sample from' }).selectOption({ label: names[1] });
    await session.page.getByRole('textbox', { name: 'Max tokens' }).fill('12');
    await session.page.getByRole('button', { name: 'Generate' }).click();
    const speed = session.page.locator('.decode-speed');
    await speed.waitFor({ timeout: 60_000 });
    expect(await speed.textContent()).toMatch(/Decode: [\d.]+k? tokens\/s/);
    const text = await session.page.locator('.sample-text').textContent();
    console.log(`e2e sample: ${JSON.stringify(text)} — ${await speed.textContent()}`);
    // The prompt, then at least one generated character.
    expect(text?.startsWith('Call me')).toBe(true);
    expect(text?.length).toBeGreaterThan('Call me '.length);

    await saveScreenshot(session.page.locator('main'), '4-done-after-reload');
    await saveScreenshot(session.page.getByRole('region', { name: 'Comparison' }), '5-comparison');
    await saveScreenshot(session.page.getByRole('region', { name: 'Samples' }), '6-samples');
    await saveScreenshot(session.page.getByRole('region', { name: 'Paper vs measured' }), '7-paper');
  });
});
