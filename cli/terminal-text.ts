// Everything the CLI prints passes one filter: names and text from files (a spec's experiment, variant and base names,
// a description, a path) reach the terminal with their control and bidi characters written as \uXXXX, so an OSC 52
// clipboard write, a title change or a right-to-left override in a name prints as text (core/report/escape.ts).
// The CLI writes no control characters of its own but line breaks and tabs; inside JSON output the escapes read back
// as the same characters.
import { escapeControlChars } from '../core/report/escape';

/** Text as the terminal may show it: every control or bidi character escaped but line breaks and tabs. */
export function sanitizeForTerminal(text: string): string {
  return escapeControlChars(text, '\n\t');
}

/** Filters every string written to `stream` (the process's stdout and stderr) through sanitizeForTerminal. */
export function filterTerminalWrites(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? sanitizeForTerminal(chunk) : chunk, ...rest)) as typeof stream.write;
}
