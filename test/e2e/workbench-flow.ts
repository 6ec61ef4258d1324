// The workbench as a new user meets it, shared by the SwiftShader-WebGPU and the no-GPU e2e files: the default
// preset with attention compared, tiny shapes typed into the labelled fields (no hidden settings: the start-up
// calibration runs as it does for a user), two curves growing, pause/resume, reload, samples from stored
// checkpoints one after the other (kept side by side over a reload), a deletion that recolours nothing, and the same
// runs imported twice.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { measureFrameGaps, savePageScreenshot, saveScreenshot, type Session } from './harness';

/** Tiny enough for SwiftShader: D 16, 1 layer, T 16, B 2; set through the fields a user sees. */
export const TINY: Record<string, string> = {
  'Width (d_model)': '16',
  Layers: '1',
  'Attention heads': '2',
  'Head size': '8',
  'Context length': '16',
  'Batch size': '2',
  'Log every': '1',
  'Evaluate every': '10',
  'Eval batches': '1',
  'Checkpoint every': '5',
  'Use first bytes': '20000',
};
export const NAMES = ['PaLM-tiny · mqa', 'PaLM-tiny · mha'];

/**
 * Steps on wasm: long enough that the first run is still training when Pause is clicked and the second when the page
 * reloads (40 were over before Pause there; SwiftShader WebGPU trains ~20× slower, so 40 do).
 */
export const WASM_STEPS = 600;

export interface FlowOptions {
  /** The backend chosen in the picker before anything else (the page reloads); none: the automatic choice. */
  pick?: 'webgpu' | 'wasm' | 'cpu';
  /** What the backend status must say. */
  backend: RegExp;
  /** Steps per run. */
  steps: number;
}

export function describeWorkbenchFlow(
  session: Session,
  tag: string,
  { pick, backend: backendPattern, steps }: FlowOptions,
) {
  const page = () => session.page;
  const ids: string[] = [];
  const rows = () => page().locator('tr[data-run-id]');

  /** Points in a run's smoothed train-loss curve (the path's vertices). */
  async function countCurvePoints(runId: string): Promise<number> {
    const path = page().locator(`figure[aria-label="Train loss chart"] .run-line-${runId} path.recharts-line-curve`);
    if ((await path.count()) === 0) return 0;
    const d = (await path.getAttribute('d')) ?? '';
    return d ? (d.match(/L/g)?.length ?? 0) + 1 : 0;
  }
  const readProgress = (name: string) =>
    page()
      .getByRole('progressbar', { name: `${name} progress` })
      .evaluate((el) => (el as HTMLProgressElement).value);
  /** Waits for a run's row to show `status`; a timeout says what the row and the notices showed instead. */
  async function waitForStatus(runId: string, status: string, timeout = 200_000) {
    try {
      await page().locator(`tr[data-run-id="${runId}"][data-status="${status}"]`).waitFor({ timeout });
    } catch (e) {
      const row = page().locator(`tr[data-run-id="${runId}"]`);
      const seen =
        (await row.count()) > 0 ? `${await row.getAttribute('data-status')}: ${await row.innerText()}` : 'none';
      const notices = await page()
        .getByRole('list', { name: 'Notices' })
        .innerText()
        .catch(() => '');
      throw new Error(`run ${runId} never showed "${status}"; its row: ${seen}; notices: ${notices || 'none'}`, {
        cause: e,
      });
    }
  }
  /** A sample's decode speed on its card; a failure says what the card and the notices showed instead. */
  async function waitForSample(name: string, timeout = 90_000) {
    const card = page().getByRole('article', { name: `Sample from ${name}` });
    try {
      await card.locator('.decode-speed').waitFor({ timeout });
      return card;
    } catch (e) {
      const seen = (await card.count()) > 0 ? await card.innerText() : 'no card';
      const notices = await page()
        .getByRole('list', { name: 'Notices' })
        .innerText()
        .catch(() => '');
      throw new Error(`no decode speed for ${name}; its card: ${seen}; notices: ${notices || 'none'}`, { cause: e });
    }
  }
  const readColour = (runId: string) =>
    page().locator(`tr[data-run-id="${runId}"] .line-swatch line`).getAttribute('stroke');
  async function waitUntil(check: () => Promise<boolean>, timeout: number, what: string) {
    const end = Date.now() + timeout;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await page().waitForTimeout(250);
    }
  }

  it('queues a compare-both of attention from the default preset, with every setting in words', async () => {
    const response = await page().goto(session.server.url);
    // npm run web serves COOP/COEP, so the page is cross-origin isolated (threaded wasm can run).
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page().evaluate(() => crossOriginIsolated)).toBe(true);
    const backend = page().getByRole('status', { name: 'Backend' });
    if (pick) {
      await backend.waitFor({ timeout: 60_000 });
      const reloaded = page().waitForEvent('load');
      await page().getByRole('combobox', { name: 'Backend to use' }).selectOption(pick);
      await reloaded;
    }
    await expect.poll(() => backend.textContent(), { timeout: 60_000 }).toMatch(backendPattern);
    // One run at a time, as this flow expects (the second waits while the first pauses); wasm and cpu default to
    // half the cores (parallel-runs.test.ts trains two at once).
    const parallel = page().getByRole('spinbutton', { name: 'Parallel runs' });
    if (await parallel.isEnabled()) await parallel.fill('1');
    // On WebGPU it stays at one, and says why.
    else expect(await page().locator('#parallel-runs-note').textContent()).toMatch(/WebGPU runs share one device/);
    // On wasm the badge names the threads in use: one per logical core but one (1 to 8), the page being isolated.
    const cores = await page().evaluate(() => navigator.hardwareConcurrency);
    const threads = Math.min(8, Math.max(1, cores - 1));
    if (((await backend.textContent()) ?? '').includes('Backend: wasm'))
      await expect
        .poll(() => backend.textContent(), { timeout: 30_000 })
        .toContain(`· ${threads} thread${threads === 1 ? '' : 's'}`);
    console.log(`e2e ${tag} backend: ${await backend.textContent()}`);

    expect(await page().getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('palm-tiny');
    await page().getByRole('combobox', { name: 'Attention', exact: true }).selectOption({ label: 'compare…' });
    await page().locator('summary', { hasText: 'Data settings' }).click();
    for (const [label, value] of Object.entries({ ...TINY, Steps: String(steps) }))
      await page().getByRole('textbox', { name: label, exact: true }).fill(value);
    await expect.poll(() => page().locator('#run-count').textContent()).toContain('2 runs');
    // An invalid value disables the button and says why; fixing it enables it again.
    await page().getByRole('textbox', { name: 'Head size', exact: true }).fill('7');
    await expect.poll(() => page().getByRole('button', { name: 'Queue runs' }).isDisabled()).toBe(true);
    expect(await page().locator('#queue-blocker').textContent()).toContain('model.headDim');
    await page().getByRole('textbox', { name: 'Head size', exact: true }).fill('8');
    // An absurd size is refused before it is queued.
    await page().getByRole('textbox', { name: 'Width (d_model)', exact: true }).fill('100000');
    await expect.poll(() => page().locator('#queue-blocker').textContent()).toMatch(/too large to train here/);
    await page().getByRole('textbox', { name: 'Width (d_model)', exact: true }).fill('16');
    await expect.poll(() => page().getByRole('button', { name: 'Queue runs' }).isDisabled()).toBe(false);
    await saveScreenshot(page().locator('aside'), `${tag}-1-builder`);
    await page().getByRole('button', { name: 'Queue runs' }).click();
    await expect.poll(() => rows().count()).toBe(2);
    ids.push(...(await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id') ?? ''))));
    // Grouped under the experiment, the first run its baseline.
    await expect.poll(() => page().getByRole('rowgroup', { name: 'Experiment PaLM-tiny' }).count()).toBe(1);
  });

  it('shows both curves grow, one run after the other, and pauses and resumes', async () => {
    await waitUntil(async () => (await countCurvePoints(ids[0]!)) >= 3, 200_000, 'the first loss curve');
    expect(await page().locator(`tr[data-run-id="${ids[0]}"] .rate`).textContent()).toMatch(/steps\/s · .* left/);
    await page()
      .getByRole('button', { name: `Pause ${NAMES[0]}` })
      .click();
    await waitForStatus(ids[0]!, 'paused', 30_000);
    const pausedAt = await readProgress(NAMES[0]!);
    await page().waitForTimeout(1500);
    expect(await readProgress(NAMES[0]!)).toBe(pausedAt);
    await page()
      .getByRole('button', { name: `Resume ${NAMES[0]}` })
      .click();
    await waitForStatus(ids[0]!, 'running', 30_000);
    const gaps = await measureFrameGaps(page(), 3000);
    console.log(
      `e2e ${tag} frames while training: longest frame gap ${gaps.longestFrameGapMs.toFixed(1)} ms over ` +
        `${gaps.frames} frames; longest main-thread task ${gaps.longestTaskMs.toFixed(1)} ms`,
    );
    expect(gaps.frames).toBeGreaterThan(0);
    await waitForStatus(ids[0]!, 'done');
    await waitUntil(async () => (await readProgress(NAMES[1]!)) >= 12, 200_000, 'the second run past two checkpoints');
    await expect.poll(() => countCurvePoints(ids[0]!), { timeout: 10_000 }).toBe(steps);
    await expect.poll(() => countCurvePoints(ids[1]!), { timeout: 10_000 }).toBeGreaterThanOrEqual(12);
    // The legend names both runs in their colours.
    const legend = page().locator('figure[aria-label="Train loss chart"] .chart-legend li');
    expect(await legend.allTextContents()).toEqual(NAMES);
    await page().mouse.move(5, 5);
    await saveScreenshot(page().locator('main'), `${tag}-2-two-runs`);
  });

  it('keeps both runs over a reload and samples the finished one from its stored checkpoint', async () => {
    await page().waitForTimeout(1200);
    await page().reload();
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(2);
    await waitForStatus(ids[0]!, 'done', 10_000);
    await waitForStatus(ids[1]!, 'paused', 10_000);
    // At 1280 px after the reload mid-run, the paused run's Resume stays on screen whatever its status says.
    const viewport = page().viewportSize();
    await page().setViewportSize({ width: 1280, height: 800 });
    const resume = page().getByRole('button', { name: `Resume ${NAMES[1]}` });
    await resume.scrollIntoViewIfNeeded();
    const box = await resume.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 1280).toBe(true);
    if (viewport) await page().setViewportSize(viewport);
    // MFU against the peak kept across the reload: never above 100%.
    const mfuMax = await page().locator('figure[aria-label="MFU chart"]').getAttribute('data-y-max');
    expect(Number(mfuMax)).toBeLessThanOrEqual(1);
    // The builder is as it was left.
    expect(await page().getByRole('textbox', { name: 'Width (d_model)', exact: true }).inputValue()).toBe('16');
    await page().getByRole('combobox', { name: 'Sample from' }).selectOption({ label: NAMES[0] });
    await page().getByRole('textbox', { name: 'Max tokens' }).fill('12');
    await page().getByRole('button', { name: 'Generate' }).click();
    const card = await waitForSample(NAMES[0]!);
    expect(await card.locator('.decode-speed').textContent()).toMatch(/Decode: [\d.]+k? tokens\/s/);
    const text = await card.locator('.sample-text').textContent();
    console.log(`e2e ${tag} sample after reload: ${JSON.stringify(text)}`);
    expect(text?.startsWith('Call me')).toBe(true);
    expect(text?.length).toBeGreaterThan('Call me '.length);
  });

  it('finishes the interrupted run and compares decoding of both, one after the other', async () => {
    await page()
      .getByRole('button', { name: `Resume ${NAMES[1]}` })
      .click();
    await waitForStatus(ids[1]!, 'done');
    await expect.poll(() => countCurvePoints(ids[1]!), { timeout: 10_000 }).toBe(steps);
    await page().getByRole('combobox', { name: 'Compare with' }).selectOption({ label: NAMES[1] });
    await page().getByRole('button', { name: 'Generate' }).click();
    for (const name of NAMES) await waitForSample(name);
    await saveScreenshot(page().getByRole('region', { name: 'Samples' }), `${tag}-3-samples`);
    // Samples and chart settings survive a reload.
    await page().getByLabel('Zoom to').selectOption('0.5');
    const sampleText = (name: string) =>
      page()
        .getByRole('article', { name: `Sample from ${name}` })
        .locator('.sample-text')
        .textContent();
    const chosenRun = (label: string) =>
      page()
        .getByRole('combobox', { name: label })
        .evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent);
    const texts = [await sampleText(NAMES[0]!), await sampleText(NAMES[1]!)];
    await page().reload();
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(2);
    // Both samples come back side by side: the panel keeps its two runs as well as their texts.
    await expect.poll(() => sampleText(NAMES[0]!)).toBe(texts[0]);
    await expect.poll(() => sampleText(NAMES[1]!)).toBe(texts[1]);
    expect([await chosenRun('Sample from'), await chosenRun('Compare with')]).toEqual(NAMES);
    expect(await page().getByLabel('Zoom to').inputValue()).toBe('0.5');
    await page().getByLabel('Zoom to').selectOption('1');
    // Both runs done: the attention claim gets its card; one seed each, so no interval and no verdict yet.
    const verdicts = page().getByRole('region', { name: 'Verdicts' });
    // After the reload the cards wait for the runs to load back; a timeout names the cards that were there.
    await expect
      .poll(() => verdicts.locator('article.verdict-card').evaluateAll((cards) => cards.map((c) => c.ariaLabel)), {
        timeout: 30_000,
      })
      .toContain('Attention: inconclusive');
    await saveScreenshot(verdicts, `${tag}-4-verdicts`);
    await saveScreenshot(page().getByRole('region', { name: 'Comparison' }), `${tag}-4-comparison`);
  });

  it('deletes a run without recolouring the other, and imports the same runs twice without overwriting', async () => {
    const download = page().waitForEvent('download');
    await page().getByRole('button', { name: 'Export runs (JSON)' }).click();
    const file = readFileSync((await (await download).path()) ?? '');
    const kept = await readColour(ids[1]!);
    await page()
      .getByRole('button', { name: `Delete ${NAMES[0]}` })
      .click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await readColour(ids[1]!)).toBe(kept);
    const legendColour = page()
      .locator('figure[aria-label="Train loss chart"] .chart-legend li')
      .filter({ hasText: NAMES[1]! });
    expect(await legendColour.getAttribute('data-colour')).toBe(kept);

    const input = page().getByLabel('Import runs (JSON)');
    const upload = { name: 'runs.json', mimeType: 'application/json', buffer: file };
    // First import: the deleted run comes back; the one still here is asked about and imported as a copy.
    await input.setInputFiles(upload);
    await page().getByRole('group', { name: 'Runs already here' }).waitFor({ timeout: 10_000 });
    await page().getByRole('button', { name: 'Import as copies' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await readColour(ids[1]!)).toBe(kept);
    // Second import of the same file: both are here now; skipping leaves everything as it was.
    await input.setInputFiles(upload);
    await page().getByRole('group', { name: 'Runs already here' }).waitFor({ timeout: 10_000 });
    await page().getByRole('button', { name: 'Skip those' }).click();
    await expect
      .poll(() => page().getByRole('region', { name: 'Import and export' }).textContent())
      .toMatch(/skipped 2 runs/);
    expect(await rows().count()).toBe(3);
    expect(await page().locator('tr[data-run-id] .run-name').allTextContents()).toEqual(
      expect.arrayContaining([NAMES[1], NAMES[0], `${NAMES[1]} (copy)`]),
    );

    // The pointer rests on the header, not over a chart: a tooltip left open from the clicks would hide a curve.
    await page().mouse.move(5, 5);
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page().setViewportSize({ width, height });
      await page().evaluate(() => window.scrollTo(0, 0));
      await page().waitForTimeout(800);
      await saveScreenshot(page(), `${tag}-5-screen-${width}x${height}`);
      await page().getByRole('heading', { name: 'Charts' }).scrollIntoViewIfNeeded();
      await page().waitForTimeout(1200);
      await saveScreenshot(page(), `${tag}-5-charts-${width}x${height}`);
      await page().locator('.estimate').scrollIntoViewIfNeeded();
      await saveScreenshot(page().locator('aside'), `${tag}-5-estimate-${width}x${height}`);
      await savePageScreenshot(page(), `${tag}-6-page-${width}x${height}`);
    }
  });
}
