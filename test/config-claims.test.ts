// The claims table (core/claims/claims.ts): every switch valid, every preset it names exists and tests it, and the
// builder, bench, paper panel and experiment specs all read the same options and claim texts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, expandExperiment, listConfigChanges, parseConfig } from '../core/config';
import {
  CLAIMS,
  describeClaim,
  EFFECT_METRICS,
  findClaim,
  inClaimScope,
  optionValue,
  parseExperiment,
} from '../core/claims';
import { ABLATIONS } from '../core/bench/variants';
import { ABLATION_AXES, COMPARE, detectModes, planAblationRuns } from '../renderer/src/builder/ablations';
import { PAPER_CLAIMS } from '../renderer/src/panels/paper';

const dir = join(import.meta.dirname, '..', 'experiments');
const readSpec = (name: string) =>
  parseExperiment(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')), `experiments/${name}.json`);

describe('claims table', () => {
  it('covers every switch of PaLM §2 and the seed note', () => {
    expect(CLAIMS.map((c) => c.id)).toEqual([
      'block',
      'attention',
      'position',
      'optimizer',
      'activation',
      'bias',
      'dropout',
      'tieEmbeddings',
      'zLoss',
      'vocabulary',
    ]);
  });

  it.each(CLAIMS.map((c) => [c.id, c] as const))(
    '%s: options are valid configs and tests name known metrics',
    (_, c) => {
      expect(c.claim.length).toBeGreaterThan(30);
      expect(c.tests.length).toBeGreaterThan(0);
      for (const t of c.tests) expect(Object.keys(EFFECT_METRICS)).toContain(t.metric);
      for (const o of c.options) {
        const config = parseConfig(applyOverrides({}, { ...o.companions, ...o.overrides }));
        expect(Object.keys(o.overrides)).toContain(c.key);
        for (const key of [...Object.keys(o.overrides), ...Object.keys(o.companions ?? {})]) {
          expect(inClaimScope(c, key), `${c.id}: ${key} outside the scope`).toBe(true);
        }
        expect(config).toBeTruthy();
      }
      expect(optionValue(c, c.palm)).not.toEqual(optionValue(c, c.alternative));
    },
  );

  it.each(CLAIMS.flatMap((c) => c.presets.map((p) => [c.id, p] as const)))(
    '%s is tested by experiments/%s.json: it lists the claim and has a pair differing in the switch alone',
    (id, preset) => {
      const claim = findClaim(id);
      const exp = readSpec(preset);
      expect(exp.claims).toContain(id);
      const runs = expandExperiment(exp);
      const value = (r: (typeof runs)[number]) =>
        (r.config as unknown as Record<string, Record<string, unknown>>)[claim.key.split('.')[0]!]![
          claim.key.split('.')[1]!
        ];
      const palm = runs.filter((r) => value(r) === optionValue(claim, claim.palm));
      const alt = runs.filter((r) => value(r) === optionValue(claim, claim.alternative));
      const paired = palm.some((p) =>
        alt.some((a) => listConfigChanges(p.config, a.config).every((ch) => inClaimScope(claim, ch.key))),
      );
      expect(paired).toBe(true);
    },
  );

  it('gives every experiment that names claims the table texts', () => {
    const exp = readSpec('mha-vs-mqa');
    expect(exp.claim).toBe(describeClaim(findClaim('attention')));
    expect(exp.claim).toMatch(/^Attention \(mqa vs mha\): Multi-query attention is neutral/);
  });

  it('is where every experiment override of a switch takes its value', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const exp = readSpec(file.replace(/\.json$/, ''));
      for (const v of exp.variants) {
        for (const [key, value] of Object.entries(v.overrides)) {
          const claim = CLAIMS.find((c) => c.key === key);
          if (!claim || key === 'model.attention') continue; // gqa is a variant between the two options
          expect(
            claim.options.map((o) => o.overrides[key]),
            `${file} ${v.name}: ${key}`,
          ).toContainEqual(value);
        }
      }
    }
  });
});

describe('readers of the table', () => {
  it('the bench ablates each headline switch to its alternative', () => {
    expect(ABLATIONS).toEqual(
      CLAIMS.filter((c) => c.headline).map((c) => ({
        name: c.alternative,
        overrides: c.options.find((o) => o.id === c.alternative)?.overrides,
      })),
    );
  });

  it('the builder shows every builder switch of the table with its options, and the panel every claim', () => {
    expect(ABLATION_AXES.map((a) => a.id)).toEqual(CLAIMS.filter((c) => c.inBuilder).map((c) => c.id));
    expect(ABLATION_AXES.find((a) => a.id === 'block')?.options).toBe(findClaim('block').options);
    expect(PAPER_CLAIMS.map((c) => [c.id, c.palm, c.alternative])).toContainEqual(['vocabulary', 'bpe', 'byte']);
    expect(PAPER_CLAIMS.map((c) => c.claim)).toEqual(CLAIMS.map((c) => c.claim));
  });

  it('compares optimizers each at its own learning rate and schedule, labelled by the switch', () => {
    const modes = { ...detectModes(parseConfig({})), optimizer: COMPARE };
    const plan = planAblationRuns({ optimizer: { learningRate: 5e-3 } }, modes, 'o');
    if (!plan.ok) throw new Error('plan failed');
    expect(
      plan.runs.map((r) => [r.config.optimizer.name, r.config.optimizer.learningRate, r.config.optimizer.schedule]),
    ).toEqual([
      ['adafactor', 1e-2, 'rsqrt'],
      ['adamw', 3e-3, 'cosine'],
    ]);
    expect(plan.runs[1]!.label).toBe('optimizer.name: adafactor→adamw');
  });

  it('keeps a set (not compared) optimizer at the learning rate the form gives', () => {
    const modes = { ...detectModes(parseConfig({})), optimizer: 'adamw' };
    const plan = planAblationRuns({ optimizer: { learningRate: 5e-3 } }, modes, 'o');
    expect(plan.ok && plan.runs[0]!.config.optimizer.learningRate).toBe(5e-3);
  });
});
