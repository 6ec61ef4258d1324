// Whole-file writes a reader or a crash never sees half of: a temporary file with a name no other writer shares,
// its data fsync'ed, then renamed over the target and the folder fsync'ed, so the rename itself survives a crash
// (docs/design.md §2 "Atomic outputs").
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isAlive } from './process-alive';

const TMP_SUFFIX = '.tmp';

/** ".<pid>.<random>": two processes (or two writes in one) never collide on a temporary name. */
export const uniqueSuffix = () => `.${process.pid}.${randomBytes(4).toString('hex')}`;

/** "<file>.<pid>.<random>.tmp". */
function tempPathFor(path: string): string {
  return `${path}${uniqueSuffix()}${TMP_SUFFIX}`;
}

export function fsyncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file's contents: text, bytes, or text in chunks (a large report is never one string). */
export type FileData = string | Uint8Array | Iterable<string>;

/** Create `path` (it must not exist: O_EXCL, so nothing is written through a planted link) with `data`, fsync'ed. */
export function writeNewFileSynced(path: string, data: FileData): void {
  const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  const fd = openSync(path, 'wx');
  try {
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: FileData): void {
  writeFilesAtomic([[path, data]]);
}

/**
 * Several files, each replaced atomically, with every temporary file written and fsync'ed before the first rename:
 * the renames follow one another at once, so the instant in which some are new and some old is as short as it can
 * be without a folder swap (cli/atomic-folder.ts).
 */
export function writeFilesAtomic(files: [string, FileData][]): void {
  const temps = files.map(([path]) => tempPathFor(path));
  try {
    files.forEach(([, data], i) => writeNewFileSynced(temps[i]!, data));
    files.forEach(([path], i) => renameSync(temps[i]!, path));
  } catch (e) {
    for (const tmp of temps) rmSync(tmp, { force: true });
    throw e;
  }
  for (const dir of new Set(files.map(([path]) => dirname(path)))) fsyncPath(dir, 'r');
}

/** Remove the temporary files a crashed writer left in `dir`; only its lock holder may call this. */
export function removeStaleTempFiles(dir: string): void {
  for (const name of readdirSync(dir))
    if (name.endsWith(TMP_SUFFIX)) rmSync(join(dir, name), { force: true, recursive: true });
}

/** In a folder no lock guards (a user's --out): remove the temporary files of `path` whose writer is gone. */
export function removeDeadWritersTemps(path: string): void {
  const stem = basename(path);
  for (const name of readdirSync(dirname(path))) {
    const pid = /^\.?(.*)\.(\d+)\.[0-9a-f]{8}\.(tmp|old)$/.exec(name);
    if (pid && pid[1] === stem && !isAlive(Number(pid[2])))
      rmSync(join(dirname(path), name), { force: true, recursive: true });
  }
}
