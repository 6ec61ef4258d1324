// `palm-workbench eval --backend webgpu` end to end: a checkpoint from `init`, evaluated on webgpu and on cpu in
// child processes (the env of this project's setup: SwiftShader's ICD, a runtime folder); the losses agree.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/palm-workbench.mjs');
let dir: string;

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args], { env: process.env, timeout: 90_000 });
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palm-eval-'));
  const config = {
    model: { vocabSize: 256, dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, ffnMult: 2, seqLen: 8 },
    data: { tokenizer: 'byte' },
  };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  // 72 bytes = 8 windows of seqLen + 1: 8 batches of 1, so the per-batch losses are summed over 8 tensors.
  await writeFile(join(dir, 'text.txt'), 'Call me Ishmael. Some years ago, never mind how long precisely, having li');
  await cli('init', '--config', join(dir, 'config.json'), '--out', join(dir, 'ck.safetensors'), '--seed', '4');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('eval --backend webgpu --json gives the cpu loss within 1e-5 relative', async () => {
  const evalOn = async (backend: string) => {
    const args = [
      '--config',
      join(dir, 'config.json'),
      '--checkpoint',
      join(dir, 'ck.safetensors'),
      '--text',
      join(dir, 'text.txt'),
    ];
    const stdout = await cli('eval', ...args, '--batch-size', '1', '--backend', backend, '--json');
    try {
      return JSON.parse(stdout) as { loss: number; tokens: number };
    } catch {
      // Dawn prints WebGPU errors to stdout, so a failed kernel shows up here first.
      throw new Error(`eval --backend ${backend} --json printed more than one JSON line:\n${stdout.slice(0, 1000)}`);
    }
  };
  const [gpu, cpu] = await Promise.all([evalOn('webgpu'), evalOn('cpu')]);
  expect(gpu.tokens).toBe(64);
  expect(cpu.tokens).toBe(64);
  // A fresh model's loss is near ln(256) = 5.5 nats; the two backends differ only by float32 rounding.
  expect(cpu.loss).toBeGreaterThan(3);
  expect(Math.abs(gpu.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-5);
});
