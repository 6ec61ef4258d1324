// The byte-level tokenizer (docs/palm.md §1 "vocabulary"): id = UTF-8 byte, 256 ids, lossless for any Unicode text.
import { describe, expect, it } from 'vitest';
import { BYTE_VOCAB_SIZE, ByteTokenizer } from '../core/tokenizer/byte';

const tok = new ByteTokenizer();

describe('ByteTokenizer', () => {
  it('has 256 ids', () => {
    expect(tok.vocabSize).toBe(256);
    expect(BYTE_VOCAB_SIZE).toBe(256);
  });

  it.each([
    ['English', 'Call me Ishmael. Some years ago—never mind how long precisely—'],
    ['Chinese', 'PaLM全称Pathways Language Model，使用SentencePiece'],
    ['emoji (4-byte, ZWJ sequence, flag, skin tone)', '🐋 👩‍💻 🇬🇧 👍🏽'],
    ['whitespace and control characters', ' \t\n\r\u0000\u007f  lead and trail  '],
    ['a byte-order mark first', '\uFEFFtext'],
    ['empty', ''],
  ])('round-trips %s', (_name, text) => {
    expect(tok.decode(tok.encode(text))).toBe(text);
  });

  it('round-trips arbitrary code points (every UTF-8 length, both sides of the surrogate range)', () => {
    const points = [0x0, 0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff];
    // plus a deterministic spread over all scalar values
    for (let i = 0, cp = 7; i < 2000; i++) {
      cp = (cp * 48271) % 0x110000;
      if (cp < 0xd800 || cp > 0xdfff) points.push(cp);
    }
    const text = String.fromCodePoint(...points);
    expect(tok.decode(tok.encode(text))).toBe(text);
    for (const cp of points.slice(0, 13))
      expect(tok.decode(tok.encode(String.fromCodePoint(cp)))).toBe(String.fromCodePoint(cp));
  });

  it('emits the UTF-8 byte values as ids', () => {
    expect(Array.from(tok.encode('A'))).toEqual([0x41]);
    expect(Array.from(tok.encode('é'))).toEqual([0xc3, 0xa9]);
    expect(Array.from(tok.encode('中'))).toEqual([0xe4, 0xb8, 0xad]);
    expect(Array.from(tok.encode('🐋'))).toEqual([0xf0, 0x9f, 0x90, 0x8b]);
    const ids = tok.encode('any text, 任何文本 🙂');
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids).every((id) => Number.isInteger(id) && id >= 0 && id < 256)).toBe(true);
    expect(Array.from(ids)).toEqual(Array.from(new TextEncoder().encode('any text, 任何文本 🙂')));
  });

  it('decodes any byte sequence without throwing (invalid UTF-8 becomes U+FFFD) and rejects non-byte ids', () => {
    expect(tok.decode([0x68, 0x69, 0xff, 0xe4, 0xb8])).toBe('hi\uFFFD\uFFFD');
    expect(tok.decode(Int32Array.from([0xe4, 0xb8, 0xad]))).toBe('中');
    expect(() => tok.decode([256])).toThrow(RangeError);
    expect(() => tok.decode([-1])).toThrow(/not a byte/);
    expect(() => tok.decode([1.5])).toThrow(/not a byte/);
  });
});
