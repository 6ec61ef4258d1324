// Training of the byte-level BPE of old runs (Sennrich et al. 2016; GPT-2's byte variant) over the pieces of
// core/tokenizer/legacy/pretokenize.ts, counting each distinct piece once with its frequency, as HF tokenizers does.
// The format is only read now (core/tokenizer/legacy/); the tests train it to make files of that format.
import { learnMerges, type Words } from '../core/tokenizer/bpe-merges';
import { DEFAULT_MAX_TRAIN_BYTES } from '../core/tokenizer/bpe-train';
import { splitPieces } from '../core/tokenizer/legacy/pretokenize';
import { BYTE_TOKENS, MAX_VOCAB_SIZE, SubwordTokenizer, type Merge } from '../core/tokenizer/legacy/bpe';
import { prefixWithinBytes } from '../core/tokenizer/words';

export interface SubwordTrainOptions {
  /** Ids of the finished tokenizer: 256 bytes + up to vocabSize - 256 merges. */
  vocabSize: number;
  /** Train on the first maxTrainBytes UTF-8 bytes only: merges settle long before a few MB, training time does not. */
  maxTrainBytes?: number;
}

export function trainSubwordTokenizer(text: string, options: SubwordTrainOptions): SubwordTokenizer {
  const { vocabSize, maxTrainBytes = DEFAULT_MAX_TRAIN_BYTES } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < BYTE_TOKENS || vocabSize > MAX_VOCAB_SIZE) {
    throw new RangeError(`vocabSize must be an integer in [${BYTE_TOKENS}, ${MAX_VOCAB_SIZE}] (got ${vocabSize})`);
  }
  if (!Number.isInteger(maxTrainBytes) || maxTrainBytes <= 0) {
    throw new RangeError(`maxTrainBytes must be a positive integer (got ${maxTrainBytes})`);
  }
  const words = countWords(prefixWithinBytes(text, maxTrainBytes));
  return new SubwordTokenizer(vocabSize, learnByteMerges(words, vocabSize - BYTE_TOKENS));
}

function countWords(text: string): Words {
  const frequency = new Map<string, number>();
  for (const piece of splitPieces(text)) frequency.set(piece, (frequency.get(piece) ?? 0) + 1);
  const encoder = new TextEncoder();
  const words: Words = { symbols: [], counts: [] };
  for (const [piece, count] of frequency) {
    words.symbols.push(Array.from(encoder.encode(piece)));
    words.counts.push(count);
  }
  return words;
}

function learnByteMerges(words: Words, maxMerges: number): Merge[] {
  const merges: Merge[] = [];
  learnMerges(words, (a, b) => {
    if (merges.length >= maxMerges) return null;
    merges.push([a, b]);
    return BYTE_TOKENS + merges.length - 1;
  });
  return merges;
}
