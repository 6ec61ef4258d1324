// Interop: a plain safetensors file (tensor names only, no workbench format tag or config, as PyTorch's safetensors
// writes it: no __metadata__, or just {"format": "pt"}, tensors sorted by name) loads when the caller gives the
// config, and is refused without one with a message saying so.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, readSafetensors } from '../core/checkpoint';
import { parseConfig } from '../core/config';
import { palm } from './cli-helpers';

/** safetensors bytes laid out as the Python library does: entries sorted by name, optional metadata. */
function plainSafetensors(
  tensors: Record<string, { shape: number[]; data: Float32Array }>,
  metadata?: object,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const name of names) {
    const bytes = tensors[name]!.data.byteLength;
    header[name] = { dtype: 'F32', shape: tensors[name]!.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const padded = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(padded.length));
  const data = names.map((n) =>
    Buffer.from(tensors[n]!.data.buffer, tensors[n]!.data.byteOffset, tensors[n]!.data.byteLength),
  );
  return new Uint8Array(Buffer.concat([length, padded, ...data]));
}

let tmp: string;
let weights: Record<string, { shape: number[]; data: Float32Array }>;
const configInput = { model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 } };
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-plain-'));
  writeFileSync(join(tmp, 'config.json'), JSON.stringify(configInput));
  writeFileSync(join(tmp, 'text.txt'), 'Call me Ishmael. Some years ago, never mind how long precisely, having li');
  const init = await palm([
    'init',
    '--config',
    join(tmp, 'config.json'),
    '--out',
    join(tmp, 'ck.safetensors'),
    '--seed',
    '3',
  ]);
  expect(init.code, init.stderr).toBe(0);
  weights = readSafetensors(new Uint8Array(readFileSync(join(tmp, 'ck.safetensors')))).tensors;
  writeFileSync(join(tmp, 'plain.safetensors'), plainSafetensors(weights));
  writeFileSync(join(tmp, 'pt.safetensors'), plainSafetensors(weights, { format: 'pt' }));
}, 60_000);

describe('plain safetensors', () => {
  it('decodes with the config the caller gives, with or without a foreign format tag', () => {
    const config = parseConfig(configInput);
    for (const file of ['plain.safetensors', 'pt.safetensors']) {
      const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(join(tmp, file))), { expectedConfig: config });
      expect(ckpt.config).toEqual(config);
      expect(Object.keys(ckpt.weights)).toEqual(Object.keys(weights));
      expect(ckpt.weights['blocks.0.attn.wq']!.data).toEqual(weights['blocks.0.attn.wq']!.data);
    }
  });

  it('is refused without a config, saying how to give one', () => {
    expect(() => decodeCheckpoint(new Uint8Array(readFileSync(join(tmp, 'plain.safetensors'))))).toThrow(
      /has no PaLM Workbench format tag or config in its metadata: give the config it was made for \(--config\)/,
    );
  });

  it('evaluates under eval --config to the same loss as the workbench checkpoint', async () => {
    const evalOf = async (file: string) => {
      const r = await palm([
        'eval',
        '--config',
        join(tmp, 'config.json'),
        '--checkpoint',
        join(tmp, file),
        '--text',
        join(tmp, 'text.txt'),
        '--backend',
        'cpu',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { loss: number };
    };
    const [plain, ours] = await Promise.all([evalOf('plain.safetensors'), evalOf('ck.safetensors')]);
    expect(plain.loss).toBe(ours.loss);
  });
});
