// Training of the unigram model (Kudo 2018 §3.2, as SentencePiece's unigram_model_trainer.cc does it): seed pieces
// from frequent substrings, EM over the word lattices, pruning of the pieces whose loss hurts the likelihood least,
// until the vocabulary has its target size. Words are the pretokenizer's (words.ts), weighted by their counts.
import { BYTE_PIECES, utf8Encoder } from './byte-pieces';
import { checkTrainOptions, type TrainOptions } from './bpe-train';
import { digamma, viterbiEdges } from './unigram-lattice';
import { UnigramTokenizer } from './unigram';
import { seedPieces, unigramAlphabet } from './unigram-seed';
import { WordLattices } from './unigram-words';
import { countWords, prefixWithinBytes } from './words';

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
    lattices.dropDeadEdges(model.alive);
  }
  return model.finish(target, vocabSize);
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
    let worst = Infinity; // a loop: a spread of a large vocabulary's scores overflows the stack
    for (const score of chosen.values()) worst = Math.min(worst, score);
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
