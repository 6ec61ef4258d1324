// The one error an IPC handler throws when it refuses a request; its message reaches the renderer as the reason.
import type { z } from 'zod';
import { describeIssues } from '../../core/record/parse';

export class IpcRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcRefusal';
  }
}

/** "what refused: path: problem; path: problem" from a zod error, naming each offending field. */
export function describeZodError(what: string, error: z.ZodError): IpcRefusal {
  return new IpcRefusal(`${what} refused: ${describeIssues(error)}`);
}
