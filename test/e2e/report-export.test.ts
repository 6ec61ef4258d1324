// Report export from the web build (issue 6 §4): the core's report builder runs in the page for the runs on
// screen, and the browser downloads a self-contained HTML file that renders and prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from '../../core/config';
import type { MetricPoint, RunData, RunSummary } from '../../core/record';
import { screenshotDir, useSession } from './harness';

function makeRun(id: string, name: string, attention: 'mqa' | 'mha', lossShift: number): RunData {
  const config = parseConfig({
    model: { attention, dModel: 64, nLayers: 2, nHeads: 4, headDim: 16, seqLen: 64 },
    train: { steps: 200 },
  });
  const metrics = Array.from({ length: 20 }, (_, i): MetricPoint => {
    const step = (i + 1) * 10;
    return {
      step,
      tokens: step * 512,
      wallMs: step * 40,
      trainLoss: 2.2 + lossShift + 3 * Math.exp(-step / 50),
      zLoss: 1e-4,
      valLoss: step % 50 === 0 ? 2.3 + lossShift + 3 * Math.exp(-step / 50) : undefined,
      gradNorm: 0.8,
      lr: 0.01,
      stepMs: 40,
      tokensPerSec: 12800,
      flopsPerSec: 4e9,
      mfu: 0.3,
      paramBytes: 4e5,
      optimizerStateBytes: 8e5,
      peakBytes: 6e7,
      numTensors: 60,
    };
  });
  const summary: RunSummary = {
    params: 1e5,
    flopsPerToken: 7e5,
    steps: 200,
    tokens: 102400,
    wallMs: 8000,
    finalTrainLoss: metrics[19]!.trainLoss,
    finalValLoss: metrics[19]!.valLoss ?? null,
    bestValLoss: metrics[19]!.valLoss ?? null,
    tokensPerSec: 12800,
    mfu: 0.3,
    peak: { flopsPerSec: 1.3e10, source: 'calibrated' },
    peakBytes: 6e7,
    paramBytes: 4e5,
    optimizerStateBytes: 8e5,
    kvCacheBytesPerToken: attention === 'mqa' ? 256 : 1024,
  };
  return {
    record: {
      id,
      name,
      label: attention === 'mha' ? 'attention: mqa→mha' : '',
      config,
      seed: 0,
      backend: 'wasm',
      status: 'done',
      createdAt: '2026-01-01T00:00:00.000Z',
      summary,
    },
    metrics,
  };
}

const session = useSession({ acceptDownloads: true });

it('downloads a self-contained HTML report of the runs on screen, which renders and prints to PDF', async () => {
  const { page, server, browser } = session;
  await page.goto(server.url);
  const runs = [makeRun('r-mqa', 'mqa <b>run</b>', 'mqa', 0), makeRun('r-mha', 'mha', 'mha', 0.05)];
  const json = JSON.stringify({ format: 'palm-workbench-runs', version: 1, runs });
  await page
    .getByLabel('Import runs (JSON)')
    .setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect.poll(() => page.locator('tr[data-run-id]').count(), { timeout: 60_000 }).toBe(2);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  // Named after the experiment (the import's), as the report is titled.
  expect(download.suggestedFilename()).toBe('imported-from-runs.json-report.html');
  const path = join(screenshotDir, 'exported-report.html');
  await download.saveAs(path);
  const html = readFileSync(path, 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html>/i);
  expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
  expect(html).toContain('mqa &lt;b&gt;run&lt;/b&gt;'); // a user's run name is text, never markup
  expect(html).toContain('Attention (mqa vs mha): Multi-query attention is neutral'); // the claim these runs test
  expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/); // self-contained

  const view = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await view.setContent(html);
  await view.screenshot({ path: join(screenshotDir, 'exported-report.png'), fullPage: true });
  const pdf = await view.pdf({
    path: join(screenshotDir, 'exported-report.pdf'),
    format: 'A4',
    landscape: true,
    printBackground: true,
  });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await view.close();
});
