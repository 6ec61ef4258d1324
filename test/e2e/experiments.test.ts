// Experiments as the unit, seeds as groups (docs/design.md §3): two imported experiments of 3 seeds × 2 variants.
// The charts draw one line and band per variant with N = 3; a legend click hides a variant's runs; chart settings
// survive a reload; one experiment's report holds only its runs and gives its cards' verdicts; no text fails WCAG AA
// contrast (axe-core); a drag across a chart zooms its x axis and Reset zoom restores it. Screenshots at 1280 and
// 1920 px of the charts, a verdict card and the report. Then an imported LR sweep gets its loss-vs-rate plot.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expandExperiment, parseConfig, repeatRuns, type ConfigInput } from '../../core/config';
import { parseExperiment } from '../../core/claims';
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

/**
 * The runs of experiments/lr-sensitivity.json as the CLI's `run` plans them (2 seeds), finished: a U-shaped final
 * loss in log(lr), each variant more sensitive than the last; the bias variant diverges at the top rate.
 */
function sweepRuns(): RunData[] {
  const spec = readFileSync(join(import.meta.dirname, '../../experiments/lr-sensitivity.json'), 'utf8');
  const exp = parseExperiment(JSON.parse(spec), 'lr-sensitivity.json');
  const variants = [exp.baseName, ...exp.variants.map((v) => v.name)];
  return repeatRuns(expandExperiment(exp), 2).map((run, i) => {
    const { seed, steps } = run.config.train;
    const lr = run.config.optimizer.learningRate;
    const v = variants.findIndex((name) => run.name.startsWith(`${name} · `));
    const diverged = variants[v] === 'bias' && lr === 0.3;
    const loss = diverged ? Number.NaN : 2.4 + (0.3 + 0.1 * v) * (Math.log10(lr) + 1.8) ** 2 + 0.01 * seed;
    const template = makeRun('lr', 'x', {}, seed, 0);
    const last = { ...template.metrics.at(-1)!, step: steps, valLoss: loss, trainLoss: loss };
    return {
      record: {
        ...template.record,
        id: `lr-${i}`,
        name: `${run.name} · seed ${seed}`,
        label: run.label,
        config: run.config,
        status: diverged ? 'diverged' : 'done',
        summary: { ...template.record.summary!, steps, finalValLoss: loss, finalTrainLoss: loss, bestValLoss: loss },
      },
      metrics: [last],
    };
  });
}

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

  // Drag-to-zoom: a drag across the plot narrows the x axis to the dragged steps; Reset zoom brings the whole run back.
  const xTicks = async () =>
    (await train.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).map(
      Number,
    );
  await expect.poll(async () => (await xTicks()).at(-1)).toBe(300);
  const whole = await xTicks();
  expect(whole[0]).toBe(0);
  await train.scrollIntoViewIfNeeded();
  const surface = await train.locator('.recharts-surface').boundingBox();
  if (!surface) throw new Error('no chart surface');
  const y = surface.y + surface.height / 2;
  await page.mouse.move(surface.x + surface.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(surface.x + surface.width * 0.75, y, { steps: 12 });
  await page.mouse.up();
  await train.getByRole('button', { name: 'Reset zoom' }).waitFor({ timeout: 10_000 });
  const zoomed = await xTicks();
  expect(zoomed[0]).toBeGreaterThan(0);
  expect(zoomed.at(-1)).toBeLessThan(300);
  await page.mouse.move(5, 5);
  await train.getByRole('button', { name: 'Reset zoom' }).click();
  await expect.poll(xTicks).toEqual(whole);

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

it('plots an imported lr-sensitivity sweep: final loss vs the rate per variant, diverged runs marked, in the report too', async () => {
  const { page } = session;
  const runs = sweepRuns();
  await page.getByLabel('Import runs (JSON)').setInputFiles(file('lr-sensitivity.json', runs));
  await expect.poll(() => page.locator('tr[data-run-id]').count(), { timeout: 60_000 }).toBe(12 + runs.length);
  const sweep = page.getByRole('figure', { name: /Final validation loss vs optimizer\.learningRate$/ });
  await sweep.scrollIntoViewIfNeeded();
  // A line per variant (palm and three stability choices undone), N = 2 seeds each, the rates on the axis.
  await expect.poll(() => sweep.locator('path.sweep-line').count(), { timeout: 30_000 }).toBe(4);
  expect(await sweep.locator('.chart-legend li').evaluateAll((li) => li.map((l) => l.getAttribute('data-n')))).toEqual([
    '2',
    '2',
    '2',
    '2',
  ]);
  expect(await sweep.locator('.sweep-x-tick text').allTextContents()).toEqual(['0.003', '0.01', '0.03', '0.1', '0.3']);
  expect(await sweep.locator('path.sweep-band').count()).toBe(4);
  // The bias variant's two seeds diverged at 0.3: one cross, counted 2, in the strip at the top.
  expect(await sweep.locator('.sweep-diverged').count()).toBe(1);
  expect(await sweep.locator('.sweep-diverged title').textContent()).toMatch(
    /bias, optimizer\.learningRate = 0\.3: 2 of 2 seeds diverged/,
  );
  await expect.poll(() => sweep.locator('figcaption').textContent()).toContain('2 diverged');
  // Four variants, four colours; drawn at least as wide as laid out, so its text is no smaller than 12 px; AA contrast.
  const colours = await sweep.locator('.chart-legend li').evaluateAll((li) => li.map((l) => l.dataset.colour));
  expect(new Set(colours).size).toBe(4);
  expect((await sweep.locator('svg.sweep-svg').boundingBox())!.width).toBeGreaterThanOrEqual(560);
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: string, o: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run('.sweep', { runOnly: ['color-contrast'] })).violations;
  });
  expect(violations).toEqual([]);
  await saveScreenshot(sweep, 'experiments-sweep-1920');

  await page.getByLabel('Report of').selectOption({ label: `imported from lr-sensitivity.json (${runs.length} runs)` });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  const path = join(screenshotDir, 'experiments-sweep-report.html');
  await download.saveAs(path);
  const html = readFileSync(path, 'utf8');
  expect(html).toContain('Final validation loss vs optimizer.learningRate');
  expect((html.match(/<g class="diverged">/g) ?? []).length).toBe(1);
});
