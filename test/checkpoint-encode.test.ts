// Tests of core/checkpoint/checkpoint: the config in __metadata__, and the tensor set checked against paramSpecs.
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../core/config';
import {
  CHECKPOINT_FORMAT,
  decodeCheckpoint,
  encodeCheckpoint,
  readSafetensors,
  writeSafetensors,
  type TensorData,
} from '../core/checkpoint';
import { paramSpecs } from '../core/config/shapes';

const config = parseConfig({ model: { dModel: 16, nLayers: 2, nHeads: 2, headDim: 8, seqLen: 8 }, train: { seed: 3 } });

function weightsFor(c: Config): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  let k = 0;
  for (const { name, shape } of paramSpecs(c.model)) {
    const n = shape.reduce((a, b) => a * b, 1);
    out[name] = { shape, data: Float32Array.from({ length: n }, () => Math.sin(++k)) };
  }
  return out;
}

/** A checkpoint whose tensors were edited after the fact, as a broken or foreign file would be. */
function tampered(edit: (t: Record<string, TensorData>) => void): Uint8Array {
  const { metadata, tensors } = readSafetensors(encodeCheckpoint(config, weightsFor(config)));
  edit(tensors);
  return writeSafetensors(tensors, metadata);
}

describe('encode and decode', () => {
  it('round trips config, weights (in paramSpecs order) and extra metadata', () => {
    // Insertion order reversed: the file must still follow paramSpecs.
    const weights = Object.fromEntries(Object.entries(weightsFor(config)).reverse());
    const bytes = encodeCheckpoint(config, weights, { step: '42' });
    const back = decodeCheckpoint(bytes, { expectedConfig: config });
    expect(back.config).toEqual(config);
    expect(back.metadata).toMatchObject({ step: '42', format: CHECKPOINT_FORMAT });
    expect(JSON.parse(back.metadata.config!)).toEqual(config);
    expect(Object.keys(readSafetensors(bytes).tensors)).toEqual(paramSpecs(config.model).map((s) => s.name));
    expect(back.weights).toEqual(weightsFor(config));
    expect(back.extraTensors).toEqual({});
  });

  it('keeps optimizer tensors only when their prefix is allowed', () => {
    const weights = { ...weightsFor(config), 'optimizer/embed.m': { shape: [2], data: Float32Array.from([1, 2]) } };
    const bytes = encodeCheckpoint(config, weights);
    expect(() => decodeCheckpoint(bytes)).toThrow(/checkpoint tensor "optimizer\/embed\.m": unexpected/);
    const back = decodeCheckpoint(bytes, { allowPrefixes: ['optimizer/'] });
    expect(back.extraTensors['optimizer/embed.m']!.data).toEqual(Float32Array.from([1, 2]));
    expect(Object.keys(back.weights)).not.toContain('optimizer/embed.m');
  });

  it('refuses to encode an unprefixed stray tensor, a missing weight or a reserved metadata key', () => {
    expect(() =>
      encodeCheckpoint(config, { ...weightsFor(config), stray: { shape: [1], data: new Float32Array(1) } }),
    ).toThrow(/"stray": unexpected/);
    const { embed: _embed, ...noEmbed } = weightsFor(config);
    expect(() => encodeCheckpoint(config, noEmbed)).toThrow(
      /cannot encode checkpoint:\n {2}- checkpoint tensor "embed": missing \(the config needs shape \[256,16\]\)/,
    );
    expect(() => encodeCheckpoint(config, weightsFor(config), { config: '{}' })).toThrow(
      /metadata "config" is reserved/,
    );
  });
});

describe('a checkpoint that does not fit', () => {
  it('wrong shape', () => {
    const bytes = tampered((t) => {
      t['blocks.0.attn.wq'] = { shape: [16, 8], data: new Float32Array(128) };
    });
    expect(() => decodeCheckpoint(bytes)).toThrow(
      'checkpoint tensor "blocks.0.attn.wq": shape [16,8] does not match the config\'s [16,16]',
    );
  });

  it('missing tensor', () => {
    const bytes = tampered((t) => delete t['blocks.1.mlp.w_gate']);
    expect(() => decodeCheckpoint(bytes)).toThrow(
      'checkpoint tensor "blocks.1.mlp.w_gate": missing (the config needs shape [16,64])',
    );
  });

  it('unexpected tensor (a name the config does not have)', () => {
    const bytes = tampered((t) => {
      t.lm_head = { shape: [16, 256], data: new Float32Array(16 * 256) };
    });
    expect(() => decodeCheckpoint(bytes)).toThrow(
      'checkpoint tensor "lm_head": unexpected, the config has no such parameter',
    );
  });

  it('a different expected model names the keys that differ', () => {
    const bytes = encodeCheckpoint(config, weightsFor(config));
    const other = parseConfig({
      model: { dModel: 16, nLayers: 3, nHeads: 2, headDim: 8, seqLen: 8, attention: 'mha' },
    });
    const run = () => decodeCheckpoint(bytes, { expectedConfig: other });
    expect(run).toThrow(/model\.nLayers: checkpoint 2, expected 3/);
    expect(run).toThrow(/model\.attention: checkpoint "mqa", expected "mha"/);
    expect(run).toThrow(/model\.kvHeads: checkpoint 1, expected 2/);
    expect(run).not.toThrow(/model\.dModel/);
  });

  it('an optimizer or train difference alone is fine', () => {
    const bytes = encodeCheckpoint(config, weightsFor(config));
    const resumed = parseConfig({ ...config, train: { ...config.train, steps: 1000 } });
    expect(decodeCheckpoint(bytes, { expectedConfig: resumed }).config.train.steps).toBe(config.train.steps);
  });

  it('a plain safetensors file, or one with an invalid config', () => {
    const plain = writeSafetensors({}, {});
    expect(() => decodeCheckpoint(plain)).toThrow(
      /metadata "format" is undefined, expected "palm-workbench-checkpoint\/1"/,
    );
    const badConfig = writeSafetensors(
      {},
      { format: CHECKPOINT_FORMAT, config: JSON.stringify({ model: { nHeads: 0 } }) },
    );
    expect(() => decodeCheckpoint(badConfig)).toThrow(
      /checkpoint metadata "config": invalid config:\n {2}- model\.nHeads/,
    );
    const notJson = writeSafetensors({}, { format: CHECKPOINT_FORMAT, config: '{' });
    expect(() => decodeCheckpoint(notJson)).toThrow(/checkpoint metadata "config" is not JSON/);
  });
});
