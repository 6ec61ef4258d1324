// A run folder on disk (docs/design.md §2 "Run record"): run.json (rewritten on status changes), metrics.jsonl
// (appended, so a crash loses at most the last line), checkpoint.safetensors (the latest) and, for trained tokenizers,
// tokenizer.json + tokenizer_config.json. One writer at a time holds a folder's lock; a new run never lands in a
// folder that holds files.
import { countUtf8Bytes, INPUT_LIMITS, truncateText } from '../core/config/limits';
import { checkJsonText, JsonTextError } from '../core/config/json-text';
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isHfTokenizerJson, toTokenizerConfigJson } from '../core/tokenizer';
import {
  parseMetricPoint,
  parseRunRecord,
  RunRecordError,
  type MetricPoint,
  type RunData,
  type RunRecord,
} from '../core/record';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write';
import { CliError } from './errors';
import { readBytes, readJson } from './files';
import { lockRunFolder } from './run-folder-lock';

export { LOCK_FILE } from './run-folder-lock';

export const RUN_JSON = 'run.json';
export const METRICS_JSONL = 'metrics.jsonl';
export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const TOKENIZER_JSON = 'tokenizer.json';
export const TOKENIZER_CONFIG_JSON = 'tokenizer_config.json';

export class RunFolder {
  readonly close: () => void;

  /** Take `dir` for a new run (it must be new or empty) or, with `resume`, for continuing the run it holds. */
  constructor(
    readonly dir: string,
    opts: { resume?: boolean } = {},
  ) {
    if (!opts.resume && existsSync(dir)) {
      const entries = readdirSync(dir);
      if (entries.includes(RUN_JSON))
        throw new CliError(`"${dir}" already holds a run; continue it with --resume ${dir} or choose another --out`);
      if (entries.length > 0) throw new CliError(`"${dir}" is not empty; choose a new or empty folder for --out`);
    }
    mkdirSync(dir, { recursive: true });
    this.close = lockRunFolder(dir);
    removeStaleTempFiles(dir);
  }

  writeRecord(record: RunRecord): void {
    writeFileAtomic(join(this.dir, RUN_JSON), `${JSON.stringify(record, null, 2)}\n`);
  }

  appendMetrics(points: MetricPoint[]): void {
    appendFileSync(join(this.dir, METRICS_JSONL), points.map((p) => `${JSON.stringify(p)}\n`).join(''));
  }

  /** Replace the whole log, e.g. with the points up to the checkpoint a run resumes from. */
  writeMetrics(points: MetricPoint[]): void {
    writeFileAtomic(join(this.dir, METRICS_JSONL), points.map((p) => `${JSON.stringify(p)}\n`).join(''));
  }

  writeCheckpoint(bytes: Uint8Array): void {
    writeFileAtomic(join(this.dir, CHECKPOINT_FILE), bytes);
  }

  /** tokenizer.json, and beside a Hugging Face one its tokenizer_config.json (older runs' JSON has none). */
  writeTokenizer(json: string): void {
    writeFileAtomic(join(this.dir, TOKENIZER_JSON), `${json}\n`);
    if (isHfTokenizerJson(json)) writeFileAtomic(join(this.dir, TOKENIZER_CONFIG_JSON), `${toTokenizerConfigJson()}\n`);
  }
}

export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, RUN_JSON));
}

/**
 * Metric points of a metrics.jsonl, each checked by the run-record schema (unknown metric keys kept); a torn last
 * line (a crash mid-write) is dropped, any other bad line is an error naming the line and the key.
 */
export function parseMetricsJsonl(text: string, file: string): MetricPoint[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const points: MetricPoint[] = [];
  lines.forEach((line, i) => {
    const where = `${file}: line ${i + 1}`;
    // A UTF-16 unit takes at most 3 UTF-8 bytes: most lines need no count.
    const bytes = line.length * 3 > INPUT_LIMITS.metricPointBytes ? countUtf8Bytes(line) : 0;
    if (bytes > INPUT_LIMITS.metricPointBytes)
      throw new CliError(`${where} is ${bytes} bytes; a metric point may be at most ${INPUT_LIMITS.metricPointBytes}`);
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      if (i < lines.length - 1) throw new CliError(`${where} is not JSON: ${truncateText((e as Error).message)}`);
      return;
    }
    try {
      checkJsonText(line, where);
    } catch (e) {
      if (e instanceof JsonTextError) throw new CliError(e.message);
      throw e;
    }
    points.push(checked(() => parseMetricPoint(json, `${file}: line ${i + 1}`)));
  });
  return points;
}

/** A schema refusal as the CLI's error (a message, not a stack trace). */
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RunRecordError) throw new CliError(e.message);
    throw e;
  }
}

export async function readRunFolder(dir: string): Promise<RunData> {
  const path = join(dir, RUN_JSON);
  const json = await readJson(path, 'run record', INPUT_LIMITS.runRecordBytes);
  const record = checked(() => parseRunRecord(json, `${path} is not a PaLM Workbench run record`));
  const metricsPath = join(dir, METRICS_JSONL);
  const metrics = existsSync(metricsPath) ? parseMetricsJsonl(await readFile(metricsPath, 'utf8'), metricsPath) : [];
  return { record, metrics };
}

export async function readCheckpoint(dir: string): Promise<Uint8Array> {
  return readBytes(join(dir, CHECKPOINT_FILE), 'checkpoint');
}

/** The run folders of `dir`: itself when it is one, else its sub-folders that are, in name order. */
export async function findRunFolders(dir: string): Promise<string[]> {
  if (isRunFolder(dir)) return [dir];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOTDIR' ? 'it is a file, not a folder' : code === 'ENOENT' ? 'no such folder' : (e as Error).message;
    throw new CliError(`cannot read folder "${dir}": ${why}`);
  }
  const found = entries.filter((e) => e.isDirectory() && isRunFolder(join(dir, e.name))).map((e) => join(dir, e.name));
  if (found.length === 0) throw new CliError(`"${dir}" holds no run: no ${RUN_JSON} in it or in its sub-folders`);
  return found.sort();
}

/** 20250102-030405.678: sortable, millisecond resolution, and safe in a folder name. */
export function formatTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 19);
}

/** An experiment's output folder: created, or taken when empty; one that holds files (earlier runs) is refused. */
export function claimEmptyDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new CliError(`"${dir}" is not empty (an earlier experiment's runs?); choose a new or empty folder for --out`);
  mkdirSync(dir, { recursive: true });
}

/** Create `parent/base`, or `base-2`, `base-3`, ... when taken (two runs started in the same millisecond). */
export function createUniqueRunDir(parent: string, base: string): string {
  mkdirSync(parent, { recursive: true });
  for (let n = 1; ; n++) {
    const dir = join(parent, n === 1 ? base : `${base}-${n}`);
    try {
      mkdirSync(dir); // not recursive: fails with EEXIST when another run has it
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** A folder name for a run name: experiment run names may hold spaces, "·" and "=" (sweep points). The result is
 *  one path segment: no separators, and leading dots replaced, so ".", ".." and hidden names cannot occur. */
export function runFolderName(name: string): string {
  const safe = name
    .replace(/\s*·\s*/g, '__')
    .replace(/[^A-Za-z0-9._=,-]+/g, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return safe === '' ? '_' : safe;
}

/** Folder names stay well under the 255 bytes most file systems allow, leaving room for a timestamp prefix. */
export const MAX_FOLDER_NAME_LENGTH = 120;

/** Refuse a name whose folder name would be too long; called for every run before any of them trains. */
export function checkFolderName(name: string, what: string): void {
  const length = runFolderName(name).length;
  if (length > MAX_FOLDER_NAME_LENGTH) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    throw new CliError(
      `${what} "${shown}": its folder name would be ${length} characters; the limit is ${MAX_FOLDER_NAME_LENGTH}, choose a shorter name`,
    );
  }
}
