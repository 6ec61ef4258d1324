// safetensors read/write for float32 tensors (huggingface/safetensors format spec): an 8-byte little-endian
// header length, a JSON header padded with spaces to a multiple of 8, then the tensors' bytes back to back.

export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export interface Safetensors {
  metadata: Record<string, string>;
  tensors: Record<string, TensorData>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const F32_BYTES = 4;
const METADATA_KEY = '__metadata__';

/** Float32Array views use the host's byte order; safetensors is little-endian, as every supported host is. */
function assertLittleEndianHost(): void {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1)
    throw new Error('safetensors: big-endian hosts are not supported');
}

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serialise tensors (in the order given) and string metadata to safetensors bytes. */
export function writeSafetensors(tensors: Record<string, TensorData>, metadata: Record<string, string>): Uint8Array {
  assertLittleEndianHost();
  const header: Record<string, unknown> = { [METADATA_KEY]: metadata };
  let offset = 0;
  for (const [name, { shape, data }] of Object.entries(tensors)) {
    if (name === METADATA_KEY) throw new Error(`safetensors: "${METADATA_KEY}" is reserved and cannot name a tensor`);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`safetensors tensor "${name}": shape ${JSON.stringify(shape)} must hold non-negative integers`);
    }
    if (data.length !== elementCount(shape)) {
      throw new Error(
        `safetensors tensor "${name}": ${data.length} values do not fill shape ${JSON.stringify(shape)} (${elementCount(shape)})`,
      );
    }
    const entry: HeaderEntry = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    header[name] = entry;
    offset += data.byteLength;
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string')
      throw new Error(`safetensors metadata "${key}": must be a string (got ${typeof value})`);
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  let at = 8 + headerBytes;
  for (const { data } of Object.values(tensors)) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8)
    throw new Error(`safetensors: file is ${bytes.length} bytes, shorter than its 8-byte header length`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw new Error(
      `safetensors: header length ${headerLength} runs past the end of the file (${bytes.length - 8} bytes after the length): truncated or not safetensors`,
    );
  }
  const dataStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (e) {
    throw new Error(`safetensors: header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new Error('safetensors: header must be a JSON object of tensor entries');
  }
  return { header: header as Record<string, unknown>, dataStart };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`safetensors: "${METADATA_KEY}" must be an object of strings`);
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string')
      throw new Error(`safetensors metadata "${key}": must be a string (got ${JSON.stringify(value)})`);
  }
  return raw as Record<string, string>;
}

function checkEntry(name: string, raw: unknown, dataBytes: number): HeaderEntry {
  const e = raw as Partial<HeaderEntry> | null;
  const where = `safetensors tensor "${name}"`;
  if (typeof e !== 'object' || e === null) throw new Error(`${where}: header entry must be an object`);
  if (e.dtype !== 'F32') throw new Error(`${where}: dtype ${JSON.stringify(e.dtype)} is not supported; only "F32" is`);
  const { shape, data_offsets: offsets } = e;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${where}: shape ${JSON.stringify(shape)} must be an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
    throw new Error(`${where}: data_offsets ${JSON.stringify(offsets)} must be [begin, end]`);
  }
  const [begin, end] = offsets;
  if (begin > end || end > dataBytes) {
    throw new Error(`${where}: data_offsets [${begin}, ${end}] out of range of the ${dataBytes} data bytes`);
  }
  if (end - begin !== elementCount(shape) * F32_BYTES) {
    throw new Error(
      `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape ${JSON.stringify(shape)} of F32 needs ${elementCount(shape) * F32_BYTES}`,
    );
  }
  return { dtype: 'F32', shape, data_offsets: [begin, end] };
}

/** The spec asks for the tensors to tile the data buffer exactly: no overlap, no hole, nothing after. */
function checkTiling(entries: [string, HeaderEntry][], dataBytes: number): void {
  const sorted = [...entries].sort(
    (a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1],
  );
  let end = 0;
  let previous = '';
  for (const [
    name,
    {
      data_offsets: [b, e],
    },
  ] of sorted) {
    if (b < end)
      throw new Error(
        `safetensors tensor "${name}": data_offsets [${b}, ${e}] overlap tensor "${previous}" (ends at ${end})`,
      );
    if (b > end)
      throw new Error(
        `safetensors tensor "${name}": data_offsets begin at ${b}, leaving a gap of ${b - end} bytes after ${previous ? `tensor "${previous}"` : 'the header'}`,
      );
    end = e;
    previous = name;
  }
  if (end !== dataBytes) throw new Error(`safetensors: ${dataBytes - end} trailing bytes after the last tensor's data`);
}

/** Parse safetensors bytes holding F32 tensors; every inconsistency throws, naming the tensor. */
export function readSafetensors(bytes: Uint8Array): Safetensors {
  assertLittleEndianHost();
  const { header, dataStart } = parseHeader(bytes);
  const dataBytes = bytes.length - dataStart;
  const metadata = parseMetadata(header[METADATA_KEY]);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, raw]): [string, HeaderEntry] => [name, checkEntry(name, raw, dataBytes)]);
  checkTiling(entries, dataBytes);

  const tensors: Record<string, TensorData> = {};
  for (const [
    name,
    {
      shape,
      data_offsets: [b, e],
    },
  ] of entries) {
    // Uint8Array's slice() copies into a fresh, 4-byte-aligned buffer whatever the input's byteOffset (a Node
    // Buffer's own slice() would return a view of its shared pool).
    const data = new Float32Array(Uint8Array.prototype.slice.call(bytes, dataStart + b, dataStart + e).buffer);
    tensors[name] = { shape: [...shape], data };
  }
  return { metadata, tensors };
}
