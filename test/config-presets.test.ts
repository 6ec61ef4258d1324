// The GPU-sized presets (core/config/presets.ts): valid configs with PaLM's switches, and parameter counts recounted
// by hand from the architecture (docs/palm.md §1) beside the model's own parameter shapes and the calculator's count.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchBase } from '../cli/commands/bench';
import { findClaim, findOption } from '../core/claims';
import { applyOverrides, CONFIG_PRESET_NAMES, findConfigPreset, LAPTOP_PRESETS, parseConfig } from '../core/config';
import { countParams } from '../core/metrics';
import { paramSpecs } from '../core/model';
import { listPresets } from '../renderer/src/builder/presets';

/**
 * Parameters of a PaLM-switch model with byte vocabulary V, D, L layers, H heads of Dh, one K/V head (MQA), F = 4D:
 * tied embedding V·D; per layer one LayerNorm scale D, q and o 2·D·H·Dh, k and v 2·D·Dh, SwiGLU 3·D·F; final scale D.
 */
function handCount(V: number, D: number, L: number, H: number, Dh: number): number {
  const F = 4 * D;
  return V * D + L * (D + 2 * D * H * Dh + 2 * D * Dh + 3 * D * F) + D;
}

describe('GPU presets', () => {
  it.each([
    // name, V, D, L, H, Dh, seqLen, hand-computed total
    ['palm-small', 256, 512, 7, 8, 64, 256, 26_284_032],
    ['palm-base', 256, 768, 12, 12, 64, 512, 100_476_672],
  ] as const)('%s: PaLM switches and the parameters counted by hand', (name, V, D, L, H, Dh, T, total) => {
    const preset = findConfigPreset(name);
    if (!preset) throw new Error(`no preset ${name}`);
    const m = parseConfig(preset.config).model;
    expect(m).toMatchObject({
      vocabSize: V,
      dModel: D,
      nLayers: L,
      nHeads: H,
      headDim: Dh,
      seqLen: T,
      block: 'parallel',
      attention: 'mqa',
      kvHeads: 1,
      position: 'rope',
      activation: 'swiglu',
      bias: false,
      tieEmbeddings: true,
    });
    expect(handCount(V, D, L, H, Dh)).toBe(total);
    expect(paramSpecs(m).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)).toBe(total);
    expect(countParams(m).total).toBe(total);
  });

  it('sizes: palm-small about 25M parameters, palm-base about 100M', () => {
    const total = (name: string) => countParams(parseConfig(findConfigPreset(name)!.config).model).total;
    expect(Math.abs(total('palm-small') / 25e6 - 1)).toBeLessThan(0.1);
    expect(Math.abs(total('palm-base') / 100e6 - 1)).toBeLessThan(0.01);
  });

  it("are in the builder's preset list with their configs", () => {
    const listed = listPresets().filter((p) => p.id.startsWith('config:'));
    expect(listed.map((p) => p.name)).toEqual(CONFIG_PRESET_NAMES);
    expect(listed.map((p) => p.base)).toEqual(CONFIG_PRESET_NAMES.map((n) => findConfigPreset(n)!.config));
  });

  it('an unknown name finds nothing', () => {
    expect(findConfigPreset('palm-huge')).toBeUndefined();
  });

  it('bench --config takes a preset name, and a file path otherwise', async () => {
    expect(await benchBase('palm-small')).toEqual(findConfigPreset('palm-small')!.config);
    const file = join(mkdtempSync(join(tmpdir(), 'palm-preset-')), 'c.json');
    writeFileSync(file, JSON.stringify({ model: { dModel: 32 } }));
    expect(await benchBase(file)).toEqual({ model: { dModel: 32 } });
  });

  it('flops --preset palm-base prints its parameter count', async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('node', ['bin/palm-workbench.mjs', 'flops', '--preset', 'palm-base', '--json'], (e, out) =>
        e ? reject(e) : resolve(out),
      ),
    );
    expect((JSON.parse(stdout) as { params: { total: number } }).params.total).toBe(100_476_672);
  });
});

describe('laptop presets', () => {
  it("PaLM-tiny is the schema's defaults and the GPT-style baseline is the recipe claim's GPT option", () => {
    const [tiny, gpt] = LAPTOP_PRESETS;
    expect(parseConfig(tiny!.config)).toEqual(parseConfig({}));
    const option = findOption(findClaim('recipe'), 'gpt');
    expect(parseConfig(gpt!.config)).toEqual(
      parseConfig(applyOverrides({}, { ...option.overrides, ...option.companions })),
    );
    expect(parseConfig(gpt!.config).model).toMatchObject({ block: 'serial', attention: 'mha', position: 'learned' });
  });

  it("are the builder's first starting points, under their names", () => {
    expect(
      listPresets()
        .slice(0, 2)
        .map((p) => [p.id, p.name]),
    ).toEqual([
      ['palm-tiny', 'PaLM-tiny'],
      ['gpt', 'GPT-style baseline'],
    ]);
  });
});
