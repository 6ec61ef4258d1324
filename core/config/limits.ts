// The size limits of every input kind, in one place (docs/design.md §2), and the one way they are counted: bytes of
// UTF-8 JSON text, unknown keys included. A file is counted as its bytes before it is read; data in memory (an IPC
// payload, an import, a spec about to be saved) as the bytes of the JSON text it is or will be written as. Messages
// quote at most a short prefix of a bad value, so a 200 MB value is never echoed back.

export const INPUT_LIMITS = {
  /** A config file. Configs are a few hundred bytes. */
  configBytes: 1024 * 1024,
  /** An experiment spec (a file, or the UI's spec saved by the desktop app). Specs are a few kilobytes. */
  specBytes: 1024 * 1024,
  /** A run record (run.json), unknown keys included. */
  runRecordBytes: 4 * 1024 * 1024,
  /** One metric point (a metrics.jsonl line), unknown keys included. */
  metricPointBytes: 64 * 1024,
  /** One IPC payload from the renderer (an export request with its runs' metrics). */
  ipcPayloadBytes: 256 * 1024 * 1024,
  /** Names: an experiment, a variant, the base row, a run. In characters. */
  nameChars: 500,
  /** Free text: a description, a claim, a reason. In characters. */
  textChars: 20_000,
  /** Numbers in a list kept in a record (a diagnostic per layer, say). */
  listLength: 100_000,
} as const;

/** Bytes of a string as UTF-8, without encoding it (a lone surrogate counts as U+FFFD, 3 bytes, as TextEncoder writes it). */
export function countUtf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Marks, on countJsonBytes' stack, where the walk leaves an object. */
class LeaveObject {
  constructor(readonly object: object) {}
}

/** Printable ASCII but the quote and the backslash: JSON writes such a string as it is, between quotes. */
const PLAIN_ASCII = /^[ !#-[\]-~]*$/;

/** Bytes of a string as JSON writes it (quotes and escapes included), at most about `limit` + 2 counted. */
function countStringBytes(text: string, limit: number): number {
  if (PLAIN_ASCII.test(text)) return text.length + 2;
  return countUtf8Bytes(JSON.stringify(text.length > limit ? text.slice(0, limit + 1) : text));
}

/** Bytes of a value JSON writes without walking into it; undefined for an object or an array. */
function countScalarBytes(v: unknown, limit: number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v).length : 4; // NaN and ±Infinity write null
  if (typeof v === 'string') return countStringBytes(v, limit);
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') return 4; // null
  return undefined;
}

/** JSON leaves out an object's keys whose value it cannot write (undefined, a function); an array writes null. */
const isWritten = (x: unknown) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol';

/**
 * Bytes of JSON.stringify(value) as UTF-8, counted by walking it (a loop, not a recursion), stopping as soon as the
 * count passes `limit`: a 200 MB payload is refused without being stringified. Returns Infinity for a value JSON
 * cannot write (a cycle, a bigint) and more than `limit` once over the limit.
 */
export function countJsonBytes(value: unknown, limit: number): number {
  let n = 0;
  /** The objects being walked (the path from the root): meeting one again is a cycle; a shared object is not. */
  const open = new Set<object>();
  const todo: unknown[] = [value];
  while (todo.length > 0 && n <= limit) {
    const v = todo.pop();
    if (v instanceof LeaveObject) {
      open.delete(v.object);
      continue;
    }
    if (typeof v === 'bigint') return Infinity;
    const scalar = countScalarBytes(v, limit);
    if (scalar !== undefined) {
      n += scalar;
      continue;
    }
    const object = v as Record<string, unknown>;
    if (open.has(object)) return Infinity;
    // Scalars are counted here; objects and arrays inside wait on the stack, this one open above them.
    const inner: unknown[] = [];
    let items = 0;
    const count = (x: unknown) => {
      const bytes = typeof x === 'bigint' ? undefined : countScalarBytes(x, limit);
      if (bytes === undefined) inner.push(x);
      else n += bytes;
    };
    if (Array.isArray(object)) {
      items = object.length;
      for (const x of object as unknown[]) count(x);
    } else {
      for (const key of Object.keys(object)) {
        const x = object[key];
        if (!isWritten(x)) continue;
        items++;
        n += countStringBytes(key, limit) + 1; // "key":
        count(x);
      }
    }
    if (inner.length > 0) {
      open.add(object);
      todo.push(new LeaveObject(object));
      for (const x of inner) todo.push(x);
    }
    n += 2 + Math.max(0, items - 1); // brackets and commas
  }
  return n;
}

/** A value as a message may quote it: JSON, cut to `maxChars` with an ellipsis and the full length said. */
export function quoteValue(value: unknown, maxChars = 60): string {
  if (typeof value === 'string') {
    if (value.length <= maxChars) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, maxChars))}… (${value.length.toLocaleString('en-US')} characters)`;
  }
  if (Array.isArray(value)) return `an array of ${value.length.toLocaleString('en-US')}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** Free text (an error message from a library, which may quote its input) cut to `maxChars`. */
export function truncateText(text: string, maxChars = 200): string {
  return text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}… (${text.length.toLocaleString('en-US')} characters)`;
}
