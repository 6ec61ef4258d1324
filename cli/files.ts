// File input for the CLI: every read names the file and the problem (missing, not a regular file, too large, not
// JSON, not UTF-8), and checks the open file's type and size before reading (cli/safe-open.ts), so /dev/zero or a
// FIFO is never read.
import { parseConfig, type Config } from '../core/config';
import { INPUT_LIMITS } from '../core/config/limits';
import { JsonTextError, parseJsonText } from '../core/config/json-text';
import { CliError } from './errors';
import { openRegularFile, readRegularFile } from './safe-open';

/** Node's readFile refuses more than 2 GiB; a typed array of the bytes could not hold more either. */
export const MAX_READ_BYTES = 2 ** 31 - 1;

/** The size of a regular file (symlinks followed); anything else (a folder, a device, a FIFO) is a CliError. */
export async function regularFileSize(path: string, what: string, maxBytes = MAX_READ_BYTES): Promise<number> {
  const { handle, size } = await openRegularFile(path, what, maxBytes);
  await handle.close();
  return size;
}

export async function readBytes(path: string, what: string, maxBytes = MAX_READ_BYTES): Promise<Uint8Array> {
  return readRegularFile(path, what, maxBytes);
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
