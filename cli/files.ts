// File input for the CLI: every read names the file and the problem (missing, not JSON, not UTF-8).
import { readFile } from 'node:fs/promises';
import { parseConfig, type Config } from '../core/config';
import { CliError } from './errors';

export async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new CliError(`cannot read ${what} "${path}": ${why}`);
  }
}

export async function readJson(path: string, what: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBytes(path, what));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what} "${path}" is not valid JSON: ${(e as Error).message}`);
  }
}

export async function readConfig(path: string): Promise<Config> {
  return parseConfig(await readJson(path, 'config'), path);
}
