// Whole-file writes a reader or a crash never sees half of: a temporary file with a name no other writer shares,
// its data fsync'ed, then renamed over the target and the folder fsync'ed, so the rename itself survives a crash.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TMP_SUFFIX = '.tmp';

/** "<file>.<pid>.<random>.tmp": two processes (or two writes in one) never collide on a temporary name. */
function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`;
}

function fsyncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  try {
    const fd = openSync(tmp, 'wx');
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncPath(dirname(path), 'r');
}

/** Remove the temporary files a crashed writer left in `dir`; only its lock holder may call this. */
export function removeStaleTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) if (name.endsWith(TMP_SUFFIX)) rmSync(join(dir, name), { force: true });
}
