// `eval` streams its text: windows are cut from chunks as they are read (never the whole file in memory), with a
// progress report; a text or checkpoint that is not a regular file (a symlink to /dev/zero) is refused before it is
// read; non-finite weights or a non-finite loss are an error with a non-zero exit, never {"loss": null}.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../core/checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../core/config';
import { createParams, disposeParams } from '../core/model';
import { disjointWindows, evaluateLossStream, windowBatches } from '../core/train/evaluate';
import { palm } from './cli-helpers';

async function* chunksOf(bytes: Uint8Array, sizes: number[], pulled: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pulled.push(at);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

describe('windowBatches', () => {
  it('cuts the same windows from chunks of any size as disjointWindows from the whole stream', async () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 37) % 256);
    const want = disjointWindows(bytes, 8, 3);
    const got = [];
    for await (const b of windowBatches(chunksOf(bytes, [7, 1, 50, 13], []), 8, 3)) got.push(b);
    expect(got).toEqual(want);
  });

  it('is lazy: the first batch needs only the first chunks', async () => {
    const bytes = new Uint8Array(100_000);
    const pulled: number[] = [];
    const it = windowBatches(chunksOf(bytes, [64], pulled), 8, 2)[Symbol.asyncIterator]();
    await it.next();
    expect(pulled.length).toBeLessThanOrEqual(1);
  });
});

describe('evaluateLossStream', () => {
  it('stops with an error naming the batch when the loss is not finite (finite but overflowing weights)', async () => {
    const config = parseConfig({ model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 } });
    const params = createParams(config.model, 1);
    const before = tf.memory().numTensors;
    tf.tidy(() => params['final_norm.scale']!.assign(tf.fill([16], 3e38)));
    const bytes = new Uint8Array(90).map((_, i) => 97 + (i % 26));
    await expect(
      evaluateLossStream(params, config.model, windowBatches(chunksOf(bytes, [90], []), 8, 2)),
    ).rejects.toThrow(/the loss of batch 1 \(tokens 1-16\) is (NaN|Infinity)/);
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
  });
});

describe('palm-workbench eval input checks', () => {
  let tmp: string;
  const args = (over: { checkpoint?: string; text?: string } = {}) => [
    'eval',
    '--config',
    join(tmp, 'config.json'),
    '--checkpoint',
    over.checkpoint ?? join(tmp, 'ck.safetensors'),
    '--text',
    over.text ?? join(tmp, 'text.txt'),
    '--backend',
    'cpu',
    '--json',
  ];
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'palm-eval-'));
    writeFileSync(
      join(tmp, 'config.json'),
      JSON.stringify({ model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 } }),
    );
    writeFileSync(
      join(tmp, 'text.txt'),
      'Call me Ishmael. Some years ago, never mind how long precisely, having li'.repeat(3),
    );
    const init = await palm(['init', '--config', join(tmp, 'config.json'), '--out', join(tmp, 'ck.safetensors')]);
    expect(init.code, init.stderr).toBe(0);
    symlinkSync('/dev/zero', join(tmp, 'zero'));
  }, 60_000);

  it('evaluates a text and reports its progress', async () => {
    const r = await palm(args());
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tokens: 3 * 64 });
    expect(r.stderr).toMatch(/eval: 100% \(219 of 219 bytes\)/);
  });

  it.concurrent.each([
    [
      'a checkpoint',
      () => ({ checkpoint: join(tmp, 'zero') }),
      /cannot read checkpoint ".*zero": a device, not a regular file/,
    ],
    ['a text', () => ({ text: join(tmp, 'zero') }), /cannot read text file ".*zero": a device, not a regular file/],
  ])('refuses %s symlinked to /dev/zero before reading it', async (_what, over, message) => {
    const started = Date.now();
    const r = await palm(args(over()));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses NaN weights with a clear error and a non-zero exit', async () => {
    const { metadata, tensors } = readSafetensors(new Uint8Array(readFileSync(join(tmp, 'ck.safetensors'))));
    tensors['blocks.0.attn.wq']!.data[5] = NaN;
    writeFileSync(join(tmp, 'nan.safetensors'), writeSafetensors(tensors, metadata));
    const r = await palm(args({ checkpoint: join(tmp, 'nan.safetensors') }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/checkpoint tensor "blocks.0.attn.wq" holds 1 non-finite value \(NaN at index 5\)/);
  });
});
