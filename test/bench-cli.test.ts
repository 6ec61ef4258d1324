// `palm-workbench bench` end to end through the real binary on the cpu backend: a tiny config, two timed steps, JSON
// out. Checks the document's shape and its arithmetic, never its speed.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { BenchReport } from '../core/bench/report';

function palm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/palm-workbench.mjs', ...args], (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it('bench --backend cpu --steps 2 --warmup 1 --json prints one report for the config and its ablations', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'palm-bench-'));
  const config = join(dir, 'tiny.json');
  writeFileSync(
    config,
    JSON.stringify({ model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 }, train: { batchSize: 2 } }),
  );
  const args = [
    'bench',
    '--config',
    config,
    '--backend',
    'cpu',
    '--steps',
    '2',
    '--warmup',
    '1',
    '--json',
    '--peak-sizes',
    '32,48',
  ];
  const { code, stdout, stderr } = await palm([
    ...args,
    '--decode',
    '--context',
    '12',
    '--decode-tokens',
    '2',
    '--decode-batch',
    '3',
    '--profile',
  ]);
  expect(stderr).toMatch(/bench: backend cpu/);
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as BenchReport;
  expect(report).toMatchObject({
    tool: 'palm-workbench bench',
    backend: 'cpu',
    tfjsVersion: '4.22.0',
    steps: 2,
    warmup: 1,
  });
  expect(report.peak.calibrated).toBe(true);
  expect(report.peak.samples.map((s) => s.size)).toEqual([32, 48]);
  expect(report.device.cpuModel.length).toBeGreaterThan(0);
  expect(report.train.map((r) => r.name)).toEqual(['reference', 'serial', 'mha', 'learned', 'adamw']);
  for (const r of report.train) {
    expect(r.tokensPerStep).toBe(2 * 8);
    expect(r.losses).toHaveLength(2);
    expect(r.stepMs.n).toBe(2);
    expect(r.stepMs.min).toBeLessThanOrEqual(r.stepMs.median);
    expect(r.tokensPerSec.median).toBeCloseTo((16 * 1000) / r.stepMs.median, 6);
    expect(r.flopsPerSec).toBeCloseTo(r.flopsPerToken * r.tokensPerSec.median, 0);
    expect(r.mfu).toBeCloseTo(r.flopsPerSec / report.peak.flopsPerSec, 9);
    expect(r.memory.paramBytes).toBeGreaterThan(0);
    expect(r.memory.optimizerStateBytes).toBeGreaterThan(0);
    expect(r.memory.leakedTensors).toBe(0);
    expect(r.profile.length).toBeGreaterThan(0);
    expect(r.kernelLaunches).toBeGreaterThan(0);
    expect(r.dispatches).toBeUndefined(); // only webgpu dispatches GPU programs
  }
  // AdamW keeps two moments per parameter; PaLM's Adafactor (unfactored, beta1) keeps v and m: the same bytes.
  type TrainRow = BenchReport['train'][number];
  const [ref, , mha, , adamw] = report.train as [TrainRow, TrainRow, TrainRow, TrainRow, TrainRow];
  expect(adamw.memory.optimizerStateBytes).toBe(2 * adamw.memory.paramBytes);
  expect(ref.memory.optimizerStateBytes).toBe(2 * ref.memory.paramBytes);
  expect(mha.memory.paramBytes).toBeGreaterThan(ref.memory.paramBytes);
  // The serial block runs a second norm per layer: more kernels.
  expect(report.train[1]!.kernelLaunches).toBeGreaterThan(ref.kernelLaunches);
  const decode = report.decode ?? [];
  expect(decode.map((d) => [d.name, d.kvHeads, d.context])).toEqual([
    ['mha', 2, 12],
    ['mqa', 1, 12],
  ]);
  // 2 L Hkv Dh float32: MQA's cache is 1/H of MHA's.
  expect(decode[0]!.kvBytesPerToken).toBe(2 * 1 * 2 * 8 * 4);
  expect(decode[1]!.kvBytesAtContext * 2).toBe(decode[0]!.kvBytesAtContext);
  // Three sequences per step: tokens/s counts all of them.
  expect(decode.map((d) => d.batch)).toEqual([3, 3]);
  expect(decode[0]!.tokensPerSec.median).toBeCloseTo(3000 / decode[0]!.tokenMs.median, 6);
  // Interleaved token by token: MQA's speed-up over MHA is a ratio per round, one per timed token.
  expect(decode[0]!.speedupOverFirst).toBeUndefined();
  expect(decode[1]!.speedupOverFirst?.n).toBe(decode[1]!.tokenMs.n);
  expect(decode[1]!.speedupOverFirst!.median).toBeGreaterThan(0);
  // Launches per decoded token, counted on cpu too (no dispatches there): MHA and MQA run the same kernels.
  expect(decode[0]!.launchesPerToken.kernelLaunches).toBeGreaterThan(0);
  expect(decode[1]!.launchesPerToken.dispatches).toBeUndefined();

  const text = await palm(args.filter((a) => a !== '--json').concat('--no-ablations'));
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/calibrated matmul peak/);
  expect(text.stdout).toMatch(/^reference\s/m);
  expect(text.stdout).not.toMatch(/^serial\s/m);
  expect(text.stdout).toMatch(/launches\*\*/);
});
