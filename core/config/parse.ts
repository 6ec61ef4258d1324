// Validation of a config: zod for the shape of each key, then the rules that tie keys together (docs/palm.md §1).
// Every message names the dotted key and what is allowed, so a user can fix the file without reading code.
import { z } from 'zod';
import { quoteValue } from './limits';
import { configSchema, type Config, type ConfigInput } from './schema';

/** Unknown keys named in one message, at most; the rest are counted. */
const MAX_KEYS_NAMED = 10;

export interface ConfigIssue {
  /** Dotted key, e.g. "model.kvHeads". */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly issues: ConfigIssue[],
    source?: string,
  ) {
    const where = source ? `${source}: ` : '';
    super(`${where}invalid config:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describeZodIssue(issue: z.core.$ZodIssue): ConfigIssue {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const at = path ? `${path}.` : '';
    const more = issue.keys.length > MAX_KEYS_NAMED ? ` and ${issue.keys.length - MAX_KEYS_NAMED} more` : '';
    return {
      path: `${issue.keys
        .slice(0, MAX_KEYS_NAMED)
        .map((k) => quoteKey(at + k))
        .join(', ')}${more}`,
      message: `unknown key${issue.keys.length > 1 ? 's' : ''}; allowed here: ${allowedKeys(issue.path).join(', ')}`,
    };
  }
  // A short prefix of the value: a 200 MB string is never echoed back (core/config/limits.ts).
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${quoteValue(issue.input)})` : '';
  return { path: path || '(root)', message: issue.message + got };
}

/** A key as a message names it: cut short when long (a key is text from a file, like any value). */
function quoteKey(key: string): string {
  return key.length <= 80 ? key : quoteValue(key, 80);
}

function allowedKeys(path: PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  const section = configSchema.shape[path[0] as keyof typeof configSchema.shape];
  return Object.keys(section.unwrap().shape);
}

/** Rules between keys, checked after every key has its own valid value. */
function crossFieldIssues(c: z.output<typeof configSchema>, input: unknown): ConfigIssue[] {
  // Messages name the tokenizer as the config spells it ("subword" is read as "bpe").
  const spelled = (input as { data?: { tokenizer?: unknown } } | null)?.data?.tokenizer;
  const spelledTokenizer = typeof spelled === 'string' ? spelled : c.data.tokenizer;
  const m = c.model;
  const issues: ConfigIssue[] = [];
  if (m.position === 'rope' && m.headDim % 2 !== 0) {
    issues.push({
      path: 'model.headDim',
      message: `must be even with position "rope" (rotate-half splits each head in two) (got ${m.headDim})`,
    });
  }
  if (m.attention === 'gqa') {
    if (m.kvHeads === undefined) {
      issues.push({
        path: 'model.kvHeads',
        message: `is required with attention "gqa": a divisor of nHeads (${m.nHeads})`,
      });
    } else if (m.nHeads % m.kvHeads !== 0) {
      issues.push({
        path: 'model.kvHeads',
        message: `must divide nHeads (${m.nHeads}) with attention "gqa" (got ${m.kvHeads})`,
      });
    }
  }
  if (m.attention === 'mqa' && m.kvHeads !== undefined && m.kvHeads !== 1) {
    issues.push({ path: 'model.kvHeads', message: `must be 1 (or left out) with attention "mqa" (got ${m.kvHeads})` });
  }
  if (m.attention === 'mha' && m.kvHeads !== undefined && m.kvHeads !== m.nHeads) {
    issues.push({
      path: 'model.kvHeads',
      message: `must equal nHeads (${m.nHeads}) (or be left out) with attention "mha" (got ${m.kvHeads})`,
    });
  }
  if (m.position === 'learned' && m.maxPositions !== undefined && m.seqLen > m.maxPositions) {
    issues.push({
      path: 'model.seqLen',
      message: `must be ≤ model.maxPositions (${m.maxPositions}), the rows of the learned position table (got ${m.seqLen})`,
    });
  }
  if (c.data.tokenizer === 'byte' && m.vocabSize !== 256) {
    issues.push({ path: 'model.vocabSize', message: `must be 256 with data.tokenizer "byte" (got ${m.vocabSize})` });
  }
  if (c.data.tokenizer !== 'byte' && m.vocabSize <= 256) {
    issues.push({
      path: 'model.vocabSize',
      message: `must be > 256 with data.tokenizer "${spelledTokenizer}": 256 ids are its byte fallback (got ${m.vocabSize})`,
    });
  }
  if (c.data.corpus === 'file' && c.data.path === undefined) {
    issues.push({ path: 'data.path', message: 'is required with data.corpus "file"' });
  }
  return issues;
}

/** Validate a config object (parsed JSON) and resolve its defaults. Throws ConfigError naming every bad key. */
export function parseConfig(input: unknown, source?: string): Config {
  const result = configSchema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) throw new ConfigError(result.error.issues.map(describeZodIssue), source);
  const issues = crossFieldIssues(result.data, input);
  if (issues.length > 0) throw new ConfigError(issues, source);
  const m = result.data.model;
  const kvHeads = m.attention === 'mqa' ? 1 : m.attention === 'mha' ? m.nHeads : (m.kvHeads as number);
  return {
    ...result.data,
    model: { ...m, kvHeads, maxPositions: m.maxPositions ?? m.seqLen },
  };
}

/** Like parseConfig, but returns the issues instead of throwing (for inline validation in forms). */
export function checkConfig(input: unknown): { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] } {
  try {
    return { ok: true, config: parseConfig(input) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, issues: e.issues };
    throw e;
  }
}

export type { Config, ConfigInput };
