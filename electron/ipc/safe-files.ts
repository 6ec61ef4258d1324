// Writing inside a folder the user chose, and nowhere else: plain names only (no separators, no "..", not
// absolute), never through an existing entry (O_EXCL), and a symbolic link that escapes the folder is refused.
import { lstat, mkdir, readlink, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { IpcRefusal } from './refusal';

const MAX_NAME_LENGTH = 120;

export function checkPlainFileName(name: string): void {
  const plain =
    name.length > 0 &&
    name.length <= MAX_NAME_LENGTH &&
    name !== '.' &&
    name !== '..' &&
    !isAbsolute(name) &&
    !/[/\\\0:]/.test(name) &&
    basename(name) === name;
  if (!plain)
    throw new IpcRefusal(
      `refused file name ${JSON.stringify(name.slice(0, MAX_NAME_LENGTH))}: only a plain name inside the chosen folder is allowed`,
    );
}

/** The folder's real path; it must exist and be a directory. */
export async function resolveFolder(folder: string): Promise<string> {
  if (!isAbsolute(folder)) throw new IpcRefusal(`refused folder ${JSON.stringify(folder)}: not an absolute path`);
  try {
    const real = await realpath(folder);
    if ((await stat(real)).isDirectory()) return real;
  } catch {
    // Reported below with the same words as "not a directory".
  }
  throw new IpcRefusal(`refused folder ${JSON.stringify(folder)}: it is not an existing directory`);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Throws when folder/name is a symbolic link out of the folder; says whether anything exists there. */
async function checkExistingEntry(root: string, name: string): Promise<boolean> {
  const path = join(root, name);
  let entry;
  try {
    entry = await lstat(path);
  } catch {
    return false;
  }
  if (entry.isSymbolicLink()) {
    const target = resolve(root, await readlink(path));
    const real = await realpath(path).catch(() => target);
    if (!isInside(root, target) || !isInside(root, real)) {
      throw new IpcRefusal(`refused: ${name} in ${root} is a symbolic link to ${real}, outside the chosen folder`);
    }
  }
  return true;
}

/** Name, then name-2, name-3…: the first that does not exist yet. */
function withSuffix(name: string, n: number): string {
  if (n === 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

const MAX_SUFFIX = 100;

async function createFresh(folder: string, name: string, create: (path: string) => Promise<unknown>): Promise<string> {
  checkPlainFileName(name);
  const root = await resolveFolder(folder);
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = withSuffix(name, n);
    if (await checkExistingEntry(root, candidate)) continue;
    const path = join(root, candidate);
    if (dirname(path) !== root) throw new IpcRefusal(`refused: ${candidate} is not directly inside ${root}`);
    try {
      await create(path);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new IpcRefusal(`refused: ${MAX_SUFFIX} files named like ${name} already exist in ${root}`);
}

/** Writes a new file directly inside folder (name, or name-2… when taken); returns its path. Never overwrites. */
export function writeFileInside(folder: string, name: string, data: string | Uint8Array): Promise<string> {
  return createFresh(folder, name, (path) => writeFile(path, data, { flag: 'wx' }));
}

/** Creates a new sub-folder directly inside folder (name, or name-2… when taken); returns its path. */
export function makeFolderInside(folder: string, name: string): Promise<string> {
  return createFresh(folder, name, (path) => mkdir(path));
}
