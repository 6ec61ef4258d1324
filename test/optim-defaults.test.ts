// The config schema's optimizer defaults are the only ones: an optimizer built from the default config, and one
// constructed with nothing but a learning rate, both hold exactly the schema's settings.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config/parse';
import { OPTIMIZER_DEFAULTS } from '../core/config/schema';
import { Adafactor } from '../core/optim/adafactor';
import { AdamW } from '../core/optim/adamw';
import { createOptimizer } from '../core/optim/create';

const ADAFACTOR_KEYS = [
  'factored',
  'minDimSizeToFactor',
  'decayRate',
  'beta1',
  'clippingThreshold',
  'multiplyByParameterScale',
  'eps1',
  'eps2',
  'weightDecayLrExponent',
] as const;
const ADAMW_KEYS = ['beta1', 'beta2', 'eps', 'weightDecay'] as const;
const pick = (o: object, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));

describe('optimizer defaults', () => {
  it('are the schema values docs/palm.md §4 states (AdamW beta2 0.99; Adafactor unfactored, decay lr^2)', () => {
    expect(pick(OPTIMIZER_DEFAULTS, ADAMW_KEYS)).toEqual({ beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 });
    expect(pick(OPTIMIZER_DEFAULTS, ['factored', 'beta1', 'weightDecayLrExponent'])).toEqual({
      factored: false,
      beta1: 0.9,
      weightDecayLrExponent: 2,
    });
  });

  it('Adafactor from the default config and with no options equals the schema defaults', () => {
    const fromConfig = createOptimizer(parseConfig({}).optimizer, 10) as Adafactor;
    const bare = new Adafactor({ learningRate: 0.01 });
    expect(pick(fromConfig, ADAFACTOR_KEYS)).toEqual(pick(OPTIMIZER_DEFAULTS, ADAFACTOR_KEYS));
    expect(pick(bare, ADAFACTOR_KEYS)).toEqual(pick(OPTIMIZER_DEFAULTS, ADAFACTOR_KEYS));
    fromConfig.dispose();
    bare.dispose();
  });

  it('AdamW from the default config and with no options equals the schema defaults', () => {
    const fromConfig = createOptimizer(parseConfig({ optimizer: { name: 'adamw' } }).optimizer, 10) as AdamW;
    const bare = new AdamW({ learningRate: 0.01 });
    expect(pick(fromConfig, ADAMW_KEYS)).toEqual(pick(OPTIMIZER_DEFAULTS, ADAMW_KEYS));
    expect(pick(bare, ADAMW_KEYS)).toEqual(pick(OPTIMIZER_DEFAULTS, ADAMW_KEYS));
    fromConfig.dispose();
    bare.dispose();
  });

  it('an explicit null (no momentum, no weight decay) is kept, not replaced by a default', () => {
    const a = new Adafactor({ learningRate: 0.01, beta1: null, weightDecayLrExponent: null });
    expect([a.beta1, a.weightDecayLrExponent]).toEqual([null, null]);
    a.dispose();
  });
});
