// A run folder on disk (docs/design.md §2 "Run record"): run.json (rewritten on status changes), metrics.jsonl (appended,
// so a crash loses at most the last line), checkpoint.safetensors (the latest) and, for trained tokenizers,
// tokenizer.json + tokenizer_config.json.
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
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
import { CliError } from './errors';
import { readBytes, readJson } from './files';

export const RUN_JSON = 'run.json';
export const METRICS_JSONL = 'metrics.jsonl';
export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const TOKENIZER_JSON = 'tokenizer.json';
export const TOKENIZER_CONFIG_JSON = 'tokenizer_config.json';

/** Write through a temporary file and a rename, so a reader (or a crash) never sees half a file. */
function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export class RunFolder {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
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
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      if (i < lines.length - 1) throw new CliError(`${file}: line ${i + 1} is not JSON: ${(e as Error).message}`);
      return;
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
  const json = await readJson(path, 'run record');
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
  } catch {
    throw new CliError(`cannot read folder "${dir}": no such folder`);
  }
  const found = entries.filter((e) => e.isDirectory() && isRunFolder(join(dir, e.name))).map((e) => join(dir, e.name));
  if (found.length === 0) throw new CliError(`"${dir}" holds no run: no ${RUN_JSON} in it or in its sub-folders`);
  return found.sort();
}

/** A folder name for a run name: experiment run names may hold spaces, "·" and "=" (sweep points). */
export function runFolderName(name: string): string {
  return name.replace(/\s*·\s*/g, '__').replace(/[^A-Za-z0-9._=,-]+/g, '_');
}
