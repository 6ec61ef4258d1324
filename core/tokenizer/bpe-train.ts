// Training of the BPE model (bpe.ts) as SentencePiece trains its BPE: the alphabet is the characters covering
// characterCoverage of the text, then greedy merges of the most frequent adjacent pair within words until the
// vocabulary is full. Characters outside the alphabet stay bytes and never merge.
import { BYTE_PIECES } from './byte-pieces';
import { BpeTokenizer, type PiecePair } from './bpe';
import { learnMerges, MAX_PAIR_ID, type Words } from './bpe-merges';
import { chooseAlphabet, countWords, prefixWithinBytes } from './words';

export interface TrainOptions {
  /** Ids of the finished tokenizer: 256 bytes + the alphabet + the learned pieces. */
  vocabSize: number;
  /** Train on the first maxTrainBytes UTF-8 bytes only: pieces settle long before a few MB, training time does not. */
  maxTrainBytes?: number;
  /** Fraction of the characters of the text that get pieces of their own (SentencePiece's default). */
  characterCoverage?: number;
}

export const DEFAULT_MAX_TRAIN_BYTES = 2_000_000;
const DEFAULT_CHARACTER_COVERAGE = 0.9995;

/** Check the options both trainers share; every problem names the option. */
export function checkTrainOptions(options: TrainOptions): Required<TrainOptions> {
  const {
    vocabSize,
    maxTrainBytes = DEFAULT_MAX_TRAIN_BYTES,
    characterCoverage = DEFAULT_CHARACTER_COVERAGE,
  } = options;
  if (!Number.isInteger(vocabSize) || vocabSize <= BYTE_PIECES || vocabSize > MAX_PAIR_ID) {
    throw new RangeError(`vocabSize must be an integer in [${BYTE_PIECES + 1}, ${MAX_PAIR_ID}] (got ${vocabSize})`);
  }
  if (!Number.isInteger(maxTrainBytes) || maxTrainBytes <= 0) {
    throw new RangeError(`maxTrainBytes must be a positive integer (got ${maxTrainBytes})`);
  }
  if (!(characterCoverage > 0 && characterCoverage <= 1)) {
    throw new RangeError(`characterCoverage must be in (0, 1] (got ${characterCoverage})`);
  }
  return { vocabSize, maxTrainBytes, characterCoverage };
}

export function trainBpe(text: string, options: TrainOptions): BpeTokenizer {
  const { vocabSize, maxTrainBytes, characterCoverage } = checkTrainOptions(options);
  const counts = countWords(prefixWithinBytes(text, maxTrainBytes));
  const pieces = chooseAlphabet(counts, characterCoverage, vocabSize - BYTE_PIECES);
  const idOf = new Map(pieces.map((piece, i) => [piece, BYTE_PIECES + i]));
  const words: Words = { symbols: [], counts: [] };
  for (const [word, count] of counts) {
    words.symbols.push(Array.from(word, (char) => idOf.get(char) ?? -1));
    words.counts.push(count);
  }
  const merges: PiecePair[] = [];
  const pieceOf = (id: number) => pieces[id - BYTE_PIECES]!;
  learnMerges(words, (a, b) => {
    const joined = pieceOf(a) + pieceOf(b);
    // Two different pairs can spell the same piece ("a"+"bc", "ab"+"c"): it keeps its first id, as in HF's trainer.
    let id = idOf.get(joined);
    if (id === undefined) {
      if (BYTE_PIECES + pieces.length >= vocabSize) return null;
      id = BYTE_PIECES + pieces.length;
      pieces.push(joined);
      idOf.set(joined, id);
    }
    merges.push([pieceOf(a), pieceOf(b)]);
    return id;
  });
  return new BpeTokenizer(pieces, merges, vocabSize);
}
