// Config validation: defaults are PaLM's choices, and every invalid case names its key and what is allowed.
import { describe, expect, test } from 'vitest';
import { ConfigError, checkConfig, ffnDim, parseConfig } from '../core/config';

function messageOf(input: unknown): string {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`config was accepted: ${JSON.stringify(input)}`);
}

describe('defaults', () => {
  test('missing sections take PaLM defaults', () => {
    const c = parseConfig({});
    expect(c.model).toMatchObject({
      block: 'parallel',
      attention: 'mqa',
      kvHeads: 1,
      position: 'rope',
      activation: 'swiglu',
      bias: false,
      dropout: 0,
      tieEmbeddings: true,
      vocabSize: 256,
      maxPositions: 128,
    });
    expect(c.optimizer).toMatchObject({
      name: 'adafactor',
      factored: false,
      beta1: 0.9,
      weightDecayLrExponent: 2,
      clipNorm: 1,
    });
    expect(c.train.zLossCoef).toBe(1e-4);
    expect(c.data.tokenizer).toBe('byte');
  });

  test('a partial section keeps the other defaults of that section', () => {
    const c = parseConfig({ model: { attention: 'mha', nHeads: 8 } });
    expect(c.model.kvHeads).toBe(8);
    expect(c.model.dModel).toBe(128);
  });

  test('ffn width: ffnMult · D, parameter-matched SwiGLU 2/3 of it, never silently', () => {
    expect(ffnDim(parseConfig({ model: { dModel: 96 } }).model)).toBe(384);
    expect(ffnDim(parseConfig({ model: { dModel: 96, swigluParamMatched: true } }).model)).toBe(256);
    expect(ffnDim(parseConfig({ model: { dModel: 96, activation: 'gelu', swigluParamMatched: true } }).model)).toBe(
      384,
    );
  });
});

describe('invalid configs are refused with a message naming the key', () => {
  test.each([
    ['unknown model key', { model: { dmodel: 64 } }, /model\.dmodel: unknown key; allowed here: vocabSize, dModel/],
    ['unknown section', { modle: {} }, /modle: unknown key; allowed here: model, optimizer, train, data/],
    ['non-positive size', { model: { nLayers: 0 } }, /model\.nLayers: must be a positive integer \(got 0\)/],
    ['negative size', { model: { dModel: -8 } }, /model\.dModel: must be a positive integer \(got -8\)/],
    ['non-integer size', { train: { batchSize: 2.5 } }, /train\.batchSize: must be an integer \(got 2\.5\)/],
    ['wrong type', { model: { nHeads: '4' } }, /model\.nHeads: must be a number/],
    [
      'odd headDim with rope',
      { model: { headDim: 7 } },
      /model\.headDim: must be even with position "rope".*\(got 7\)/,
    ],
    [
      'kvHeads not dividing nHeads',
      { model: { attention: 'gqa', nHeads: 6, kvHeads: 4 } },
      /model\.kvHeads: must divide nHeads \(6\).*\(got 4\)/,
    ],
    ['gqa without kvHeads', { model: { attention: 'gqa' } }, /model\.kvHeads: is required with attention "gqa"/],
    ['mqa with several kv heads', { model: { attention: 'mqa', kvHeads: 2 } }, /model\.kvHeads: must be 1/],
    ['dropout of 1', { model: { dropout: 1 } }, /model\.dropout: must be in \[0, 1\) \(got 1\)/],
    ['negative dropout', { model: { dropout: -0.1 } }, /model\.dropout: must be in \[0, 1\)/],
    [
      'seqLen beyond the learned table',
      { model: { position: 'learned', seqLen: 256, maxPositions: 128 } },
      /model\.seqLen: must be ≤ model\.maxPositions \(128\)/,
    ],
    [
      'unknown enum value',
      { model: { block: 'fused' } },
      /model\.block: must be one of "parallel", "serial" \(got "fused"\)/,
    ],
    [
      'byte vocabulary size',
      { model: { vocabSize: 300 } },
      /model\.vocabSize: must be 256 with data\.tokenizer "byte"/,
    ],
    [
      'subword vocabulary too small',
      { data: { tokenizer: 'subword' } },
      /model\.vocabSize: must be > 256 with data\.tokenizer "subword"/,
    ],
    ['file corpus without a path', { data: { corpus: 'file' } }, /data\.path: is required with data\.corpus "file"/],
  ])('%s', (_name, input, pattern) => {
    expect(messageOf(input)).toMatch(pattern);
  });

  test('the source file is named when given', () => {
    expect(() => parseConfig({ model: { nHeads: 0 } }, 'configs/tiny.json')).toThrow(
      /^configs\/tiny\.json: invalid config/,
    );
  });

  test('several problems are reported together', () => {
    const r = checkConfig({ model: { nHeads: 0, dropout: 2 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['model.dropout', 'model.nHeads']);
  });

  test('gqa with a divisor is accepted and resolved', () => {
    expect(parseConfig({ model: { attention: 'gqa', nHeads: 8, kvHeads: 2 } }).model.kvHeads).toBe(2);
  });
});

describe('data.tokenizer', () => {
  test('byte, bpe and unigram parse; "subword" (older configs) is read as bpe', () => {
    for (const tokenizer of ['bpe', 'unigram'] as const) {
      expect(parseConfig({ data: { tokenizer }, model: { vocabSize: 512 } }).data.tokenizer).toBe(tokenizer);
    }
    expect(parseConfig({ data: { tokenizer: 'subword' }, model: { vocabSize: 512 } }).data.tokenizer).toBe('bpe');
  });

  test('a trained vocabulary needs ids above the bytes; an unknown model lists the allowed ones', () => {
    expect(messageOf({ data: { tokenizer: 'unigram' } })).toMatch(
      /model\.vocabSize: must be > 256 with data\.tokenizer "unigram": 256 ids are its byte fallback \(got 256\)/,
    );
    expect(messageOf({ data: { tokenizer: 'wordpiece' } })).toMatch(
      /data\.tokenizer: must be one of "byte", "bpe", "unigram" \(got "wordpiece"\)/,
    );
  });
});
