// File input for the CLI: every read names the file and the problem (missing, not a regular file, too large, not
// JSON, not UTF-8), and checks the file's type and size before reading, so /dev/zero or a FIFO is never read.
import { stat, readFile } from 'node:fs/promises';
import { parseConfig, type Config } from '../core/config';
import { INPUT_LIMITS } from '../core/config/limits';
import { JsonTextError, parseJsonText } from '../core/config/json-text';
import { CliError } from './errors';

/** Node's readFile refuses more than 2 GiB; a typed array of the bytes could not hold more either. */
export const MAX_READ_BYTES = 2 ** 31 - 1;

function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}

/** The size of a regular file (symlinks followed); anything else (a folder, a device, a FIFO) is a CliError. */
export async function regularFileSize(path: string, what: string, maxBytes = MAX_READ_BYTES): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new CliError(`cannot read ${what} "${path}": ${describeErrno(e)}`);
  }
  if (info.isDirectory()) throw new CliError(`cannot read ${what} "${path}": is a directory`);
  if (!info.isFile())
    throw new CliError(`cannot read ${what} "${path}": not a regular file (a device, FIFO or socket)`);
  if (info.size > maxBytes) {
    throw new CliError(
      `cannot read ${what} "${path}": ${info.size.toLocaleString('en-US')} bytes, more than the limit of ${maxBytes.toLocaleString('en-US')}`,
    );
  }
  return info.size;
}

export async function readBytes(path: string, what: string, maxBytes = MAX_READ_BYTES): Promise<Uint8Array> {
  await regularFileSize(path, what, maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new CliError(`cannot read ${what} "${path}": ${describeErrno(e)}`);
  }
  // A file that grew between stat and read (another writer) is refused rather than read past the limit.
  if (bytes.length > maxBytes) throw new CliError(`cannot read ${what} "${path}": it grew past the limit while read`);
  return bytes;
}

/** A JSON file of at most maxBytes (core/config/limits.ts), refused by name when it is not plain JSON data. */
export async function readJson(path: string, what: string, maxBytes: number): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(path, what, maxBytes));
  try {
    return parseJsonText(text, `${what} "${path}"`);
  } catch (e) {
    if (e instanceof JsonTextError) throw new CliError(e.message);
    throw e;
  }
}

export async function readConfig(path: string): Promise<Config> {
  return parseConfig(await readJson(path, 'config', INPUT_LIMITS.configBytes), path);
}
