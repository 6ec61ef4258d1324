// Tests of core/metrics against the independent numpy golden (test/golden/flops_calculator.py) and PaLM's Table 1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/parse';
import {
  attentionFlopsPerToken,
  calculatorPreset,
  countFlopParams,
  countParams,
  describeCalculator,
  flopsPerToken,
  formatCalculatorTable,
  kvCacheBytesPerToken,
  mfu,
  paramBytes,
  type ParamCounts,
} from '../core/metrics';
import { paramSpecs } from '../core/config/shapes';

interface GoldenCase {
  name: string;
  input: unknown;
  expected: {
    params: ParamCounts;
    flopsPerToken: number;
    attentionFlopsPerToken: number;
    kvCacheBytesPerToken: number;
  };
}
const golden = JSON.parse(readFileSync(new URL('./golden/flops_calculator.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
  mfu540b: { tokensPerSec: number; chips: number; peakFlopsPerSec: number; mfu: number };
};

describe('calculator against the numpy golden', () => {
  for (const c of golden.cases) {
    it(`${c.name}: params, FLOPs/token and KV cache match exactly`, () => {
      const m = parseConfig(c.input).model;
      expect(countParams(m)).toEqual(c.expected.params);
      expect(flopsPerToken(m)).toBe(c.expected.flopsPerToken);
      expect(attentionFlopsPerToken(m)).toBe(c.expected.attentionFlopsPerToken);
      expect(kvCacheBytesPerToken(m)).toBe(c.expected.kvCacheBytesPerToken);
      // The analytic count agrees with the parameter list the model and checkpoints are built from.
      expect(paramSpecs(m).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0)).toBe(
        c.expected.params.total,
      );
    });
  }

  it('the presets are the golden PaLM configs', () => {
    for (const name of ['palm-8b', 'palm-62b', 'palm-540b']) {
      const c = golden.cases.find((g) => g.name === name) as GoldenCase;
      expect(calculatorPreset(name)).toEqual(parseConfig(c.input).model);
    }
  });

  it('PaLM 540B at 238.3K tokens/s on 6144 TPU v4 chips gives the golden MFU (paper: 46.2%)', () => {
    const g = golden.mfu540b;
    const value = mfu({
      tokensPerSec: g.tokensPerSec,
      flopsPerToken: flopsPerToken(calculatorPreset('palm-540b')),
      chips: g.chips,
      peakFlopsPerSec: g.peakFlopsPerSec,
    });
    expect(value).toBeCloseTo(g.mfu, 12);
    expect(value).toBeCloseTo(0.462, 3);
  });
});

describe('PaLM sizes (paper Table 1)', () => {
  it.each([
    ['palm-8b', 8.63e9],
    ['palm-62b', 62.5e9],
    ['palm-540b', 540.35e9],
  ])("%s has %d parameters to the paper's precision", (name, paper) => {
    expect(Math.abs(countParams(calculatorPreset(name)).total - paper) / paper).toBeLessThan(1e-3);
  });

  it('refuses an unknown preset, naming the known ones', () => {
    expect(() => calculatorPreset('palm-1t')).toThrow(
      /unknown calculator preset "palm-1t"; known: palm-8b, palm-62b, palm-540b/,
    );
  });
});

describe('conventions', () => {
  const small = (model: object) =>
    parseConfig({ model: { dModel: 32, nLayers: 2, nHeads: 2, headDim: 16, seqLen: 8, ...model } }).model;

  it('N leaves out the learned position table but keeps norms, biases and lm_head', () => {
    const m = small({ position: 'learned', bias: true, tieEmbeddings: false });
    const p = countParams(m);
    expect(p.position).toBe(8 * 32);
    expect(countFlopParams(m)).toBe(p.embedding + p.attention + p.mlp + p.norms + p.output);
  });

  it('MQA and MHA differ only in K/V projections, and the KV cache shrinks by H', () => {
    const mqa = small({ attention: 'mqa' });
    const mha = small({ attention: 'mha' });
    expect(countParams(mha).attention - countParams(mqa).attention).toBe(2 * 2 * 32 * 16 * (2 - 1));
    expect(kvCacheBytesPerToken(mha)).toBe(2 * kvCacheBytesPerToken(mqa));
    expect(kvCacheBytesPerToken(mqa, 2)).toBe(2 * 2 * 1 * 16 * 2);
  });

  it('paramBytes is four bytes per parameter', () => {
    const m = small({});
    expect(paramBytes(m)).toBe(4 * countParams(m).total);
  });

  it('mfu refuses a zero peak', () => {
    expect(() => mfu({ tokensPerSec: 1, flopsPerToken: 1, chips: 1, peakFlopsPerSec: 0 })).toThrow(
      /peakFlopsPerSec \(0\)/,
    );
  });
});

describe('describeCalculator and its table', () => {
  it('gives MFU only with a throughput and a peak', () => {
    const m = calculatorPreset('palm-8b');
    const r = describeCalculator(m);
    expect(r.mfu).toBeUndefined();
    expect(r.params.total).toBe(8_632_012_800);
    expect(r.kvCacheBytesPerToken).toBe(2 * 32 * 256 * 4);
    const withMfu = describeCalculator(m, { tokensPerSec: 1e4, peakFlopsPerSec: 1e15, chips: 2 });
    expect(withMfu.mfu).toBeCloseTo((1e4 * r.flopsPerToken) / 2e15, 15);
    expect(JSON.parse(JSON.stringify(withMfu))).toEqual(withMfu);
  });

  it('formats a readable table with separators and suffixes', () => {
    const table = formatCalculatorTable(
      describeCalculator(calculatorPreset('palm-540b'), {
        tokensPerSec: golden.mfu540b.tokensPerSec,
        chips: 6144,
        peakFlopsPerSec: 275e12,
      }),
    );
    expect(table).toMatch(/params: total\s+540,356,474,880\s+540\.36B/);
    expect(table).toMatch(/params: output\s+0$/m);
    expect(table).toMatch(/KV cache bytes\/token\s+241,664\s+236\.00 KiB/);
    expect(table).toMatch(/MFU\s+46\.2%/);
  });
});
