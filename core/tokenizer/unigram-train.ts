// Training of the unigram model (Kudo 2018 §3.2, as SentencePiece's unigram_model_trainer.cc does it): seed pieces
// from frequent substrings, EM over the word lattices, pruning of the pieces whose loss hurts the likelihood least,
// until the vocabulary has its target size. Words are the pretokenizer's (words.ts), weighted by their counts.
import { BYTE_PIECES, utf8Encoder } from './byte-pieces';
import { checkTrainOptions, type TrainOptions } from './bpe-train';
import { digamma, forwardBackward, viterbiEdges, type Edges } from './unigram-lattice';
import { UnigramTokenizer } from './unigram';
import { chooseAlphabet, countWords, prefixWithinBytes } from './words';

export interface UnigramTrainOptions extends TrainOptions {
  /** Seed pieces before the first EM (SentencePiece: seed_sentencepiece_size). */
  seedSize?: number;
  /** Longest piece in characters (SentencePiece: max_sentencepiece_length). */
  maxPieceChars?: number;
  /** Fraction of the pieces each pruning round keeps (SentencePiece: shrinking_factor). */
  shrinkingFactor?: number;
  /** EM iterations between pruning rounds (SentencePiece: num_sub_iterations). */
  subIterations?: number;
}

/** Pieces expected fewer times than this in a whole pass are dropped by the M-step (SentencePiece's threshold). */
const MIN_EXPECTED_COUNT = 0.5;
/** A character without a live piece scores this much below the worst piece (SentencePiece's unknown penalty). */
const UNKNOWN_PENALTY = 10;

export function trainUnigram(text: string, options: UnigramTrainOptions): UnigramTokenizer {
  const { vocabSize, maxTrainBytes, characterCoverage } = checkTrainOptions(options);
  const { seedSize = 1_000_000, maxPieceChars = 16, shrinkingFactor = 0.75, subIterations = 2 } = options;
  const counts = countWords(prefixWithinBytes(text, maxTrainBytes));
  const alphabet = unigramAlphabet(counts, characterCoverage, vocabSize - BYTE_PIECES);
  const singleBytes = alphabet.filter((char) => char.codePointAt(0)! < 0x80).length;
  // Single-byte characters are the byte pieces themselves; every other piece takes an id above 255.
  const target = vocabSize - BYTE_PIECES + singleBytes;
  const seed = seedPieces(counts, alphabet, seedSize, maxPieceChars);
  const lattices = new WordLattices(counts, seed.pieces, alphabet.length, maxPieceChars);
  const model = new PieceModel(seed.pieces, seed.scores, alphabet.length);

  const desired = Math.floor(target * 1.1); // prune a little past the target; the final cut keeps the best scores
  for (;;) {
    for (let i = 0; i < subIterations; i++) model.reestimate(lattices.expectedCounts(model.latticeScores()));
    if (model.liveCount() <= desired) break;
    model.prune(lattices, Math.max(desired, Math.floor(shrinkingFactor * model.liveCount())));
    lattices.dropDeadEdges(model);
  }
  return model.finish(target, vocabSize);
}

/** The alphabet (by frequency), cut so its characters above one byte fit in the ids above the 256 bytes. */
function unigramAlphabet(counts: Map<string, number>, coverage: number, idsAboveBytes: number): string[] {
  let wide = 0;
  return chooseAlphabet(counts, coverage, Infinity).filter((char) => {
    if (char.codePointAt(0)! < 0x80) return true;
    return ++wide <= idsAboveBytes;
  });
}

/**
 * The seed (SentencePiece's MakeSeedSentencePieces): every character of the alphabet, scored by its count, then
 * the substrings of 2..maxChars alphabet characters that occur at least twice, scored by count × length (the text
 * they cover), best first; all as log-probabilities. SentencePiece enumerates the repeats with a suffix array;
 * counting the bounded substrings of each distinct word finds the same candidates plus non-maximal ones, which the
 * first pruning round removes (they never win a cut against the longer piece they are part of).
 */
function seedPieces(
  counts: Map<string, number>,
  alphabet: string[],
  seedSize: number,
  maxChars: number,
): { pieces: string[]; scores: Float64Array } {
  const inAlphabet = new Set(alphabet);
  const charCount = new Map<string, number>();
  const substrings = new Map<string, number>();
  for (const [word, count] of counts) {
    const chars = Array.from(word);
    const offsets = [0];
    for (const char of chars) offsets.push(offsets.at(-1)! + char.length);
    for (let start = 0; start < chars.length; start++) {
      if (!inAlphabet.has(chars[start]!)) continue;
      charCount.set(chars[start]!, (charCount.get(chars[start]!) ?? 0) + count);
      for (let last = start + 1; last < Math.min(chars.length, start + maxChars); last++) {
        if (!inAlphabet.has(chars[last]!)) break;
        const key = word.slice(offsets[start], offsets[last + 1]);
        substrings.set(key, (substrings.get(key) ?? 0) + count);
      }
    }
  }
  const ranked: [string, number][] = [];
  for (const [piece, count] of substrings) if (count >= 2) ranked.push([piece, count * Array.from(piece).length]);
  ranked.sort((x, y) => y[1] - x[1]); // stable: equal scores keep first-seen order, so training is deterministic
  ranked.length = Math.min(ranked.length, Math.max(0, seedSize - alphabet.length));
  const pieces = [...alphabet, ...ranked.map(([piece]) => piece)];
  const raw = [...alphabet.map((char) => charCount.get(char) ?? 1), ...ranked.map(([, score]) => score)];
  const logTotal = Math.log(raw.reduce((sum, x) => sum + x, 0));
  return { pieces, scores: Float64Array.from(raw, (x) => Math.log(x) - logTotal) };
}

/** A trie over code points: the pieces occurring at each position of a word. */
class PieceTrie {
  private readonly children: Map<number, number>[] = [new Map()];
  readonly pieceAt: number[] = [-1];

  constructor(pieces: string[]) {
    pieces.forEach((piece, id) => {
      let node = 0;
      for (const char of piece) {
        const cp = char.codePointAt(0)!;
        let next = this.children[node]!.get(cp);
        if (next === undefined) {
          next = this.children.length;
          this.children.push(new Map());
          this.pieceAt.push(-1);
          this.children[node]!.set(cp, next);
        }
        node = next;
      }
      this.pieceAt[node] = id;
    });
  }

  child(node: number, cp: number): number | undefined {
    return this.children[node]!.get(cp);
  }
}

/** Append the edges of every piece in `cps` (sorted by start, then end); a character outside the alphabet is `unknown`. */
function addEdges(
  cps: number[],
  trie: PieceTrie,
  maxChars: number,
  unknown: number,
  out: { start: number[]; end: number[]; piece: number[] },
): void {
  for (let s = 0; s < cps.length; s++) {
    // Pieces are made of alphabet characters only, so a character without a node of its own is outside it.
    if (trie.child(0, cps[s]!) === undefined) {
      out.start.push(s);
      out.end.push(s + 1);
      out.piece.push(unknown);
      continue;
    }
    let node: number | undefined = 0;
    for (let e = s; e < Math.min(cps.length, s + maxChars); e++) {
      node = trie.child(node, cps[e]!);
      if (node === undefined) break;
      const id = trie.pieceAt[node]!;
      if (id < 0) continue;
      out.start.push(s);
      out.end.push(e + 1);
      out.piece.push(id);
    }
  }
}

const codePoints = (text: string) => Array.from(text, (char) => char.codePointAt(0)!);

/** The lattices of all distinct words: their edges in flat arrays, word w's in [offset[w], offset[w + 1]). */
class WordLattices {
  edges: Edges;
  offset: Int32Array;
  readonly length: Int32Array;
  readonly weight: Float64Array;
  readonly trie: PieceTrie;
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;

  constructor(
    counts: Map<string, number>,
    readonly pieces: string[],
    readonly alphabetSize: number,
    readonly maxChars: number,
  ) {
    this.trie = new PieceTrie(pieces);
    const out = { start: [] as number[], end: [] as number[], piece: [] as number[] };
    const offset = [0];
    const length: number[] = [];
    const weight: number[] = [];
    let longest = 0;
    for (const [word, count] of counts) {
      const cps = codePoints(word);
      addEdges(cps, this.trie, maxChars, pieces.length, out);
      offset.push(out.start.length);
      length.push(cps.length);
      weight.push(count);
      longest = Math.max(longest, cps.length);
    }
    this.edges = {
      start: Int32Array.from(out.start),
      end: Int32Array.from(out.end),
      piece: Int32Array.from(out.piece),
    };
    this.offset = Int32Array.from(offset);
    this.length = Int32Array.from(length);
    this.weight = Float64Array.from(weight);
    this.alpha = new Float64Array(longest + 1);
    this.beta = new Float64Array(longest + 1);
  }

  /** E-step: the expected count of every piece (index pieces.length: unknown characters) over the whole text. */
  expectedCounts(scores: Float64Array): Float64Array {
    const expected = new Float64Array(scores.length);
    for (let w = 0; w < this.length.length; w++) {
      const { offset, edges } = this;
      forwardBackward(
        edges,
        offset[w]!,
        offset[w + 1]!,
        this.length[w]!,
        scores,
        this.weight[w]!,
        expected,
        this.alpha,
        this.beta,
      );
    }
    return expected;
  }

  /** Drop the edges of dead pieces longer than a character, so later passes skip them for free. */
  dropDeadEdges(model: PieceModel): void {
    const { start, end, piece } = this.edges;
    const keep = (e: number) =>
      piece[e]! < this.alphabetSize || piece[e]! >= this.pieces.length || model.alive[piece[e]!] === 1;
    const out = { start: [] as number[], end: [] as number[], piece: [] as number[] };
    const offset = [0];
    for (let w = 0; w < this.length.length; w++) {
      for (let e = this.offset[w]!; e < this.offset[w + 1]!; e++) {
        if (!keep(e)) continue;
        out.start.push(start[e]!);
        out.end.push(end[e]!);
        out.piece.push(piece[e]!);
      }
      offset.push(out.start.length);
    }
    this.edges = {
      start: Int32Array.from(out.start),
      end: Int32Array.from(out.end),
      piece: Int32Array.from(out.piece),
    };
    this.offset = Int32Array.from(offset);
  }

  /** The lattice of one piece's own characters, for its best cut without itself. */
  pieceLattice(id: number): { edges: Edges; n: number; whole: number } {
    const cps = codePoints(this.pieces[id]!);
    const out = { start: [] as number[], end: [] as number[], piece: [] as number[] };
    addEdges(cps, this.trie, this.maxChars, this.pieces.length, out);
    const edges = {
      start: Int32Array.from(out.start),
      end: Int32Array.from(out.end),
      piece: Int32Array.from(out.piece),
    };
    let whole = -1;
    for (let e = 0; e < out.start.length; e++) if (out.start[e] === 0 && out.end[e] === cps.length) whole = e;
    return { edges, n: cps.length, whole };
  }
}

/** The current pieces: which are alive and their log-probabilities. Pieces [0, alphabetSize) are the characters. */
class PieceModel {
  readonly alive: Uint8Array;

  constructor(
    readonly pieces: string[],
    readonly scores: Float64Array,
    readonly alphabetSize: number,
  ) {
    this.alive = new Uint8Array(pieces.length).fill(1);
  }

  liveCount(): number {
    let live = 0;
    for (const a of this.alive) live += a;
    return live;
  }

  private minLiveScore(): number {
    let min = Infinity;
    for (let i = 0; i < this.pieces.length; i++) if (this.alive[i] === 1) min = Math.min(min, this.scores[i]!);
    return min;
  }

  /** Scores as the lattices see them: dead pieces are gone; a character without a live piece is "unknown". */
  latticeScores(): Float64Array {
    const unknown = this.minLiveScore() - UNKNOWN_PENALTY;
    const scores = new Float64Array(this.pieces.length + 1).fill(-Infinity);
    for (let i = 0; i < this.pieces.length; i++) {
      if (this.alive[i] === 1) scores[i] = this.scores[i]!;
      else if (i < this.alphabetSize) scores[i] = unknown;
    }
    scores[this.pieces.length] = unknown;
    return scores;
  }

  /**
   * M-step, Bayesian as SentencePiece's (a Dirichlet prior, Kudo 2018): log p(piece) = ψ(count) - ψ(total) instead
   * of log(count / total), which pushes rare pieces down further; pieces expected under half a time die.
   */
  reestimate(expected: Float64Array): void {
    let total = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      if (this.alive[i] === 0) continue;
      if (expected[i]! < MIN_EXPECTED_COUNT) this.alive[i] = 0;
      else total += expected[i]!;
    }
    const logTotal = digamma(total);
    for (let i = 0; i < this.pieces.length; i++) {
      if (this.alive[i] === 1) this.scores[i] = digamma(expected[i]!) - logTotal;
    }
  }

  /**
   * Keep `keep` pieces (SentencePiece's PruneSentencePieces). A piece's loss is how much the Viterbi likelihood of
   * the text drops if its occurrences are re-cut into its best alternative cut; pieces never on a Viterbi cut, or
   * whose own best cut is not themselves, go first; then the ones of least loss × frequency.
   */
  prune(lattices: WordLattices, keep: number): void {
    const scores = this.latticeScores();
    const unknown = this.pieces.length;
    const freq = new Float64Array(this.pieces.length + 1);
    let totalWeight = 0;
    const { edges, offset } = lattices;
    for (let w = 0; w < lattices.length.length; w++) {
      const { path } = viterbiEdges(edges, offset[w]!, offset[w + 1]!, lattices.length[w]!, scores);
      for (const e of path) freq[edges.piece[e]!]! += lattices.weight[w]!;
      totalWeight += lattices.weight[w]!;
    }
    let sum = 0;
    for (const f of freq) sum += f;
    const logSum = Math.log(sum);

    const kept = new Set<number>();
    const candidates: { id: number; loss: number }[] = [];
    for (let id = 0; id < this.pieces.length; id++) {
      if (this.alive[id] === 0 || freq[id] === 0) continue;
      if (id < this.alphabetSize) {
        kept.add(id); // a character has no other cut
        continue;
      }
      const own = lattices.pieceLattice(id);
      const alt = viterbiEdges(own.edges, 0, own.edges.start.length, own.n, scores, own.whole);
      if (alt.path.length === 0) {
        kept.add(id);
        continue;
      }
      if (alt.score > scores[id]!) continue; // its own best cut is not itself: the piece is never used whole
      const alternatives = alt.path.map((e) => own.edges.piece[e]!);
      const f = freq[id]!;
      const logProb = Math.log(f) - logSum;
      // Its count moves to the alternatives: the total grows by f for each alternative past the first.
      const logSumAlt = Math.log(sum + f * (alternatives.length - 1));
      let logProbAlt = 0;
      for (const a of alternatives) logProbAlt += Math.log((a === unknown ? 0 : freq[a]!) + f) - logSumAlt;
      candidates.push({ id, loss: (f / totalWeight) * (logProb - logProbAlt) });
    }
    candidates.sort((x, y) => y.loss - x.loss || x.id - y.id);
    for (const { id } of candidates) {
      if (kept.size >= keep) break;
      kept.add(id);
    }
    for (let id = 0; id < this.pieces.length; id++) this.alive[id] = kept.has(id) ? 1 : 0;
  }

  /**
   * The final vocabulary (SentencePiece's FinalizeSentencePieces): every character of the alphabet (one that died
   * gets just below the worst score, the rarer the lower), then the best-scoring pieces up to `target`. Ids: the 256
   * bytes (a one-byte character is its byte piece), then the other pieces best first.
   */
  finish(target: number, vocabSize: number): UnigramTokenizer {
    const min = this.minLiveScore();
    const chosen = new Map<string, number>();
    for (let id = 0; id < this.alphabetSize; id++) {
      chosen.set(this.pieces[id]!, this.alive[id] === 1 ? this.scores[id]! : min - 1e-4 * (id + 1));
    }
    const ranked: number[] = [];
    for (let id = this.alphabetSize; id < this.pieces.length; id++) if (this.alive[id] === 1) ranked.push(id);
    ranked.sort((x, y) => this.scores[y]! - this.scores[x]! || x - y);
    for (const id of ranked) {
      if (chosen.size >= target) break;
      chosen.set(this.pieces[id]!, this.scores[id]!);
    }
    const worst = Math.min(...chosen.values());
    const pieces: Uint8Array[] = [];
    const scores: number[] = [];
    // A byte that is no character of the alphabet is only the fallback: below every piece, so a cut uses it only
    // for a character without a piece (SentencePiece reaches its byte pieces the same way).
    for (let byte = 0; byte < BYTE_PIECES; byte++) {
      pieces.push(Uint8Array.of(byte));
      const char = byte < 0x80 ? chosen.get(String.fromCharCode(byte)) : undefined;
      scores.push(char ?? worst - UNKNOWN_PENALTY);
    }
    const rest = [...chosen].filter(([piece]) => utf8Encoder.encode(piece).length > 1);
    rest.sort((x, y) => y[1] - x[1]);
    for (const [piece, score] of rest) {
      pieces.push(utf8Encoder.encode(piece));
      scores.push(score);
    }
    return new UnigramTokenizer(pieces, scores, Math.max(vocabSize, pieces.length));
  }
}
