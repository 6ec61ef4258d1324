// The lattice of a word for unigram training (Kudo 2018 §3.2): every piece occurring in it is an edge from its first
// to its last character. Forward-backward gives each piece's expected count (E-step); Viterbi the best cut.
// Edges are flat arrays sorted by start (then end), so both passes run in one sweep; scores are log-probabilities.

export interface Edges {
  start: Int32Array;
  end: Int32Array;
  piece: Int32Array;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Forward-backward over edges [from, to) of a word of n characters: adds weight · P(edge on the cut) to
 * expected[piece] for every edge and returns log Z, the log of the summed probability of all cuts. An edge whose
 * piece scores -Infinity is not in the lattice. alpha and beta are scratch buffers of at least n + 1 entries.
 */
export function forwardBackward(
  edges: Edges,
  from: number,
  to: number,
  n: number,
  scores: Float64Array,
  weight: number,
  expected: Float64Array,
  alpha: Float64Array,
  beta: Float64Array,
): number {
  const { start, end, piece } = edges;
  alpha.fill(-Infinity, 0, n + 1);
  beta.fill(-Infinity, 0, n + 1);
  alpha[0] = 0;
  beta[n] = 0;
  // Sorted by start: every edge into alpha[s] starts before s, so alpha[s] is final when edges from s are read.
  for (let e = from; e < to; e++) {
    const score = scores[piece[e]!]!;
    if (score !== -Infinity) alpha[end[e]!] = logAddExp(alpha[end[e]!]!, alpha[start[e]!]! + score);
  }
  for (let e = to - 1; e >= from; e--) {
    const score = scores[piece[e]!]!;
    if (score !== -Infinity) beta[start[e]!] = logAddExp(beta[start[e]!]!, score + beta[end[e]!]!);
  }
  const logZ = alpha[n]!;
  for (let e = from; e < to; e++) {
    const score = scores[piece[e]!]!;
    if (score === -Infinity) continue;
    expected[piece[e]!]! += weight * Math.exp(alpha[start[e]!]! + score + beta[end[e]!]! - logZ);
  }
  return logZ;
}

/**
 * The cut of highest score through edges [from, to), as edge indices in text order (empty if no cut exists);
 * `skip` is an edge left out (pruning asks for the best cut of a piece without the piece itself).
 */
export function viterbiEdges(
  edges: Edges,
  from: number,
  to: number,
  n: number,
  scores: Float64Array,
  skip = -1,
): { path: number[]; score: number } {
  const { start, end, piece } = edges;
  const best = new Float64Array(n + 1).fill(-Infinity);
  const via = new Int32Array(n + 1).fill(-1);
  best[0] = 0;
  for (let e = from; e < to; e++) {
    const score = scores[piece[e]!]!;
    if (e === skip || score === -Infinity || best[start[e]!] === -Infinity) continue;
    const total = best[start[e]!]! + score;
    if (total > best[end[e]!]!) {
      best[end[e]!] = total;
      via[end[e]!] = e;
    }
  }
  if (best[n] === -Infinity) return { path: [], score: -Infinity };
  const path: number[] = [];
  for (let at = n; at > 0; at = start[via[at]!]!) path.push(via[at]!);
  return { path: path.reverse(), score: best[n]! };
}

/** SentencePiece's digamma ψ(x) (recurrence up to 7, then the asymptotic series): its M-step's log-"probability". */
export function digamma(x: number): number {
  let result = 0;
  for (; x < 7; x++) result -= 1 / x;
  x -= 0.5;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  return result + Math.log(x) + xx2 / 24 - (7 / 960) * xx4 + (31 / 8064) * xx4 * xx2 - (127 / 30720) * xx4 * xx4;
}
