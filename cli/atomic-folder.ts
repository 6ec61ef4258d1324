// A set of files that is replaced as a whole (docs/design.md §2 "Atomic outputs"): the new set is written into a
// temporary folder beside the target (each file fsync'ed, then the folder), and the folders are swapped by two
// renames, so a reader or a crash finds the complete old set or the complete new one, never a mix. Between the two
// renames (microseconds) the target is absent; a crash there leaves the old set under ".<name>.<pid>.<hex>.old",
// which the next write puts back before it starts.
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncPath, removeDeadWritersTemps, uniqueSuffix, writeNewFileSynced, type FileData } from './atomic-write';
import { CliError, describeWriteError } from './errors';
import { isAlive } from './process-alive';
import { describeKind } from './safe-open';

export interface FileSetOptions {
  /** What the folder is, for messages ("report folder"). */
  what: string;
  /** The names a folder of this kind holds: an existing folder holding anything else is not replaced. */
  names: readonly string[];
}

/** The old set a writer killed between its two renames left aside, put back when the target is missing. */
function restoreOrphanedSet(dir: string): void {
  if (exists(dir)) return;
  const parent = dirname(dir);
  for (const name of readdirSync(parent)) {
    const m = /^\.(.*)\.(\d+)\.[0-9a-f]{8}\.old$/.exec(name);
    if (m && m[1] === basename(dir) && !isAlive(Number(m[2]))) {
      renameSync(join(parent, name), dir);
      return;
    }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** An existing target must be a real folder of this kind: a link, a file, or a folder of other files is refused. */
function checkReplaceable(dir: string, opts: FileSetOptions): boolean {
  let info;
  try {
    info = lstatSync(dir);
  } catch {
    return false;
  }
  if (!info.isDirectory())
    throw new CliError(`cannot write the ${opts.what} "${dir}": it is ${describeKind(info)}, not a folder`);
  const others = readdirSync(dir).filter((n) => !opts.names.includes(n));
  if (others.length > 0) {
    const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ', …' : '');
    throw new CliError(
      `cannot write the ${opts.what} "${dir}": it holds other files (${shown}); it is replaced as a whole, so give a new folder or an earlier ${opts.what}`,
    );
  }
  return true;
}

/** Replace folder `dir` by one holding exactly `files` (name -> contents); returns the paths written. */
export function replaceFolderAtomic(dir: string, files: [string, FileData][], opts: FileSetOptions): string[] {
  const parent = dirname(dir);
  const suffix = uniqueSuffix();
  const tmp = join(parent, `.${basename(dir)}${suffix}.tmp`);
  const old = join(parent, `.${basename(dir)}${suffix}.old`);
  try {
    mkdirSync(parent, { recursive: true });
    restoreOrphanedSet(dir);
    const replacing = checkReplaceable(dir, opts);
    removeDeadWritersTemps(dir);
    mkdirSync(tmp);
    for (const [name, data] of files) writeNewFileSynced(join(tmp, name), data);
    fsyncPath(tmp, 'r');
    if (replacing) renameSync(dir, old);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (replacing) renameSync(old, dir);
      throw e;
    }
    fsyncPath(parent, 'r');
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof CliError) throw e;
    throw new CliError(describeWriteError(e, dir));
  }
  rmSync(old, { recursive: true, force: true });
  return files.map(([name]) => join(dir, name));
}
