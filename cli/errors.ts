// The one way the CLI reports a problem: a message a user can act on, on stderr, and a non-zero exit code.

/** An error whose message is written for the user, with its own exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Print an error for a user and exit. Core errors already name the file, key or tensor at fault, so the
 *  message is enough; PALM_WORKBENCH_DEBUG=1 adds the stack for bug reports. */
export function exitWithError(command: string, e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`palm-workbench ${command}: ${message}\n`);
  if (process.env.PALM_WORKBENCH_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(e instanceof CliError ? e.exitCode : 1);
}

const FS_CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'the folder no longer exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
};

/** "cannot write "PATH": no space left on device (ENOSPC)" for a failed file write. */
export function describeWriteError(e: unknown, fallbackPath: string): string {
  const err = e as NodeJS.ErrnoException;
  const path = err.path ?? fallbackPath;
  const cause = err.code ? `${FS_CAUSES[err.code] ?? err.message} (${err.code})` : String(err.message ?? e);
  return `cannot write "${path}": ${cause}`;
}
