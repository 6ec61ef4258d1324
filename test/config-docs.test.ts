// docs/config.md is generated from the schema's .meta() (scripts/config-docs.ts): it must be current, and every
// setting of the schema must carry its label and explanation there, the one home the builder, CLI and docs read.
import { describe, expect, it } from 'vitest';
import { configSchema, findSetting, listSettings } from '../core/config';
import { formatConfigHelp } from '../cli/config-help';
import { readFieldNote } from '../renderer/src/builder/field-notes';
import { readConfigDocs, renderConfigDocs } from '../scripts/config-docs';

describe('the config reference', () => {
  it('docs/config.md is what `npm run docs:config` writes now (run it after editing the schema)', async () => {
    expect(readConfigDocs()).toBe(await renderConfigDocs());
  });

  it('lists every key of the schema once, each with a label and an explanation', () => {
    const keys = Object.entries(configSchema.shape).flatMap(([section, schema]) =>
      Object.keys(schema.unwrap().shape).map((name) => `${section}.${name}`),
    );
    const settings = listSettings();
    expect(settings.map((s) => s.key)).toEqual(keys);
    for (const s of settings) {
      expect(s.label, s.key).not.toBe(s.key);
      expect(s.description.length, s.key).toBeGreaterThan(10);
    }
  });

  it('gives the defaults as parseConfig fills them, and says how the derived ones follow', () => {
    expect(findSetting('model.dModel')?.defaultText).toBe('128');
    expect(findSetting('model.position')?.defaultText).toBe('"rope"');
    expect(findSetting('train.peakTflops')?.defaultText).toBe('null');
    expect(findSetting('model.kvHeads')).toMatchObject({ derived: true, defaultText: '1 with mqa, nHeads with mha' });
    expect(findSetting('model.nope')).toBeUndefined();
  });

  it("is the builder's help: label, explanation and the optimizer a field belongs to", () => {
    const s = findSetting('optimizer.beta2')!;
    expect(readFieldNote('optimizer.beta2')).toEqual({ label: s.label, explain: s.description, optimizer: 'adamw' });
    expect(readFieldNote('optimizer.factored').optimizer).toBe('adafactor');
    expect(readFieldNote('model.dModel')).toEqual({
      label: 'Width (d_model)',
      explain: 'Size of every hidden vector.',
    });
  });

  it("is the CLI's --help after a command with --config: every key, its default and its explanation", () => {
    const help = formatConfigHelp().split('\n');
    for (const s of listSettings()) {
      const line = help.find((l) => l.trimStart().startsWith(`${s.key} `));
      expect(line, s.key).toContain(s.description);
      if (!s.derived) expect(line, s.key).toContain(`= ${s.defaultText}`);
    }
  });
});
