// Experiments as the unit, seeds as groups (docs/design.md §3): two imported experiments of 3 seeds × 2 variants.
// The charts draw one line and band per variant with N = 3; a legend click hides a variant's runs; chart settings
// survive a reload; one experiment's report holds only its runs and gives its cards' verdicts; no text fails WCAG AA
// contrast (axe-core). Screenshots at 1280 and 1920 px of the charts, a verdict card and the report.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../../core/config';
import type { MetricPoint, RunData, RunSummary } from '../../core/record';
import { saveScreenshot, screenshotDir, useSession } from './harness';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A seeded run of a variant: a loss curve shifted by `shift`, with its seed's noise. */
function makeRun(experiment: string, variant: string, input: ConfigInput, seed: number, shift: number): RunData {
  const config = parseConfig({
    ...input,
    model: { dModel: 64, nLayers: 2, nHeads: 4, headDim: 16, seqLen: 64, ...input.model },
    train: { steps: 300, seed },
  });
  const noise = (step: number) => 0.03 * Math.sin(step * 0.37 + seed * 2.1) + 0.01 * (seed - 1);
  const metrics = Array.from({ length: 30 }, (_, i): MetricPoint => {
    const step = (i + 1) * 10;
    const loss = 2.2 + shift + 3 * Math.exp(-step / 60) + noise(step);
    return {
      step,
      tokens: step * 512,
      wallMs: step * (40 + seed),
      trainLoss: loss,
      zLoss: 1e-4,
      valLoss: step % 50 === 0 ? loss + 0.05 : undefined,
      gradNorm: 0.8,
      lr: 0.01,
      stepMs: 40,
      tokensPerSec: 12800 - 300 * seed,
      flopsPerSec: 4e9,
      mfu: 0.3,
      paramBytes: 4e5,
      optimizerStateBytes: 8e5,
      peakBytes: 6e7,
      numTensors: 60,
    };
  });
  const last = metrics.at(-1)!;
  const summary: RunSummary = {
    params: 1e5,
    flopsPerToken: 7e5,
    steps: 300,
    tokens: 153600,
    wallMs: last.wallMs,
    finalTrainLoss: last.trainLoss,
    finalValLoss: last.valLoss!,
    bestValLoss: last.valLoss!,
    tokensPerSec: last.tokensPerSec,
    mfu: 0.3,
    peak: { flopsPerSec: 1.3e10, source: 'calibrated' },
    peakBytes: 6e7,
    paramBytes: 4e5,
    optimizerStateBytes: 8e5,
    kvCacheBytesPerToken: config.model.kvHeads * 256,
  };
  const name = `${experiment} · ${variant} · seed ${seed}`;
  return {
    record: {
      id: `${experiment}-${variant}-${seed}`,
      name,
      label: shift === 0 ? '' : variant,
      config,
      seed,
      backend: 'wasm',
      status: 'done',
      createdAt: '2026-01-01T00:00:00.000Z',
      summary,
    },
    metrics,
  };
}

const seeds = (experiment: string, variant: string, input: ConfigInput, shift: number) =>
  [0, 1, 2].map((s) => makeRun(experiment, variant, input, s, shift));
const file = (name: string, runs: RunData[]) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ format: 'palm-workbench-runs', version: 1, runs })),
});
const A = [...seeds('mha-vs-mqa', 'mqa', {}, 0), ...seeds('mha-vs-mqa', 'mha', { model: { attention: 'mha' } }, -0.03)];
const B = [
  ...seeds('serial-vs-parallel', 'parallel', {}, 0.3),
  ...seeds('serial-vs-parallel', 'serial', { model: { block: 'serial' } }, 0.28),
];

const session = useSession({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });

it('draws seeds as groups, hides by legend, keeps settings across a reload, and exports one experiment', async () => {
  const { page, server, browser } = session;
  await page.goto(server.url);
  const importInput = page.getByLabel('Import runs (JSON)');
  await importInput.setInputFiles(file('mha-vs-mqa.json', A));
  await expect.poll(() => page.locator('tr[data-run-id]').count(), { timeout: 60_000 }).toBe(6);
  await importInput.setInputFiles(file('serial-vs-parallel.json', B));
  await expect.poll(() => page.locator('tr[data-run-id]').count(), { timeout: 60_000 }).toBe(12);

  // One line and one band per variant, N = 3 in the legend.
  const train = page.getByRole('figure', { name: 'Train loss chart' });
  await train.scrollIntoViewIfNeeded();
  const legend = train.locator('.chart-legend li');
  await expect.poll(() => legend.count(), { timeout: 30_000 }).toBe(4);
  expect(await legend.evaluateAll((li) => li.map((l) => l.getAttribute('data-n')))).toEqual(['3', '3', '3', '3']);
  await expect.poll(() => train.locator('.variant-line path.recharts-line-curve').count()).toBe(4);
  await expect.poll(() => train.locator('.band-area path.recharts-area-area').count()).toBe(4);
  await expect.poll(() => train.locator('.chart-legend').textContent()).toContain('mqa (N = 3)');
  // Seeds share their variant's colour.
  const colours = await legend.evaluateAll((li) => li.map((l) => l.getAttribute('data-colour')));
  expect(new Set(colours.slice(0, 2)).size).toBe(2);
  await saveScreenshot(page.locator('.chart-grid'), 'experiments-charts-1280');

  // A legend click hides the variant's runs (their Chart checkboxes), shift-click isolates.
  await legend.nth(0).getByRole('button').click();
  await expect.poll(() => page.getByLabel('Show mha-vs-mqa · mqa · seed 0 in charts').isChecked()).toBe(false);
  await expect.poll(() => train.locator('.band-area path.recharts-area-area').count()).toBe(3);

  // Settings survive a reload.
  await page.getByLabel('Zoom to').selectOption('0.2');
  await page.getByLabel('Every seed (faint)').check();
  await page.reload();
  await expect.poll(() => page.locator('tr[data-run-id]').count(), { timeout: 60_000 }).toBe(12);
  await expect.poll(() => page.getByLabel('Zoom to').inputValue()).toBe('0.2');
  await expect.poll(() => page.getByLabel('Every seed (faint)').isChecked()).toBe(true);
  await expect.poll(() => page.getByLabel('Show mha-vs-mqa · mqa · seed 0 in charts').isChecked()).toBe(false);
  await expect.poll(() => train.locator('.seed-line').count()).toBe(9);
  await page.getByLabel('Every seed (faint)').uncheck();
  await page.getByLabel('Zoom to').selectOption('1');

  // No text below WCAG AA contrast.
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(o: object): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> };
      }
    ).axe;
    const result = await axe.run({ runOnly: ['color-contrast'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html}`));
  });
  expect(violations).toEqual([]);

  // The verdict cards of mha-vs-mqa.
  const card = page.getByRole('article', { name: /^Attention:/ }).first();
  await card.scrollIntoViewIfNeeded();
  const uiVerdict = (await card.getAttribute('aria-label'))!.replace('Attention: ', '');
  await expect.poll(() => card.textContent()).toContain('multi-head is 0.0');
  await expect.poll(() => card.textContent()).toContain('3 of 3 seeds');
  await saveScreenshot(card, 'experiments-verdict-card-1280');

  // Export the first experiment: only its runs, its cards' verdict, named after it.
  await page.getByLabel('Report of').selectOption({ label: 'imported from mha-vs-mqa.json (6 runs)' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('imported-from-mha-vs-mqa.json-report.html');
  const path = join(screenshotDir, 'experiments-report.html');
  await download.saveAs(path);
  const html = readFileSync(path, 'utf8');
  expect(html).toContain('<h1>imported from mha-vs-mqa.json</h1>');
  expect(html).not.toContain('serial-vs-parallel');
  expect(html).toMatch(new RegExp(`Attention <span class="verdict"[^>]*>${uiVerdict}<`));
  expect(html).not.toContain('<h3>Block');

  for (const width of [1280, 1920]) {
    const view = await browser.newPage({ viewport: { width, height: 1000 } });
    await view.setContent(html);
    await view.screenshot({ path: join(screenshotDir, `experiments-report-${width}.png`), fullPage: true });
    await view.close();
  }
  // The comparison per variant: mean ± sd and N, expandable to the seeds.
  const variants = page.getByRole('table', { name: 'Variants: mean ± sd over seeds' });
  await variants.scrollIntoViewIfNeeded();
  expect(await variants.locator('tr.variant-row').count()).toBe(4);
  await variants.getByRole('button', { expanded: false }).first().click();
  expect(await variants.locator('tr.seed-row').count()).toBe(3);
  await saveScreenshot(variants, 'experiments-variant-table-1280');
  await page.setViewportSize({ width: 1920, height: 1000 });
  await train.scrollIntoViewIfNeeded();
  await saveScreenshot(page.locator('.chart-grid'), 'experiments-charts-1920');
  await saveScreenshot(card, 'experiments-verdict-card-1920');
});
