// Experiment specs (docs/design.md §2): a base config plus named variants, sweep axes and/or a ladder, parsed and
// checked (plan.ts expands them into runs). Errors name the file, the JSON path and the problem, so a spec can be
// fixed without reading code.
import { z } from 'zod';
import { ConfigError, checkConfig, type ConfigIssue } from './parse';
import { configSchema, type Config, type ConfigInput } from './schema';
import { planRuns, type Experiment, type PlannedRun } from './plan';
import { applyOverrides, checkOverrideKey } from './overrides';
import { resolveRung, RUNG_KEYS, rungSchema } from './ladder';
import { INPUT_LIMITS, quoteValue } from './limits';
import { formatJsonPath } from './json-text';

export { applyOverrides, type Overrides } from './overrides';

const text = (what: string) => z.string({ error: `must be ${what}` });
/** Names (the experiment, a variant, the base row) and free text, within the limits of core/config/limits.ts. */
const name = text('a non-empty string')
  .min(1, { error: 'must be a non-empty string' })
  .max(INPUT_LIMITS.nameChars, { error: `must be at most ${INPUT_LIMITS.nameChars} characters` });
const freeText = text('a string').max(INPUT_LIMITS.textChars, {
  error: `must be at most ${INPUT_LIMITS.textChars} characters`,
});
const experimentSchema = z.strictObject({
  name,
  description: freeText.default(''),
  claim: freeText.default(''),
  // The ids are the claims table's (core/claims): its parseExperiment checks them and fills `claim` from them.
  claims: z.array(text('a claim id'), { error: 'must be an array of claim ids' }).default([]),
  repeats: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be ≥ 1' })
    .max(50, { error: 'must be ≤ 50' })
    .default(1),
  baseName: name.default('base'),
  base: z.record(z.string(), z.unknown(), { error: 'must be a config object' }).default({}),
  variants: z
    .array(
      z.strictObject({
        name,
        overrides: z.record(z.string(), z.unknown(), {
          error: 'must be an object of dotted keys, e.g. { "model.attention": "mha" }',
        }),
      }),
      { error: 'must be an array of { name, overrides }' },
    )
    .default([]),
  sweep: z
    .record(
      z.string(),
      z.array(z.unknown(), { error: 'must be an array of values' }).min(1, { error: 'must list at least one value' }),
      {
        error: 'must be an object of dotted keys → arrays of values',
      },
    )
    .optional(),
  ladder: z.array(rungSchema, { error: 'must be an array of rungs' }).default([]),
  targetLoss: z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).optional(),
  instabilityMargin: z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).optional(),
});

/** The most runs one experiment may plan: each trains for minutes, and each is validated and kept in memory. */
export const MAX_EXPERIMENT_RUNS = 1000;

/** Runs of a spec: (base + variants) × the product of the sweep axes' lengths, computed without planning them. */
export function countExperimentRuns(variants: number, axisLengths: number[], rungs = 0): number {
  return axisLengths.reduce((n, len) => n * len, (1 + variants) * Math.max(1, rungs));
}

/**
 * Refuse an experiment of more than MAX_EXPERIMENT_RUNS runs ((base + variants) × sweep points × repeats), saying
 * the count, its factors and the limit. `repeats` may differ from the spec's (the CLI's --repeats).
 */
export function checkRunCount(exp: Experiment, repeats: number, file: string): void {
  const rows = 1 + exp.variants.length;
  const runCount =
    countExperimentRuns(
      exp.variants.length,
      exp.sweep.map((a) => a.values.length),
      exp.ladder.length,
    ) * repeats;
  if (runCount <= MAX_EXPERIMENT_RUNS) return;
  const count = Number.isFinite(runCount) ? runCount.toLocaleString('en-US') : 'more than 10^308';
  const factors = [
    `${rows} row${rows === 1 ? '' : 's'}`,
    ...(exp.ladder.length > 0 ? [`${exp.ladder.length} rungs`] : []),
    ...exp.sweep.map((a) => String(a.values.length)),
    ...(repeats > 1 ? [`${repeats} repeats`] : []),
  ];
  throw new ExperimentError(
    [
      {
        path: exp.sweep.length > 0 ? 'sweep' : repeats > 1 ? 'repeats' : 'variants',
        message: `gives ${count} runs (${factors.join(' × ')}), more than the limit of ${MAX_EXPERIMENT_RUNS.toLocaleString('en-US')}; sweep fewer values or split the experiment`,
      },
    ],
    file,
  );
}

/** Thrown by parseExperiment; each issue's path is a JSON path into the spec file. */
export class ExperimentError extends ConfigError {
  constructor(
    issues: ConfigIssue[],
    readonly file: string,
  ) {
    super(issues, file);
    this.name = 'ExperimentError';
    this.message = issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n');
  }
}

/** Each input validated: every config, or the issues of all of them once each (the builder marks fields by path). */
export function checkConfigs(
  inputs: readonly ConfigInput[],
): { ok: true; configs: Config[] } | { ok: false; issues: ConfigIssue[] } {
  const checks = inputs.map((input) => checkConfig(input));
  const issues = dedupeIssues(checks.flatMap((c) => (c.ok ? [] : c.issues)));
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, configs: checks.flatMap((c) => (c.ok ? [c.config] : [])) };
}

const issuesOf = (input: ConfigInput): ConfigIssue[] => {
  const check = checkConfig(input);
  return check.ok ? [] : check.issues;
};

/** Puts a config issue of a planned run on the spec line that caused it: the override, the sweep value, or the row. */
function locateRunIssue(exp: Experiment, run: PlannedRun, issue: ConfigIssue): ConfigIssue {
  const axis = exp.sweep.findIndex((a) => a.key === issue.path);
  if (axis >= 0) return { path: formatJsonPath(['sweep', issue.path, run.point[axis]!]), message: issue.message };
  if (run.rung !== null && issue.path in exp.ladder[run.rung]!.overrides && run.variant === null) {
    return { path: formatJsonPath(['ladder', run.rung]), message: `${issue.path} ${issue.message}` };
  }
  if (run.variant !== null) {
    const variant = exp.variants[run.variant]!; // run.variant indexes exp.variants (planRuns)
    if (issue.path in variant.overrides) {
      return { path: formatJsonPath(['variants', run.variant, 'overrides', issue.path]), message: issue.message };
    }
    return {
      path: formatJsonPath(['variants', run.variant]),
      message: `${issue.path} ${issue.message}${run.point.length ? ` (in run "${run.name}")` : ''}`,
    };
  }
  return { path: 'sweep', message: `${issue.path} ${issue.message} (in run "${run.name}")` };
}

function checkNamesAndKeys(exp: Experiment): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>([[exp.baseName, 'baseName']]);
  exp.variants.forEach((v, i) => {
    const at = formatJsonPath(['variants', i, 'name']);
    const other = seen.get(v.name);
    if (other)
      issues.push({ path: at, message: `"${v.name}" is already the name of ${other}; run names must be unique` });
    else seen.set(v.name, at);
    for (const key of Object.keys(v.overrides)) {
      const problem = checkOverrideKey(key);
      const keyPath = formatJsonPath(['variants', i, 'overrides', key]);
      if (problem) issues.push({ path: keyPath, message: problem });
      else if (exp.sweep.some((a) => a.key === key)) {
        issues.push({ path: keyPath, message: 'is also a sweep axis; a key is set by variants or swept, not both' });
      }
    }
  });
  for (const axis of exp.sweep) {
    const problem = checkOverrideKey(axis.key);
    if (problem) issues.push({ path: formatJsonPath(['sweep', axis.key]), message: problem });
  }
  return [...issues, ...checkLadderKeys(exp)];
}

/** Rung names unique, rung keys real config keys, and none of them also set by a variant or swept. */
function checkLadderKeys(exp: Experiment): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = new Map<string, number>();
  exp.ladder.forEach((rung, k) => {
    const other = names.get(rung.name);
    if (other !== undefined) {
      issues.push({
        path: formatJsonPath(['ladder', k, 'name']),
        message: `"${rung.name}" is already the name of ladder[${other}]; rung names must be unique`,
      });
    } else names.set(rung.name, k);
    for (const key of rung.ownKeys) {
      const problem = checkOverrideKey(key);
      const at = formatJsonPath(['ladder', k, key]);
      if (problem) issues.push({ path: at, message: problem });
      else if (exp.sweep.some((a) => a.key === key) || exp.variants.some((v) => key in v.overrides)) {
        issues.push({ path: at, message: 'is set by the rung and by a variant or the sweep; set it in one place' });
      }
      if (key === 'train.steps' && rung.budget !== null) {
        issues.push({ path: at, message: "is set by the rung's token budget; give one or the other" });
      }
    }
  });
  return issues;
}

function dedupeIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\n${i.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Own "__proto__" keys where the spec holds config keys (base, overrides, sweep): refused as a config file refuses
 * them. JSON.parse makes "__proto__" an own key, but copying the object sets the prototype instead, so the setting
 * would vanish silently and the variant train as the base.
 */
function checkProtoKeys(json: unknown): ConfigIssue[] {
  const spec = json as { base?: unknown; variants?: unknown; sweep?: unknown } | null;
  const variants = Array.isArray(spec?.variants) ? (spec.variants as unknown[]) : [];
  const places: [PropertyKey[], unknown][] = [
    [['base'], spec?.base],
    [['sweep'], spec?.sweep],
    ...variants.map((v, i): [PropertyKey[], unknown] => [
      ['variants', i, 'overrides'],
      (v as { overrides?: unknown } | null)?.overrides,
    ]),
  ];
  const sections = Object.keys(configSchema.shape).join(', ');
  return places
    .filter(([, v]) => v !== null && typeof v === 'object' && Object.hasOwn(v, '__proto__'))
    .map(([path]) => ({
      path: formatJsonPath([...path, '__proto__']),
      message: path[0] === 'base' ? `unknown key; allowed here: ${sections}` : checkOverrideKey('__proto__')!,
    }));
}

/**
 * Validate an experiment spec (parsed JSON) as far as config knows it; core/claims' parseExperiment also checks the
 * claim ids against the table. Throws ExperimentError naming the file, JSON path and problem.
 */
export function parseExperimentSpec(json: unknown, file: string): Experiment {
  const protoIssues = checkProtoKeys(json);
  if (protoIssues.length > 0) throw new ExperimentError(protoIssues, file);
  const shape = experimentSchema.safeParse(json, { reportInput: true });
  if (!shape.success) {
    throw new ExperimentError(
      shape.error.issues.map((issue) => {
        if (issue.code === 'unrecognized_keys') {
          const allowed =
            issue.path.length === 0
              ? Object.keys(experimentSchema.shape)
              : issue.path[0] === 'ladder'
                ? RUNG_KEYS
                : ['name', 'overrides'];
          const keys = issue.keys
            .slice(0, 10)
            .map((k) => quoteValue(k))
            .join(', ')
            .concat(issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : '');
          return {
            path: formatJsonPath(issue.path),
            message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}; allowed here: ${allowed.join(', ')}`,
          };
        }
        const got = 'input' in issue && issue.input !== undefined ? ` (got ${quoteValue(issue.input)})` : '';
        return { path: formatJsonPath(issue.path), message: issue.message + got };
      }),
      file,
    );
  }
  const { sweep, base, ladder, ...rest } = shape.data;
  const exp: Experiment = {
    ...rest,
    ladder: ladder.map(resolveRung),
    base: base as ConfigInput,
    sweep: Object.entries(sweep ?? {}).map(([key, values]) => ({ key, values })),
  };

  // First, before anything is planned or validated per run: a sweep's cross product grows fast.
  checkRunCount(exp, exp.repeats, file);

  const keyIssues = checkNamesAndKeys(exp);
  if (keyIssues.length > 0) throw new ExperimentError(keyIssues, file);

  const baseIssues = issuesOf(exp.base).map((i) => ({ path: `base.${i.path}`, message: i.message }));
  if (baseIssues.length > 0) throw new ExperimentError(baseIssues, file);

  // Each rung's own config first: its token budget is resolved from it.
  const rungIssues = exp.ladder.flatMap((rung, k) =>
    issuesOf(applyOverrides(exp.base, rung.overrides)).map((i) => ({
      path: formatJsonPath(['ladder', k]),
      message: `${i.path} ${i.message}`,
    })),
  );
  if (rungIssues.length > 0) throw new ExperimentError(rungIssues, file);

  const runIssues = planRuns(exp).flatMap((run) =>
    issuesOf(applyOverrides(exp.base, run.overrides)).map((issue) => locateRunIssue(exp, run, issue)),
  );
  if (runIssues.length > 0) throw new ExperimentError(dedupeIssues(runIssues), file);
  return exp;
}
