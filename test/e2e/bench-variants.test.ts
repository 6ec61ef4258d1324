// "Benchmark these variants" in Chromium without a GPU (docs/workbench.md, Speed): the default preset's attention
// experiment, tiny shapes and 2 seeds typed into the builder's fields, trained; its card says the speeds are not
// comparable until the button times the variants interleaved in a worker; then the table shows each variant's tokens/s
// and ratio, the card judges wall time to target on the bench, the report carries it, and a reload keeps it all.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { saveScreenshot, useSession } from './harness';
import { TINY } from './workbench-flow';

const session = useSession({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }, false);

it('benchmarks the default experiment’s variants, judges speed on the bench, and keeps it over a reload', async () => {
  const { page, server } = session;
  await page.goto(server.url);
  const backend = page.getByRole('status', { name: 'Backend' });
  await expect.poll(() => backend.textContent(), { timeout: 60_000 }).toMatch(/Backend: (wasm|cpu)/);
  expect(await page.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('palm-tiny');
  await page.getByRole('combobox', { name: 'Attention', exact: true }).selectOption({ label: 'compare…' });
  await page.locator('summary', { hasText: 'Data settings' }).click();
  for (const [label, value] of Object.entries({ ...TINY, Steps: '20', 'Seeds per run': '2' }))
    await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  await expect.poll(() => page.locator('#run-count').textContent()).toContain('4 runs');
  await page.getByRole('button', { name: 'Queue runs' }).click();
  const rows = page.locator('tr[data-run-id]');
  await expect.poll(() => rows.count()).toBe(4);
  await expect
    .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))), { timeout: 180_000 })
    .toEqual(['done', 'done', 'done', 'done']);

  const verdicts = page.getByRole('region', { name: 'Verdicts' });
  const card = verdicts.getByRole('article', { name: /^Attention: / });
  await card.waitFor({ timeout: 30_000 });
  // Trained one after another: no speed verdict, and the way to get one.
  expect(await card.textContent()).toContain(
    'speed not comparable: timed separately; press “Benchmark these variants”',
  );
  expect(await card.locator('li[data-metric="timeToTarget"]').count()).toBe(0);

  const panel = verdicts.getByRole('region', { name: 'Speed bench of PaLM-tiny' });
  await panel.getByRole('button', { name: 'Benchmark these variants' }).click();
  const table = panel.getByRole('table', { name: 'Interleaved speeds of PaLM-tiny' });
  try {
    await table.waitFor({ timeout: 120_000 });
  } catch (e) {
    throw new Error(`no bench table; the panel said: ${await panel.innerText()}`, { cause: e });
  }
  const readTable = () =>
    table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const measured = await readTable();
  console.log(`e2e bench: ${JSON.stringify(measured)}; ${await table.locator('caption').textContent()}`);
  expect(measured.map((r) => [r[0], r[2]?.startsWith('×') || r[2] === 'base'])).toEqual([
    ['mqa', true],
    ['mha', true],
  ]);
  expect(measured.every((r) => /^[\d.]+k? \[[\d.]+k?, [\d.]+k?\]$/.test(r[1] ?? ''))).toBe(true);
  const caption =
    /^timed interleaved on (wasm|cpu).*, 16 steps per variant in 4 rounds, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/;
  expect(await table.locator('caption').textContent()).toMatch(caption);

  // The card judges wall time to target at the bench's speeds, over the 2 seeds, and no longer says "timed apart".
  const wall = card.locator('li[data-metric="timeToTarget"]');
  const judged = async () => {
    await wall.waitFor({ timeout: 10_000 });
    expect(await wall.locator('.effect-verdict').textContent()).toMatch(/^(supported|contradicted|inconclusive)$/);
    expect(await wall.textContent()).toMatch(/wall time to target loss: .* 2 seeds|no interval/);
    expect(await card.textContent()).not.toContain('timed separately');
    expect(await card.textContent()).toMatch(
      /wall time ×[\d.]+ .* at the interleaved bench's .* tokens\/s \((wasm|cpu)\)/,
    );
  };
  await judged();
  await saveScreenshot(verdicts, 'bench-variants-1-judged');

  // Its report carries the bench: the same wall-time words.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report (HTML)' }).click();
  const html = readFileSync((await (await download).path()) ?? '', 'utf8');
  expect(html).toMatch(/at the interleaved bench&#39;s|at the interleaved bench's/);
  expect(html).not.toContain('timed separately');

  await page.reload();
  await table.waitFor({ timeout: 30_000 });
  expect(await readTable()).toEqual(measured);
  await judged();
});
