// Opening the files the CLI reads and checking the paths it writes (docs/design.md §2 "Files the CLI touches"): a
// file is opened without blocking (O_NONBLOCK, so a FIFO never waits for a writer) and its type is read from the open
// descriptor (fstat), so what is read is the regular file that was checked, not whatever a path points to later.
// A FIFO, a device (/dev/zero), a folder, a socket or a symbolic-link loop is refused by name, never read.
import { constants, closeSync, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CliError } from './errors';

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** "no such file", "a symbolic link loop", ...: why a path cannot be opened, in words. */
export function describeOpenError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'a symbolic link loop (or a chain of links too long)';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ENXIO') return 'not a regular file (a socket, or a device with nothing behind it)';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return (e as Error).message;
}

/** Refuses anything but a regular file, and a regular file over `maxBytes`; `info` from fstat or lstat. */
function checkRegular(info: Stats, path: string, what: string, maxBytes: number): number {
  if (info.isDirectory()) throw new CliError(`cannot read ${what} "${path}": is a directory`);
  if (!info.isFile()) throw new CliError(`cannot read ${what} "${path}": ${describeKind(info)}, not a regular file`);
  if (info.size > maxBytes) {
    throw new CliError(
      `cannot read ${what} "${path}": ${info.size.toLocaleString('en-US')} bytes, more than the limit of ${maxBytes.toLocaleString('en-US')}`,
    );
  }
  return info.size;
}

/** What a non-regular entry is, for messages. */
export function describeKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a directory';
  return 'a regular file';
}

/** An open regular file of at most `maxBytes` and its size; the caller closes it. */
export async function openRegularFile(
  path: string,
  what: string,
  maxBytes: number,
): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (e) {
    throw new CliError(`cannot read ${what} "${path}": ${describeOpenError(e)}`);
  }
  try {
    return { handle, size: checkRegular(await handle.stat(), path, what, maxBytes) };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** The whole of a regular file of at most `maxBytes`; one that grows past the limit while read is refused. */
export async function readRegularFile(path: string, what: string, maxBytes: number): Promise<Uint8Array> {
  const { handle, size } = await openRegularFile(path, what, maxBytes);
  try {
    // One byte more than the limit is asked for, so a file that grew is noticed rather than cut.
    const bytes = new Uint8Array(Math.min(size, maxBytes) + 1);
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > size) return readGrown(handle, bytes.subarray(0, length), path, what, maxBytes);
    return bytes.subarray(0, length);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${what} "${path}": ${describeOpenError(e)}`);
  } finally {
    await handle.close();
  }
}

/** A file that grew since its fstat (another writer appending): read on, up to the limit. */
async function readGrown(
  handle: FileHandle,
  head: Uint8Array,
  path: string,
  what: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const rest = new Uint8Array(maxBytes + 1 - head.length);
  let length = 0;
  while (length < rest.length) {
    const { bytesRead } = await handle.read(rest, length, rest.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (head.length + length > maxBytes)
    throw new CliError(`cannot read ${what} "${path}": it grew past the limit while read`);
  const all = new Uint8Array(head.length + length);
  all.set(head);
  all.set(rest.subarray(0, length), head.length);
  return all;
}

/** The synchronous read, for small files read where no await fits (a lock file, a record beside a tokenizer). */
export function readRegularFileSync(path: string, what: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (e) {
    throw new CliError(`cannot read ${what} "${path}": ${describeOpenError(e)}`);
  }
  try {
    const size = checkRegular(fstatSync(fd), path, what, maxBytes);
    const bytes = new Uint8Array(size + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < bytes.length; length += n)
      n = readSync(fd, bytes, length, bytes.length - length, null);
    if (length > size) throw new CliError(`cannot read ${what} "${path}": it changed while read`);
    return bytes.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Whether anything is at `path` (a dangling or looping link included), without following a link. */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Check a path an output will replace: absent, or a regular file. A symbolic link is refused, never followed or
 * replaced (what it points to might be anything), and so are a folder, a FIFO, a device and a socket.
 */
export function checkOutputPath(path: string, what: string): 'absent' | 'file' {
  let info: Stats;
  try {
    info = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw new CliError(`cannot write ${what} "${path}": ${describeOpenError(e)}`);
  }
  if (info.isFile()) return 'file';
  const kind = describeKind(info);
  const advice = info.isSymbolicLink() ? '; outputs are never written through a link' : '';
  throw new CliError(`cannot write ${what} "${path}": it is ${kind}, not a regular file${advice}`);
}

/** Refuse an output that is one of the command's own inputs (the same file, by device and inode). */
export function checkNotAnInput(path: string, what: string, inputs: { path: string; what: string }[]): void {
  let out: Stats;
  try {
    out = lstatSync(path);
  } catch {
    return; // nothing there: it cannot be an input
  }
  for (const input of inputs) {
    let info: Stats;
    try {
      info = statSync(input.path); // an input is read through its links
    } catch {
      continue;
    }
    if (info.dev === out.dev && info.ino === out.ino)
      throw new CliError(`cannot write ${what} "${path}": it is the ${input.what} "${input.path}" this command reads`);
  }
}
