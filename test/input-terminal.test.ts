// Hostile names and free text: printed by the CLI with every control and bidi character escaped visibly (an OSC 52
// clipboard write, a bell, a right-to-left override), and kept as data in every report format, escaped per format.
// Their limits are the schema's (core/config/limits.ts), one for names and one for free text.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseExperiment } from '../core/claims';
import { ExperimentError } from '../core/config/experiment';
import { INPUT_LIMITS } from '../core/config/limits';
import { parseRunRecord } from '../core/record';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport, buildMetricsCsv } from '../core/report';
import { palm } from './cli-helpers';
import { makeRuns } from './report-fixtures';

/** An OSC 52 clipboard write, a CSI colour, a C1 CSI, a bell and a right-to-left override. */
const HOSTILE = 'run\u001b]52;c;cm0gLXJmIH4=\u0007 \u001b[31mred\u009b2J \u202eevil';
/** Any character that drives a terminal or reorders text, but line break and tab. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('the CLI prints names from files with control characters escaped', () => {
  test('a spec whose variant names clash is refused, its names shown as text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palm-terminal-'));
    const spec = join(dir, 'spec.json');
    const variant = { name: HOSTILE, overrides: { 'model.attention': 'mha' } };
    await writeFile(spec, JSON.stringify({ name: HOSTILE, description: HOSTILE, variants: [variant, variant] }));
    const result = await palm(['run', spec, '--out', join(dir, 'out')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('already the name of');
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toContain('run\\u001b]52;c;cm0gLXJmIH4=\\u0007 \\u001b[31mred\\u009b2J \\u202eevil');
  });
});

describe('reports keep hostile names as data, escaped per format', () => {
  const [a, b] = makeRuns();
  const runs = [{ ...a!, record: { ...a!.record, name: HOSTILE, label: `x\n${HOSTILE}` } }, b!];
  const experiment = { name: HOSTILE, description: HOSTILE, claim: HOSTILE };

  test.each([
    ['html', () => buildHtmlReport(runs, experiment)],
    ['md', () => buildMarkdownReport(runs, experiment)],
    ['csv', () => buildMetricsCsv(runs)],
  ])('%s: no raw control character, the name written visibly', (_, build) => {
    const text = build();
    expect(text.replace(/\r\n/g, '\n')).not.toMatch(RAW_CONTROL);
    // Markdown also backslash-escapes the escapes' backslashes and the bracket: it renders as \u001b]52….
    expect(text).toMatch(/\\u001b\\?\]52;c;cm0gLXJmIH4=\\+u0007/);
    expect(text).toMatch(/\\u202eevil/);
  });

  test('json keeps the name exactly (JSON escapes it)', () => {
    const parsed = JSON.parse(buildJsonReport(runs, experiment)) as { runs: { record: { name: string } }[] };
    expect(parsed.runs[0]!.record.name).toBe(HOSTILE);
  });
});

describe('the limits of names and free text are stated once', () => {
  const spec = (extra: object) => ({ name: 'x', ...extra });
  const refusal = (json: object) => {
    try {
      parseExperiment(json, 'spec.json');
    } catch (e) {
      if (e instanceof ExperimentError) return e.message;
      throw e;
    }
    return null;
  };
  const long = (n: number) => 'é'.repeat(n);

  test('a spec refuses a name or a description over the limit, naming the key and the limit', () => {
    expect(refusal(spec({ name: long(INPUT_LIMITS.nameChars) }))).toBeNull();
    expect(refusal(spec({ name: long(INPUT_LIMITS.nameChars + 1) }))).toMatch(
      new RegExp(`spec\\.json: name: must be at most ${INPUT_LIMITS.nameChars} characters`),
    );
    expect(refusal(spec({ baseName: long(INPUT_LIMITS.nameChars + 1) }))).toMatch(/baseName: must be at most/);
    expect(refusal(spec({ variants: [{ name: long(INPUT_LIMITS.nameChars + 1), overrides: {} }] }))).toMatch(
      /variants\[0\]\.name: must be at most/,
    );
    expect(refusal(spec({ description: long(INPUT_LIMITS.textChars + 1) }))).toMatch(
      new RegExp(`description: must be at most ${INPUT_LIMITS.textChars} characters`),
    );
  });

  test('a run record holds names of the same limit', () => {
    const { record } = makeRuns()[0]!;
    expect(parseRunRecord({ ...record, name: long(INPUT_LIMITS.nameChars) }, 'run.json').name).toHaveLength(
      INPUT_LIMITS.nameChars,
    );
    expect(() => parseRunRecord({ ...record, name: long(INPUT_LIMITS.nameChars + 1) }, 'run.json')).toThrow(
      `run.json: name: must be at most ${INPUT_LIMITS.nameChars} characters`,
    );
  });
});
