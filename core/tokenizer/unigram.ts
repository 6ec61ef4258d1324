// The unigram language model tokenizer (Kudo 2018; SentencePiece's default, docs/palm.md §1 "vocabulary"): each word is
// cut into the pieces of highest total log-probability (Viterbi). Ids 0..255 are the bytes: a character without a
// piece of its own is spelled as its UTF-8 bytes. Trained by unigram-train.ts.
import { BYTE_PIECES, decodePieces, utf8Encoder } from './byte-pieces';
import type { Tokenizer } from './types';
import { encodeWords } from './words';

const MAX_CACHED_WORDS = 100_000;

/** A trie over the bytes of the pieces: node 0 is the root; pieceAt[node] is the id spelled by the path, or -1. */
class ByteTrie {
  private readonly children: Map<number, number>[] = [new Map()];
  readonly pieceAt: number[] = [-1];

  add(bytes: Uint8Array, id: number): void {
    let node = 0;
    for (const byte of bytes) {
      let next = this.children[node]!.get(byte);
      if (next === undefined) {
        next = this.children.length;
        this.children.push(new Map());
        this.pieceAt.push(-1);
        this.children[node]!.set(byte, next);
      }
      node = next;
    }
    this.pieceAt[node] = id;
  }

  child(node: number, byte: number): number | undefined {
    return this.children[node]!.get(byte);
  }
}

export class UnigramTokenizer implements Tokenizer {
  readonly model = 'unigram';
  readonly vocabSize: number;
  private readonly trie = new ByteTrie();
  private readonly cache = new Map<string, number[]>();

  /**
   * @param pieces the bytes of each piece by id; ids 0..255 must be the single bytes (the byte fallback).
   * @param scores log-probability of each piece, by id.
   * @param vocabSize ids the model embeds, at least pieces.length; spare ids decode to nothing.
   */
  constructor(
    readonly pieces: readonly Uint8Array[],
    readonly scores: readonly number[],
    vocabSize = pieces.length,
  ) {
    if (scores.length !== pieces.length) throw new Error(`${pieces.length} pieces but ${scores.length} scores`);
    if (vocabSize < pieces.length) throw new RangeError(`vocabSize ${vocabSize} is below ${pieces.length} pieces`);
    for (let byte = 0; byte < BYTE_PIECES; byte++) {
      const piece = pieces[byte];
      if (piece?.length !== 1 || piece[0] !== byte) throw new Error(`piece ${byte} must be the single byte ${byte}`);
    }
    const seen = new Set<string>();
    pieces.forEach((bytes, id) => {
      const key = bytes.join(',');
      if (bytes.length === 0 || seen.has(key)) throw new Error(`piece ${id} is empty or repeated`);
      if (!Number.isFinite(scores[id])) throw new Error(`piece ${id} has score ${scores[id]}, not a finite number`);
      seen.add(key);
      this.trie.add(bytes, id);
    });
    this.vocabSize = vocabSize;
  }

  encode(text: string): Int32Array {
    return encodeWords(text, (word) => this.encodeWord(word));
  }

  decode(ids: ArrayLike<number>): string {
    return decodePieces(ids, this.pieces, this.vocabSize);
  }

  private encodeWord(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const ids = this.viterbi(utf8Encoder.encode(word));
    if (this.cache.size >= MAX_CACHED_WORDS) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  /**
   * The pieces of highest total score that spell `bytes`. best[e] is the best score of a cut of bytes[0, e); the
   * candidates for e arrive by start position ascending and only a strictly better one replaces the incumbent, so a
   * tie goes to the earliest start, as in Hugging Face's and SentencePiece's lattices (same ids, tie or not).
   */
  viterbi(bytes: Uint8Array): number[] {
    const n = bytes.length;
    const best = new Float64Array(n + 1).fill(-Infinity);
    const lastPiece = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let start = 0; start < n; start++) {
      const before = best[start]!;
      let node: number | undefined = 0;
      for (let end = start; end < n; end++) {
        node = this.trie.child(node, bytes[end]!);
        if (node === undefined) break;
        const id = this.trie.pieceAt[node]!;
        if (id < 0) continue;
        const score = before + this.scores[id]!;
        if (score > best[end + 1]!) {
          best[end + 1] = score;
          lastPiece[end + 1] = id;
        }
      }
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= this.pieces[lastPiece[end]!]!.length) ids.push(lastPiece[end]!);
    return ids.reverse();
  }
}
