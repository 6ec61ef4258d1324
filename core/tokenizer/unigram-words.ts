// The lattices of all distinct words of the text for unigram training (unigram-train.ts): every seed piece that
// occurs in a word is an edge, found once through a trie; the E-step and the pruning sweep these flat arrays.
import { forwardBackward, type Edges } from './unigram-lattice';

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
export class WordLattices {
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
  dropDeadEdges(alive: Uint8Array): void {
    const { start, end, piece } = this.edges;
    const keep = (e: number) =>
      piece[e]! < this.alphabetSize || piece[e]! >= this.pieces.length || alive[piece[e]!] === 1;
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
