// Corpora (core/data/corpora.ts): the built-in texts load through dynamic import, user files are checked for UTF-8.
import { describe, expect, it } from 'vitest';
import { corpusFromBytes, loadCorpus, truncateToBytes } from '../core/data/corpora';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('loadCorpus', () => {
  it('loads Moby Dick in reading order', async () => {
    const text = await loadCorpus('moby-dick');
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text.startsWith('CONTENTS')).toBe(true);
    expect(text).toContain('CHAPTER 1. Loomings.\n\nCall me Ishmael.');
    expect(text.indexOf('CHAPTER 1. Loomings.\n\n')).toBeLessThan(
      text.indexOf('CHAPTER 135. The Chase.—Third Day.\n\n'),
    );
    expect(text.trimEnd().endsWith('only found another orphan.')).toBe(true);
  });

  it('loads the State of the Union addresses', async () => {
    const text = await loadCorpus('sotu');
    expect(text.length).toBeGreaterThan(10_000_000);
    expect(text.startsWith('Fellow-Citizens of the Senate and House of Representatives')).toBe(true);
  });
});

describe('corpusFromBytes', () => {
  it('decodes UTF-8 and drops one byte-order mark', () => {
    expect(corpusFromBytes(utf8('héllo 鲸 🐋'), 'a.txt')).toBe('héllo 鲸 🐋');
    expect(corpusFromBytes(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8('\uFEFFtext')), 'bom.txt')).toBe('\uFEFFtext');
  });

  it('refuses an empty file', () => {
    expect(() => corpusFromBytes(new Uint8Array(0), 'notes/empty.txt')).toThrow('notes/empty.txt: the file is empty');
  });

  it('refuses a file under minBytes, not counting the byte-order mark', () => {
    expect(() => corpusFromBytes(utf8('short text'), 'short.txt', 100)).toThrow(
      'short.txt: too short: 10 bytes of text, at least 100 needed',
    );
    expect(() => corpusFromBytes(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), 'b.txt', 2)).toThrow(
      'b.txt: too short: 1 bytes',
    );
    expect(corpusFromBytes(utf8('x'.repeat(100)), 'ok.txt', 100)).toHaveLength(100);
  });

  // Offsets worked out by hand from the Unicode table of well-formed byte sequences (and what Python's
  // bytes.decode('utf-8') reports as UnicodeDecodeError.start for the same bytes).
  it.each([
    ['a stray 0xff', [0x61, 0x62, 0x63, 0xff, 0x61], 3],
    ['latin-1 é', [0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b], 3],
    ['an overlong "/"', [0x61, 0xc0, 0xaf], 1],
    ['an encoded surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a sequence cut short at the end', [0xe2, 0x82, 0xac, 0x20, 0xe2, 0x82], 4],
    ['a continuation byte first', [0x80, 0x61], 0],
    ['a code point above U+10FFFF', [0x61, 0xf4, 0x90, 0x80, 0x80], 1],
  ])('refuses non-UTF-8 bytes (%s) and gives the offset', (_what, bytes, offset) => {
    expect(() => corpusFromBytes(Uint8Array.from(bytes), 'data/bad.txt')).toThrow(
      `data/bad.txt: not UTF-8 text: invalid byte sequence at byte offset ${offset}`,
    );
  });
});

describe('truncateToBytes', () => {
  it('keeps the longest prefix that fits, never half a character', () => {
    const text = 'aé€🐋b'; // 1 + 2 + 3 + 4 + 1 bytes
    expect([1, 2, 3, 4, 5, 6, 9, 10, 11, 12].map((n) => truncateToBytes(text, n))).toEqual([
      'a',
      'a',
      'aé',
      'aé',
      'aé',
      'aé€',
      'aé€',
      'aé€🐋',
      'aé€🐋b',
      'aé€🐋b',
    ]);
  });
});
