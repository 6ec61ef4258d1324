// One writer per run folder: a lock file holding the writer's pid, created exclusively; a lock whose process is
// gone (a crash, a kill -9) is stale and taken over. Released on close and, failing that, when the process exits.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors';
import { isAlive } from './process-alive';
import { readRegularFileSync } from './safe-open';

/** A lock file holds one short line; anything longer is not one of ours. */
const MAX_LOCK_BYTES = 4096;

export const LOCK_FILE = '.palm-workbench.lock';

function readLockPid(path: string): number | null {
  try {
    const pid = (
      JSON.parse(new TextDecoder().decode(readRegularFileSync(path, 'lock file', MAX_LOCK_BYTES))) as { pid?: unknown }
    ).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null; // unreadable, half-written or not a regular file: no live owner can be named
  }
}

/** Take the folder's lock; returns the function that releases it. */
export function lockRunFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  // Two tries: the second after removing a stale lock (another process may win that race; then it holds the lock).
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = readLockPid(path);
      if (pid !== null && isAlive(pid)) {
        throw new CliError(
          `run folder "${dir}" is in use by process ${pid} (lock file ${path}); wait for it to finish or stop it`,
        );
      }
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
    } finally {
      closeSync(fd);
    }
    const release = () => {
      process.off('exit', release);
      if (readLockPid(path) === process.pid) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return release;
  }
  throw new CliError(`run folder "${dir}": another process took its lock (${path}) as this one started`);
}
