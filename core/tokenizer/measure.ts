// Compression of a tokenizer: UTF-8 bytes per token, the number that converts a per-token loss into bits per byte.
// Works for any Tokenizer (byte-level gives exactly 1).
import type { Tokenizer } from './types';

export function bytesPerToken(tokenizer: Tokenizer, text: string): number {
  const tokenCount = tokenizer.encode(text).length;
  if (tokenCount === 0) throw new RangeError('bytesPerToken needs a non-empty text');
  return new TextEncoder().encode(text).length / tokenCount;
}
