// The 256 byte pieces every vocabulary starts with (ids 0..255, id = byte value: the byte fallback), their names in
// tokenizer.json (`<0x41>` for BPE's byte_fallback, GPT-2's printable byte alphabet for ByteLevel), UTF-8 helpers.

export const BYTE_PIECES = 256;

/** `<0x0A>`: the name Hugging Face's byte_fallback (and SentencePiece) give byte 10. */
export function bytePieceName(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/**
 * GPT-2's byte-to-character table (Hugging Face's ByteLevel pre-tokenizer and decoder): printable Latin-1 bytes map
 * to themselves, the other 68 to U+0100 onwards, so every byte string is a printable string of the same length.
 */
const BYTE_TO_CHAR: string[] = (() => {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = [];
  let next = 0;
  for (let b = 0; b < BYTE_PIECES; b++) table.push(String.fromCharCode(printable(b) ? b : 0x100 + next++));
  return table;
})();
const CHAR_TO_BYTE = new Map(BYTE_TO_CHAR.map((char, byte) => [char, byte]));

export function toByteLevel(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += BYTE_TO_CHAR[byte];
  return out;
}

/** The bytes of a ByteLevel string, or undefined when a character is not in the byte alphabet. */
export function fromByteLevel(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = CHAR_TO_BYTE.get(text[i]!);
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}

export const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF: the default decoder would drop it and break decode(encode(x)) === x. Not fatal:
// ids sampled from a model need not form valid UTF-8; such bytes decode to U+FFFD.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * ids -> text: each id checked (ids come from models and files, so a bad one is an error that says where), the byte
 * strings of the pieces joined and read as UTF-8. An id whose piece has no bytes (a special token) adds nothing.
 */
export function decodePieces(ids: ArrayLike<number>, pieces: readonly Uint8Array[], vocabSize: number): string {
  const parts: Uint8Array[] = [];
  let length = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new RangeError(`token id ${id} at position ${i} is outside the vocabulary [0, ${vocabSize})`);
    }
    const bytes = pieces[id];
    if (bytes === undefined) continue;
    parts.push(bytes);
    length += bytes.length;
  }
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return utf8Decoder.decode(joined);
}
