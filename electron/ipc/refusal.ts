// The one error an IPC handler throws when it refuses a request; its message reaches the renderer as the reason.
import type { z } from 'zod';

export class IpcRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcRefusal';
  }
}

/** "what refused: path: problem; path: problem" from a zod error, naming each offending field. */
export function describeZodError(what: string, error: z.ZodError): IpcRefusal {
  const problems = error.issues.slice(0, 8).map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    return `${path || '(payload)'}: ${issue.message}`;
  });
  const more = error.issues.length > 8 ? ` (and ${error.issues.length - 8} more)` : '';
  return new IpcRefusal(`${what} refused: ${problems.join('; ')}${more}`);
}
