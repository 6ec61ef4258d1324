// Tests of core/checkpoint/safetensors: byte-exact round trips, a file written independently by python
// (test/golden/checkpoint_safetensors.py), and a clear error for each kind of broken file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors, type TensorData } from '../core/checkpoint';

const goldenBytes = new Uint8Array(
  readFileSync(new URL('./golden/checkpoint_safetensors.safetensors', import.meta.url)),
);
const golden = JSON.parse(readFileSync(new URL('./golden/checkpoint_safetensors.json', import.meta.url), 'utf8')) as {
  metadata: Record<string, string>;
  headerLength: number;
  tensors: Record<string, { shape: number[]; values: (number | string)[]; negativeZero: boolean[] }>;
};

function goldenTensors(): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(golden.tensors)) {
    const values = t.values.map((v, i) => (t.negativeZero[i] ? -0 : typeof v === 'string' ? Number(v) : v));
    out[name] = { shape: t.shape, data: Float32Array.from(values) };
  }
  return out;
}

/** A file with a hand-written header, for the cases our writer refuses to produce. */
function handMade(header: object, dataBytes: number, padTo8 = true): Uint8Array {
  let json = new TextEncoder().encode(JSON.stringify(header));
  if (padTo8 && json.length % 8)
    json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(8 - (json.length % 8)));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function seededFloats(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 8 - 4;
  });
}

describe('against the python-written golden file', () => {
  it('reads every tensor, bit for bit, and the metadata', () => {
    const { metadata, tensors } = readSafetensors(goldenBytes);
    expect(metadata).toEqual(golden.metadata);
    expect(Object.keys(tensors)).toEqual(Object.keys(golden.tensors));
    for (const [name, want] of Object.entries(goldenTensors())) {
      expect(tensors[name]!.shape).toEqual(want.shape);
      expect(Array.from(tensors[name]!.data)).toEqual(Array.from(want.data)); // toEqual tells -0 from 0
    }
  });

  it('our writer produces the same bytes as the python writer', () => {
    expect(Buffer.from(writeSafetensors(goldenTensors(), golden.metadata)).equals(Buffer.from(goldenBytes))).toBe(true);
  });

  it('reads from a view at an odd byte offset', () => {
    const shifted = new Uint8Array(goldenBytes.length + 3);
    shifted.set(goldenBytes, 3);
    expect(readSafetensors(shifted.subarray(3)).tensors.cube!.data).toEqual(goldenTensors().cube!.data);
  });
});

describe('round trip', () => {
  it('random tensors come back byte-exact, in order, with a header padded to 8 bytes', () => {
    const tensors: Record<string, TensorData> = {
      embed: { shape: [5, 3], data: seededFloats(15, 1) },
      'blocks.0.attn.wq': { shape: [3, 7], data: seededFloats(21, 2) },
      odd: { shape: [1], data: Float32Array.from([NaN]) },
    };
    const bytes = writeSafetensors(tensors, { a: '1', b: '{"json": true}' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ a: '1', b: '{"json": true}' });
    expect(Object.keys(back.tensors)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      expect(back.tensors[name]!.shape).toEqual(t.shape);
      expect(new Uint8Array(back.tensors[name]!.data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
    expect(writeSafetensors(back.tensors, back.metadata)).toEqual(bytes);
  });

  it('the writer refuses data that does not fill its shape', () => {
    expect(() => writeSafetensors({ w: { shape: [2, 3], data: new Float32Array(5) } }, {})).toThrow(
      /tensor "w": 5 values do not fill shape \[2,3\] \(6\)/,
    );
  });
});

describe('broken files', () => {
  const entry = (shape: number[], begin: number, end: number, dtype = 'F32') => ({
    dtype,
    shape,
    data_offsets: [begin, end],
  });

  it('a file shorter than 8 bytes', () => {
    expect(() => readSafetensors(new Uint8Array(5))).toThrow(/file is 5 bytes, shorter than its 8-byte header length/);
  });

  it('a truncated file: the header runs past the end', () => {
    expect(() => readSafetensors(goldenBytes.subarray(0, 100))).toThrow(
      /header length 472 runs past the end of the file \(92 bytes/,
    );
  });

  it('a truncated file: the data stops early', () => {
    expect(() => readSafetensors(goldenBytes.subarray(0, goldenBytes.length - 4))).toThrow(
      /tensor "final_norm\.scale": data_offsets \[\d+, \d+\] out of range/,
    );
  });

  it('a corrupted header', () => {
    const bytes = goldenBytes.slice();
    bytes[8] = 0x5b; // '{' -> '['
    expect(() => readSafetensors(bytes)).toThrow(/header is not valid UTF-8 JSON/);
  });

  it('an F16 entry', () => {
    const bytes = handMade({ half: entry([2], 0, 4, 'F16') }, 4);
    expect(() => readSafetensors(bytes)).toThrow(/tensor "half": dtype "F16" is not supported; only "F32" is/);
  });

  it('offsets that do not match the shape', () => {
    expect(() => readSafetensors(handMade({ w: entry([2, 2], 0, 12) }, 12))).toThrow(
      /tensor "w": data_offsets \[0, 12\] hold 12 bytes, but shape \[2,2\] of F32 needs 16/,
    );
  });

  it('overlapping tensors', () => {
    const bytes = handMade({ a: entry([2], 0, 8), b: entry([2], 4, 12) }, 12);
    expect(() => readSafetensors(bytes)).toThrow(/tensor "b": data_offsets \[4, 12\] overlap tensor "a"/);
  });

  it('a gap between tensors', () => {
    const bytes = handMade({ a: entry([1], 0, 4), b: entry([1], 8, 12) }, 12);
    expect(() => readSafetensors(bytes)).toThrow(
      /tensor "b": data_offsets begin at 8, leaving a gap of 4 bytes after tensor "a"/,
    );
  });

  it('trailing garbage', () => {
    const bytes = new Uint8Array(goldenBytes.length + 3);
    bytes.set(goldenBytes);
    expect(() => readSafetensors(bytes)).toThrow(/3 trailing bytes after the last tensor's data/);
  });

  it('non-string metadata', () => {
    expect(() => readSafetensors(handMade({ __metadata__: { step: 3 } }, 0))).toThrow(
      /metadata "step": must be a string \(got 3\)/,
    );
  });
});
