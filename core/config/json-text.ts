// Reading JSON text (a config, a spec, a run record, an import): JSON.parse, then a scan of the same text for what
// JSON.parse lets through: a repeated key (the last would win silently), a number too large for a double (1e309 reads
// as Infinity, written back as null) and nesting deeper than any of our formats has (a validator walking it would
// overflow the stack). The scan is a loop, not a recursion, so any depth is reported, never a crash.
import { quoteValue, truncateText } from './limits';

/** Our deepest format (a spec's base config inside a variant list) nests 5 levels; 64 is generous. */
export const MAX_JSON_DEPTH = 64;

export class JsonTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonTextError';
  }
}

/** JSON path notation: variants[1].overrides["model.attention"]; the root is "(root)". */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += out ? `.${String(part)}` : String(part);
    else out += `[${quoteValue(String(part))}]`;
  }
  return out || '(root)';
}

interface Frame {
  /** The keys seen so far of an object; null for an array. */
  keys: Set<string> | null;
  /** The key or index of the value being read. */
  at: string | number;
  /** In an object: the next string is a key. */
  expectKey: boolean;
}

/** Index just past the string that opens at `start` (a quote), in valid JSON. */
function skipString(text: string, start: number): number {
  let i = text.indexOf('"', start + 1);
  // A quote after an odd run of backslashes is escaped: look further.
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return i + 1;
    i = text.indexOf('"', i + 1);
  }
}

const BACKSLASH = 0x5c;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Whether a JSON number token reads as a double: only one with an exponent or 300+ digits can overflow. */
function isFiniteToken(token: string): boolean {
  return (token.length < 300 && !/[eE]/.test(token)) || Number.isFinite(Number(token));
}

/** Checks text that JSON.parse accepted; throws JsonTextError naming the source, the path and the problem. */
export function checkJsonText(text: string, source: string): void {
  const stack: Frame[] = [];
  const path = () => formatJsonPath(stack.map((f) => f.at));
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      // { or [
      if (stack.length >= MAX_JSON_DEPTH)
        throw new JsonTextError(`${source}: ${path()}: nested more than ${MAX_JSON_DEPTH} levels deep`);
      const object = c === 0x7b;
      stack.push({ keys: object ? new Set() : null, at: object ? '' : 0, expectKey: object });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      // } or ]
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      // ,
      const top = stack.at(-1)!; // a comma is inside an object or an array
      if (top.keys) top.expectKey = true;
      else top.at = (top.at as number) + 1;
      i++;
    } else if (c === 0x22) {
      // "
      const end = skipString(text, i);
      const top = stack.at(-1);
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        top.at = key;
        top.expectKey = false;
        if (top.keys.has(key))
          throw new JsonTextError(
            `${source}: ${path()}: the key ${quoteValue(key)} appears twice (JSON keeps only the last)`,
          );
        top.keys.add(key);
      }
      i = end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // - or a digit
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)![0]; // JSON.parse accepted the text: a number starts here
      if (!isFiniteToken(token))
        throw new JsonTextError(`${source}: ${path()}: must be a finite number (got ${truncateText(token, 60)})`);
      i += token.length;
    } else i++; // whitespace, a colon, or a letter of true/false/null
  }
}

/** The value of a JSON text, refused with a JsonTextError naming `source` (a file) when it is not plain JSON data. */
export function parseJsonText(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new JsonTextError(`${source} is not valid JSON: ${truncateText((e as Error).message)}`);
  }
  checkJsonText(text, source);
  return value;
}
